// modules.sh: freeform modules (`freeformType`): definitions without a declared option.
import { afterEach, beforeEach, describe, it, vi } from "vitest";
import { mkDefault, mkIf, mkMerge, mkOption, types } from "nixmod";
import { checkConfigError, checkConfigOutput, fixture } from "./helpers.ts";
import { deathtrapOption, declareEnable, defineValueList, defineValueString } from "./shared.ts";

const freeformAttrsOf = fixture("freeform-attrsOf.nix", {
  freeformType: types.attrsOf(types.either(types.str, types.attrsOf(types.str))),
});
const freeformLazyAttrsOf = fixture("freeform-lazyAttrsOf.nix", {
  freeformType: types.lazyAttrsOf(types.either(types.str, types.lazyAttrsOf(types.str))),
});

describe("freeform modules", () => {
  it("modules.sh:524 assigning without a declared option works", () => {
    checkConfigOutput('^"24"$', "config.value", [freeformAttrsOf, defineValueString]);
  });

  // Shorthand modules interpret `meta` and `class` as config items.
  const defineFreeformKeywordsShorthand = fixture(
    "define-freeform-keywords-shorthand.nix",
    ({ config }: any) => ({
      class: { just: "data" },
      a: "one",
      b: "two",
      meta: "meta",
      _module: {
        args: {
          get result() {
            const { _module, ...r } = config;
            return (
              JSON.stringify(r) ===
              JSON.stringify({ a: "one", b: "two", class: { just: "data" }, meta: "meta" })
            );
          },
        },
      },
    }),
  );
  it("modules.sh:526 shorthand modules take meta and class as config", () => {
    checkConfigOutput("^true$", "options._module.args.value.result", [
      freeformAttrsOf,
      defineFreeformKeywordsShorthand,
    ]);
  });
  it("modules.sh:528 no freeform assignments is not an error", () => {
    checkConfigOutput("^{}$", "config", [freeformAttrsOf]);
  });
  it("modules.sh:530 but only if the type matches", () => {
    checkConfigError("A definition for option .* is not of type .*", "config.value", [
      freeformAttrsOf,
      defineValueList,
    ]);
  });

  // Properties are applied.
  const defineValueStringProperties = fixture("define-value-string-properties.nix", {
    imports: [{ value: mkDefault("def") }],
    value: mkMerge([mkIf(false, "nope"), "yes"]),
  });
  it("modules.sh:532 properties are applied", () => {
    checkConfigOutput('^"yes"$', "config.value", [freeformAttrsOf, defineValueStringProperties]);
  });

  // Options are still declarable, with a type that need not match the freeform type.
  it("modules.sh:534 a declared option beside freeform values", () => {
    checkConfigOutput("^false$", "config.enable", [
      freeformAttrsOf,
      defineValueString,
      declareEnable,
    ]);
  });
  it("modules.sh:535 a freeform value beside a declared option", () => {
    checkConfigOutput('^"24"$', "config.value", [
      freeformAttrsOf,
      defineValueString,
      declareEnable,
    ]);
  });

  // ... also with nested values.
  const freeformNested = fixture("freeform-nested.nix", {
    options: {
      nest: {
        foo: mkOption({ type: types.bool, default: false }),
        unused: deathtrapOption(),
      },
    },
    config: { nest: { bar: "bar" } },
  });
  it("modules.sh:537 nested: the declared option", () => {
    checkConfigOutput("^false$", "config.nest.foo", [freeformAttrsOf, freeformNested]);
  });
  it("modules.sh:538 nested: the freeform value", () => {
    checkConfigOutput('^"bar"$', "config.nest.bar", [freeformAttrsOf, freeformNested]);
  });
});

describe("dependencies between declared and freeform values", () => {
  // A declared option can depend on a freeform-typed one.
  // `config.foo = mkIf (config ? value) config.value;` — a getter keeps both reads lazy.
  const freeformStrDepUnstr = fixture("freeform-str-dep-unstr.nix", ({ config }: any) => ({
    options: { foo: mkOption({ type: types.nullOr(types.str), default: null }) },
    config: {
      get foo() {
        return mkIf("value" in config, config.value);
      },
    },
  }));
  it("modules.sh:540 no freeform value", () => {
    checkConfigOutput("^null$", "config.foo", [freeformAttrsOf, freeformStrDepUnstr]);
  });
  it("modules.sh:541 with a freeform value", () => {
    checkConfigOutput('^"24"$', "config.foo", [
      freeformAttrsOf,
      freeformStrDepUnstr,
      defineValueString,
    ]);
  });

  // A freeform-typed value can depend on a declared option only with lazyAttrsOf.
  const freeformUnstrDepStr = fixture("freeform-unstr-dep-str.nix", ({ config }: any) => ({
    options: { value: mkOption({ type: types.nullOr(types.str), default: null }) },
    config: {
      get foo() {
        return mkIf(config.value !== null, config.value);
      },
    },
  }));
  it("modules.sh:543 attrsOf: infinite recursion", () => {
    checkConfigError("infinite recursion encountered", "config.foo", [
      freeformAttrsOf,
      freeformUnstrDepStr,
    ]);
  });
  it("modules.sh:544 lazyAttrsOf: the value is not defined", () => {
    checkConfigError(
      "The option .* was accessed but has no value defined. Try setting the option.",
      "config.foo",
      [freeformLazyAttrsOf, freeformUnstrDepStr],
    );
  });
  it("modules.sh:545 lazyAttrsOf: the value is defined", () => {
    checkConfigOutput('^"24"$', "config.foo", [
      freeformLazyAttrsOf,
      freeformUnstrDepStr,
      defineValueString,
    ]);
  });
});

describe("submodules in freeform types", () => {
  const freeformSubmodules = fixture("freeform-submodules.nix", ({ options }: any) => ({
    options: {
      fooDeclarations: mkOption({
        get default() {
          return options.free.type.getSubOptions([])._freeformOptions.foo.declarations;
        },
      }),
      free: mkOption({
        type: types.submodule({
          config: {
            _module: {
              freeformType: mkMerge([
                types.attrsOf(types.submodule({ options: { foo: mkOption({}) } })),
                types.attrsOf(types.submodule({ options: { bar: mkOption({}) } })),
              ]),
            },
          },
        }),
      }),
    },
    config: { free: { xxx: { foo: 10 }, yyy: { bar: 10 } } },
  }));
  // A submodule's getSubOptions also lists the freeform type's sub-options, under
  // `_freeformOptions`, with the files that declare them.
  it("modules.sh:547 declarations of freeform sub-options carry the file", () => {
    checkConfigOutput('/freeform-submodules.nix"$', "config.fooDeclarations.0", [
      freeformSubmodules,
    ]);
  });
  // Freeform types can be merged using `types.optionType`, including submodules.
  it("modules.sh:549 merged freeform submodule: foo", () => {
    checkConfigOutput("^10$", "config.free.xxx.foo", [freeformSubmodules]);
  });
  it("modules.sh:550 merged freeform submodule: bar", () => {
    checkConfigOutput("^10$", "config.free.yyy.bar", [freeformSubmodules]);
  });
});

describe("a freeformType that is not an attribute set type (deprecated)", () => {
  // Nix accepts such values with a deprecation warning; the checks under ABORT_ON_WARN=1 turn
  // the warning into an error, as NIX_ABORT_ON_WARN does in nixmod.
  const freeformDeprecatedMalicous = fixture("freeform-deprecated-malicous.nix", {
    options: {
      either: mkOption({
        type: types.submodule({ freeformType: types.either(types.int, types.int) }),
      }),
      eitherBehindNullor: mkOption({
        type: types.submodule({
          freeformType: types.nullOr(types.either(types.int, types.int)),
        }),
      }),
      oneOf: mkOption({
        type: types.submodule({ freeformType: types.oneOf([types.int, types.int]) }),
      }),
      number: mkOption({ type: types.submodule({ freeformType: types.number }) }),
    },
  });
  // values that are not integers
  const wrong = fixture("freeform-deprecated-malicous-wrong.nix", {
    config: {
      either: { int: "foo" },
      eitherBehindNullor: { int: "foo" },
      oneOf: { int: "foo" },
      number: { str: "foo" },
    },
  });
  // integer values, under a freeformType that lacks its attrsOf
  const wrong2 = fixture("freeform-deprecated-malicous-wrong2.nix", {
    config: {
      either: { int: 42 },
      eitherBehindNullor: { int: 42 },
      oneOf: { int: 42 },
      number: { str: 42 },
    },
  });
  it.each([
    ["modules.sh:553", "config.either.int"],
    ["modules.sh:555", "config.eitherBehindNullor.int"],
    ["modules.sh:557", "config.oneOf.int"],
    ["modules.sh:559", "config.number.str"],
  ])("%s %s (wrong type)", (_line, attr) => {
    checkConfigOutput('^"foo"$', attr, [freeformDeprecatedMalicous, wrong]);
  });
  it.each([
    ["modules.sh:562", "config.either.int"],
    ["modules.sh:564", "config.eitherBehindNullor.int"],
    ["modules.sh:566", "config.oneOf.int"],
    ["modules.sh:568", "config.number.str"],
  ])("%s %s (right value, wrong freeform type)", (_line, attr) => {
    checkConfigOutput("^42$", attr, [freeformDeprecatedMalicous, wrong2]);
  });

  const freeformAttrsofEither = fixture("freeform-attrsof-either.nix", {
    options: {
      number: mkOption({
        type: types.submodule({
          freeformType: types.attrsOf(types.either(types.int, types.int)),
        }),
        default: { int: 42 }, // the well-formed variant
      }),
    },
  });
  it("modules.sh:571 attrsOf (either int int)", () => {
    checkConfigOutput("^42$", "config.number.int", [freeformAttrsofEither]);
  });

  describe("with ABORT_ON_WARN=1", () => {
    beforeEach(() => {
      vi.stubEnv("NIX_ABORT_ON_WARN", "1");
    });
    afterEach(() => {
      vi.unstubAllEnvs();
    });
    it.each([
      ["modules.sh:554", "config.either.int", wrong],
      ["modules.sh:556", "config.eitherBehindNullor.int", wrong],
      ["modules.sh:558", "config.oneOf.int", wrong],
      ["modules.sh:560", "config.number.str", wrong],
      ["modules.sh:563", "config.either.int", wrong2],
      ["modules.sh:565", "config.eitherBehindNullor.int", wrong2],
      ["modules.sh:567", "config.oneOf.int", wrong2],
      ["modules.sh:569", "config.number.str", wrong2],
    ])("%s %s: the warning is an error", (_line, attr, values) => {
      checkConfigError(
        "One or more definitions did not pass the type-check of the 'either' type",
        attr,
        [freeformDeprecatedMalicous, values],
      );
    });
    it("modules.sh:571 a well-typed freeform value does not warn", () => {
      checkConfigOutput("^42$", "config.number.int", [freeformAttrsofEither]);
    });
  });
});
