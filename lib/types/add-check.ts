/** `addCheck`: a type with an extra check on its values. */
import { checkResult, extendType, passes, type OptionType } from "./option-type.ts";
import { markLocFree } from "./loc-free.ts";
import { checkDefsForError, headErrorOf, rawValueMeta } from "./merge-v2.ts";
import { checkFunctionArgument, checkTypeArgument } from "./argument-checks.ts";

/** The same type, with `check` also required to hold. */
export function addCheck<T>(type: OptionType<T>, extra: (value: any) => boolean): OptionType<T> {
  checkTypeArgument(type, "addCheck");
  checkFunctionArgument(extra, "addCheck");
  // Nix's `&&` takes only Booleans: a match or a length from the extra check is an error.
  const extraCheck = (x: unknown): boolean => checkResult(extra(x));
  const check = (x: unknown): boolean => passes(type, x) && extraCheck(x);
  const checked = extendType(type, {
    check,
    // A type of v2 merge checks its definitions first, then the extra check runs on each.
    mergeV2:
      type.mergeV2 === null
        ? null
        : {
            check,
            headError: (loc, defs) =>
              headErrorOf(type, loc, defs) ?? checkDefsForError(extraCheck, defs),
            valueMeta: (loc, defs, value) => rawValueMeta(type, loc, defs, value),
          },
    // The extra check is a function: the schema keeps the base type's and says what it lacks.
    toJsonSchema: (ctx) => ({ ...type.toJsonSchema(ctx), "x-nixmod-unrepresentable": "addCheck" }),
  });
  return markLocFree(checked, type);
}
