/**
 * Plain objects made where V8 cannot decide to allocate them in its old generation.
 *
 * V8 tracks the objects of each object literal (its allocation site) and, once most of them
 * outlive a collection, allocates that literal's objects straight in the old generation; the
 * decision is taken while an evaluation's own records survive, and it sticks. A nested
 * container system's records, made by the same code, then die in the old generation and keep
 * every young object they point to alive until a full collection. Records the module system
 * makes per evaluation are therefore class instances or made here (by builtins, which have no
 * allocation site; checked with `%InYoungGeneration`).
 */

/** An empty plain object (like `{}`). */
export function emptyRecord<T extends object = Record<string, unknown>>(): T {
  return Object.create(Object.prototype) as T;
}

/** A plain object (prototype `Object.prototype`) with the own enumerable properties of `props`. */
export function plainRecord<T extends object>(props: T): T {
  return Object.assign(emptyRecord<T>(), props);
}
