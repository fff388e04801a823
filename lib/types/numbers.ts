/** Numbers that may be integers or floats: `number` and the ranges of `numbers`. */
import { nixToJSON } from "../render/nix-json.ts";
import { force } from "../thunk.ts";
import { addCheck } from "./add-check.ts";
import { float, int } from "./basic.ts";
import { either } from "./either.ts";
import { extendType, type JsonSchema, type OptionType } from "./option-type.ts";
import { markLocFree } from "./loc-free.ts";
import { checkBounds } from "./ints.ts";

/** An integer or a float (Nix's `either int float`). */
export const number: OptionType<number> = either(int, float);

/**
 * `number` with an extra check, renamed and described anew (`fields`). Every JSON number is a
 * `number`, so `schema`, the range, says all of it. Declared twice, the type is `number` again,
 * as in Nix.
 */
function restricted(
  check: (x: number) => boolean,
  fields: Pick<OptionType, "name" | "description"> & Partial<Pick<OptionType, "descriptionClass">>,
  schema: JsonSchema,
): OptionType<number> {
  const base = addCheck(number, check);
  return markLocFree(
    extendType(base, { ...fields, toJsonSchema: () => ({ type: "number", ...schema }) }),
    base,
  );
}

/** A bound as Nix's `builtins.toJSON` writes it (JavaScript cannot tell 1.0 from 1). */
const boundText = (n: number) => nixToJSON(n);

/** A JSON Schema bound, left out where JSON has no number for it (an infinite one). */
const bound = (keyword: string, n: number): JsonSchema =>
  Number.isFinite(n) ? { [keyword]: n } : {};

/** A number between `lo` and `hi`, both inclusive. */
export function numberBetween(low: number, high: number): OptionType<number> {
  const [lo, hi] = [force(low), force(high)];
  checkBounds("numbers", lo, hi);
  return restricted(
    (x) => x >= lo && x <= hi,
    {
      name: "numberBetween",
      description: `integer or floating point number between ${boundText(lo)} and ${boundText(hi)} (both inclusive)`,
    },
    { ...bound("minimum", lo), ...bound("maximum", hi) },
  );
}

/** Number types with a range, as Nix's `types.numbers`. */
export const numbers = {
  between: numberBetween,
  nonnegative: restricted(
    (x) => x >= 0,
    {
      name: "numberNonnegative",
      description: "nonnegative integer or floating point number, meaning >=0",
      descriptionClass: "nonRestrictiveClause",
    },
    { minimum: 0 },
  ),
  positive: restricted(
    (x) => x > 0,
    {
      name: "numberPositive",
      description: "positive integer or floating point number, meaning >0",
      descriptionClass: "nonRestrictiveClause",
    },
    { exclusiveMinimum: 0 },
  ),
};
