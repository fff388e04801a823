/** The edit distance behind "Did you mean …?", against its definition. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { closestNames, levenshtein, nixSuggestions } from "../../lib/util/suggest.ts";

/** The distance as defined: the fewest insertions, deletions and substitutions of bytes, as Nix's strings are. */
function byDefinition(textA: string, textB: string): number {
  const a = [...Buffer.from(textA, "utf8")];
  const b = [...Buffer.from(textB, "utf8")];
  const memo = new Map<string, number>();
  const d = (i: number, j: number): number => {
    if (i === 0) return j;
    if (j === 0) return i;
    const key = `${i},${j}`;
    let v = memo.get(key);
    if (v === undefined) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      v = Math.min(d(i - 1, j) + 1, d(i, j - 1) + 1, d(i - 1, j - 1) + cost);
      memo.set(key, v);
    }
    return v;
  };
  return d(a.length, b.length);
}

describe("levenshtein", () => {
  it("agrees with the definition, for names short and long", () => {
    const name = fc.string({ unit: fc.constantFrom("a", "b", "c", "é", "-"), maxLength: 80 });
    fc.assert(
      fc.property(name, name, (a, b) => {
        expect(levenshtein(a, b)).toBe(byDefinition(a, b));
      }),
      { numRuns: 500 },
    );
  });

  // Expected from real Nix: lib.take 3 (lib.sortOn (lib.strings.levenshtein "hostname") names).
  it("closestNames keeps Nix's choice: nearest first, ties in the given order, at most three", () => {
    expect(closestNames("hostname", ["domain", "hostId", "hostName", "hosts"])).toEqual([
      "hostName",
      "hostId",
      "hosts",
    ]);
  });
});

// Expected from real Nix (2.8, lib 26.11): `é' is two bytes, so two edits away from `e'.
it("measures names beyond ASCII in bytes, as Nix's levenshtein does", () => {
  expect(levenshtein("e", "é")).toBe(2);
  expect(closestNames("e", ["ab", "é"])).toEqual(["ab", "é"]);
  expect(closestNames("e", ["ab", "en", "packages", "é", "ée"])).toEqual(["en", "ab", "é"]);
});

// What `nix-instantiate --eval -E SET -A NAME` suggests (Nix 2.8): its evaluator's rule, not lib's.
describe("nixSuggestions", () => {
  it.each([
    [["services", "servers"], "service", "Did you mean services?"],
    [
      ["services", "servicex", "servicez", "serviced"],
      "service",
      "Did you mean one of serviced, services, servicex or servicez?",
    ],
    [["abc"], "xyzzy", ""],
    [
      ["aa", "ab", "ac", "ad", "ae", "af", "xyz", "abcd"],
      "a",
      "Did you mean one of aa, ab, ac, ad or ae?",
    ],
    [["abcd", "abxx", "a"], "ab", "Did you mean one of a, abcd or abxx?"],
  ])("%j for %s", (names, wrong, expected) => {
    expect(nixSuggestions(wrong, names)).toBe(expected);
  });
});
