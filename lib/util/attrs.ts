/** Attribute-set helpers: what counts as an attribute set, and Nix's byte order of names. */
import { nixValueKind } from "../errors.ts";
import { Thunk } from "../thunk.ts";
import { copyProperty } from "./lazy-fields.ts";

/** Nix's `isAttrs`: a plain object (packages and module records included), not a list or thunk. */
export function isAttrs(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Thunk)
  );
}

/** Why Nix cannot select `name` from `value` (`value.${name}`), in its words; undefined when it can. */
export function selectProblem(value: unknown, name: string): string | undefined {
  if (!isAttrs(value)) return `value is ${nixValueKind(value)} while a set was expected`;
  return Object.prototype.hasOwnProperty.call(value, name)
    ? undefined
    : `attribute '${name}' missing`;
}

/**
 * Nix's `value.${name}`: what a set holds at `name`, failing in Nix's words where `value` is no
 * set or lacks it (a plain error: the option being evaluated names itself).
 */
export function select(value: unknown, name: string): unknown {
  const problem = selectProblem(value, name);
  if (problem !== undefined) throw new Error(problem);
  return (value as Record<string, unknown>)[name];
}

/**
 * Whether a value is an attribute set as the attribute-set types check their definitions: not
 * one of JavaScript's own collections or records (a Map, a Set, a Date, a Promise, …), which
 * would pass as a set without attributes and lose their entries.
 */
export function isAttrSet(value: unknown): value is Record<string, unknown> {
  if (!isAttrs(value)) return false;
  // Most definitions are plain objects: one prototype read settles them.
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) return true;
  return !(
    value instanceof Map ||
    value instanceof Set ||
    value instanceof WeakMap ||
    value instanceof WeakSet ||
    value instanceof Date ||
    value instanceof RegExp ||
    value instanceof Promise ||
    value instanceof Error ||
    value instanceof ArrayBuffer ||
    ArrayBuffer.isView(value)
  );
}

/** The kind of one of JavaScript's own objects (`Map`, `Date`, `Uint8Array`), for messages. */
export function jsClassName(value: object): string {
  return Object.prototype.toString.call(value).slice(8, -1);
}

/** A value's type as Nix's `builtins.typeOf` names it (`int`, `set`, `lambda`), for messages. */
export function nixTypeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "list";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  if (typeof value === "function") return "lambda";
  // JavaScript's own collections and records (a Map, a Date) are no attribute sets: named as they are.
  if (typeof value === "object") return isAttrSet(value) ? "set" : jsClassName(value);
  if (typeof value === "boolean") return "bool";
  return typeof value;
}

/** Compares two names by their UTF-8 bytes, as Nix orders attribute names. */
export function compareNames(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (astral characters) sort after the rest of the BMP in UTF-8.
    const xs = x >= 0xd800 && x <= 0xdfff ? x + 0x2000 : x >= 0xe000 ? x - 0x800 : x;
    const ys = y >= 0xd800 && y <= 0xdfff ? y + 0x2000 : y >= 0xe000 ? y - 0x800 : y;
    return xs - ys;
  }
  return a.length - b.length;
}

/**
 * `list` sorted in place by `compare`, and returned. Lists often come in order already (from a
 * sorted level, a merged set, one name): checking costs a comparison each and makes none of the
 * copies a sort makes.
 */
export function sortedInPlace<T>(list: T[], compare: (a: T, b: T) => number): T[] {
  for (let i = 1; i < list.length; i++) {
    if (compare(list[i - 1]!, list[i]!) > 0) return list.sort(compare);
  }
  return list;
}

/** Names in Nix's order. */
export function sortNames(names: Iterable<string>): string[] {
  return sortedInPlace([...names], compareNames);
}

/** Nix's `attrByPath path null set`: what `set` holds at `path`, or undefined. */
export function attrByPath(set: unknown, path: readonly string[]): unknown {
  let node = set;
  for (const name of path) {
    // Own names only, as a Nix set has: `toString` is no attribute of `{}`.
    if (
      typeof node !== "object" ||
      node === null ||
      !Object.prototype.hasOwnProperty.call(node, name)
    )
      return undefined;
    node = (node as Record<string, unknown>)[name];
  }
  return node;
}

/** Adds a plain data property to an object being built, safe for names like `__proto__`. */
export function setOwn(target: object, key: string, value: unknown): void {
  // Assignment is the same for every other name on a fresh object, and V8 shares the object
  // shapes it makes (defining thousands of names one by one copies the shape each time).
  if (key !== "__proto__") (target as Record<string, unknown>)[key] = value;
  else {
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
}

/** Copies own enumerable properties onto `target` as they are, so getters stay lazy (Nix's `//`). */
export function updateLazy<T extends object>(target: T, source: object): T {
  for (const key of Object.keys(source)) copyProperty(target, source, key);
  return target;
}

/**
 * Nix's `s1 // s2 // …` as a new set: later sets win, the names are in Nix's order (a set's
 * order is its names' in Nix, whatever order the definitions wrote them in), getters stay lazy.
 */
export function updateAllLazy(sets: readonly object[]): Record<string, unknown> {
  const from = new Map<string, object>();
  for (const set of sets) for (const key of Object.keys(set)) from.set(key, set);
  const out: Record<string, unknown> = {};
  for (const key of sortNames(from.keys())) copyProperty(out, from.get(key)!, key);
  return out;
}

/**
 * A list as Nix holds it: the plain sets inside it (at any depth) copied with their names in
 * Nix's order, which JavaScript keeps in the order they were written. Getters stay lazy (their
 * value is put in order when read); class instances, sets that stand for something else
 * (packages, paths, properties) and a value that contains itself are kept as they are.
 */
export function listInNixOrder(list: readonly unknown[]): unknown[] {
  return inNixOrder(list, new Set()) as unknown[];
}

function standsForSomething(set: object): boolean {
  return "outPath" in set || "__toString" in set || "_type" in set || Object.isFrozen(set);
}

function inNixOrder(value: unknown, within: Set<object>): unknown {
  if (typeof value !== "object" || value === null || within.has(value)) return value;
  const list = Array.isArray(value);
  const proto: unknown = Object.getPrototypeOf(value);
  // A set that stands for something else (a package, a path, an mkIf) stays what it is.
  if (!list && ((proto !== Object.prototype && proto !== null) || standsForSomething(value)))
    return value;
  within.add(value);
  const out: Record<string, unknown> = list ? (new Array(value.length) as never) : {};
  const keys = list ? Object.keys(value) : Object.keys(value).sort(compareNames);
  for (const key of keys) {
    const desc = Object.getOwnPropertyDescriptor(value, key)!;
    if (desc.get === undefined) out[key] = inNixOrder(desc.value, within);
    else {
      const get = desc.get;
      Object.defineProperty(out, key, {
        get: () => inNixOrder(get.call(value), new Set()),
        enumerable: true,
        configurable: true,
      });
    }
  }
  within.delete(value);
  return out;
}

/** Adds to `target` a getter per key that reads `source[key]` when used, so nothing is read early. */
export function forwardLazily<T extends object, S extends object, K extends keyof S & string>(
  target: T,
  source: S,
  keys: readonly K[],
): T & Pick<S, K> {
  for (const key of keys) {
    Object.defineProperty(target, key, {
      get: () => source[key],
      enumerable: true,
      configurable: true,
    });
  }
  return target as T & Pick<S, K>;
}

/** A record with its attributes in Nix's order, so that its JSON text is the one Nix prints. */
export function sortedRecord<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => compareNames(a, b))) as T;
}
