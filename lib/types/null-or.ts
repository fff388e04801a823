/** `nullOr`: null or a value of another type. */
import { ModuleError, showFiles, showOption } from "../errors.ts";
import { elemTypeFunctor } from "./list-of.ts";
import {
  descriptionPhrase,
  mkOptionType,
  passes,
  type Def,
  type OptionType,
} from "./option-type.ts";
import { markLocFree } from "./loc-free.ts";
import { checkTypeArgument } from "./argument-checks.ts";

/** Nix's error for definitions of a `nullOr` option where some are null and some are not. */
function nullConflictError(loc: string[], defs: readonly Def[]): ModuleError {
  return new ModuleError(
    `The option \`${showOption(loc)}\` is defined both null and not null, in ${showFiles(defs.map((d) => d.file))}.`,
    { code: "conflict", loc, definitions: [...defs] },
  );
}

/** Null, or a value of `elemType`; all definitions must agree on which. */
export function nullOr<T>(elemType: OptionType<T>): OptionType<T | null> {
  checkTypeArgument(elemType, "nullOr");
  const type = mkOptionType<T | null>({
    name: "nullOr",
    description: () =>
      `null or ${descriptionPhrase((c) => c === "noun" || c === "conjunction", elemType)}`,
    descriptionClass: "conjunction",
    check: (x) => x === null || passes(elemType, x),
    merge: (loc, defs) => {
      const nulls = defs.filter((d) => d.value === null).length;
      if (nulls === 0) return elemType.merge(loc, defs);
      if (nulls === defs.length) return null;
      throw nullConflictError(loc, defs);
    },
    emptyValue: { value: null },
    getSubOptions: elemType.getSubOptions,
    subModules: elemType.subModules,
    substSubModules: (m) => nullOr(elemType.substSubModules(m)),
    functor: elemTypeFunctor("nullOr", { elemType }, (p) => nullOr(p.elemType)),
    nestedTypes: { elemType },
    toJsonSchema: (ctx) => ({ anyOf: [{ type: "null" }, ctx.type(elemType)] }),
  });
  return markLocFree(type, elemType);
}
