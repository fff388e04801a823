/** Nix's attribute order: names compared as UTF-8 bytes, which is how attrNames sorts. */

import { sortedInPlace } from "../util/attrs.ts";

function isSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdfff;
}

/** Compares two strings by their UTF-8 bytes, as Nix orders attribute names. */
export function compareBytes(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === n) return a.length - b.length;
  const x = a.charCodeAt(i);
  const y = b.charCodeAt(i);
  // Outside the surrogates, code-unit order is byte order. Where a surrogate differs, a lone
  // one (written as U+FFFD) and a pair give different bytes: encode them.
  if (!isSurrogate(x) && !isSurrogate(y)) return x - y;
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

/** The keys of a record in Nix attribute order. */
export function sortedKeys(record: Readonly<Record<string, unknown>>): string[] {
  return sortedInPlace(Object.keys(record), compareBytes);
}
