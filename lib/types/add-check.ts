/** `addCheck`: a type with an extra check on its values. */
import { extendType, type OptionType } from "./option-type.ts";
import { markLocFree } from "./loc-free.ts";

/** The same type, with `check` also required to hold. */
export function addCheck<T>(type: OptionType<T>, check: (value: any) => boolean): OptionType<T> {
  const checked = extendType(type, {
    check: (x: unknown) => type.check(x) && check(x),
    // The extra check is a function: the schema keeps the base type's and says what it lacks.
    toJsonSchema: (ctx) => ({ ...type.toJsonSchema(ctx), "x-nixmod-unrepresentable": "addCheck" }),
  });
  return markLocFree(checked, type);
}
