/** `unique` and `uniq`: a type that may be defined only once. */
import { uniqueMerge } from "./merge-functions.ts";
import { elemTypeFunctor } from "./list-of.ts";
import { mkOptionType, type OptionType } from "./option-type.ts";
import { markLocFree } from "./loc-free.ts";
import { checkTypeArgument } from "./argument-checks.ts";
import { wrongArgument } from "../errors.ts";
import { checkNamedArguments } from "../util/named-arguments.ts";

/** `type`, defined at most once; `message` says why when it is defined twice. */
export function unique<T>(opts: { message: string }, type: OptionType<T>): OptionType<T> {
  if (typeof opts !== "object" || opts === null)
    throw wrongArgument("the argument of types.unique", opts, "a set");
  checkNamedArguments("unique", opts, ["message"], ["message"]);
  if (typeof opts.message !== "string")
    throw wrongArgument("the `message' of types.unique", opts.message, "a string");
  checkTypeArgument(type, "unique");
  const unique_ = mkOptionType<T>({
    name: "unique",
    description: () => type.description,
    descriptionClass: type.descriptionClass,
    check: type.check,
    merge: uniqueMerge(opts.message, type.merge) as (loc: string[], defs: any) => T,
    emptyValue: type.emptyValue,
    getSubOptions: type.getSubOptions,
    subModules: type.subModules,
    // Nix's `uniq (type.substSubModules m)`: a submodule's copy loses the message.
    substSubModules: (m) => uniq(type.substSubModules(m)),
    functor: elemTypeFunctor("unique", { elemType: type }, (p) => unique(opts, p.elemType)),
    nestedTypes: { elemType: type },
    toJsonSchema: type.toJsonSchema,
  });
  return markLocFree(unique_, type);
}

/** `type`, defined at most once. */
export function uniq<T>(type: OptionType<T>): OptionType<T> {
  return unique({ message: "" }, type);
}
