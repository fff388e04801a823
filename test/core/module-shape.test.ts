import { describe, expect, it } from "vitest";
import { evalModules, mkOption, types } from "nixmod";
import { moduleError } from "../helpers/module-error.ts";

// A module that spells out `config` or `options` may have only the keys of that full form.
describe("a full-form module with other keys", () => {
  it("is rejected with Nix's message, naming each stray key", () => {
    const error = moduleError(() =>
      evalModules({
        modules: [
          { options: { a: mkOption({ type: types.int }) } },
          { key: "stray", config: { a: 1 }, b: 2, c: 3 },
        ],
      }),
    );
    expect(error.code).toBe("invalid");
    // Nix names the key collection gave the module (unifyModuleSyntax's argument), not its own.
    expect(error.message).toContain(
      "Module `:anon-2' has an unsupported attribute `b'. This is caused by introducing a top-level `config' or `options' attribute.",
    );
    expect(error.message).toContain("(namely: b c)");
  });

  it("may have every key of the full form", () => {
    const { config } = evalModules({
      modules: [
        {
          _class: undefined,
          _file: "full.nix",
          key: "full",
          disabledModules: [],
          imports: [],
          options: { a: mkOption({ type: types.int }) },
          config: { a: 1 },
          meta: {},
        },
        // `meta` is a definition of the option `meta` (Nix's addMeta), which must exist.
        { options: { meta: mkOption({ type: types.attrs }) } },
      ],
    }) as { config: { a: number } };
    expect(config.a).toBe(1);
  });
});

describe("a module with an option named `then`", () => {
  it("is a module, not a promise (only a Promise or a thenable of a class is refused as one)", () => {
    const config = evalModules({
      modules: [
        { options: { then: mkOption({ type: types.functionTo(types.int) }) } },
        { then: (x: number) => x + 1 },
      ],
    }).config as { then: (x: number) => number };
    expect(config.then(1)).toBe(2);
    class Thenable {
      then() {}
    }
    expect(() => evalModules({ modules: [() => new Thenable()] as never[] }).config).toThrow(
      /its function returned a Promise/,
    );
  });
});
