/** Nix's attribute order: names compared as UTF-8 bytes, which is how attrNames sorts. */

import { compareNames } from "../util/attrs.ts";

function isSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdfff;
}

/** Compares two strings by their UTF-8 bytes, as Nix orders attribute names. */
export function compareBytes(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  // Where a surrogate differs, a lone one (written as U+FFFD) and a pair give different bytes:
  // encode them. Elsewhere the code-unit order `compareNames` gives is the byte order.
  if (i < n && (isSurrogate(a.charCodeAt(i)) || isSurrogate(b.charCodeAt(i)))) {
    return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
  }
  return compareNames(a, b);
}

/** The keys of a record in Nix attribute order. */
export function sortedKeys(record: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(record).sort(compareBytes);
}
