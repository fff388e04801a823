/** Config files as text: JSON or YAML parsed to plain data, syntax errors with line and column, source positions of values. */
import type { Document, LineCounter, Pair, YAMLMap } from "yaml";
import { yaml } from "../util/lazy-dependency.ts";
import { firstYamlError, parseYamlText, yamlSyntax, yamlTooDeep } from "./yaml-text.ts";

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

class JsonSyntax extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Where a JSON value was written: its offset, and its members' (a key's own offset beside its value). */
interface JsonPlace {
  start: number;
  members?: Map<string, { key: number; value: JsonPlace }>;
  items?: JsonPlace[];
}

/**
 * Reads JSON text as JSON.parse does, throwing a JsonSyntax at the first error (JSON.parse does
 * not always say where it is); with `places`, also at a repeated property name, and returns
 * where each value and key was written. Nesting is checked before (`jsonTooDeep`), so the
 * recursion is bounded.
 */
function scanJson(text: string, places: boolean): JsonPlace | undefined {
  let i = 0;
  const ws = () => {
    for (let ch = text[i]; ch === " " || ch === "\t" || ch === "\n" || ch === "\r"; ch = text[++i]);
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
  /** Skips a string; returns whether it holds an escape. */
  const string = (): boolean => {
    let escaped = false;
    i++;
    while (true) {
      const ch = text[i];
      if (ch === undefined) throw new JsonSyntax("unterminated string", i);
      if (ch === '"') {
        i++;
        return escaped;
      }
      if (ch === "\\") {
        escaped = true;
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
  const value = (): JsonPlace | undefined => {
    ws();
    const place: JsonPlace | undefined = places ? { start: i } : undefined;
    const ch = text[i];
    if (ch === "{") {
      i++;
      ws();
      if (text[i] === "}") {
        i++;
        return place;
      }
      if (place) place.members = new Map();
      while (true) {
        ws();
        if (text[i] !== '"') fail("a double-quoted property name");
        const key = i;
        const escaped = string();
        const keyEnd = i;
        ws();
        if (text[i] !== ":") fail("`:' after the property name");
        i++;
        const member = value();
        if (place) {
          const inner = text.slice(key, keyEnd);
          const name = escaped ? (JSON.parse(inner) as string) : inner.slice(1, -1);
          // JSON.parse keeps the last of repeated keys silently; a config file refuses them, as YAML does.
          if (place.members!.has(name)) {
            throw new JsonSyntax(`duplicate property name ${JSON.stringify(name)}`, key);
          }
          place.members!.set(name, { key, value: member! });
        }
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "}") {
          i++;
          return place;
        }
        fail("`,' or `}'");
      }
    } else if (ch === "[") {
      i++;
      ws();
      if (place) place.items = [];
      if (text[i] === "]") {
        i++;
        return place;
      }
      while (true) {
        const item = value();
        if (place) place.items!.push(item!);
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "]") {
          i++;
          return place;
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
    return place;
  };
  const root = value();
  ws();
  if (i < text.length) fail("end of input");
  return root;
}

function invalidJson(
  text: string,
  message: string,
  offset: number,
): { ok: false; error: SyntaxProblem } {
  return {
    ok: false,
    error: { message: `Invalid JSON: ${message}`, ...lineCounter(text)(offset) },
  };
}

/**
 * JSON text as JSON.parse reads it (of repeated names, the last counts), nested at most 1,000
 * levels, so that what walks the value cannot run out of stack; the first error with its place.
 */
export function parseJson(
  text: string,
): { ok: true; value: unknown } | { ok: false; error: SyntaxProblem } {
  const deep = jsonTooDeep(text);
  if (deep !== undefined) return invalidJson(text, tooDeep, deep);
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    const { message, offset } = jsonSyntaxError(text);
    return invalidJson(text, message, offset);
  }
}

/** Finds the first JSON syntax error of text JSON.parse refused. */
function jsonSyntaxError(text: string): { message: string; offset: number } {
  try {
    scanJson(text, false);
  } catch (error) {
    if (error instanceof JsonSyntax) return { message: error.message, offset: error.offset };
    throw error;
  }
  return { message: "invalid JSON", offset: 0 };
}

/** Line and column of offsets in `text`, from the offsets where its lines start. */
function lineCounter(text: string): (offset: number) => SourcePosition {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };
}

/** Where each value of JSON text was written, from its scan. */
function jsonLocator(text: string, root: JsonPlace): Locator {
  let position: ((offset: number) => SourcePosition) | undefined;
  return (path, key = false) => {
    position ??= lineCounter(text);
    let place = root;
    let offset = place.start;
    for (const [i, seg] of path.entries()) {
      if (place.members !== undefined) {
        const member = place.members.get(String(seg));
        if (member === undefined) break;
        place = member.value;
        offset = key && i === path.length - 1 ? member.key : place.start;
      } else if (place.items !== undefined && typeof seg === "number" && seg < place.items.length) {
        place = place.items[seg]!;
        offset = place.start;
      } else {
        break;
      }
    }
    return position(offset);
  };
}

/** Where each value of a parsed YAML document was written. */
function yamlLocator(doc: Document, counter: LineCounter): Locator {
  const { isMap, isScalar, isSeq } = yaml();
  // Each map's pairs by key, made on first use: one lookup per path segment, however many errors.
  const indexes = new WeakMap<object, Map<string, Pair>>();
  const pairs = (map: YAMLMap): Map<string, Pair> => {
    let index = indexes.get(map);
    if (index === undefined) {
      index = new Map();
      for (const p of map.items) {
        const name = String(isScalar(p.key) ? p.key.value : p.key);
        if (!index.has(name)) index.set(name, p);
      }
      indexes.set(map, index);
    }
    return index;
  };
  const start = (node: unknown): number | undefined =>
    (node as { range?: number[] } | null)?.range?.[0];
  return (path, key = false) => {
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

/** How deep a YAML config file may nest: far beyond any configuration, well within the yaml package's stack. */
export const maxYamlDepth = 256;

const tooDeep = `the value nests more than ${maxConfigDepth} levels deep`;

/** Parses config text as JSON or YAML; a syntax error comes back as data with its line and column. */
export function parseConfigText(text: string, format: ConfigFormat): ParsedConfig {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (format === "json") {
    const parsed = parseJson(input);
    if (!parsed.ok) return parsed;
    try {
      return { ok: true, value: parsed.value, locate: jsonLocator(input, scanJson(input, true)!) };
    } catch (error) {
      if (!(error instanceof JsonSyntax)) throw error;
      return invalidJson(input, error.message, error.offset);
    }
  }
  const counter = new (yaml().LineCounter)();
  const tokens = yamlSyntax(input, counter);
  // Checked first: the yaml package's composer recurses, and its stack runs out before 1,000 levels.
  const deep = yamlTooDeep(tokens, maxYamlDepth);
  if (deep !== undefined) {
    const pos = counter.linePos(deep);
    return {
      ok: false,
      error: {
        message: `Invalid YAML: the value nests more than ${maxYamlDepth} levels deep`,
        line: pos.line,
        column: pos.col,
      },
    };
  }
  const doc = parseYamlText(input, counter, tokens);
  const problem = firstYamlError(doc, input, counter);
  if (problem !== undefined) {
    // The yaml package's advice for this one is for programmers: say what a config file holds.
    const message = problem.message.startsWith("Source contains multiple documents")
      ? "a config file holds one YAML document (`---' starts another); for several modules, write a list"
      : problem.message;
    return { ok: false, error: { ...problem, message: `Invalid YAML: ${message}` } };
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
  return { ok: true, value: value ?? {}, locate: yamlLocator(doc, counter) };
}
