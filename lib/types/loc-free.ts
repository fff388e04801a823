/**
 * Types whose merged value does not depend on the option's path: the path only ever appears in
 * their error messages. An option of such a type that has nothing but its default has the same
 * value in every evaluation, so the module system merges that default once per declaration
 * (see `sharedDefault` in lib/modules/namespace.ts).
 *
 * Only the library's own constructors mark types: a type made with `mkOptionType`, or copied
 * with other fields, may merge in any way and is never marked. A set, not a property, so a copy
 * of a type does not inherit the mark.
 */
import type { OptionType } from "./option-type.ts";

const marked = new WeakSet<OptionType<any>>();

/** Marks `type` as path-independent when each of `nested` is; returns `type`. */
export function markLocFree<T extends OptionType<any>>(type: T, ...nested: OptionType<any>[]): T {
  if (nested.every((t) => marked.has(t))) marked.add(type);
  return type;
}

/** Whether merging a value of `type` gives the same result at any option path. */
export function isLocFree(type: OptionType<any>): boolean {
  return marked.has(type);
}
