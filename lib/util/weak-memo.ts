/** Results made once per key object and kept only while the key lives. */

/**
 * `make` memoised by the identity of its argument. Module functions use it for
 * declarations that depend only on an argument shared by many evaluations (the
 * package set, the base modules): every evaluation then declares the same option
 * objects, which the module system groups and merges once. An argument that is not
 * an object (a module argument can be set to anything) is not memoised.
 */
export function weakMemo<K, V>(make: (key: K) => V): (key: K) => V {
  const made = new WeakMap<object, V>();
  return (key) => {
    if ((typeof key !== "object" && typeof key !== "function") || key === null) return make(key);
    if (made.has(key)) return made.get(key)!;
    const value = make(key);
    made.set(key, value);
    return value;
  };
}
