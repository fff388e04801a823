/**
 * The `_module` options every evaluation declares, as nixpkgs lib 26.11 declares them: below a
 * prefix (a submodule), `_module.args` is internal, so documentation lists it once, at the root.
 */
import { describe, expect, it } from "vitest";
import { evalModules, mkOption, types } from "nixmod";

describe("the internal module's options", () => {
  const { options } = evalModules({
    modules: [
      {
        options: {
          sub: mkOption({
            type: types.submodule({ options: { x: mkOption({ type: types.int }) } }),
          }),
          tagged: mkOption({
            type: types.attrTag({ left: mkOption({ type: types.int }) }),
          }),
        },
      },
    ],
  });

  it("makes `_module.args` internal below the root only", () => {
    expect(options._module.args.internal).toBeUndefined();
    const subOptions = options.sub.type.getSubOptions(["sub"]) as any;
    expect(subOptions._module.args.internal).toBe(true);
    expect(subOptions._module.args.loc).toEqual(["sub", "_module", "args"]);
    expect(subOptions._module.check.internal).toBe(true);
  });

  it("declares an attrTag's tags where the tags are written", () => {
    const tags = options.tagged.type.getSubOptions(["tagged"]) as any;
    expect(tags.left.loc).toEqual(["tagged", "left"]);
    expect(tags.left.declarations).toEqual(["<attrTag {...}>"]);
    expect(tags.left.declarationPositions).toEqual([
      { file: "<attrTag {...}>", line: null, column: null },
    ]);
  });
});
