/**
 * Lists sized to their contents. V8 gives an array built by `push` or by a spread
 * (`[...loc, name]`) room for about 16 more elements; the evaluator keeps millions of
 * short lists (option paths, definitions), so that slack would be most of its memory.
 */

// Copied by hand: `concat` made a one-element array for each call and took five times as long.

/** `list` followed by `item`, with no spare capacity. */
export function append<T>(list: readonly T[], item: T): T[] {
  const n = list.length;
  const out = new Array<T>(n + 1);
  for (let i = 0; i < n; i++) out[i] = list[i]!;
  out[n] = item;
  return out;
}

/** `item` followed by `list`, with no spare capacity. */
export function prepend<T>(item: T, list: readonly T[]): T[] {
  const n = list.length;
  const out = new Array<T>(n + 1);
  out[0] = item;
  for (let i = 0; i < n; i++) out[i + 1] = list[i]!;
  return out;
}

/** `list`, or a copy with no spare capacity when it grew by `push` (a list made as `[item]` has none). */
export function fitted<T>(list: T[]): T[] {
  return list.length > 1 ? list.slice() : list;
}

/** Whether two lists hold the same items in the same order (`===` item by item). */
export function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
