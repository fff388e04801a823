/** Nix (POSIX ERE, whole-string) patterns as JSON Schema patterns. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { posixEreToEcma, wholeMatchPattern } from "../../lib/util/posix-regex.ts";
import { matchesWhole } from "../../lib/types/strings.ts";
import { ModuleError, evalModules, mkOption, toJsonSchema, types } from "nixmod";

const matches = (pattern: string, value: string, flags = "u") =>
  new RegExp(wholeMatchPattern(pattern), flags).test(value);

describe("posixEreToEcma", () => {
  it.each([
    ["a.b", "a[\\s\\S]b"],
    ["[.]", "[.]"],
    ["[]a]", "[\\]a]"],
    ["[^]a]", "[^\\]a]"],
    ["[[:alpha:]_][[:alnum:]_]*", "[A-Za-z_][0-9A-Za-z_]*"],
    ["[[:digit:][:space:]]", "[0-9 \\t\\n\\r\\f\\v]"],
    // A collating element is named as libstdc++ names it (`[.-.]` is no name there).
    ["[[.hyphen.]a]", "[\\-a]"],
    // In a bracket expression a backslash is itself (POSIX, as Nix reads it).
    ["[a-z\\-]", "[a-z\\\\-]"],
    ["[\\d]", "[\\\\d]"],
    ["\\.\\$", "\\.\\$"],
    ["x{2,3}(y|z)?", "x{2,3}(y|z)?"],
    // ERE repeats a repeated atom; a lone `]` or `}` is a literal (Nix accepts all of these).
    ["a**", "(?:a*)*"],
    ["(ab)+{2}", "(?:(ab)+){2}"],
    ["[ab]?+", "(?:[ab]?)+"],
    ["a]}", "a\\]\\}"],
    // Class names in any case (Nix accepts `[[:ALPHA:]]`).
    ["[[:ALPHA:]][[:Digit:]]", "[A-Za-z][0-9]"],
    // `-` is a literal at either end of a bracket expression, and after a range or class only last.
    ["[a-c-][-a][%--][--/]", "[a-c-][-a][%--][--/]"],
    ["[[:digit:]-]", "[0-9-]"],
  ])("%s → %s", (pattern, expected) => {
    expect(posixEreToEcma(pattern)).toBe(expected);
    expect(() => new RegExp(posixEreToEcma(pattern), "u")).not.toThrow();
  });

  it("rejects what is not a pattern, in Nix's words", () => {
    expect(() => posixEreToEcma("[abc")).toThrow(/unterminated bracket/);
    expect(() => posixEreToEcma("[[:nope:]]")).toThrow(/unknown character class/);
    // Each of these is `invalid regular expression` in Nix's builtins.match as well.
    for (const pattern of [
      "\\d",
      "\\w",
      "a\\_b",
      "\\-",
      "\\]",
      "a\\",
      "a{",
      "a{,2}",
      "*a",
      "a|*b",
      "(a",
      "a)",
      "[a-c-e]",
      "[[:alpha:]-z]",
      "[[:word:]]",
      "[[.-.]]",
      "[[.0.]]",
      "[[.BEL.]]",
      "[[.hyphen-minus.]]",
      "[[.Space.]]",
      "[[=ab=]]",
      "[a-[.c.]]",
      "[0-[:alpha:]]",
      "[[.a.]-[=c=]]",
    ]) {
      expect(() => posixEreToEcma(pattern)).toThrow(`invalid regular expression '${pattern}'`);
    }
  });
});

// Nix 2.8's builtins.match (libstdc++'s regex_traits) agrees with every case below.
describe("names inside bracket expressions", () => {
  it.each([
    ["[[:w:]]", "_", true],
    ["[[:W:]]", "a", true],
    ["[[:d:]]", "5", true],
    ["[[:s:]]", " ", true],
    ["[[.space.]]", " ", true],
    ["[[.space.]]", "s", false],
    ["[[.zero.]]", "0", true],
    ["[[.a.]]", "a", true],
    ["[[.A.]]", "a", false],
    ["[[.tab.]]", "\t", true],
    ["[[.left-square-bracket.]]", "[", true],
    ["[[.backslash.]]", "\\", true],
    ["[[.DEL.]]", "\x7f", true],
    ["[a[.hyphen.]z]", "-", true],
    ["[[.space.]-z]", "a", true],
    ["[[.a.]-c]", "d", false],
    ["[[=a=]]", "A", true],
    ["[[=A=]]", "a", true],
    ["[[=space=]]", " ", true],
    ["[[=period=]]", ".", true],
  ])("%s matches %j: %s", (pattern, value, expected) => {
    expect(matchesWhole(pattern, value)).toBe(expected);
  });
});

describe("wholeMatchPattern", () => {
  it("anchors the pattern: Nix matches the whole string", () => {
    expect(matches("[a-z]+", "abc")).toBe(true);
    expect(matches("[a-z]+", "abc1")).toBe(false);
    expect(matches("a|b", "ab")).toBe(false);
    expect(matches("a|b", "b")).toBe(true);
  });

  it("lets `.` match newlines and reads POSIX classes", () => {
    expect(matches("a.c", "a\nc")).toBe(true);
    expect(matches("[[:upper:]][[:lower:]]*", "Nix")).toBe(true);
    expect(matches("[[:upper:]][[:lower:]]*", "nix")).toBe(false);
    expect(matches("[[:punct:]]+", "!/:@[`{~")).toBe(true);
    expect(matches("[[:punct:]]", "a")).toBe(false);
  });

  it("agrees with strMatching's check on patterns both read the same way", () => {
    const patterns = [
      "[a-z]+(-[a-z]+)*",
      "(.*)\\.service",
      "[^/]+",
      "x?y*z+",
      ".*[.]ya?ml",
      "^a$|b",
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...patterns),
        fc.string({
          unit: fc.constantFrom("a", "b", "x", "y", "z", "-", ".", "/", "\n", "s", "m", "l"),
        }),
        (pattern, value) => {
          expect(matches(pattern, value, "")).toBe(matchesWhole(pattern, value));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("matchesWhole beyond ASCII", () => {
  // Nix matches UTF-8 bytes: `é` is two of them (values from `builtins.match`, Nix 2.8).
  it.each([
    ["a.b", "aéb", false],
    ["a..b", "aéb", true],
    ["a[^x]b", "aéb", false],
    ["a[^x][^x]b", "aéb", true],
    ["aéb", "aéb", true],
    ["a[é]b", "aéb", false],
    ["a[é]+b", "aéb", true],
    [".{3}", "aéb", false],
    [".{4}", "aéb", true],
    ["[[:alpha:]]+", "é", false],
    ["(é)*", "éé", true],
    ["é*", "éé", false],
  ])("%s on %s is %s", (pattern, value, expected) => {
    expect(matchesWhole(pattern, value)).toBe(expected);
  });
});

describe("strMatching with a pattern Nix cannot read", () => {
  it("is a ModuleError when a value is checked, and when its schema is made", () => {
    const options = { v: mkOption({ type: types.strMatching("\\d+") }) };
    const read = () => evalModules({ modules: [{ options }, { v: "1" }] }).config.v;
    expect(read).toThrow(ModuleError);
    expect(read).toThrow("invalid regular expression '\\d+'");
    expect(() => toJsonSchema(options)).toThrow(ModuleError);
  });
});
