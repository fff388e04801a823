/** Defining getters on objects being built, the cheapest way V8 offers. */

const legacyLookupGetter = (
  Object.prototype as unknown as {
    __lookupGetter__(this: object, key: string): (() => unknown) | undefined;
  }
).__lookupGetter__;

const legacyDefineGetter = (
  Object.prototype as unknown as {
    __defineGetter__(this: object, key: string, get: (this: never) => unknown): void;
  }
).__defineGetter__;

/** Adds an enumerable, configurable getter to `target` (what views and lazy fields are made of). */
export function defineGetter(target: object, key: string, get: (this: never) => unknown): void {
  // The same property as `Object.defineProperty` with `{ get, enumerable, configurable }`, but no
  // descriptor object to make and read: views define a getter per option of every submodule
  // value, and this takes a quarter less time (the getter may not be `undefined`).
  legacyDefineGetter.call(target, key, get);
}

/**
 * The getter of `key`, an own property of `obj`; undefined for a data property. Unlike
 * `Object.getOwnPropertyDescriptor`, it makes no descriptor object: definitions are read a
 * property at a time, millions of times in a large evaluation.
 */
export function ownGetter(obj: object, key: string): (() => unknown) | undefined {
  return legacyLookupGetter.call(obj, key);
}
