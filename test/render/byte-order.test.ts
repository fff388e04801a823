import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareBytes } from "../../lib/render/byte-order.ts";

/** The order Nix's attrNames gives: the strings' UTF-8 bytes (a lone surrogate is written as U+FFFD). */
function byBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

// Code units near every boundary that changes how a character is encoded.
const unit = fc.constantFrom(
  "a",
  "b",
  "\u007f",
  "\u0080",
  "\u07ff",
  "\u0800",
  "\ud7ff",
  "\ud800",
  "\udbff",
  "\udc00",
  "\udfff",
  "\ue000",
  "\ufffd",
  "\uffff",
);

describe("compareBytes", () => {
  it("orders as the UTF-8 bytes do, lone surrogates and pairs included", () => {
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 6 }), fc.string({ unit, maxLength: 6 }), (a, b) => {
        expect(Math.sign(compareBytes(a, b))).toBe(Math.sign(byBytes(a, b)));
      }),
      { numRuns: 20_000 },
    );
  });

  it("puts a character beyond the BMP after U+FFFF, unlike UTF-16 order", () => {
    expect(compareBytes("\u{1f600}", "\uffff")).toBeGreaterThan(0);
    expect(["\uffff", "\u{10000}", "z"].sort(compareBytes)).toEqual(["z", "\uffff", "\u{10000}"]);
  });
});
