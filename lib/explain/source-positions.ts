/** Where in a source file a definition was written: line and column of the attribute that defines it. */
import { readFileSync, statSync } from "node:fs";
import { extname } from "node:path";
import type { ParserPlugin } from "@babel/parser";
import type { Node as YamlNode } from "yaml";
import { babelParser, yaml } from "../util/lazy-dependency.ts";

/** A position in a file, 1-based. */
export interface SourcePosition {
  line: number;
  column: number;
}

/** An attribute path written in a file, and where. */
interface Written {
  path: string[];
  position: SourcePosition;
  /** Whether the attribute declares an option (`name: mkOption(…)`) rather than defining one. */
  declares: boolean;
}

/** Parsed files by path, with the modification time they were parsed at. */
const cache = new Map<string, { mtimeMs: number; paths: Written[] | null }>();

function yamlPaths(text: string): Written[] {
  const { LineCounter, isMap, isPair, isScalar, parseDocument } = yaml();
  const counter = new LineCounter();
  // Positions only: a duplicate key is the config loader's error to report, not this one's.
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: false });
  const out: Written[] = [];
  const walk = (node: unknown, path: string[]) => {
    if (!isMap(node)) return;
    for (const pair of node.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const key = String((pair.key as YamlNode & { value: unknown }).value);
      const offset = (pair.key as YamlNode).range?.[0] ?? 0;
      const { line, col } = counter.linePos(offset);
      const here = [...path, key];
      out.push({ path: here, position: { line, column: col }, declares: false });
      walk(pair.value, here);
    }
  };
  walk(doc.contents, []);
  return out;
}

/** What the walk reads of a node of Babel's syntax tree. */
interface SyntaxNode {
  readonly type: string;
  readonly loc?: { readonly start: { readonly line: number; readonly column: number } } | null;
  readonly [key: string]: unknown;
}

/** A node's fields that are not its children. */
const notChildren = new Set([
  "loc",
  "start",
  "end",
  "range",
  "extra",
  "errors",
  "comments",
  "tokens",
  "leadingComments",
  "trailingComments",
  "innerComments",
]);

function isNode(value: unknown): value is SyntaxNode {
  return (
    typeof value === "object" && value !== null && typeof (value as SyntaxNode).type === "string"
  );
}

/** A node's children, in the order of its fields (the order they are written in). */
function forEachChild(node: SyntaxNode, visit: (child: SyntaxNode) => void): void {
  for (const key in node) {
    if (notChildren.has(key)) continue;
    const value = node[key];
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) visit(item);
    } else if (isNode(value)) visit(value);
  }
}

/** The functions whose call declares an option. */
const declaringCalls = new Set([
  "mkOption",
  "mkEnableOption",
  "mkPackageOption",
  "mkSinkUndeclaredOptions",
]);

/** Whether a property declares an option (`name: mkOption(...)`) rather than defining one. */
function isDeclaration(prop: SyntaxNode): boolean {
  const value = prop.value;
  if (prop.type !== "ObjectProperty" || !isNode(value) || value.type !== "CallExpression")
    return false;
  const callee = value.callee as SyntaxNode;
  const name =
    callee.type === "Identifier"
      ? callee.name
      : callee.type === "MemberExpression" && !callee.computed
        ? (callee.property as SyntaxNode).name
        : undefined;
  return typeof name === "string" && declaringCalls.has(name);
}

/** The name a property's key gives it; undefined for a computed key or a spread. */
function propertyName(prop: SyntaxNode): string | undefined {
  const key = prop.key;
  if (prop.computed === true || !isNode(key)) return undefined;
  if (key.type === "Identifier") return key.name as string;
  if (key.type === "StringLiteral") return key.value as string;
  if (key.type === "NumericLiteral") return String(key.value);
  return undefined;
}

/** Babel's syntax plugins for a file: TypeScript's for TypeScript, JSX where the file may have it. */
function syntaxPlugins(file: string): ParserPlugin[] {
  const ext = extname(file);
  if (ext === ".tsx") return ["typescript", "jsx", "decorators-legacy"];
  if (ext === ".ts" || ext === ".mts") return ["typescript", "decorators-legacy"];
  return ["jsx"];
}

function scriptPaths(file: string, text: string): Written[] {
  const parser = babelParser();
  // A broken file still gives what was read of it, as a config with a syntax error is
  // reported by its loader.
  const options = {
    sourceType: "unambiguous",
    allowReturnOutsideFunction: true,
    allowAwaitOutsideFunction: true,
    errorRecovery: true,
    // Parentheses stay nodes: `(mkOption(…))` is no call written as a property's value.
    createParenthesizedExpressions: true,
    plugins: syntaxPlugins(file),
  } as const;
  const root = (extname(file) === ".json"
    ? parser.parseExpression(text, options)
    : parser.parse(text, options)) as unknown as SyntaxNode;
  const out: Written[] = [];
  const visit = (node: SyntaxNode, path: string[]): void => {
    if (node.type !== "ObjectExpression") {
      forEachChild(node, (child) => visit(child, path));
      return;
    }
    for (const prop of node.properties as SyntaxNode[]) {
      const name = propertyName(prop);
      if (name === undefined) {
        forEachChild(prop, (child) => visit(child, path));
        continue;
      }
      const { line, column } = (prop.key as SyntaxNode).loc!.start;
      const here = [...path, name];
      out.push({
        path: here,
        position: { line, column: column + 1 },
        declares: isDeclaration(prop),
      });
      forEachChild(prop, (child) => visit(child, here));
    }
  };
  visit(root, []);
  return out;
}

/** The files whose text says where a module defines what: YAML, and what Babel parses. */
const yamlExtensions = [".yaml", ".yml"];
const scriptExtensions = [".ts", ".mts", ".js", ".mjs", ".json", ".tsx"];

function writtenPaths(file: string): Written[] | null {
  const ext = extname(file);
  if (!yamlExtensions.includes(ext) && !scriptExtensions.includes(ext)) return null;
  let mtimeMs: number;
  try {
    const stat = statSync(file);
    // Only a regular file: a device or a pipe named as a module's `_file` would never end.
    if (!stat.isFile()) return null;
    mtimeMs = stat.mtimeMs;
  } catch {
    return null;
  }
  const cached = cache.get(file);
  if (cached !== undefined && cached.mtimeMs === mtimeMs) return cached.paths;
  let result: Written[] | null = null;
  try {
    const text = readFileSync(file, "utf8");
    if (yamlExtensions.includes(ext)) result = yamlPaths(text);
    else result = scriptPaths(file, text);
  } catch {
    result = null;
  }
  cache.set(file, { mtimeMs, paths: result });
  return result;
}

/**
 * Where `file` writes the definition of `loc`: the attribute chain matching the longest tail of
 * `loc`. When two chains match equally well (the option written twice, or a nested system's
 * option beside the host's), which one a definition came from is unknown: no position then,
 * rather than a wrong one.
 */
export function findDefinition(file: string, loc: readonly string[]): SourcePosition | undefined {
  return bestMatch(file, (w) => {
    // Attributes under `options` are declarations, not definitions.
    if (w.declares || (w.path.includes("options") && !loc.includes("options"))) return 0;
    let n = 0;
    while (
      n < w.path.length &&
      n < loc.length &&
      w.path[w.path.length - 1 - n] === loc[loc.length - 1 - n]
    ) {
      n++;
    }
    return n;
  });
}

/**
 * Where `file` declares the option `loc` (`name: mkOption(…)`): the declaration whose path,
 * from its last `options` on, is the end of `loc` (a submodule's option is declared without
 * the path of the option it is in). A declaration written under another name, or written
 * twice, gives none.
 */
export function findDeclaration(file: string, loc: readonly string[]): SourcePosition | undefined {
  return bestMatch(file, (w) => {
    if (!w.declares) return 0;
    const declared = w.path.slice(w.path.lastIndexOf("options") + 1);
    const n = declared.length;
    if (n > loc.length) return 0;
    return declared.every((name, i) => name === loc[loc.length - n + i]) ? n : 0;
  });
}

/** The position of the one attribute chain of `file` that matches best (`score` above 0); none on a tie. */
function bestMatch(file: string, score: (w: Written) => number): SourcePosition | undefined {
  const paths = writtenPaths(file);
  if (paths === null) return undefined;
  let best: Written | undefined;
  let bestScore = 0;
  let tied = false;
  for (const w of paths) {
    const n = score(w);
    if (n > bestScore) {
      best = w;
      bestScore = n;
      tied = false;
    } else if (n === bestScore && n > 0) {
      tied = true;
    }
  }
  return tied ? undefined : best?.position;
}
