// modules.sh: emptyValue — what an option (or a lazyAttrsOf element) is without definitions.
import { describe, it } from "vitest";
import { mkForce, mkIf, mkMerge, mkOption, types } from "nixmod";
import { checkConfigError, checkConfigOutput, fixture } from "./helpers.ts";

describe("emptyValue of lazyAttrsOf elements", () => {
  const lazy = (t: any) => mkOption({ type: types.lazyAttrsOf(t) });
  const emptyValues = fixture("emptyValues.nix", {
    options: {
      int: lazy(types.int),
      list: lazy(types.listOf(types.int)),
      nonEmptyList: lazy(types.nonEmptyListOf(types.int)),
      attrs: lazy(types.attrsOf(types.int)),
      null: lazy(types.nullOr(types.int)),
      submodule: lazy(types.submodule({})),
    },
    config: {
      int: { a: mkIf(false, null) },
      list: { a: mkIf(false, null) },
      nonEmptyList: { a: mkIf(false, null) },
      attrs: { a: mkIf(false, null) },
      null: { a: mkIf(false, null) },
      submodule: { a: mkIf(false, null) },
    },
  });
  it.each([
    ["modules.sh:621", "\\[\\]", "config.list.a"],
    ["modules.sh:622", "{}", "config.attrs.a"],
    ["modules.sh:623", "null", "config.null.a"],
    ["modules.sh:624", "{}", "config.submodule.a"],
  ])("%s %s %s", (_line, expected, attr) => {
    checkConfigOutput(expected, attr, [emptyValues]);
  });
  // These types don't have empty values.
  it("modules.sh:626 int", () => {
    checkConfigError(
      "The option .int.a. was accessed but has no value defined. Try setting the option.",
      "config.int.a",
      [emptyValues],
    );
  });
  it("modules.sh:627 nonEmptyListOf", () => {
    checkConfigError(
      "The option .nonEmptyList.a. was accessed but has no value defined. Try setting the option.",
      "config.nonEmptyList.a",
      [emptyValues],
    );
  });
});

describe("emptyValue of options without definitions", () => {
  const defaults = fixture("defaults.nix", ({ config }: any) => ({
    options: {
      list: mkOption({ type: types.listOf(types.int) }),
      attrs: mkOption({ type: types.attrs }),
      attrsOf: mkOption({ type: types.attrsOf(types.int) }),
      null: mkOption({ type: types.nullOr(types.int) }),
      submodule: mkOption({ type: types.submodule({}) }),
      submoduleWithDefaults: mkOption({
        type: types.submodule({
          options: {
            enabled: mkOption({ type: types.bool, default: true }),
            count: mkOption({ type: types.int, default: 13 }),
          },
        }),
      }),
      unique: mkOption({ type: types.unique({ message: "hi" }, types.listOf(types.int)) }),
      coercedTo: mkOption({
        type: types.coercedTo(
          types.attrsOf(types.int),
          (a: object) => Object.keys(a).sort(),
          types.listOf(types.str),
        ),
      }),
      // no empty value
      int: mkOption({ type: types.int }),
      result: mkOption({
        type: types.str,
        get default() {
          const v = config.submoduleWithDefaults;
          if (JSON.stringify(v) !== JSON.stringify({ count: 13, enabled: true })) {
            throw new Error("assertion failed: submoduleWithDefaults");
          }
          return "ok";
        },
      }),
    },
  }));
  it.each([
    ["modules.sh:630", "\\[\\]", "config.list"],
    ["modules.sh:631", "{}", "config.attrs"],
    ["modules.sh:632", "{}", "config.attrsOf"],
    ["modules.sh:633", "null", "config.null"],
    ["modules.sh:634", "{}", "config.submodule"],
    ["modules.sh:635", "\\[\\]", "config.unique"],
    ["modules.sh:636", "\\[\\]", "config.coercedTo"],
  ])("%s %s %s", (_line, expected, attr) => {
    checkConfigOutput(expected, attr, [defaults]);
  });
  it("modules.sh:638 int has no empty value", () => {
    checkConfigError(
      "The option .int. was accessed but has no value defined. Try setting the option.",
      "config.int",
      [defaults],
    );
  });
  it("modules.sh:640 a submodule's empty value evaluates its option defaults", () => {
    checkConfigOutput("ok", "config.result", [defaults]);
  });
});

describe("types.unique", () => {
  const typesUnique = fixture("types-unique.nix", {
    options: {
      examples: mkOption({
        type: types.lazyAttrsOf(
          types.unique(
            {
              message:
                "We require a single definition, because seeing the whole value at once helps us maintain critical invariants of our system.",
            },
            types.attrsOf(types.str),
          ),
        ),
      }),
    },
    imports: [
      { examples: { merged: { b: "bee" } } },
      { examples: { override: mkForce({ b: "bee" }) } },
    ],
    config: {
      examples: {
        merged: { a: "aye" },
        override: { a: "aye" },
        badLazyType: { a: true },
      },
    },
  });
  it("modules.sh:644 a single definition is required", () => {
    checkConfigError(
      "The option .examples\\.merged. is defined multiple times while it.s expected to be unique",
      "config.examples.merged.a",
      [typesUnique],
    );
  });
  it("modules.sh:646 the message is printed", () => {
    checkConfigError(
      "We require a single definition, because seeing the whole value at once helps us maintain critical invariants of our system.",
      "config.examples.merged.a",
      [typesUnique],
    );
  });
  it("modules.sh:648 the inner type checks the values, on demand", () => {
    checkConfigError(
      "A definition for option .examples\\.badLazyType\\.a. is not of type .string.",
      "config.examples.badLazyType.a",
      [typesUnique],
    );
  });
  it("modules.sh:650 overriding still works", () => {
    checkConfigOutput('^"bee"$', "config.examples.override.b", [typesUnique]);
  });
});

describe("types.raw", () => {
  const raw = fixture("raw.nix", ({ config }: any) => ({
    options: {
      processedToplevel: mkOption({ type: types.raw }),
      unprocessedNesting: mkOption({ type: types.raw }),
      multiple: mkOption({ type: types.raw }),
      priorities: mkOption({ type: types.raw }),
      unprocessedNestingEvaluates: mkOption({
        // `builtins.tryEval config.unprocessedNesting`: evaluates the value, not what is inside.
        get default() {
          try {
            return { success: true, value: config.unprocessedNesting };
          } catch {
            return { success: false, value: false };
          }
        },
      }),
    },
    config: {
      processedToplevel: mkIf(true, 10),
      unprocessedNesting: {
        get foo() {
          throw new Error("foo");
        },
      },
      multiple: mkMerge(["foo", "foo"]),
      priorities: mkMerge(["foo", mkForce("bar")]),
    },
  }));
  it("modules.sh:653 nested values are not processed", () => {
    checkConfigOutput("^true$", "config.unprocessedNestingEvaluates.success", [raw]);
  });
  it("modules.sh:654 the top level is processed", () => {
    checkConfigOutput("10", "config.processedToplevel", [raw]);
  });
  it("modules.sh:655 only one definition", () => {
    checkConfigError("The option .multiple. is defined multiple times", "config.multiple", [raw]);
  });
  it("modules.sh:656 priorities apply", () => {
    checkConfigOutput("bar", "config.priorities", [raw]);
  });
});
