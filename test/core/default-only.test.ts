import { describe, expect, it } from "vitest";
import { evalModules, mkDefault, mkIf, mkOption, types } from "nixmod";
import { moduleError } from "../helpers/module-error.ts";

// An option with nothing but its default is the common case (most options of a submodule value);
// it is merged without a merge record, which must not change anything one can observe.
describe("options that have only their default", () => {
  const declare = (extra: Record<string, unknown> = {}) => ({
    options: {
      list: mkOption({ type: types.listOf(types.str), default: ["a"] }),
      attrs: mkOption({ type: types.attrsOf(types.int), default: { x: 1 } }),
      ...extra,
    },
  });

  it("gives the same value through config and options, before and after the metadata", () => {
    const { config, options } = evalModules({ modules: [declare()] });
    const first = config.list;
    expect(options.list.isDefined).toBe(true);
    expect(options.list.highestPrio).toBe(1500);
    expect(options.list.definitions).toEqual([["a"]]);
    expect(options.list.value).toBe(first);
    expect(config.list).toBe(first);
  });

  it("gives the same value when the metadata is read first", () => {
    const { config, options } = evalModules({ modules: [declare()] });
    expect(options.attrs.files).toEqual(["<unknown-file>"]);
    expect(config.attrs).toBe(options.attrs.value);
    expect(config.attrs).toEqual({ x: 1 });
  });

  it("checks the default against the type, naming the option", () => {
    const error = moduleError(
      () =>
        evalModules({ modules: [declare({ n: mkOption({ type: types.int, default: "no" }) })] })
          .config.n,
    );
    expect(error.message).toContain("A definition for option `n' is not of type `signed integer'");
    expect(error.loc).toEqual(["n"]);
  });

  it("reports a cycle through defaults by option path", () => {
    const error = moduleError(
      () =>
        evalModules({
          modules: [
            ({ config }: { config: any }) => ({
              options: {
                a: mkOption({
                  type: types.int,
                  get default() {
                    return config.b;
                  },
                }),
                b: mkOption({
                  type: types.int,
                  get default() {
                    return config.a;
                  },
                }),
              },
            }),
          ],
        }).config.a,
    );
    expect(error.code).toBe("recursion");
    expect(error.message).toContain("infinite recursion");
  });

  it("takes a default made of properties the general way: as in Nix, only its own priority is removed", () => {
    const { config } = evalModules({
      modules: [
        declare({
          p: mkOption({ type: types.str, default: mkIf(() => true, "on") }),
          q: mkOption({ type: types.str, default: mkDefault("weak") }),
        }),
      ],
    });
    for (const read of [() => config.p, () => config.q]) {
      expect(moduleError(read).message).toContain("is not of type `string'");
    }
  });
});
