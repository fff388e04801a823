/** Nix's attribute order: names compared as UTF-8 bytes, which is how attrNames sorts. */

/** Compares two strings by their UTF-8 bytes, as Nix orders attribute names. */
export function compareBytes(a: string, b: string): number {
  // UTF-16 code-unit order (the JS default) differs from byte order once
  // surrogate pairs meet characters in U+E000..U+FFFF, so compare real bytes.
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

/** The keys of a record in Nix attribute order. */
export function sortedKeys(record: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(record).sort(compareBytes);
}
