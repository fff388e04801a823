// modules.sh: boolByOr, strMatching type merging, integer ranges, either/oneOf, coercedTo,
// and a type error among several definitions.
import { describe, it } from "vitest";
import { mkMerge, mkOption, types } from "nixmod";
import { checkConfigError, checkConfigOutput, fixture } from "./helpers.ts";
import {
  declareIntPositiveValue,
  declareIntUnsignedValue,
  defineValueIntNegative,
  defineValueIntPositive,
  defineValueList,
  defineValueString,
} from "./shared.ts";

describe("boolByOr", () => {
  const boolByOr = fixture("boolByOr.nix", {
    options: { value: mkOption({ type: types.lazyAttrsOf(types.boolByOr) }) },
    config: {
      value: {
        falseFalse: mkMerge([false, false]),
        trueFalse: mkMerge([true, false]),
        falseTrue: mkMerge([false, true]),
        trueTrue: mkMerge([true, true]),
      },
    },
  });
  it.each([
    [280, "^false$", "falseFalse"],
    [281, "^true$", "trueFalse"],
    [282, "^true$", "falseTrue"],
    [283, "^true$", "trueTrue"],
  ])("modules.sh:%i %s config.value.%s", (_line, expected, name) => {
    checkConfigOutput(expected, `config.value.${name}`, [boolByOr]);
  });
});

describe("strMatching can be merged", () => {
  const strMatchingMerge = fixture("strMatching-merge.nix", {
    imports: [
      { options: { sm: mkOption({ type: types.strMatching("\\(.*\\)") }) } },
      { options: { sm: mkOption({ type: types.strMatching("\\(.*\\)") }) } },
    ],
  });
  it("modules.sh:293 options.sm.type.name", () => {
    checkConfigOutput('^"strMatching.*"$', "options.sm.type.name", [strMatchingMerge]);
  });
});

describe("integer types", () => {
  const declareIntBetweenValue = fixture("declare-int-between-value.nix", {
    options: { value: mkOption({ type: types.ints.between(-21, 43) }) },
  });
  const defineValueIntZero = fixture("define-value-int-zero.nix", { value: 0 });

  it("modules.sh:297 unsigned accepts 42", () => {
    checkConfigOutput("^42$", "config.value", [declareIntUnsignedValue, defineValueIntPositive]);
  });
  it("modules.sh:298 unsigned refuses -23", () => {
    checkConfigError(
      "A definition for option .* is not of type.*unsigned integer.*. Definition values:\\n\\s*- In .*: -23",
      "config.value",
      [declareIntUnsignedValue, defineValueIntNegative],
    );
  });
  it("modules.sh:300 positive refuses 0", () => {
    checkConfigError(
      "A definition for option .* is not of type.*positive integer.*. Definition values:\\n\\s*- In .*: 0",
      "config.value",
      [declareIntPositiveValue, defineValueIntZero],
    );
  });
  it("modules.sh:302 between accepts 42", () => {
    checkConfigOutput("^42$", "config.value", [declareIntBetweenValue, defineValueIntPositive]);
  });
  it("modules.sh:303 between refuses -23", () => {
    checkConfigError(
      "A definition for option .* is not of type.*between.*-21 and 43.*inclusive.*. Definition values:\\n\\s*- In .*: -23",
      "config.value",
      [declareIntBetweenValue, defineValueIntNegative],
    );
  });

  // modules.sh:519: a type error is reported even with several definitions.
  it("modules.sh:519 a type error among several definitions", () => {
    checkConfigError("A definition for option .* is not of type .*", "config.value", [
      declareIntUnsignedValue,
      defineValueList,
      defineValueIntPositive,
    ]);
  });
});

describe("either and oneOf", () => {
  const declareEither = fixture("declare-either.nix", {
    options: { value: mkOption({ type: types.either(types.int, types.str) }) },
  });
  const declareOneOf = fixture("declare-oneOf.nix", {
    options: {
      value: mkOption({ type: types.oneOf([types.int, types.listOf(types.int), types.str]) }),
    },
  });
  it("modules.sh:307 either: int", () => {
    checkConfigOutput("^42$", "config.value", [declareEither, defineValueIntPositive]);
  });
  it("modules.sh:308 either: string", () => {
    checkConfigOutput('^"24"$', "config.value", [declareEither, defineValueString]);
  });
  it("modules.sh:310 oneOf: int", () => {
    checkConfigOutput("^42$", "config.value", [declareOneOf, defineValueIntPositive]);
  });
  it("modules.sh:311 oneOf: list", () => {
    checkConfigOutput("^\\[\\]$", "config.value", [declareOneOf, defineValueList]);
  });
  it("modules.sh:312 oneOf: string", () => {
    checkConfigOutput('^"24"$', "config.value", [declareOneOf, defineValueString]);
  });
});

describe("coercedTo", () => {
  const declareCoercedValue = fixture("declare-coerced-value.nix", {
    options: {
      value: mkOption({
        default: 42,
        type: types.coercedTo(types.int, (n: number) => String(n), types.str),
      }),
    },
  });
  const declareCoercedValueNoDefault = fixture("declare-coerced-value-no-default.nix", {
    options: {
      value: mkOption({ type: types.coercedTo(types.int, (n: number) => String(n), types.str) }),
    },
  });
  // Nix's `lib.toInt`: a decimal integer (with optional surrounding white space), or an error.
  const toInt = (s: string): number => {
    if (!/^\s*-?[0-9]+\s*$/.test(s))
      throw new Error(`toInt: Could not convert ${JSON.stringify(s)} to int.`);
    return Number.parseInt(s, 10);
  };
  const declareCoercedValueUnsound = fixture("declare-coerced-value-unsound.nix", {
    options: {
      value: mkOption({ default: "12", type: types.coercedTo(types.str, toInt, types.ints.s8) }),
    },
  });
  const defineValueStringBigint = fixture("define-value-string-bigint.nix", { value: "1000" });
  const defineValueStringArbitrary = fixture("define-value-string-arbitrary.nix", {
    value: "foobar",
  });

  it("modules.sh:395 the default is coerced", () => {
    checkConfigOutput('^"42"$', "config.value", [declareCoercedValue]);
  });
  it("modules.sh:396 a final-type definition is kept", () => {
    checkConfigOutput('^"24"$', "config.value", [declareCoercedValue, defineValueString]);
  });
  it("modules.sh:397 a list is of neither type", () => {
    checkConfigError(
      "A definition for option .*. is not of type .*.\\n\\s*- In .*: \\[ \\]",
      "config.value",
      [declareCoercedValue, defineValueList],
    );
  });
  it("modules.sh:400 coercedTo options do not merge", () => {
    checkConfigError(
      "The option .value. in .*/declare-coerced-value.nix. is already declared in .*/declare-coerced-value-no-default.nix.",
      "config.value",
      [declareCoercedValue, declareCoercedValueNoDefault],
    );
  });
  it("modules.sh:403 unsound coercion: in range", () => {
    checkConfigOutput("^12$", "config.value", [declareCoercedValueUnsound]);
  });
  it("modules.sh:404 unsound coercion: out of range", () => {
    checkConfigError(
      'A definition for option .* is not of type .*.\\n\\s*- In .*: "1000"',
      "config.value",
      [declareCoercedValueUnsound, defineValueStringBigint],
    );
  });
  it("modules.sh:405 unsound coercion: the coercion fails", () => {
    checkConfigError("toInt: Could not convert .* to int", "config.value", [
      declareCoercedValueUnsound,
      defineValueStringArbitrary,
    ]);
  });
});
