/** Where in a source file a definition was written: line and column of the attribute that defines it. */
import { readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { extname } from "node:path";
import type { Node as YamlNode } from "yaml";
import { yaml } from "../util/lazy-dependency.ts";

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

type TS = typeof import("typescript");

function loadTypeScript(): TS | undefined {
  try {
    return createRequire(import.meta.url)("typescript") as TS;
  } catch {
    return undefined;
  }
}

/** Whether a property declares an option (`name: mkOption(...)`) rather than defining one. */
function isDeclaration(ts: TS, prop: import("typescript").ObjectLiteralElementLike): boolean {
  if (!ts.isPropertyAssignment(prop) || !ts.isCallExpression(prop.initializer)) return false;
  const callee = prop.initializer.expression;
  const name = ts.isIdentifier(callee)
    ? callee.text
    : ts.isPropertyAccessExpression(callee)
      ? callee.name.text
      : "";
  return (
    name === "mkOption" ||
    name === "mkEnableOption" ||
    name === "mkPackageOption" ||
    name === "mkSinkUndeclaredOptions"
  );
}

function scriptPaths(ts: TS, file: string, text: string): Written[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: Written[] = [];
  const visit = (node: import("typescript").Node, path: string[]): void => {
    if (ts.isObjectLiteralExpression(node)) {
      for (const prop of node.properties) {
        const name =
          prop.name &&
          (ts.isIdentifier(prop.name) ||
            ts.isStringLiteral(prop.name) ||
            ts.isNumericLiteral(prop.name))
            ? prop.name.text
            : undefined;
        if (name === undefined) {
          ts.forEachChild(prop, (c) => visit(c, path));
          continue;
        }
        const { line, character } = source.getLineAndCharacterOfPosition(
          prop.name!.getStart(source),
        );
        const here = [...path, name];
        out.push({
          path: here,
          position: { line: line + 1, column: character + 1 },
          declares: isDeclaration(ts, prop),
        });
        ts.forEachChild(prop, (c) => visit(c, here));
      }
      return;
    }
    ts.forEachChild(node, (c) => visit(c, path));
  };
  visit(source, []);
  return out;
}

/** The files whose text says where a module defines what: YAML, and what TypeScript parses. */
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
    else {
      const ts = loadTypeScript();
      result = ts === undefined ? null : scriptPaths(ts, file, text);
    }
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
