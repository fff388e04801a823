/**
 * Lazy fields: properties computed once, on first read, that look like plain getters.
 *
 * V8 keeps the getter of an accessor property in its old generation. A getter closure
 * made for one object is then referenced from there, and it keeps everything it closes
 * over (an option's definitions, a whole evaluation) alive through young-generation
 * collections until the next full one. Measured on nested container systems, such getters
 * and weak-map memos made collecting take five times as long. So the getter is one function
 * per position, shared by every object: an object's lazy fields keep their thunks in one
 * hidden list (a hidden field, lib/util/hidden-field.ts), which the i-th getter reads at i.
 * Nothing is made per field beyond its thunk; `lazyProperty` hands out the thunk itself.
 */
import { ModuleError } from "../errors.ts";
import { Thunk, entryThunks, sharedThunk, slotThunk, thunkSlots } from "../thunk.ts";
import { setOwn } from "./attrs.ts";
import { defineGetter, ownGetter } from "./define-getter.ts";
import { emptyRecord } from "./plain-record.ts";

/** The error for a shared getter read from an object it was copied to, without its thunk. */
function copiedGetterError(): ModuleError {
  return new ModuleError(
    "a lazy attribute was read from an object its getter was copied to; copy the attribute's value instead",
    { code: "invalid" },
  );
}

/**
 * Getters by position, shared by every object with lazy fields: the i-th reads the i-th thunk
 * of its object. Attribute names are data, often unique (one per container); a getter per name
 * would be made, and kept, for each of them.
 */
const entryGetters: ((this: object) => unknown)[] = [];

function entryGetter(i: number): (this: object) => unknown {
  while (entryGetters.length <= i) {
    const position = entryGetters.length;
    const get = function (this: object) {
      const thunk = slotThunk(this, position);
      if (thunk === undefined) throw copiedGetterError();
      return thunk.force();
    };
    thunkSlots.set(get, position);
    entryGetters.push(get);
  }
  return entryGetters[i]!;
}

/**
 * Gives `target` the lazy fields `names`, the i-th computed by `thunks[i]`, after any it has.
 * The list is the target's own from then on (appended to by later fields).
 */
function addThunkFields(target: object, names: readonly string[], thunks: Thunk[]): void {
  const own = entryThunks.get(target);
  if (own === undefined) {
    // The targets are objects the module system makes, which always take a hidden field.
    entryThunks.set(target, thunks);
    for (let i = 0; i < names.length; i++) defineGetter(target, names[i]!, entryGetter(i));
    return;
  }
  for (let i = 0; i < names.length; i++) {
    defineGetter(target, names[i]!, entryGetter(own.length));
    own.push(thunks[i]!);
  }
}

/**
 * A new attribute set whose i-th name is computed by the i-th thunk on first read. For sets
 * of many names (an `attrsOf` value): nothing is made per name beyond its thunk.
 */
export function lazyEntryFields(
  names: readonly string[],
  thunks: readonly Thunk[],
): Record<string, unknown> {
  const target = emptyRecord();
  addThunkFields(target, names, thunks.slice());
  return target;
}

/** A new list whose i-th element is computed by the i-th function on first read (Nix's lazy list elements). */
export function lazyItems(compute: readonly (() => unknown)[]): unknown[] {
  const list = new Array<unknown>(compute.length);
  for (let i = 0; i < compute.length; i++) {
    const thunk = new Thunk(compute[i]!);
    Object.defineProperty(list, i, {
      get: () => thunk.force(),
      enumerable: true,
      configurable: true,
    });
  }
  return list;
}

/** Defines `key` on `target` as a getter computed once, on first read (a failure is retried on the next read). */
export function lazyField(target: object, key: string, compute: () => unknown): void {
  addThunkFields(target, [key], [new Thunk(compute)]);
}

/**
 * `into` (a new object by default) with a lazy field per entry of `fields`: each function runs
 * once, when its property is first read. Modules use it where they would write getters.
 */
export function lazyFields<T extends Record<string, unknown>, B extends object = object>(
  fields: { [K in keyof T]: () => T[K] },
  into?: B,
): B & T {
  const target = (into ?? emptyRecord()) as B & T;
  const names = Object.keys(fields);
  const thunks = new Array<Thunk>(names.length);
  for (let i = 0; i < names.length; i++) thunks[i] = new Thunk(fields[names[i]!]);
  addThunkFields(target, names, thunks);
  return target;
}

/**
 * Copies the property `key` of `source` onto `target` as it is: a value stays a value, a getter
 * stays lazy (a lazy field shares its computation with the source).
 */
export function copyProperty(target: object, source: object, key: string): void {
  if (!Object.prototype.hasOwnProperty.call(source, key)) return;
  const getter = ownGetter(source, key);
  if (getter === undefined && !Object.prototype.hasOwnProperty.call(target, key)) {
    // Most copied properties are plain data: copied as one, with no descriptor made. A value
    // that reads as undefined may be a setter's, and a frozen source's values are read-only.
    const value = (source as Record<string, unknown>)[key];
    if (value !== undefined && !Object.isFrozen(source)) {
      setOwn(target, key, value);
      return;
    }
  }
  const desc = Object.getOwnPropertyDescriptor(source, key)!;
  const thunk = sharedThunk(source, desc.get);
  if (thunk !== undefined) addThunkFields(target, [key], [thunk]);
  else if (desc.get !== undefined) {
    // Read as `source[key]` reads it: a getter may find its state through `this` (a config
    // view's do), which on `target` it would not.
    const get = desc.get;
    Object.defineProperty(target, key, {
      get: () => get.call(source),
      enumerable: true,
      configurable: true,
    });
  } else Object.defineProperty(target, key, { ...desc, enumerable: true, configurable: true });
}

/**
 * Defines every own property of `source` (but those `skip` names) on `target` with its
 * descriptor, as `Object.defineProperties(target, Object.getOwnPropertyDescriptors(source))`
 * does, except that lazy fields stay lazy fields of `target`, sharing their computation.
 */
export function copyDescriptors(
  target: object,
  source: object,
  skip?: (key: string | symbol) => boolean,
): void {
  for (const key of Reflect.ownKeys(source)) {
    if (skip?.(key)) continue;
    const desc = Object.getOwnPropertyDescriptor(source, key)!;
    const thunk = sharedThunk(source, desc.get);
    if (thunk !== undefined && typeof key === "string") addThunkFields(target, [key], [thunk]);
    else Object.defineProperty(target, key, desc);
  }
}
