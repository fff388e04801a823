/**
 * Error messages worded, broken into lines and escaped as Nix's own, for mistakes a differential
 * run against real Nix (nixpkgs lib 26.11) found worded differently. The expected texts are Nix's.
 */
import { describe, expect, it } from "vitest";
import { evalModules, mkOption, types, type Module } from "../../lib/index.ts";
import { moduleError } from "../helpers/module-error.ts";

/** The message of evaluating `modules` and reading `config.<path>`. */
function failure(modules: unknown[], ...path: string[]): string {
  return moduleError(() => {
    let value: unknown = evalModules({ modules: modules as Module[] }).config;
    for (const name of path) value = JSON.stringify((value as Record<string, unknown>)[name]);
    return value;
  }).message;
}

const declare = (options: Record<string, unknown>) => ({ _file: "decl.nix", options });

describe("as Nix words them", () => {
  it("defined multiple times: no blank line before the priority advice", () => {
    expect(
      failure(
        [
          declare({ a: mkOption({ type: types.uniq(types.int) }) }),
          { _file: "a.nix", config: { a: 1 } },
          { _file: "b.nix", config: { a: 2 } },
        ],
        "a",
      ),
    ).toBe(
      "The option `a' is defined multiple times while it's expected to be unique.\n\nDefinition values:\n- In `b.nix': 2\n- In `a.nix': 1\nUse `lib.mkForce value` or `lib.mkDefault value` to change the priority on any of these definitions.",
    );
  });

  it("attribute names in a shown value are escaped as escapeNixIdentifier does", () => {
    expect(
      failure(
        [
          declare({ a: mkOption({ type: types.bool }) }),
          { _file: "a.nix", config: { a: { $x: 1, "t\tb": 2, "\u0001": 3 } } },
        ],
        "a",
      ),
    ).toBe(
      'A definition for option `a\' is not of type `boolean\'. Definition values:\n- In `a.nix\':\n    {\n      "\\u0001" = 3;\n      "\\$x" = 1;\n      "t\\tb" = 2;\n    }',
    );
  });

  it('a set with type = "derivation" is shown as one, with or without outPath', () => {
    expect(
      failure(
        [
          declare({ a: mkOption({ type: types.bool }) }),
          { _file: "a.nix", config: { a: { type: "derivation", name: "foo" } } },
        ],
        "a",
      ),
    ).toBe(
      "A definition for option `a' is not of type `boolean'. Definition values:\n- In `a.nix': <derivation foo>",
    );
  });

  it("a function shows its set pattern's names, as toPretty does", () => {
    expect(
      failure(
        [
          declare({ a: mkOption({ type: types.bool }) }),
          { _file: "a.nix", config: { a: ({ y, z = 1 }: { y: number; z?: number }) => y + z } },
        ],
        "a",
      ),
    ).toBe(
      "A definition for option `a' is not of type `boolean'. Definition values:\n- In `a.nix': <function, args: {y, z?}>",
    );
  });

  it("enum members that are not strings, integers or Booleans are named by their Nix type", () => {
    expect(types.enum([1.5, { x: 1 }, (x: unknown) => x, null, [1]] as never).description).toBe(
      "one of <float>, <set>, <lambda>, <null>, <list>",
    );
    expect(types.enum([0.5] as never).description).toBe("value <float> (singular enum)");
    expect(types.enum(["a", 2, true]).description).toBe('one of "a", 2, true');
  });

  it("a type where an option declaration belongs: Nix's example of mkOption", () => {
    expect(failure([declare({ a: { b: types.str } })], "a", "b")).toBe(
      "In module decl.nix: expected an option declaration at option path `a.b` but got an attribute set with type option-type\n\nWhen declaring an option, you must wrap the type in a `mkOption` call. It should look somewhat like:\n    \n    # a.b\n    b = lib.mkOption {\n      description = ...;\n      type = <the type you wrote for b>;\n      ...\n    };",
    );
    expect(failure([declare({ a: types.str })], "a")).toContain(
      "It should look somewhat like:\n    \n    a = lib.mkOption {\n",
    );
  });

  it("an option declaration that is not a set", () => {
    expect(failure([declare({ a: 5 })], "a")).toBe(
      "An option declaration for `a' has type\n`int' rather than an attribute set.\nDid you mean to define this outside of `options'?",
    );
  });

  it("a submodule without options", () => {
    expect(
      failure(
        [
          declare({ a: mkOption({ type: types.submodule({ options: {} }) }) }),
          { _file: "a.nix", config: { a: { foo: 1 } } },
        ],
        "a",
      ),
    ).toBe(
      "The option `a.foo' does not exist. Definition values:\n- In `a.nix': 1\n\nHowever there are no options defined in `a'. Are you sure you've\ndeclared your options properly? This can happen if you e.g. declared your options in `types.submodule'\nunder `config' rather than `options'.",
    );
  });

  it("unsupported module attributes, named in Nix's order", () => {
    expect(
      failure(
        [
          { _file: "m.nix", config: { a: 1 }, zeta: 1, alpha: 2 },
          declare({ a: mkOption({ type: types.int }) }),
        ],
        "a",
      ),
    ).toBe(
      "Module `:anon-1' has an unsupported attribute `alpha'. This is caused by introducing a top-level `config' or `options' attribute. Add configuration attributes immediately on the top level instead, or move all of them (namely: alpha zeta) into the explicit `config' attribute.",
    );
  });

  it("a value that is not a module", () => {
    expect(
      failure([declare({ a: mkOption({ type: types.int, default: 1 }) }), types.int], "a"),
    ).toBe(
      'Expected a module, but found a value of type "option-type".\nA module is typically loaded by adding it to the imports = [ ... ]; attribute of an existing module, or in the modules = [ ... ]; argument of various functions.\nPlease make sure that each of the list items is a module, and not a different kind of value.',
    );
  });

  it("ints.between with its bounds the wrong way round", () => {
    expect(moduleError(() => types.ints.between(5, 1)).message).toBe(
      "ints.between: lowest must be smaller than highest",
    );
  });
});

describe("a freeform type that does not make an attribute set", () => {
  const freeform = (freeformType: unknown) =>
    failure(
      [
        { freeformType, options: {} },
        { _file: "a.nix", config: { x: 1 } },
      ],
      "x",
    );

  it.each([
    ["listOf", types.listOf(types.int), "value is a set while a list was expected"],
    ["nonEmptyListOf", types.nonEmptyListOf(types.int), "value is a set while a list was expected"],
    [
      "nullOr listOf",
      types.nullOr(types.listOf(types.int)),
      "value is a set while a list was expected",
    ],
    ["lines", types.lines, "cannot coerce a set to a string"],
    ["separatedString", types.separatedString(","), "cannot coerce a set to a string"],
  ])("%s: Nix's error, not a JavaScript one or a garbled config", (_, type, message) => {
    expect(freeform(type)).toBe(message);
  });

  it("inside a submodule too", () => {
    const sub = types.submodule({ options: {}, freeformType: types.lines });
    const message = failure(
      [declare({ a: mkOption({ type: sub }) }), { _file: "a.nix", config: { a: { x: 1 } } }],
      "a",
    );
    expect(message).toContain("cannot coerce a set to a string");
  });

  it("a freeform merge that is no set at all", () => {
    expect(freeform(types.functionTo(types.int))).toBe(
      "value is a function while a set was expected",
    );
  });

  it("types whose merge keeps the set still work, as in Nix", () => {
    for (const type of [types.int, types.str, types.bool, types.either(types.int, types.str)]) {
      const config = evalModules({ modules: [{ freeformType: type, options: {} }, { x: 1 }] })
        .config as Record<string, unknown>;
      expect(JSON.stringify(config)).toBe('{"x":1}');
    }
  });

  it("separated strings still take packages, by their path", () => {
    const pkg = { type: "derivation", name: "p", outPath: "/nix/store/p" };
    const config = evalModules({
      modules: [
        declare({ a: mkOption({ type: types.lines }) }),
        { config: { a: "x" } },
        { config: { a: "y" } },
      ],
    }).config as Record<string, unknown>;
    expect(config.a).toBe("y\nx");
    expect(types.lines.merge(["a"], [{ file: "f", value: pkg }])).toBe("/nix/store/p");
  });
});
