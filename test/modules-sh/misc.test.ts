// modules.sh, first block: shorthand `meta`, pushing mkIf into non-attrs, module argument
// defaults, a custom `lib` in specialArgs, mkOption placed in `config`.
import { describe, it } from "vitest";
import { lib, mkDefault, mkForce, mkIf, mkOption, types } from "nixmod";
import { checkConfigError, checkConfigOutput, fixture } from "./helpers.ts";

describe("shorthand meta attribute does not duplicate the config", () => {
  const shorthandMeta = fixture("shorthand-meta.nix", {
    imports: [
      ({ config }: any) => ({
        options: {
          meta: { foo: mkOption({ type: types.listOf(types.str) }) },
          result: mkOption({
            get default() {
              return config.meta.foo.join(" ");
            },
          }),
        },
      }),
      { meta: { foo: ["one", "two"] } },
    ],
  });
  it("modules.sh:172 config.result", () => {
    checkConfigOutput('^"one two"$', "config.result", [shorthandMeta]);
  });
});

describe("pushing mkIf down into a value that is not an attribute set", () => {
  const pushDownNonAttrs = fixture("test-push-down-non-attrs.nix", {
    config: mkIf(true, true),
  });
  it("modules.sh:174 config", () => {
    checkConfigError(
      "In module .*test-push-down-non-attrs.nix., you're trying to define a value of type `bool'\\n\\s*rather than an attribute set for the option",
      "config",
      [pushDownNonAttrs],
    );
  });
});

describe("mergeAttrDefinitionsWithPrio keeps each name's priority, lazily", () => {
  // The values must not be read: each is an object whose only attribute throws when read.
  const assertLazy = () => ({
    get unread(): never {
      throw new Error("The test must not evaluate this value, but it did.");
    },
  });
  const test = fixture("test-mergeAttrDefinitionsWithPrio.nix", ({ options }: any) => ({
    options: {
      result: mkOption({
        get default() {
          const defs = lib.modules.mergeAttrDefinitionsWithPrio(options._module.args);
          return (
            defs.default!.highestPrio === mkDefault(assertLazy()).priority &&
            defs.regular!.highestPrio === lib.modules.defaultOverridePriority &&
            defs.force!.highestPrio === mkForce(assertLazy()).priority
          );
        },
      }),
    },
    config: {
      _module: {
        args: {
          default: mkDefault(assertLazy()),
          regular: null,
          force: mkForce(assertLazy()),
          get unused() {
            return assertLazy().unread;
          },
        },
      },
    },
  }));
  it("modules.sh:176 config.result", () => {
    checkConfigOutput("^true$", "config.result", [test]);
  });
});

describe("a module argument is passed, also when a default is available", () => {
  // `{ a ? false, lib, ... }:` is a destructuring default; `_module.args.a` still wins. The
  // argument is destructured where it is used: destructured in the function's parameter list,
  // a primitive is only a stand-in object (API.md), which `result = a` would store as it is.
  const moduleArgumentDefault = fixture("module-argument-default.nix", (args: any) => ({
    options: { result: mkOption({}) },
    config: {
      _module: { args: { a: true } },
      get result() {
        const { a = false } = args;
        return a;
      },
    },
  }));
  it("modules.sh:198 config.result", () => {
    checkConfigOutput("^true$", "config.result", [moduleArgumentDefault]);
  });
});

describe("a submodule evaluates with a custom lib from specialArgs", () => {
  const specialArgsLib = fixture("specialArgs-lib.nix", ({ config }: any) => ({
    options: {
      result: mkOption({}),
      weird: mkOption({
        type: types.submoduleWith({ specialArgs: { lib: {} }, modules: [] }),
      }),
    },
    config: {
      weird: (args: any) => {
        if (Object.keys(args.lib).length !== 0) throw new Error("assertion failed: args.lib == {}");
        if (JSON.stringify(args.specialArgs) !== '{"lib":{}}') {
          throw new Error("assertion failed: args.specialArgs == { lib = { }; }");
        }
        return {
          options: { foo: lib.mkOption({}) },
          config: { foo: lib.mkIf(true, "alright") },
        };
      },
      get result() {
        if (config.weird.foo !== "alright") throw new Error("assertion failed");
        return "ok";
      },
    },
  }));
  it("modules.sh:203 config.result", () => {
    checkConfigOutput('"ok"', "config.result", [specialArgsLib]);
  });
});

describe("mkOption placed in config instead of options", () => {
  const mkOptionInConfig = fixture("error-mkOption-in-config.nix", {
    wrong1: mkOption({}),
    nest: { wrong2: mkOption({}) },
  });
  const hint =
    "It seems as if you.re trying to declare an option by placing it into .config. rather than .options.";
  it("modules.sh:207 config.wrong1", () => {
    checkConfigError(hint, "config.wrong1", [mkOptionInConfig]);
  });
  it("modules.sh:209 config.nest.wrong2", () => {
    checkConfigError(hint, "config.nest.wrong2", [mkOptionInConfig]);
  });

  const mkOptionInSubmoduleConfig = fixture("error-mkOption-in-submodule-config.nix", {
    options: {
      sub: mkOption({ type: types.submodule({ wrong2: mkOption({}) }), default: {} }),
    },
  });
  it("modules.sh:210 config.sub: does not exist", () => {
    checkConfigError("The option .sub.wrong2. does not exist. Definition values:", "config.sub", [
      mkOptionInSubmoduleConfig,
    ]);
  });
  it("modules.sh:211 config.sub: hint about types.submodule", () => {
    checkConfigError(
      ".*This can happen if you e.g. declared your options in .types.submodule.",
      "config.sub",
      [mkOptionInSubmoduleConfig],
    );
  });
});

describe("nonEmptyListOf submodule with an empty default", () => {
  const nonEmptyListOfSubmodule = fixture("error-nonEmptyListOf-submodule.nix", {
    options: {
      bad: mkOption({ type: types.nonEmptyListOf(types.submodule({})), default: [] }),
    },
  });
  it("modules.sh:212 config.bad", () => {
    checkConfigError(
      ".*A definition for option .bad. is not of type .non-empty .list of .submodule...\\.",
      "config.bad",
      [nonEmptyListOfSubmodule],
    );
  });
});
