/**
 * A value memoised per object, kept on the object itself.
 *
 * Not a WeakMap: V8's young-generation collector keeps a WeakMap entry (and its key) alive
 * when the value can reach the key, which a memo of a getter or of an `mkIf` condition does
 * through the evaluation it closes over. Measured, every such entry held its whole
 * evaluation until the next full collection. The value is a hidden (non-enumerable symbol)
 * property instead; objects that cannot take one (frozen, or proxies that refuse it) fall
 * back to a WeakMap.
 */
export interface ObjectMemo<V> {
  get(obj: object): V | undefined;
  set(obj: object, value: V): void;
}

/** A memo whose hidden property is described as `description` (for debuggers). */
export function objectMemo<V>(description: string): ObjectMemo<V> {
  const key = Symbol(description);
  const fallback = new WeakMap<object, V>();
  return {
    get(obj) {
      return Object.prototype.hasOwnProperty.call(obj, key)
        ? (obj as Record<symbol, V>)[key]
        : fallback.get(obj);
    },
    set(obj, value) {
      if (!Reflect.defineProperty(obj, key, { value, writable: true, configurable: true })) {
        fallback.set(obj, value);
      }
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
  const made = objectMemo<V>("nixmod.memoByObject");
  return (key) => {
    if ((typeof key !== "object" && typeof key !== "function") || key === null) return make(key);
    let value = made.get(key);
    if (value === undefined) made.set(key, (value = make(key)));
    return value;
  };
}
