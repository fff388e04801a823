/** Nix's "Did you mean …?": the declared names closest to a misspelt one. */

/** One row of the distance table, reused: a validation may ask for a distance per unknown name. */
let row = new Int32Array(64);

/** The edit distance between two names. */
export function levenshtein(a: string, b: string): number {
  // Nix's strings are bytes: a character beyond ASCII is two to four edits, as in Nix.
  return isAscii(a) && isAscii(b)
    ? distance(
        a.length,
        b.length,
        (i) => a.charCodeAt(i),
        (j) => b.charCodeAt(j),
      )
    : bytesDistance(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

function bytesDistance(a: Uint8Array, b: Uint8Array): number {
  return distance(
    a.length,
    b.length,
    (i) => a[i]!,
    (j) => b[j]!,
  );
}

/** The table's last row, for units (code units or bytes) read by position. */
function distance(
  m: number,
  n: number,
  at: (i: number) => number,
  bt: (j: number) => number,
): number {
  if (row.length <= n) row = new Int32Array(n * 2 + 1);
  for (let j = 0; j <= n; j++) row[j] = j;
  for (let i = 1; i <= m; i++) {
    const ch = at(i - 1);
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= n; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(tmp + 1, row[j - 1]! + 1, prev + (ch === bt(j - 1) ? 0 : 1));
      prev = tmp;
    }
  }
  return row[n]!;
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

/**
 * The Nix evaluator's own suggestions (for a selection path), which differ from lib's: up to
 * five names within distance 2, nearest first and then in byte order, as "Did you mean a?" or
 * "Did you mean one of a, b or c?"; "" when none is close.
 */
export function nixSuggestions(wrong: string, names: Iterable<string>): string {
  const close = [...names]
    .map((n) => [n, levenshtein(wrong, n)] as const)
    .filter(([, d]) => d <= 2)
    .sort((a, b) => a[1] - b[1] || Buffer.compare(Buffer.from(a[0]), Buffer.from(b[0])))
    .slice(0, 5)
    .map(([n]) => n);
  if (close.length <= 1) return close.length === 0 ? "" : `Did you mean ${close[0]}?`;
  return `Did you mean one of ${close.slice(0, -1).join(", ")} or ${close[close.length - 1]}?`;
}
