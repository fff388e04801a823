/** Nix's "Did you mean …?": the declared names closest to a misspelt one. */

/** One row of the distance table, reused: a validation may ask for a distance per unknown name. */
let row = new Int32Array(64);

/** The edit distance between two names. */
export function levenshtein(a: string, b: string): number {
  // Nix's strings are bytes: a character beyond ASCII is two to four edits, as in Nix.
  return /^[\x00-\x7f]*$/.test(a + b) ? distance(a, b) : distance(utf8(a), utf8(b));
}

function utf8(text: string): number[] {
  return [...Buffer.from(text, "utf8")];
}

function distance(a: string | readonly number[], b: string | readonly number[]): number {
  const at = (s: string | readonly number[], i: number) =>
    typeof s === "string" ? s.charCodeAt(i) : s[i]!;
  if (row.length <= b.length) row = new Int32Array(b.length * 2 + 1);
  for (let j = 0; j <= b.length; j++) row[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const ch = at(a, i - 1);
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(tmp + 1, row[j - 1]! + 1, prev + (ch === at(b, j - 1) ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

/** Up to three of `declared` closest to `wrong`, as Nix picks them (within distance 2 when there are many). */
export function closestNames(wrong: string, declared: readonly string[]): string[] {
  return declared
    .map((n) => [n, levenshtein(wrong, n)] as const)
    .filter(([, d]) => declared.length < 100 || d <= 2)
    .sort((a, b) => a[1] - b[1])
    .slice(0, 3)
    .map(([n]) => n);
}

/** "Did you mean `a'?", "Did you mean `a', `b' or `c'?", or "" — names already quoted. */
export function didYouMean(quoted: readonly string[]): string {
  if (quoted.length === 0) return "";
  if (quoted.length === 1) return `Did you mean ${quoted[0]}?`;
  return `Did you mean ${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}?`;
}
