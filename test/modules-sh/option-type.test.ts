// modules.sh: types.optionType — option types as values, merged like declarations; type
// merging through functors; extendModules inside a submodule.
import { describe, it } from "vitest";
import { mkMerge, mkOption, mkOverride, types } from "nixmod";
import { checkConfigError, checkConfigOutput, fixture } from "./helpers.ts";

describe("types.optionType", () => {
  // The type of `theOption` is the value of `theType`: a getter keeps the declaration lazy.
  const optionTypeMerging = fixture("optionTypeMerging.nix", ({ config }: any) => ({
    options: {
      theType: mkOption({ type: types.optionType }),
      theOption: mkOption({
        get type() {
          return config.theType;
        },
      }),
    },
    config: {
      theType: mkMerge([
        types.submodule({ options: { int: mkOption({ type: types.int, default: 10 }) } }),
        types.submodule({ options: { str: mkOption({ type: types.str }) } }),
      ]),
      theOption: { str: "hello" },
    },
  }));
  it("modules.sh:677 merged submodule types: int", () => {
    checkConfigOutput("^10$", "config.theOption.int", [optionTypeMerging]);
  });
  it("modules.sh:678 merged submodule types: str", () => {
    checkConfigOutput('^"hello"$', "config.theOption.str", [optionTypeMerging]);
  });

  // types.optionType annotates option locations.
  const optionTypeFile = fixture("optionTypeFile.nix", ({ config }: any) => ({
    _file: "optionTypeFile.nix",
    options: {
      theType: mkOption({ type: types.optionType }),
      theOption: mkOption({
        get type() {
          return config.theType;
        },
        default: {},
      }),
    },
    config: {
      theType: mkMerge([
        types.submodule({ options: { nested: mkOption({ type: types.int }) } }),
        types.submodule({ _file: "other.nix", options: { nested: mkOption({ type: types.str }) } }),
      ]),
    },
  }));
  it("modules.sh:681 declarations in merged types name their files", () => {
    checkConfigError(
      "The option .theOption.nested. in .other.nix. is already declared in .optionTypeFile.nix.",
      "config.theOption.nested",
      [optionTypeFile],
    );
  });

  // A type declared once is used as it is, even when it was changed by hand (which would not
  // survive a type merge).
  const a = types.attrsOf(types.submodule({ options: { bar: mkOption({}) } }));
  const adhocFreeformType = fixture("adhoc-freeformType-survives-type-merge.nix", {
    options: { dummy: mkOption({ type: types.anything, default: {} }) },
    freeformType: {
      ...a,
      merge: (loc: string[], defs: any) => ({ freeformItems: a.merge(loc, defs) }),
    },
    config: { foo: { bar: "ok" } },
  });
  it("modules.sh:684 an ad-hoc freeformType survives", () => {
    checkConfigOutput("ok", "config.freeformItems.foo.bar", [adhocFreeformType]);
  });

  // A functor without `wrapped` is allowed.
  const fooOf = (elemType: unknown): any =>
    types.mkOptionType({
      name: "foo",
      functor: {
        name: "foo",
        type: (payload: any) => fooOf(payload.elemType),
        binOp: (x: unknown) => x,
        payload: { elemType },
      },
    });
  const defaultTypeMergePayload = fixture("default-type-merge-payload.nix", ({ options }: any) => ({
    imports: [
      { options: { foo: mkOption({ type: fooOf(types.int) }) } },
      { options: { foo: mkOption({ type: fooOf(types.int) }) } },
    ],
    options: {
      result: mkOption({
        get default() {
          void options.foo.type;
          return "ok";
        },
      }),
    },
  }));
  it("modules.sh:687 type merging with a payload", () => {
    checkConfigOutput("ok", "config.result", [defaultTypeMergePayload]);
  });
});

describe("types.optionDeclaration", () => {
  const option = fixture("option.nix", ({ config, options }: any) => ({
    options: {
      theOption: mkOption({ type: types.optionDeclaration }),
      // Declared by what `config` holds: read when the name is used, as in Nix.
      get anOption() {
        return config.theOption;
      },
      aBadOptionDef: mkOption({
        type: types.optionDeclaration,
        description: "This option is perfectly fine, but will have a bad definition.",
      }),
    },
    config: {
      theOption: mkOption({ type: types.int }),
      anOption: 10,
      // Not a declaration: an evaluated option.
      get aBadOptionDef() {
        return options.theOption;
      },
    },
  }));
  it("a declaration is a value of it", () => {
    checkConfigOutput('^"int"$', "config.theOption.type.name", [option]);
  });
  it("modules.sh:673 config.anOption", () => {
    checkConfigOutput("^10$", "config.anOption", [option]);
  });
  it("modules.sh:674 config.aBadOptionDef", () => {
    checkConfigError(
      "A definition for option .aBadOptionDef. is not of type .option declaration.",
      "config.aBadOptionDef",
      [option],
    );
  });
});

describe("extendModules", () => {
  // Anonymous submodules are not lost to import deduplication by extendModules (issue 168767).
  const extendModules168767 = fixture("extendModules-168767-imports.nix", {
    imports: [
      {
        options: {
          sub: mkOption({
            default: {},
            type: types.submodule(({ extendModules }: any) => ({
              options: {
                value: mkOption({ type: types.int }),
                specialisation: mkOption({
                  default: {},
                  type: extendModules({ modules: [{ specialisation: mkOverride(0, {}) }] }).type,
                }),
              },
            })),
          }),
        },
      },
      { config: { sub: { value: 1 } } },
    ],
  });
  it("modules.sh:691 config.sub.specialisation.value", () => {
    checkConfigOutput("^1$", "config.sub.specialisation.value", [extendModules168767]);
  });
});
