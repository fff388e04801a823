/** Where validate says a JSON value was written: its own scanner, checked against the yaml package's positions. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from "yaml";
import { parseConfigText } from "../../lib/schema/parse-config.ts";

type Path = (string | number)[];

/** Every path into a JSON value, the root included. */
function paths(value: unknown, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...at, i], out));
  else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) paths(v, [...at, k], out);
  }
  return out;
}

/** The position of a value (or its key) by the yaml package's reading of the JSON text. */
function reference(text: string, path: Path, key: boolean): { line: number; column: number } {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: false });
  let node: unknown = doc.contents;
  let offset = (node as { range: number[] }).range[0]!;
  path.forEach((seg, i) => {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && p.key.value === seg)!;
      node = pair.value;
      offset = ((key && i === path.length - 1 ? pair.key : pair.value) as { range: number[] })
        .range[0]!;
    } else if (isSeq(node)) {
      node = node.items[seg as number];
      offset = (node as { range: number[] }).range[0]!;
    }
  });
  const { line, col } = counter.linePos(offset);
  return { line, column: col };
}

describe("JSON positions", () => {
  it("every value and key of generated JSON is where the yaml package places it", () => {
    const keyText = fc.string({ unit: fc.constantFrom("a", "b", "é", '"', "\\", "\n", "😀", " ") });
    const json = fc.letrec<{ value: unknown }>((tie) => ({
      value: fc.oneof(
        { depthSize: "small" },
        fc.constantFrom(null, true, false, 0, -1.5e3, "x", 'é\n"q"'),
        fc.array(tie("value"), { maxLength: 4 }),
        fc.dictionary(keyText, tie("value"), { maxKeys: 4 }),
      ),
    }));
    fc.assert(
      fc.property(json.value, fc.constantFrom(0, 1, 2, "\t"), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        const parsed = parseConfigText(text, "json");
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        for (const path of paths(value)) {
          expect(parsed.locate(path)).toEqual(reference(text, path, false));
          if (path.length > 0 && typeof path.at(-1) === "string") {
            expect(parsed.locate(path, true)).toEqual(reference(text, path, true));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("a repeated key is refused where it is repeated (JSON.parse would keep the last silently)", () => {
    const parsed = parseConfigText('{\n  "a": 1,\n  "b": { "c": 1, "c": 2 }\n}', "json");
    expect(parsed).toEqual({
      ok: false,
      error: { message: 'Invalid JSON: duplicate property name "c"', line: 3, column: 18 },
    });
  });

  it("a path beyond the text stops at the deepest value written", () => {
    const parsed = parseConfigText('{ "a": [1, { "b": null }] }', "json");
    if (!parsed.ok) throw new Error("expected valid JSON");
    expect(parsed.locate(["a", 1, "b", "c"])).toEqual({ line: 1, column: 19 });
    expect(parsed.locate(["a", 7])).toEqual({ line: 1, column: 8 });
    expect(parsed.locate(["x"])).toEqual({ line: 1, column: 1 });
  });
});
