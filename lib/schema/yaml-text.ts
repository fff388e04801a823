/** YAML text parsed in time linear in its size, and its first error with line and column. */
import type { CST, Document, LineCounter, YAMLError } from "yaml";
import { yaml } from "../util/lazy-dependency.ts";

/** A YAML syntax error: what is wrong and where (1-based). */
export interface YamlProblem {
  message: string;
  line: number;
  column: number;
}

/** The yaml package's syntax tree of `text` (read without recursion, however deep it nests). */
export function yamlSyntax(text: string, counter: LineCounter): CST.Token[] {
  return [...new (yaml().Parser)(counter.addNewLine).parse(text)];
}

/**
 * The offset of a collection nested deeper than `maxDepth` in a syntax tree, if there is one.
 * The yaml package's composer recurses: a stack it exhausts can take V8's regular expressions
 * down with it, so the depth is measured before it composes.
 */
export function yamlTooDeep(tokens: readonly CST.Token[], maxDepth: number): number | undefined {
  const stack: [CST.Token, number][] = tokens.map((token) => [token, 0]);
  while (stack.length > 0) {
    const [token, depth] = stack.pop()!;
    if (token.type === "document") {
      if (token.value !== undefined) stack.push([token.value, depth]);
      continue;
    }
    if (
      token.type !== "block-map" &&
      token.type !== "block-seq" &&
      token.type !== "flow-collection"
    )
      continue;
    if (depth + 1 > maxDepth) return token.offset;
    for (const item of token.items) {
      if (item.key) stack.push([item.key, depth + 1]);
      if (item.value) stack.push([item.value, depth + 1]);
    }
  }
  return undefined;
}

/**
 * The tags of JSON's kinds of value. Others give JavaScript's own objects (`!!omap` a Map,
 * `!!set` a Set, `!!timestamp` a Date, `!!binary` bytes) or nothing the yaml package knows.
 */
const plainDataTags = new Set([
  ...["map", "seq", "str", "int", "float", "bool", "null"].map((t) => `tag:yaml.org,2002:${t}`),
  // The non-specific tag: `! web1` is the plain string.
  "!",
]);

/** Where the tag written before the value at `offset` begins (the value's own offset when none is found). */
function tagStart(text: string, offset: number): number {
  let end = offset;
  while (end > 0 && (text[end - 1] === " " || text[end - 1] === "\t")) end--;
  let start = end;
  while (start > 0 && !/\s/.test(text[start - 1]!)) start--;
  return text[start] === "!" && start < end ? start : offset;
}

/**
 * Parses `text` as YAML, refusing duplicate keys as the yaml package does ("Map keys must be
 * unique"). Its own check compares each key with every earlier one of its map, which takes 20 s
 * for 100,000 keys; one set of keys per map finds the same duplicates in linear time. A tag for
 * anything but plain data is refused too.
 */
export function parseYamlText(
  text: string,
  counter: LineCounter,
  tokens: readonly CST.Token[] = yamlSyntax(text, counter),
): Document {
  const { isMap, isScalar, isSeq, isPair, Composer, YAMLParseError } = yaml();
  // The yaml package's parseDocument, from tokens already read: the first document, and an
  // error when there is another.
  let first: Document | undefined;
  const composer = new Composer({ prettyErrors: false, uniqueKeys: false });
  for (const next of composer.compose(tokens, true, text.length)) {
    if (first === undefined) first = next;
    else {
      first.errors.push(
        new YAMLParseError(
          next.range.slice(0, 2) as [number, number],
          "MULTIPLE_DOCS",
          "Source contains multiple documents; please use YAML.parseAllDocuments()",
        ),
      );
      break;
    }
  }
  // compose(…, forceDoc = true) yields a document even for empty text.
  const doc = first!;
  const found: InstanceType<typeof YAMLParseError>[] = [];
  const duplicate = (key: unknown) => () => {
    const range = (key as { range?: number[] } | null)?.range ?? [0, 0];
    let offset = range[0]!;
    // An empty key is placed at its line's start; the yaml package reports it after the indentation.
    if (range[1] === offset) while (text[offset] === " " || text[offset] === "\t") offset++;
    found.push(
      new YAMLParseError([offset, offset + 1], "DUPLICATE_KEY", "Map keys must be unique"),
    );
  };
  // Visited in the order the yaml package composes, so the duplicates are reported in its order:
  // a block map's key is checked before its value is read, a flow map's after. Without recursion,
  // as a config may nest as deep as its text allows before anything checks its depth.
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const next = stack.pop();
    const tag = (next as { tag?: unknown } | null)?.tag;
    if (typeof tag === "string" && !plainDataTags.has(tag)) {
      const at = tagStart(text, (next as { range?: number[] }).range?.[0] ?? 0);
      found.push(
        new YAMLParseError(
          [at, at + 1],
          "TAG_RESOLVE_FAILED",
          `the tag ${tag.replace(/^tag:yaml\.org,2002:/, "!!")} is not supported: a config file holds plain data (mappings, sequences, strings, numbers, booleans and null)`,
        ),
      );
    }
    if (typeof next === "function") {
      next();
    } else if (isSeq(next)) {
      for (let i = next.items.length - 1; i >= 0; i--) stack.push(next.items[i]);
    } else if (isMap(next)) {
      const seen = new Set<unknown>();
      const steps: unknown[] = [];
      for (const pair of next.items) {
        if (!isPair(pair)) continue;
        // As the yaml package compares: scalar keys by value with === (so NaN never repeats), others by identity.
        const id = isScalar(pair.key) ? pair.key.value : pair.key;
        const check = seen.has(id) && id === id ? [duplicate(pair.key)] : [];
        seen.add(id);
        steps.push(pair.key, ...(next.flow ? [pair.value, ...check] : [...check, pair.value]));
      }
      for (let i = steps.length - 1; i >= 0; i--) stack.push(steps[i]);
    }
  }
  if (found.length > 0) {
    // In a document broken in other ways too, a duplicate written before the first other error leads.
    const before = doc.errors.length === 0 || found[0]!.pos[0] < doc.errors[0]!.pos[0];
    doc.errors = before ? [...found, ...doc.errors] : [...doc.errors, ...found];
  }
  return doc;
}

/** Where an error of a parsed document is, as a reader finds it: an error at a line's end is about what follows. */
export function yamlProblem(error: YAMLError, text: string, counter: LineCounter): YamlProblem {
  let offset = error.pos[0];
  if (text[offset] === "\n" && offset + 1 < text.length) {
    offset++;
    while (text[offset] === " " || text[offset] === "\t") offset++;
  }
  const pos = counter.linePos(offset);
  const message = error.message.replace(/ at line \d+, column \d+:[\s\S]*$/, "");
  return { message, line: pos.line, column: pos.col };
}

/** The first error of a parsed document, or undefined when it has none. */
export function firstYamlError(
  doc: Document,
  text: string,
  counter: LineCounter,
): YamlProblem | undefined {
  const first = doc.errors[0];
  return first === undefined ? undefined : yamlProblem(first, text, counter);
}
