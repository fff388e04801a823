/**
 * A value memoised per object, kept on the object itself.
 *
 * Not a WeakMap: V8's young-generation collector keeps a WeakMap entry (and its key) alive
 * when the value can reach the key, which a memo of a getter or of an `mkIf` condition does
 * through the evaluation it closes over. Measured, every such entry held its whole
 * evaluation until the next full collection. The value is a hidden field of the object
 * instead (lib/util/hidden-field.ts); an object that cannot take one falls back to a WeakMap.
 */
import { hiddenField } from "./hidden-field.ts";

/** A value memoised per object. */
export interface ObjectMemo<V> {
  get(obj: object): V | undefined;
  set(obj: object, value: V): void;
}

/** A new memo, distinct from every other. */
export function objectMemo<V>(): ObjectMemo<V> {
  const field = hiddenField<V>();
  const fallback = new WeakMap<object, V>();
  return {
    get(obj) {
      const value = field.get(obj);
      return value !== undefined ? value : fallback.get(obj);
    },
    set(obj, value) {
      if (!field.set(obj, value)) fallback.set(obj, value);
    },
  };
}

/**
 * `make` memoised by the identity of its argument, kept on the argument like an `objectMemo`.
 * Module functions use it for declarations that depend only on an argument shared by many
 * evaluations (the package set, the base modules): every evaluation then declares the same
 * option objects, which the module system groups and merges once. An argument that is not an
 * object (a module argument can be set to anything) is not memoised.
 */
export function memoByObject<K, V extends object>(make: (key: K) => V): (key: K) => V {
  const made = objectMemo<V>();
  return (key) => {
    if ((typeof key !== "object" && typeof key !== "function") || key === null) return make(key);
    let value = made.get(key);
    if (value === undefined) made.set(key, (value = make(key)));
    return value;
  };
}
