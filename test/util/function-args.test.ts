/** functionArgs: Nix's `builtins.functionArgs`, read from a function's source text. */
import { describe, expect, it } from "vitest";
import { functionArgs } from "../../lib/util/function-args.ts";

const args = (fn: (...a: never[]) => unknown) => {
  const found = functionArgs(fn);
  return found === undefined ? undefined : Object.fromEntries(found);
};

describe("functionArgs", () => {
  it("names a set pattern's attributes, and which have a default", () => {
    expect(args(({ y, z = 1 }: { y: number; z?: number }) => y + z)).toEqual({ y: false, z: true });
    expect(
      args(function named({ a: renamed = 2, c }: { a?: number; c: number }) {
        return renamed + c;
      }),
    ).toEqual({ a: true, c: false });
    expect(args(({ quoted: q }: { quoted: string }) => q)).toEqual({ quoted: false });
  });

  it("leaves out a rest element, as Nix's `...`", () => {
    expect(args(({ config, ...rest }: Record<string, unknown>) => [config, rest])).toEqual({
      config: false,
    });
  });

  it("a default that is itself a function", () => {
    expect(args(({ f = () => 1 }: { f?: () => number }) => f())).toEqual({ f: true });
  });

  it("no set pattern, or one it is not sure of: undefined, as Nix gives {} for `x: …`", () => {
    expect(args((x: number) => x)).toBeUndefined();
    expect(args(((a: number, { b }: { b: number }) => a + b) as never)).toBeUndefined();
    expect(args(({ a: { b } }: { a: { b: number } }) => b)).toBeUndefined();
    expect(args(Math.max as never)).toBeUndefined();
    expect(args(({}: object) => 1)).toEqual({});
  });
});
