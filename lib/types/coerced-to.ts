/** `coercedTo`: accept another type and convert it. */
import { descriptionPhrase, mkOptionType, type OptionType } from "./option-type.ts";
import { markLocFree } from "./loc-free.ts";

/** A value of `finalType`, or a value of `fromType` converted to it by `coerce`. */
export function coercedTo<F, T>(
  fromType: OptionType<F>,
  coerce: (value: F) => T,
  finalType: OptionType<T>,
): OptionType<T> & { readonly "~input"?: T | F } {
  if (fromType.subModules !== null) {
    throw new TypeError(
      `coercedTo: coercedType must not have submodules (it’s a ${fromType.description})`,
    );
  }
  const type = mkOptionType<T>({
    name: "coercedTo",
    description: () =>
      `${descriptionPhrase((c) => c === "noun", finalType)} or ${descriptionPhrase(
        (c) => c === "noun",
        fromType,
      )} convertible to it`,
    check: (x) => (fromType.check(x) && finalType.check(coerce(x as F))) || finalType.check(x),
    merge: (loc, defs) =>
      finalType.merge(
        loc,
        defs.map((d) =>
          fromType.check(d.value) ? { file: d.file, value: coerce(d.value as F) } : d,
        ),
      ),
    emptyValue: finalType.emptyValue,
    getSubOptions: finalType.getSubOptions,
    subModules: finalType.subModules,
    substSubModules: (m) =>
      coercedTo(fromType, coerce, finalType.substSubModules(m) as OptionType<T>),
    typeMerge: () => null,
    nestedTypes: { coercedType: fromType, finalType },
    toJsonSchema: (ctx) => ({ anyOf: [ctx.type(finalType), ctx.type(fromType)] }),
  });
  return markLocFree(type, fromType, finalType);
}
