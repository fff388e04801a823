import { describe, expect, it } from "vitest";
import { evalModules, mkDefault, mkIf, mkMerge, mkOption, types } from "nixmod";

// An option's merge record (its winning definitions and priority) is let go of once the option
// has its value, and made again when its metadata is read later: the value stays the one
// computed first, and nothing is merged twice.
describe("an option's metadata read after its value", () => {
  const counting = () => {
    let merges = 0;
    const type = types.mkOptionType({
      name: "counted",
      merge: (_loc: string[], defs: { value: unknown }[]) => {
        merges++;
        return { merged: defs.map((d) => d.value) };
      },
    });
    return { type, merges: () => merges };
  };

  it("agrees with the value, which is neither merged again nor replaced", () => {
    const { type, merges } = counting();
    const { config, options } = evalModules({
      modules: [
        { options: { x: mkOption({ type, default: "d" }) } },
        { _file: "one.nix", x: mkMerge([mkDefault("low"), mkIf(true, "high")]) },
        { _file: "two.nix", x: "also" },
      ],
    }) as { config: any; options: any };
    const value = config.x;
    // Later modules' definitions come first, as in Nix.
    expect(value).toEqual({ merged: ["also", "high"] });
    expect(merges()).toBe(1);
    expect(options.x.isDefined).toBe(true);
    expect(options.x.highestPrio).toBe(100);
    expect(options.x.definitions).toEqual(["also", "high"]);
    expect(options.x.files).toEqual(["two.nix", "one.nix"]);
    expect(options.x.value).toBe(value);
    expect(config.x).toBe(value);
    expect(merges()).toBe(1);
  });

  it("is the same when read before the value", () => {
    const { type, merges } = counting();
    const { config, options } = evalModules({
      modules: [{ options: { x: mkOption({ type }) } }, { x: mkIf(false, "no") }, { x: "yes" }],
    }) as { config: any; options: any };
    expect(options.x.definitions).toEqual(["yes"]);
    const value = config.x;
    expect(value).toEqual({ merged: ["yes"] });
    expect(options.x.highestPrio).toBe(100);
    expect(config.x).toBe(value);
    expect(merges()).toBe(1);
  });

  it("keeps reporting a definition's cycle as infinite recursion", () => {
    const { config } = evalModules({
      modules: [
        { options: { x: mkOption({ type: types.int }) } },
        ({ config }: { config: any }) => ({
          get x() {
            return config.x + 1;
          },
        }),
      ],
    }) as { config: any };
    expect(() => config.x).toThrow("infinite recursion");
    expect(() => config.x).toThrow("infinite recursion");
  });
});
