/** `enum`: one of a fixed list of values. */
import { force } from "../thunk.ts";
import { nixEqual } from "../util/equal.ts";
import { mergeEqualOption } from "./merge-functions.ts";
import { mkOptionType, type OptionType } from "./option-type.ts";
import { markLocFree } from "./loc-free.ts";
import { wrongArgument } from "../errors.ts";
import { formatNixInt, isNixInt } from "../util/nix-number.ts";

/** A member as Nix's enum description shows it: strings quoted, integers and booleans as written, others by `builtins.typeOf`. */
function show(v: unknown): string {
  if (typeof v === "string") return `"${v}"`;
  if (typeof v === "number" && isNixInt(v)) return formatNixInt(v);
  if (typeof v === "boolean") return String(v);
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "number") return "<float>";
  if (typeof v === "function") return "<lambda>";
  return `<${v === null ? "null" : Array.isArray(v) ? "list" : "set"}>`;
}

/** One of `values` (strings, integers or booleans). */
export function enumType<T extends string | number | boolean>(given: readonly T[]): OptionType<T> {
  // Module arguments' stand-ins, the list or its items, are read as their values.
  const list = force(given);
  if (!Array.isArray(list)) throw wrongArgument("the argument of types.enum", list, "a list");
  const values = list.map((value) => force(value)) as T[];
  const description =
    values.length === 0
      ? "impossible (empty enum)"
      : values.length === 1
        ? `value ${show(values[0])} (singular enum)`
        : `one of ${values.map(show).join(", ")}`;
  return markLocFree(
    mkOptionType({
      name: "enum",
      description,
      descriptionClass: values.length < 2 ? "noun" : "conjunction",
      check: (x) => values.some((v) => nixEqual(v, x)),
      merge: mergeEqualOption as never,
      functor: {
        name: "enum",
        type: (payload: { values: T[] }) => enumType(payload.values),
        payload: { values },
        binOp: (a: { values: T[] }, b: { values: T[] }) => ({
          values: [...a.values, ...b.values].filter(
            (v, i, all) => all.findIndex((w) => nixEqual(v, w)) === i,
          ),
        }),
      },
      toJsonSchema: () => (values.length === 0 ? { not: {} } : { enum: [...values] }),
    }),
  );
}
