/** Defining getters on objects being built, the cheapest way V8 offers. */

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
