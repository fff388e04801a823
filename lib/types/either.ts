/** `either` and `oneOf`: a value of one of several types. */
import { ModuleError, showDefinitionList, showOption, wrongArgument } from "../errors.ts";
import { evaluationWarning } from "../util/evaluation-warning.ts";
import { mergeOneOption } from "./merge-functions.ts";
import { headErrorOf, rawValueMeta } from "./merge-v2.ts";
import {
  descriptionPhrase,
  checkFunctorArgument,
  mkOptionType,
  passes,
  type Def,
  type OptionType,
} from "./option-type.ts";
import { committedSchema } from "./shape-schema.ts";
import { markLocFree } from "./loc-free.ts";
import { checkTypeArgument } from "./argument-checks.ts";

/**
 * A value of `t1` or of `t2`; all definitions are merged by the first type they all fit, and
 * definitions that do not all fit the same type are an `is not of type` error.
 */
export function either<A, B>(t1: OptionType<A>, t2: OptionType<B>): OptionType<A | B> {
  checkTypeArgument(t1, "either");
  checkTypeArgument(t2, "either");
  const description = () =>
    t1.descriptionClass === "nonRestrictiveClause"
      ? `${t1.description}, or ${descriptionPhrase((c) => c === "noun" || c === "conjunction", t2)}`
      : `${descriptionPhrase((c) => c === "noun" || c === "conjunction", t1)} or ${descriptionPhrase(
          (c) => c === "noun" || c === "conjunction" || c === "composite",
          t2,
        )}`;
  // The module system asks for the head error, then merges the same definitions: the type
  // they fit is found once (a `oneOf` of n types would otherwise check them again per level).
  const fits = new WeakMap<Def[], OptionType<A | B> | null>();
  const fitting = (loc: string[], defs: Def[]): OptionType<A | B> | null => {
    let fit = fits.get(defs);
    if (fit === undefined) {
      fit =
        headErrorOf(t1, loc, defs) === null ? t1 : headErrorOf(t2, loc, defs) === null ? t2 : null;
      fits.set(defs, fit);
    }
    return fit;
  };
  const type: OptionType<A | B> = mkOptionType<A | B>({
    name: "either",
    description,
    descriptionClass: "conjunction",
    check: (x) => passes(t1, x) || passes(t2, x),
    // Called by a type without v2 merge (`nullOr`, `uniq`), definitions that fit neither type
    // alike are merged as one value; Nix warns there, and will refuse them in 26.05.
    merge: (loc, defs) => {
      const fit = fitting(loc, defs);
      if (fit !== null) return fit.merge(loc, defs);
      evaluationWarning(
        `One or more definitions did not pass the type-check of the 'either' type.\n${type.mergeV2!.headError(loc, defs)!.message}\nIf \`either\`, \`oneOf\` or similar is used in freeformType, ensure that it is preceded by an 'attrsOf' such as: \`freeformType = types.attrsOf (types.either t1 t2)\`.\nOtherwise consider using the correct type for the option \`${showOption(loc)}\`.  This will be an error in Nixpkgs 26.05.\n`,
      );
      return mergeOneOption(loc, defs) as A | B;
    },
    // The metadata of the type the definitions fit; the head error when they fit neither.
    valueMeta: (loc, defs, value) => {
      // Which type the definitions fit is known only from them, as in Nix.
      const given = defs();
      const fit = fitting(loc, given);
      return fit !== null
        ? rawValueMeta(fit, loc, () => given, value)
        : { headError: { message: type.mergeV2!.headError(loc, given)!.message } };
    },
    headError: (loc, defs) =>
      fitting(loc, defs) !== null
        ? null
        : {
            // Read only when reported: an enclosing `either` may try its other type instead.
            get message() {
              return `The option \`${showOption(loc)}\` is neither a value of type \`${t1.description}\` nor \`${t2.description}\`, Definition values: ${showDefinitionList(defs)}`;
            },
            definitions: defs,
          },
    typeMerge: (other) => {
      checkFunctorArgument(other);
      if (other.name !== "either") return null;
      const [o1, o2] = other.payload.elemType as [OptionType, OptionType];
      const m1 = t1.typeMerge(o1.functor);
      const m2 = t2.typeMerge(o2.functor);
      return m1 !== null && m2 !== null ? either(m1, m2) : null;
    },
    functor: {
      name: "either",
      type: (p: { elemType: [OptionType, OptionType] }) => either(p.elemType[0], p.elemType[1]),
      payload: { elemType: [t1, t2] },
      binOp: () => null,
    },
    nestedTypes: { left: t1, right: t2 },
    // A value that passes the first type's check is merged by it, even where the second type
    // would take it: `either (listOf int) (listOf str)` refuses `[ "a" ]`.
    toJsonSchema: (ctx) => committedSchema(ctx, t1, ctx.type(t1), ctx.type(t2)),
  });
  return markLocFree(type, t1, t2);
}

/** A value of one of `types` (tried in order). */
export function oneOf(types: readonly OptionType[]): OptionType {
  if (!Array.isArray(types)) throw wrongArgument("the argument of types.oneOf", types, "a list");
  if (types.length === 0)
    throw new ModuleError("types.oneOf needs to get at least one type in its argument", {
      code: "type",
    });
  for (const t of types) checkTypeArgument(t, "oneOf");
  return types.slice(1).reduce<OptionType>((acc, t) => either(acc, t), types[0]!);
}
