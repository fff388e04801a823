/** Values a serialization format can write: `serializableValueWith`, `json`, `toml`. */
import { checkFlagArgument, namedArgument } from "./argument-checks.ts";
import { wrongArgument } from "../errors.ts";
import { isAttrs } from "../util/attrs.ts";
import { checkNamedArguments } from "../util/named-arguments.ts";
import { copyDescriptors } from "../util/lazy-fields.ts";
import { attrsOf } from "./attrs-of.ts";
import { bool, float, int, path, str } from "./basic.ts";
import { oneOf } from "./either.ts";
import { listOf } from "./list-of.ts";
import { markLocFree } from "./loc-free.ts";
import { nullOr } from "./null-or.ts";
import { extendType, type OptionType } from "./option-type.ts";

/** What `serializableValueWith` takes. */
export interface SerializableValueOptions {
  /** The format's name, which the description gives (`"JSON"` → `JSON value`). */
  typeName: string;
  /** Whether `null` is a value, at any depth (default true). */
  nullable?: boolean;
}

/**
 * A value of a format with booleans, numbers, strings, paths, attribute sets and lists (and
 * null, when `nullable`): sets and lists hold such values in turn.
 */
export function serializableValueWith(opts: SerializableValueOptions): OptionType {
  if (!isAttrs(opts))
    throw wrongArgument("the argument of types.serializableValueWith", opts, "a set");
  checkNamedArguments("serializableValueWith", opts, ["typeName", "nullable"], ["typeName"]);
  const { typeName } = opts;
  if (typeof typeName !== "string")
    throw wrongArgument("the `typeName' of types.serializableValueWith", typeName, "a string");
  const nullable = namedArgument(opts, "nullable", true) as boolean;
  checkFlagArgument(nullable, "nullable", "serializableValueWith");
  // The type holds itself, as Nix's `let` does: the record exists (its fields come below) before
  // the set and list types made of it. Merging never depends on the path, so it is marked so.
  const valueType = markLocFree({ _type: "option-type", subModules: null } as OptionType);
  const base = oneOf([bool, int, float, str, path, attrsOf(valueType), listOf(valueType)]);
  const whole = extendType(nullable ? nullOr(base) : base, {
    description: `${typeName} value`,
  });
  copyDescriptors(valueType, whole);
  return valueType;
}

/** A JSON value (null included). */
export const json: OptionType = serializableValueWith({ typeName: "JSON" });

/** A TOML value: as JSON, without null. */
export const toml: OptionType = serializableValueWith({ typeName: "TOML", nullable: false });
