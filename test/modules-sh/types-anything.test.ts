// modules.sh: types.anything — attribute sets merge recursively, other values must be equal,
// functions merge by merging their results, and every mk* property is applied at any depth.
import { describe, it } from "vitest";
import { mkBefore, mkDefault, mkForce, mkIf, mkMerge, mkOption, mkPackage, types } from "nixmod";
import { checkConfigError, checkConfigOutput, fixture, modulesPath } from "./helpers.ts";

const declareValue = { value: mkOption({ type: types.anything }) };

/** Nix's `mapAttrs`: lazy in each value, so one failing value does not spoil the others. */
function mapAttrs(attrs: object, f: (name: string, value: any) => unknown): object {
  const out = {};
  for (const name of Object.keys(attrs)) {
    Object.defineProperty(out, name, {
      enumerable: true,
      get: () => f(name, (attrs as Record<string, unknown>)[name]),
    });
  }
  return out;
}

describe("types.anything", () => {
  // Attribute sets are merged recursively.
  const nestedAttrs = fixture("types-anything/nested-attrs.nix", {
    options: declareValue,
    config: mkMerge([
      { value: { foo: null } },
      { value: { l1: { foo: null } } },
      { value: { l1: { l2: { foo: null } } } },
      { value: { l1: { l2: { l3: { foo: null } } } } },
    ]),
  });
  it.each([
    ["modules.sh:576", "config.value.foo"],
    ["modules.sh:577", "config.value.l1.foo"],
    ["modules.sh:578", "config.value.l1.l2.foo"],
    ["modules.sh:579", "config.value.l1.l2.l3.foo"],
  ])("%s nested attribute sets merge: %s", (_line, attr) => {
    checkConfigOutput("^null$", attr, [nestedAttrs]);
  });

  // Attribute sets that are coercible to strings are not recursed into. The TypeScript
  // counterpart of `{ outPath = "foo"; }` is a package (its other attributes are never read).
  const attrsCoercible = fixture("types-anything/attrs-coercible.nix", {
    options: declareValue,
    config: { value: mkPackage("foo", "foo", { err: undefined }) },
  });
  it("modules.sh:581 a string-coercible set is taken as it is", () => {
    checkConfigOutput('^"foo"$', "config.value.outPath", [attrsCoercible]);
  });

  // Lists are not concatenated when their definitions differ.
  const lists = fixture("types-anything/lists.nix", {
    options: declareValue,
    config: mkMerge([{ value: ["a value"] }, { value: ["another value"] }]),
  });
  it("modules.sh:583 different lists conflict", () => {
    checkConfigError("The option .* has conflicting definition values", "config.value", [lists]);
  });

  // All equalizable atoms can be used as long as all definitions are equal.
  const atoms = () => ({
    value: {
      int: 0,
      bool: false,
      string: "",
      path: `${modulesPath}/types-anything`,
      null: null,
      float: 0.1,
      list: [1, "a", { x: null }],
    },
  });
  const equalAtoms = fixture("types-anything/equal-atoms.nix", {
    options: declareValue,
    config: mkMerge([atoms(), atoms()]),
  });
  it.each([
    ["modules.sh:585", "^0$", "int"],
    ["modules.sh:586", "^false$", "bool"],
    ["modules.sh:587", '^""$', "string"],
    ["modules.sh:588", '^"/[^"]+"$', "path"],
    ["modules.sh:589", "^null$", "null"],
    ["modules.sh:590", "^0.1$", "float"],
    ["modules.sh:591", '^\\[1,"a",{"x":null}\\]$', "list"],
  ])("%s equal definitions: %s %s", (_line, expected, name) => {
    checkConfigOutput(expected, `config.value.${name}`, [equalAtoms]);
  });

  // Functions merge by merging their results.
  const functions = fixture("types-anything/functions.nix", ({ config }: any) => ({
    options: {
      valueIsFunction: mkOption({
        get default() {
          return mapAttrs(config.value, (_name, f) => typeof f === "function");
        },
      }),
      ...declareValue,
      applied: mkOption({
        get default() {
          return mapAttrs(config.value, (_name, f) => f(null));
        },
      }),
    },
    config: mkMerge([
      {
        value: {
          "single-lambda": (x: unknown) => x,
          "multiple-lambdas": (x: unknown) => ({ x }),
          "merging-lambdas": (x: unknown) => ({ x }),
        },
      },
      {
        value: {
          "multiple-lambdas": (x: unknown) => [x],
          "merging-lambdas": (y: unknown) => ({ y }),
        },
      },
    ]),
  }));
  it("modules.sh:593 results of different kinds conflict", () => {
    checkConfigError(
      "The option .value.multiple-lambdas.<function body>. has conflicting option types",
      "config.applied.multiple-lambdas",
      [functions],
    );
  });
  it("modules.sh:594 a single function stays a function", () => {
    checkConfigOutput("^true$", "config.valueIsFunction.single-lambda", [functions]);
  });
  it("modules.sh:595 merged function results: x", () => {
    checkConfigOutput("^null$", "config.applied.merging-lambdas.x", [functions]);
  });
  it("modules.sh:596 merged function results: y", () => {
    checkConfigOutput("^null$", "config.applied.merging-lambdas.y", [functions]);
  });

  // All mk* modifiers are applied.
  const mkMods = fixture("types-anything/mk-mods.nix", {
    options: declareValue,
    config: mkMerge([
      { value: { mkiffalse: mkIf(false, {}) } },
      { value: { mkiftrue: mkIf(true, {}) } },
      { value: { mkdefault: mkDefault(0) } },
      { value: { mkdefault: 1 } },
      { value: { mkmerge: mkMerge([{}]) } },
      { value: { mkbefore: mkBefore(true) } },
      {
        value: {
          nested: mkMerge([
            { foo: mkDefault(0), bar: mkIf(false, 0) },
            mkIf(true, { foo: mkIf(true, mkForce(1)), bar: { baz: mkDefault("baz") } }),
          ]),
        },
      },
    ]),
  });
  it("modules.sh:598 mkIf false: no attribute", () => {
    checkConfigError("attribute .* not found", "config.value.mkiffalse", [mkMods]);
  });
  it.each([
    ["modules.sh:599", "^{}$", "config.value.mkiftrue"],
    ["modules.sh:600", "^1$", "config.value.mkdefault"],
    ["modules.sh:601", "^{}$", "config.value.mkmerge"],
    ["modules.sh:602", "^true$", "config.value.mkbefore"],
    ["modules.sh:603", "^1$", "config.value.nested.foo"],
    ["modules.sh:604", '^"baz"$', "config.value.nested.bar.baz"],
  ])("%s %s %s", (_line, expected, attr) => {
    checkConfigOutput(expected, attr, [mkMods]);
  });
});
