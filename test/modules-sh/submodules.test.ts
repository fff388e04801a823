// modules.sh: submoduleWith (specialArgs, shorthandOnlyDefinesConfig, modules merged in one go,
// module values as definitions), submodule types from evalModules, file locations in submodules.
import { describe, it } from "vitest";
import { evalModules, lib, mkMerge, mkOption, types } from "nixmod";
import { checkConfigError, checkConfigOutput, fixture } from "./helpers.ts";
import { declareEnable, defineEnable } from "./shared.ts";

describe("submoduleWith", () => {
  // specialArgs reach the submodule
  const declareSubmoduleWithSpecial = fixture("declare-submoduleWith-special.nix", {
    options: {
      submodule: mkOption({
        type: types.submoduleWith({
          modules: [
            ({ lib }: any) => ({
              options: {
                foo: lib.mkOption({
                  get default() {
                    return lib.foo;
                  },
                }),
              },
            }),
          ],
          specialArgs: { lib: { ...lib, foo: "foo" } },
        }),
        default: {},
      }),
    },
  });
  it("modules.sh:444 specialArgs", () => {
    checkConfigOutput('^"foo"$', "config.submodule.foo", [declareSubmoduleWithSpecial]);
  });

  // shorthandOnlyDefinesConfig: whether a plain object definition is all config
  const sub = { options: { config: mkOption({ type: types.bool, default: false }) } };
  const declareSubmoduleWithShorthand = fixture("declare-submoduleWith-shorthand.nix", {
    options: {
      submodule: mkOption({
        type: types.submoduleWith({ modules: [sub], shorthandOnlyDefinesConfig: true }),
        default: {},
      }),
    },
  });
  const declareSubmoduleWithNoshorthand = fixture("declare-submoduleWith-noshorthand.nix", {
    options: {
      submodule: mkOption({ type: types.submoduleWith({ modules: [sub] }), default: {} }),
    },
  });
  const defineSubmoduleWithShorthand = fixture("define-submoduleWith-shorthand.nix", {
    submodule: { config: true },
  });
  const defineSubmoduleWithNoshorthand = fixture("define-submoduleWith-noshorthand.nix", {
    submodule: { config: { config: true } },
  });
  it("modules.sh:447 shorthand declared, shorthand defined", () => {
    checkConfigOutput("^true$", "config.submodule.config", [
      declareSubmoduleWithShorthand,
      defineSubmoduleWithShorthand,
    ]);
  });
  it("modules.sh:448 shorthand declared, full form defined", () => {
    checkConfigError("is not of type `boolean", "config.submodule.config", [
      declareSubmoduleWithShorthand,
      defineSubmoduleWithNoshorthand,
    ]);
  });
  it("modules.sh:449 no shorthand declared, shorthand defined", () => {
    checkConfigError(
      "In module ..*define-submoduleWith-shorthand.nix., you're trying to define a value of type `bool'\\n\\s*rather than an attribute set for the option",
      "config.submodule.config",
      [declareSubmoduleWithNoshorthand, defineSubmoduleWithShorthand],
    );
  });
  it("modules.sh:450 no shorthand declared, full form defined", () => {
    checkConfigOutput("^true$", "config.submodule.config", [
      declareSubmoduleWithNoshorthand,
      defineSubmoduleWithNoshorthand,
    ]);
  });

  // the type's modules and a definition that declares options are evaluated together
  const declareSubmoduleWithModules = fixture("declare-submoduleWith-modules.nix", {
    options: {
      submodule: mkOption({
        type: types.submoduleWith({
          modules: [{ options: { inner: mkOption({ type: types.bool, default: false }) } }],
        }),
        default: {},
      }),
    },
    config: {
      submodule: mkMerge([
        ({ lib }: any) => ({
          options: { outer: lib.mkOption({ type: lib.types.bool, default: false }) },
        }),
        { inner: true, outer: true },
      ]),
    },
  });
  it("modules.sh:453 inner", () => {
    checkConfigOutput("^true$", "config.submodule.inner", [declareSubmoduleWithModules]);
  });
  it("modules.sh:454 outer", () => {
    checkConfigOutput("^true$", "config.submodule.outer", [declareSubmoduleWithModules]);
  });
  // Evaluating the type's description evaluates freeformType, so all the modules of the type.
  it("modules.sh:457 the type description", () => {
    checkConfigOutput('^"submodule"$', "options.submodule.type.description", [
      declareSubmoduleWithModules,
    ]);
  });

  // Module values (the counterpart of paths) are allowed as modules and as definitions.
  const declareSubmoduleWithPath = fixture("declare-submoduleWith-path.nix", {
    options: {
      submodule: mkOption({ type: types.submoduleWith({ modules: [declareEnable] }), default: {} }),
    },
    config: { submodule: defineEnable },
  });
  it("modules.sh:467 module values as modules and definitions", () => {
    checkConfigOutput("^true$", "config.submodule.enable", [declareSubmoduleWithPath]);
  });
});

describe("submodules can be declared using (evalModules {...}).type", () => {
  const declareSubmoduleViaEvalModules = fixture("declare-submodule-via-evalModules.nix", {
    options: {
      submodule: mkOption({
        type: (
          evalModules({
            modules: [{ options: { inner: mkOption({ type: types.bool, default: false }) } }],
          }) as any
        ).type,
        default: {},
      }),
    },
    config: {
      submodule: mkMerge([
        ({ lib }: any) => ({
          options: { outer: lib.mkOption({ type: lib.types.bool, default: false }) },
        }),
        { inner: true, outer: true },
      ]),
    },
  });
  it("modules.sh:460 inner", () => {
    checkConfigOutput("^true$", "config.submodule.inner", [declareSubmoduleViaEvalModules]);
  });
  it("modules.sh:461 outer", () => {
    checkConfigOutput("^true$", "config.submodule.outer", [declareSubmoduleViaEvalModules]);
  });
  it("modules.sh:464 the type description", () => {
    checkConfigOutput('^"submodule"$', "options.submodule.type.description", [
      declareSubmoduleViaEvalModules,
    ]);
  });
});

describe("file locations are propagated into submodules", () => {
  const submoduleFiles = fixture("submoduleFiles.nix", {
    options: {
      submodule: mkOption({
        default: {},
        type: types.submoduleWith({
          modules: [
            ({ options }: any) => ({
              options: {
                value: mkOption({}),
                internalFiles: mkOption({
                  get default() {
                    return options.value.files;
                  },
                }),
              },
            }),
          ],
        }),
      }),
    },
    imports: [{ _file: "the-file.nix", submodule: { value: 10 } }],
  });
  it("modules.sh:480 config.submodule.internalFiles.0", () => {
    checkConfigOutput("the-file.nix", "config.submodule.internalFiles.0", [submoduleFiles]);
  });
});
