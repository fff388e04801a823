/**
 * Lazy fields: properties computed once, on first read, that look like plain getters.
 *
 * V8 keeps the getter of an accessor property in its old generation. A getter closure
 * made for one object is then referenced from there, and it keeps everything it closes
 * over (an option's definitions, a whole evaluation) alive through young-generation
 * collections until the next full one. Measured on nested container systems, such getters
 * and weak-map memos made collecting take five times as long. So the getter is one function
 * per property name or position, shared by every object. An object made by `lazyFields` or
 * `lazyEntryFields` keeps its fields' thunks in one hidden list, read by getters by position;
 * a field added to an object that has one already is kept under a hidden key of its name (no
 * table or map per object either way; `lazyProperty` hands out the thunk itself).
 */
import { ModuleError } from "../errors.ts";
import { Thunk, entryThunks, slotThunk, thunkSlots } from "../thunk.ts";
import { defineGetter } from "./define-getter.ts";
import { emptyRecord } from "./plain-record.ts";

/** One property name: its shared getter, and the hidden key under which each object keeps the field's thunk. */
class FieldName {
  constructor(
    readonly slot: symbol,
    readonly get: (this: Record<symbol, unknown>) => unknown,
  ) {}
}

/** Names can be data (attribute names), so the shared getters are bounded; past the bound they are made again. */
const maxSharedNames = 100_000;
const fieldNames = new Map<string, FieldName>();

/** The error for a shared getter read from an object it was copied to, without its thunk. */
function copiedGetterError(attribute: string): ModuleError {
  return new ModuleError(
    `${attribute} was read from an object its getter was copied to; copy the attribute's value instead`,
    { code: "invalid" },
  );
}

function readField(target: Record<symbol, unknown>, slot: symbol, key: string): unknown {
  const thunk = target[slot];
  if (!(thunk instanceof Thunk)) throw copiedGetterError(`the lazy attribute \`${key}'`);
  return thunk.force();
}

function fieldName(key: string): FieldName {
  let name = fieldNames.get(key);
  if (name === undefined) {
    if (fieldNames.size >= maxSharedNames) fieldNames.clear();
    const slot = Symbol("nixmod.lazyField");
    const get = function (this: Record<symbol, unknown>) {
      return readField(this, slot, key);
    };
    name = new FieldName(slot, get);
    fieldNames.set(key, name);
    thunkSlots.set(get, slot);
  }
  return name;
}

/**
 * Keeps `thunk` on `target` under `slot`, hidden (not enumerable, a symbol), as an own data
 * property: a copy of the object's descriptors takes it along, and shares the computation.
 */
function setSlot(target: object, slot: symbol, thunk: unknown): void {
  Object.defineProperty(target, slot, { value: thunk, writable: true, configurable: true });
}

function defineThunkField(target: object, key: string, thunk: Thunk): void {
  const name = fieldName(key);
  setSlot(target, name.slot, thunk);
  defineGetter(target, key, name.get);
}

/**
 * Getters by position, shared by every attribute set `lazyEntryFields` makes: the i-th reads
 * the i-th thunk of its object. Attribute names are data, often unique (one per container);
 * a getter per name would be made, and kept, for each of them.
 */
const entryGetters: ((this: object) => unknown)[] = [];

function entryGetter(i: number): (this: object) => unknown {
  while (entryGetters.length <= i) {
    const position = entryGetters.length;
    const get = function (this: object) {
      const thunk = slotThunk(this, position);
      if (thunk === undefined) throw copiedGetterError("a lazy attribute");
      return thunk.force();
    };
    thunkSlots.set(get, position);
    entryGetters.push(get);
  }
  return entryGetters[i]!;
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
  setSlot(target, entryThunks, thunks);
  for (let i = 0; i < names.length; i++) defineGetter(target, names[i]!, entryGetter(i));
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
  defineThunkField(target, key, new Thunk(compute));
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
  if (Object.prototype.hasOwnProperty.call(target, entryThunks)) {
    for (let i = 0; i < names.length; i++) lazyField(target, names[i]!, fields[names[i]!]);
    return target;
  }
  // One hidden list for all the fields, read by the getters by position, as `lazyEntryFields`
  // keeps them: a hidden key per field is a property definition per field, the dearer part.
  const thunks = new Array<Thunk>(names.length);
  for (let i = 0; i < names.length; i++) thunks[i] = new Thunk(fields[names[i]!]);
  setSlot(target, entryThunks, thunks);
  for (let i = 0; i < names.length; i++) defineGetter(target, names[i]!, entryGetter(i));
  return target;
}

/**
 * Copies the property `key` of `source` onto `target` as it is: a value stays a value, a getter
 * stays lazy (a lazy field shares its computation with the source).
 */
export function copyProperty(target: object, source: object, key: string): void {
  const desc = Object.getOwnPropertyDescriptor(source, key);
  if (desc === undefined) return;
  const slot = desc.get === undefined ? undefined : thunkSlots.get(desc.get);
  const thunk = slot === undefined ? undefined : slotThunk(source, slot);
  if (typeof slot === "number" && thunk !== undefined) {
    // A position is the source's own: the copy keeps the thunk under the name instead.
    defineThunkField(target, key, thunk);
    return;
  }
  if (thunk !== undefined) setSlot(target, slot as symbol, thunk);
  Object.defineProperty(target, key, { ...desc, enumerable: true, configurable: true });
}
