/** Nix's toString and toJSON of strings, the two coercions every rendered line goes through. */

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ModuleError } from "../../lib/errors.ts";
import { mkPackage } from "../../lib/package.ts";
import { nixJSONString, nixToJSON } from "../../lib/render/nix-json.ts";
import { moduleError } from "../helpers/module-error.ts";
import { formatNixFloat, nixToString } from "../../lib/render/nix-to-string.ts";

describe("formatNixFloat (C's %f)", () => {
  it.each([
    [0.25, "0.250000"],
    [1.5, "1.500000"],
    [-2.125, "-2.125000"],
    [1e-7, "0.000000"],
    [-1e-7, "-0.000000"],
    [-0, "-0.000000"],
    [0.1 + 0.2, "0.300000"],
    [123456.0000004, "123456.000000"],
    [1e21 + 0.5, "1000000000000000000000.000000"],
    [Infinity, "inf"],
    [-Infinity, "-inf"],
    [NaN, "nan"],
  ])("%s → %s", (value, expected) => expect(formatNixFloat(value)).toBe(expected));

  it("rounds exact ties to even, as glibc does", () => {
    expect(formatNixFloat(0.0078125)).toBe("0.007812"); // 1/128, an exact tie
    expect(formatNixFloat(0.0234375)).toBe("0.023438"); // 3/128, tie → even 8
    expect(formatNixFloat(2.5e-7)).toBe("0.000000");
  });
});

describe("nixToString", () => {
  it("writes booleans and null as Nix does", () => {
    expect(nixToString(true)).toBe("1");
    expect(nixToString(false)).toBe("");
    expect(nixToString(null)).toBe("");
  });
  it("writes integers in decimal and floats with six decimals", () => {
    expect(nixToString(-5)).toBe("-5");
    expect(nixToString(2 ** 60)).toBe("1152921504606846976");
    expect(nixToString(10n)).toBe("10");
    expect(nixToString(0.25)).toBe("0.250000");
  });
  it("writes a whole number beyond Nix's 64-bit integers as the float it must be", () => {
    // Nix 2.8, NixOS's serviceConfig with X = 1e21: `X=1000000000000000000000.000000`.
    expect(nixToString(1e21)).toBe("1000000000000000000000.000000");
    expect(nixToString(2 ** 63)).toBe("9223372036854775808.000000");
    expect(nixToString(-(2 ** 63))).toBe("-9223372036854775808");
  });
  it("joins lists with spaces, without a space after an empty list", () => {
    expect(nixToString(["a", 1, true, null, ["b", ["c"]]])).toBe("a 1 1  b c");
    expect(nixToString(["a", [], "b"])).toBe("a b");
    expect(nixToString([[], "b"])).toBe("b");
    expect(nixToString(["a", []])).toBe("a ");
  });
  it("gives a package's outPath and calls __toString", () => {
    expect(nixToString(mkPackage("/nix/store/00000000000000000000000000000000-x"))).toBe(
      "/nix/store/00000000000000000000000000000000-x",
    );
    expect(nixToString({ __toString: () => "hi" })).toBe("hi");
    expect(nixToString({ outPath: "/p" })).toBe("/p");
  });
  it("refuses sets and functions", () => {
    expect(() => nixToString({ a: 1 })).toThrow(ModuleError);
    expect(() => nixToString(() => 1)).toThrow(/cannot coerce a function/);
  });
});

describe("nixJSONString (Nix 2.8 toJSON)", () => {
  it("escapes quote, backslash, \\n, \\r, \\t by name", () => {
    expect(nixJSONString('a"b\\c\nd\re\tf')).toBe('"a\\"b\\\\c\\nd\\re\\tf"');
  });
  it("writes other control characters as lowercase \\u00xx, including \\b and \\f", () => {
    expect(nixJSONString("\u001b[0m\b\f\u0000")).toBe('"\\u001b[0m\\u0008\\u000c\\u0000"');
  });
  it("keeps DEL, non-ASCII, % and $ as they are", () => {
    expect(nixJSONString("\u007f🚀 naïve %h $x")).toBe('"\u007f🚀 naïve %h $x"');
  });
  it("is a JSON literal of the same string, with no raw control character or quote left", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        const literal = nixJSONString(text);
        expect(JSON.parse(literal)).toBe(text);
        const unescaped = literal.slice(1, -1).replace(/\\(u[0-9a-f]{4}|.)/g, "");
        expect(/[\u0000-\u001f"]/.test(unescaped)).toBe(false);
      }),
    );
  });
});

// Each expected text is what Nix 2.8's builtins.toJSON printed for the same value.
describe("nixToJSON", () => {
  it("writes floats with six significant digits, as Nix 2.8 does", () => {
    expect(nixToJSON([0.00001, 123456.7, 1234567.5, -0.5, 0.0001, 2.5e-7, 1 / 3, 100])).toBe(
      "[1e-05,123457,1.23457e+06,-0.5,0.0001,2.5e-07,0.333333,100]",
    );
    expect(nixToJSON([Infinity, -Infinity])).toBe("[inf,-inf]");
  });

  it("writes sets in byte order, one with __toString or outPath as that string", () => {
    expect(
      nixToJSON([{ b: "x", a: [true, null] }, { outPath: "/x" }, { __toString: () => "ts" }]),
    ).toBe('[{"a":[true,null],"b":"x"},"/x","ts"]');
  });

  it("cannot write a function", () => {
    expect(moduleError(() => nixToJSON({ f: () => 1 })).message).toBe(
      "cannot convert a function to JSON",
    );
  });
});
