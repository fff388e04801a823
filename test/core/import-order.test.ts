// The NixOS modules imported before the package root: the evaluator, the types and the `lib`
// argument import each other, and no order of loading them may read a binding too early.
import { builtinModules, evalConfig, makePackageSet } from "../../modules/index.ts";
import { describe, expect, it } from "vitest";

describe("loading the NixOS modules first", () => {
  it("evaluates them, with `lib.types` in the module arguments", () => {
    let typesSeen: unknown;
    const result = evalConfig({
      baseModules: builtinModules,
      modules: [
        ({ lib }: { lib: { types: unknown } }) => {
          typesSeen = lib.types;
          return { networking: { hostName: "first" } };
        },
      ],
      pkgs: makePackageSet(),
    });
    expect(result.config.networking.hostName).toBe("first");
    expect(typesSeen).toHaveProperty("str");
  });
});
