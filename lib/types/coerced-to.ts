/** `coercedTo`: accept another type and convert it. */
import { ModuleError } from "../errors.ts";
import { checkDefsForError, headErrorOf, rawValueMeta } from "./merge-v2.ts";
import {
  Definition,
  descriptionPhrase,
  mkOptionType,
  passes,
  type Def,
  type OptionType,
} from "./option-type.ts";
import { committedSchema, shapeSchema } from "./shape-schema.ts";
import { markLocFree } from "./loc-free.ts";
import { checkFunctionArgument, checkTypeArgument } from "./argument-checks.ts";

/** A value of `finalType`, or a value of `fromType` converted to it by `coerce`. */
export function coercedTo<F, T>(
  fromType: OptionType<F>,
  coerce: (value: F) => T,
  finalType: OptionType<T>,
): OptionType<T> & { readonly "~input"?: T | F } {
  checkTypeArgument(fromType, "coercedTo");
  checkFunctionArgument(coerce, "coercedTo");
  checkTypeArgument(finalType, "coercedTo");
  if (fromType.subModules !== null) {
    throw new ModuleError(
      `coercedTo: coercedType must not have submodules (it’s a ${fromType.description})`,
      { code: "invalid" },
    );
  }
  const check = (x: unknown): boolean =>
    (passes(fromType, x) && passes(finalType, coerce(x as F))) || passes(finalType, x);
  // Nix's `def // { value = coerceVal def.value; }`: what else a definition carries (an mkOrder's
  // priority) stays with it.
  const coerced = (loc: string[], defs: Def[]): Def[] =>
    defs.map((d) => {
      if (headErrorOf(fromType, loc, [d]) !== null) return d;
      const value = coerce(d.value as F);
      return d instanceof Definition ? new Definition(d.file, value) : { ...d, value };
    });
  const type = mkOptionType<T>({
    name: "coercedTo",
    description: () =>
      `${descriptionPhrase((c) => c === "noun", finalType)} or ${descriptionPhrase(
        (c) => c === "noun",
        fromType,
      )} convertible to it`,
    check,
    merge: (loc, defs) => finalType.merge(loc, coerced(loc, defs)),
    // The converted definitions are checked by the final type when it checks its own. `merge`
    // converts them again: types without v2 merge (`nullOr`) call it alone, and `coerce` is pure.
    headError: (loc, defs) =>
      finalType.mergeV2 !== null
        ? headErrorOf(finalType, loc, coerced(loc, defs))
        : checkDefsForError(check, defs),
    valueMeta: (loc, defs, value) =>
      rawValueMeta(finalType, loc, () => coerced(loc, defs()), value),
    emptyValue: finalType.emptyValue,
    getSubOptions: finalType.getSubOptions,
    subModules: finalType.subModules,
    substSubModules: (m) =>
      coercedTo(fromType, coerce, finalType.substSubModules(m) as OptionType<T>),
    typeMerge: () => null,
    nestedTypes: { coercedType: fromType, finalType },
    // As the merge: a value the type converted from takes by its own check (a list type looks
    // at the list, not its elements) is converted, and what it becomes is checked by code the
    // schema cannot run; any other value is the final type's.
    toJsonSchema: (ctx) => {
      if (ctx.output) return ctx.type(finalType);
      const from = ctx.type(fromType);
      const converted = {
        ...(shapeSchema(fromType, from) ?? from),
        "x-nixmod-unrepresentable": "coercedTo",
      };
      return committedSchema(ctx, fromType, converted, ctx.type(finalType));
    },
  });
  return markLocFree(type, fromType, finalType);
}
