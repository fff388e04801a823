import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const index = fileURLToPath(new URL("../../lib/index.ts", import.meta.url));
const optionType = fileURLToPath(new URL("../../lib/types/option-type.ts", import.meta.url));

// Type records are read on every merge. V8 turns an object into a slow dictionary when one of
// its data properties becomes a getter, as a lazy description did; this asks V8 itself.
describe("type records", () => {
  it("stay fast V8 objects, lazy descriptions and extended copies included", () => {
    const script = `
      import { types, mkOption } from ${JSON.stringify(index)};
      import { extendType } from ${JSON.stringify(optionType)};
      const fast = new Function("o", "return %HasFastProperties(o)");
      const sub = types.submodule({ options: { a: mkOption({ type: types.int }) } });
      const named = {
        listOf: types.listOf(types.str),
        attrsOf: types.attrsOf(types.int),
        nullOr: types.nullOr(types.str),
        either: types.either(types.str, types.int),
        submodule: sub,
        substituted: sub.substSubModules(sub.subModules),
        between: types.ints.between(1, 5),
        coercedTo: types.coercedTo(types.int, String, types.str),
        addCheck: types.addCheck(types.listOf(types.str), () => true),
        nonEmptyListOf: types.nonEmptyListOf(types.str),
        // A plain description over a lazy one.
        renamed: extendType(types.listOf(types.str), { description: "words" }),
      };
      const slow = Object.entries(named).filter(([, t]) => !fast(t)).map(([n]) => n);
      const descriptions = Object.values(named).map((t) => typeof t.description);
      console.log(JSON.stringify({ slow, descriptions: [...new Set(descriptions)], renamed: named.renamed.description }));
    `;
    const run = spawnSync(
      process.execPath,
      ["--allow-natives-syntax", "--import", "tsx", "--input-type=module", "-e", script],
      { encoding: "utf8", timeout: 60000 },
    );
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({
      slow: [],
      descriptions: ["string"],
      renamed: "words",
    });
  });
});
