/** Nix's `_type` tags and the functions of `lib.types` that read and combine type records. */
import { ModuleError, nixValueKind, wrongArgument } from "../errors.ts";
import { isAttrs, sortNames } from "../util/attrs.ts";
import { copyProperty } from "../util/lazy-fields.ts";
import { nixEqual } from "../util/equal.ts";
import { isOptionType, type OptionType } from "./option-type.ts";

/** Whether `value` is tagged `_type = typeName` (a value that is not a set has the tag ""). */
export function isType(typeName: unknown, value: unknown): boolean {
  const tag = isAttrs(value) && "_type" in value ? value._type : "";
  return nixEqual(tag, typeName);
}

/** A copy of the set `value` tagged `_type = typeName`, its names in Nix's order and its attributes still lazy. */
export function setType<T extends object>(typeName: unknown, value: T): T & { _type: unknown } {
  if (!isAttrs(value)) {
    throw new ModuleError(`value is ${nixValueKind(value)} while a set was expected`, {
      code: "type",
    });
  }
  const tagged: Record<string, unknown> = {};
  const tag = { _type: typeName };
  for (const key of sortNames(new Set([...Object.keys(value), "_type"])))
    copyProperty(tagged, key === "_type" ? tag : value, key);
  return tagged as T & { _type: unknown };
}

/** What `mergeTypes` gives for two types that do not combine. */
export interface MergeError {
  readonly _type: "merge-error";
  readonly error: string;
}

/** The type two declarations of `a` and then `b` give, or a `merge-error` record when they conflict. */
export function mergeTypes(a: OptionType, b: OptionType): OptionType | MergeError {
  if (!isOptionType(a))
    throw wrongArgument("the first argument of types.mergeTypes", a, "an option type");
  if (!isOptionType(b))
    throw wrongArgument("the second argument of types.mergeTypes", b, "an option type");
  return a.typeMerge(b.functor) ?? { _type: "merge-error", error: "Cannot merge types" };
}
