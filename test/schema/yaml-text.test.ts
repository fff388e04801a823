/** parseYamlText: the yaml package's duplicate-key refusal, found in linear time. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LineCounter, parseDocument, type Document } from "yaml";
import { firstYamlError, parseYamlText, yamlProblem } from "../../lib/schema/yaml-text.ts";
import { parseDataFile } from "../../bin/load-config.ts";
import { fuzzParams } from "../hardening/fuzz.ts";

/** Errors as a reader sees them: kind, line and column. */
function shown(doc: Document, text: string, counter: LineCounter): string[] {
  return doc.errors.map((e) => {
    const { line, column } = yamlProblem(e, text, counter);
    return `${e.code}@${line}:${column}`;
  });
}

/** The errors as the yaml package's own pairwise check (uniqueKeys: true) reports them. */
function reference(text: string): string[] {
  const counter = new LineCounter();
  return shown(parseDocument(text, { uniqueKeys: true, lineCounter: counter }), text, counter);
}

function linear(text: string): string[] {
  const counter = new LineCounter();
  return shown(parseYamlText(text, counter), text, counter);
}

const isDuplicate = (e: string) => e.startsWith("DUPLICATE_KEY@");

/**
 * Where duplicates are the only errors, they are the yaml package's, in its order. In a document
 * broken in other ways too, its other errors are the same, in its order, with as many duplicates
 * (the yaml package places some of those at the tokens before a key of a tree it could not read).
 */
function sameErrors(ours: string[], theirs: string[]): void {
  if (theirs.every(isDuplicate)) {
    expect(ours).toEqual(theirs);
  } else {
    expect(ours.filter((e) => !isDuplicate(e))).toEqual(theirs.filter((e) => !isDuplicate(e)));
    expect(ours.filter(isDuplicate)).toHaveLength(theirs.filter(isDuplicate).length);
  }
}

describe("duplicate keys", () => {
  it.each([
    ["a block map", "a: 1\nb: 2\na: 3\n"],
    ["an explicit key", "a: 1\n? a\n: 2\n"],
    ["a flow map", "{a: 1, a: 2}"],
    ["JSON", '{"a": 1, "b": {"c": 1, "c": 2}}'],
    ["a map in a list", "x:\n  - a: 1\n    a: 2\n"],
    ["a number and a string", "1: a\n'1': b\n"],
    ["two numbers", "1: a\n1: b\n"],
    ["NaN, never equal to itself", ".nan: a\n.nan: b\n"],
    ["two spellings of null", "~: a\nnull: b\n"],
    ["a key through an alias", "&k a: 1\n*k : 2\n"],
    ["a tagged key", "!!str a: 1\na: 2\n"],
    ["two equal list keys, compared by identity", "? [a]\n: 1\n? [a]\n: 2\n"],
    ["zero and minus zero", "0: a\n-0: b\n"],
    ["a duplicate after a syntax error", "a: [x\nb: 1\nb: 2\n"],
    ["a duplicate at a syntax error", "a: 1\nb: [x\na: 2\n"],
    ["a map inside a key", "? {a: 1, a: 2}\n: x\n"],
  ])("%s: the same errors as the yaml package's check", (_, text) => {
    expect(linear(text)).toEqual(reference(text));
  });

  it("generated documents: the same errors, and the same first one where all are duplicates", () => {
    const key = fc.constantFrom("a", "b", "'a'", '"b"', "1", "'1'", "~", "null", "true", "0", "-0");
    const doc = fc.letrec<{ node: string }>((tie) => ({
      node: fc.oneof(
        { depthSize: "small" },
        fc.constantFrom("x", "1", "[", "{", "]"),
        fc
          .array(fc.tuple(key, tie("node")), { maxLength: 4 })
          .map((pairs) => `{${pairs.map(([k, v]) => `${k}: ${v}`).join(", ")}}`),
        fc.array(tie("node"), { maxLength: 3 }).map((items) => `[${items.join(", ")}]`),
      ),
    }));
    fc.assert(
      fc.property(doc.node, (text) => {
        sameErrors(linear(text), reference(text));
      }),
      fuzzParams(1000, 20000),
    );
  });

  it("places a duplicate after an explicit key's sequence at the key, where the yaml package names the line before", () => {
    // Found by a generated document: the yaml package reports the duplicate where the previous
    // pair ends (its `keyStart`), here the start of the sequence's line; nixmod names the key.
    const text = "? a\n- x: 1\na: 1\n";
    expect(reference(text)).toEqual(["DUPLICATE_KEY@2:1"]);
    expect(linear(text)).toEqual(["DUPLICATE_KEY@3:1"]);
  });

  it("generated block documents: the same errors, and the same first one where all are duplicates", () => {
    const key = fc.constantFrom("a", "b", "'a'", "1", "~", "? a", "- x", "", "&q a", "*q");
    const value = fc.constantFrom(": 1", ":", ": {a: 1, a: 2}", ": [a", "", ": b: c");
    const line = fc.tuple(fc.integer({ min: 0, max: 3 }), key, value);
    fc.assert(
      fc.property(fc.array(line, { maxLength: 8 }), (lines) => {
        const text = lines.map(([indent, k, v]) => `${"  ".repeat(indent)}${k}${v}\n`).join("");
        sameErrors(linear(text), reference(text));
      }),
      fuzzParams(1000, 20000),
    );
  });

  it("the first error carries its line and column, at the repeated key", () => {
    const counter = new LineCounter();
    const text = "services:\n  web: {}\n  web: {}\n";
    expect(firstYamlError(parseYamlText(text, counter), text, counter)).toEqual({
      message: "Map keys must be unique",
      line: 3,
      column: 3,
    });
  });

  it("a config file with a repeated key is refused with its place, in JSON and in YAML", () => {
    expect(() => parseDataFile("c.json", '{\n  "a": 1,\n  "a": 2\n}')).toThrow(
      /^c\.json:3:3: Invalid JSON: duplicate property name "a"$/,
    );
    expect(() => parseDataFile("c.yaml", "a: 1\nb:\n  c: 1\n  c: 2\n")).toThrow(
      /^c\.yaml:4:3: Invalid YAML: Map keys must be unique$/,
    );
  });

  it("a config file is read as validate reads it: JSON by JSON's rules, an empty YAML file as {}", () => {
    expect(() => parseDataFile("c.json", '{"a": 1,}')).toThrow(
      /^c\.json:1:9: Invalid JSON: expected a double-quoted property name but found character "}"$/,
    );
    expect(parseDataFile("c.yaml", "")).toEqual({});
    expect(parseDataFile("c.yaml", "# nothing yet\n")).toEqual({});
  });

  it("a config file of 5,000 distinct keys parses", () => {
    const entries = Array.from({ length: 5_000 }, (_, i) => `"k${i}": ${i}`);
    const data = parseDataFile("big.json", `{${entries.join(",")}}`) as Record<string, number>;
    expect(Object.keys(data)).toHaveLength(5_000);
    expect(data.k4999).toBe(4_999);
  });

  it("a tag for anything but plain data is refused where it is written (the yaml package makes a Map of !!omap, a Set of !!set)", () => {
    const plain =
      "tag is not supported: a config file holds plain data (mappings, sequences, strings, numbers, booleans and null)";
    for (const [text, tag, at] of [
      ["networking:\n  hostName: !!omap [h: 5]\n", "!!omap", "2:13"],
      ["a: !!set {a, b}\n", "!!set", "1:4"],
      ["t: !!timestamp 2001-12-14\n", "!!timestamp", "1:4"],
      ["b: !!binary aGVsbG8=\n", "!!binary", "1:4"],
      ["p: !!pairs [a: 1]\n", "!!pairs", "1:4"],
      ["x: !foo bar\n", "!foo", "1:4"],
    ]) {
      expect(() => parseDataFile("c.yaml", text!)).toThrow(
        `c.yaml:${at}: Invalid YAML: the ${plain.replace("tag", `tag ${tag}`)}`,
      );
    }
    expect(parseDataFile("c.yaml", "y: !!str 5\nz: !!int '5'\nm: !!map {a: !!null ''}\n")).toEqual({
      y: "5",
      z: 5,
      m: { a: null },
    });
  });
});
