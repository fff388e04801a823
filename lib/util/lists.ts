/**
 * Lists sized to their contents. V8 gives an array built by `push` or by a spread
 * (`[...loc, name]`) room for about 16 more elements; the evaluator keeps millions of
 * short lists (option paths, definitions), so that slack would be most of its memory.
 */

/** `list` followed by `item`, with no spare capacity. */
export function append<T>(list: readonly T[], item: T): T[] {
  return list.concat([item]);
}

/** `item` followed by `list`, with no spare capacity. */
export function prepend<T>(item: T, list: readonly T[]): T[] {
  return [item].concat(list);
}

/** A copy of `list` with no spare capacity (for lists that were built by `push`). */
export function compact<T>(list: readonly T[]): T[] {
  return list.slice();
}
