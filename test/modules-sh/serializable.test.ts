// modules.sh: types.serializableValueWith (types.nix), with and without null values.
import { describe, it } from "vitest";
import { mkOption, types } from "nixmod";
import { checkConfigError, checkConfigOutput, fixture, storeDir } from "./helpers.ts";

const typesNix = fixture("types.nix", {
  options: {
    nullableValue: mkOption({
      type: types.attrsOf(types.serializableValueWith({ typeName: "VAL" })),
    }),
    structuredValue: mkOption({
      type: types.attrsOf(types.serializableValueWith({ typeName: "VAL", nullable: false })),
    }),
  },
  config: {
    nullableValue: {
      null: null,
      bool: true,
      int: 1,
      float: 1.1,
      str: "foo",
      // The fixture's `./.`, a path value, is its store path in JSON; TypeScript has strings.
      path: `${storeDir}/0lz9p8xhf89kb1c1kk6jxrzskaiygnlh-modules`,
      attrs: { foo: 1 },
      list: [{ bar: [1] }],
      lambda: (x: unknown) => x,
    },
    structuredValue: { null: null },
  },
});

describe("types.nix: serializableValueWith", () => {
  it.each([
    [260, "null", "^null$"],
    [261, "bool", "^true$"],
    [262, "int", "^1$"],
    [263, "float", "^1.1$"],
    [264, "str", '^"foo"$'],
    [265, "path", '^".*/store.*"$'],
    [266, "attrs", '^\\{"foo":1\\}$'],
    [267, "list", '^\\[\\{"bar":\\[1\\]\\}\\]$'],
  ])("modules.sh:%i nullableValue.%s", (_line, name, pattern) => {
    checkConfigOutput(pattern, `config.nullableValue.${name}`, [typesNix]);
  });
  it("modules.sh:269 a function is no value", () => {
    checkConfigError(
      "A definition for option .* is not of type .VAL value.. .*",
      "config.nullableValue.lambda",
      [typesNix],
    );
  });
  it("modules.sh:270 null is no value when not nullable", () => {
    checkConfigError(
      "A definition for option .* is not of type .VAL value.. .*",
      "config.structuredValue.null",
      [typesNix],
    );
  });
});
