/** Config files as text: JSON or YAML parsed to plain data, syntax errors with line and column, source positions of values. */
import type { Document, Pair, YAMLMap } from "yaml";
import { yaml } from "../util/lazy-dependency.ts";
import { firstYamlError, parseYamlText } from "./yaml-text.ts";

/** The two formats a config file may be written in. */
export type ConfigFormat = "json" | "yaml";

/** A line and column, both counted from 1. */
export interface SourcePosition {
  line: number;
  column: number;
}

/** A syntax error: where it is and what is wrong. */
export interface SyntaxProblem extends SourcePosition {
  message: string;
}

/** Finds where the value at `path` was written (with `key`, where its attribute name was). */
export type Locator = (
  path: readonly (string | number)[],
  key?: boolean,
) => SourcePosition | undefined;

/** Parsed config text: the value, or the first syntax error; `locate` finds where a value was written. */
export type ParsedConfig =
  { ok: true; value: unknown; locate: Locator } | { ok: false; error: SyntaxProblem };

/** The format of a file: by its extension, else by its first character (`{` or `[` is JSON). */
export function detectFormat(text: string, file?: string): ConfigFormat {
  if (file !== undefined) {
    if (/\.json5?$/i.test(file)) return "json";
    if (/\.ya?ml$/i.test(file)) return "yaml";
  }
  return /^\s*[[{]/.test(text) ? "json" : "yaml";
}

function position(text: string, offset: number): SourcePosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === "\n") {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: Math.min(offset, text.length) - lineStart + 1 };
}

class JsonSyntax extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Finds the first JSON syntax error (JSON.parse does not always say where it is). */
function jsonSyntaxError(text: string): { message: string; offset: number } {
  let i = 0;
  const ws = () => {
    while (i < text.length && /[ \t\n\r]/.test(text[i]!)) i++;
  };
  const show = (ch: string | undefined) =>
    ch === undefined ? "end of input" : `character ${JSON.stringify(ch)}`;
  const fail = (what: string): never => {
    throw new JsonSyntax(`expected ${what} but found ${show(text[i])}`, i);
  };
  const literal = (word: string) => {
    const token = /^[A-Za-z0-9_$]*/.exec(text.slice(i))![0];
    if (token !== word) throw new JsonSyntax(`unknown literal ${JSON.stringify(token)}`, i);
    i += word.length;
  };
  const string = () => {
    i++;
    while (true) {
      const ch = text[i];
      if (ch === undefined) throw new JsonSyntax("unterminated string", i);
      if (ch === '"') {
        i++;
        return;
      }
      if (ch === "\\") {
        const esc = text[i + 1];
        if (esc === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            throw new JsonSyntax("invalid \\u escape in string", i);
          }
          i += 6;
        } else if (esc !== undefined && '"\\/bfnrt'.includes(esc)) {
          i += 2;
        } else {
          throw new JsonSyntax("invalid escape in string", i);
        }
        continue;
      }
      if (ch < " ") throw new JsonSyntax("control character in string (write it as an escape)", i);
      i++;
    }
  };
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === "{") {
      i++;
      ws();
      if (text[i] === "}") {
        i++;
        return;
      }
      while (true) {
        ws();
        if (text[i] !== '"') fail("a double-quoted property name");
        string();
        ws();
        if (text[i] !== ":") fail("`:' after the property name");
        i++;
        value();
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "}") {
          i++;
          return;
        }
        fail("`,' or `}'");
      }
    } else if (ch === "[") {
      i++;
      ws();
      if (text[i] === "]") {
        i++;
        return;
      }
      while (true) {
        value();
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "]") {
          i++;
          return;
        }
        fail("`,' or `]'");
      }
    } else if (ch === '"') {
      string();
    } else if (ch === "t") {
      literal("true");
    } else if (ch === "f") {
      literal("false");
    } else if (ch === "n") {
      literal("null");
    } else if (ch !== undefined && /[-0-9]/.test(ch)) {
      const m = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?/.exec(text.slice(i));
      if (m === null) fail("a number");
      i += m![0].length;
    } else {
      fail("a value");
    }
  };
  try {
    value();
    ws();
    if (i < text.length) fail("end of input");
  } catch (error) {
    if (error instanceof JsonSyntax) return { message: error.message, offset: error.offset };
    throw error;
  }
  return { message: "invalid JSON", offset: 0 };
}

/** Where each value of a parsed document was written (JSON is parsed as YAML for positions only). */
function locator(text: string): Locator {
  const { LineCounter, isMap, isScalar, isSeq, parseDocument } = yaml();
  let doc: Document | undefined;
  const counter = new LineCounter();
  // Each map's pairs by key, made on first use: one lookup per path segment, however many errors.
  const indexes = new WeakMap<object, Map<string, Pair>>();
  const pairs = (map: YAMLMap): Map<string, Pair> => {
    let index = indexes.get(map);
    if (index === undefined) {
      index = new Map();
      // The last pair wins, as it does in the value JSON.parse returns.
      for (const p of map.items) index.set(String(isScalar(p.key) ? p.key.value : p.key), p);
      indexes.set(map, index);
    }
    return index;
  };
  const start = (node: unknown): number | undefined =>
    (node as { range?: number[] } | null)?.range?.[0];
  return (path, key = false) => {
    doc ??= parseDocument(text, { lineCounter: counter, uniqueKeys: false });
    let node: unknown = doc.contents;
    let offset = start(node);
    for (const [i, seg] of path.entries()) {
      if (isMap(node)) {
        const pair = pairs(node).get(String(seg));
        if (pair === undefined) break;
        node = pair.value;
        offset = (key && i === path.length - 1 ? start(pair.key) : start(node)) ?? offset;
      } else if (isSeq(node) && typeof seg === "number") {
        node = node.items[seg];
        offset = start(node) ?? offset;
      } else {
        break;
      }
    }
    if (offset === undefined) return undefined;
    const pos = counter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
}

/** How deep a config file may nest its lists and sets (checked before anything recurses into it). */
export const maxConfigDepth = 1000;

/** The offset in JSON text where lists and objects first nest deeper than `maxConfigDepth`, if they do. */
function jsonTooDeep(text: string): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === "[" || ch === "{") {
      if (++depth > maxConfigDepth) return i;
    } else if (ch === "]" || ch === "}") depth--;
  }
  return undefined;
}

/** The offset of a YAML node nested deeper than `maxConfigDepth`, if there is one (found without recursion). */
function yamlTooDeep(doc: Document): number | undefined {
  const { isMap, isSeq } = yaml();
  const stack: [unknown, number][] = [[doc.contents, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth > maxConfigDepth) return (node as { range?: number[] }).range?.[0] ?? 0;
    for (const item of node.items as unknown[]) {
      stack.push([isMap(node) ? (item as { value: unknown }).value : item, depth + 1]);
    }
  }
  return undefined;
}

const tooDeep = `the value nests more than ${maxConfigDepth} levels deep`;

/** Parses config text as JSON or YAML; a syntax error comes back as data with its line and column. */
export function parseConfigText(text: string, format: ConfigFormat): ParsedConfig {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (format === "json") {
    // Checked first: nothing below may recurse into a value deeper than that.
    const deep = jsonTooDeep(input);
    if (deep !== undefined) {
      return {
        ok: false,
        error: { message: `Invalid JSON: ${tooDeep}`, ...position(input, deep) },
      };
    }
    try {
      return { ok: true, value: JSON.parse(input), locate: locator(input) };
    } catch {
      const { message, offset } = jsonSyntaxError(input);
      return {
        ok: false,
        error: { message: `Invalid JSON: ${message}`, ...position(input, offset) },
      };
    }
  }
  const counter = new (yaml().LineCounter)();
  const doc = parseYamlText(input, counter);
  const problem = firstYamlError(doc, input, counter);
  if (problem !== undefined) {
    return { ok: false, error: { ...problem, message: `Invalid YAML: ${problem.message}` } };
  }
  const deep = yamlTooDeep(doc);
  if (deep !== undefined) {
    const pos = counter.linePos(deep);
    return {
      ok: false,
      error: { message: `Invalid YAML: ${tooDeep}`, line: pos.line, column: pos.col },
    };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    return {
      ok: false,
      error: { message: `Invalid YAML: ${(error as Error).message}`, line: 1, column: 1 },
    };
  }
  return { ok: true, value: value ?? {}, locate: locator(input) };
}
