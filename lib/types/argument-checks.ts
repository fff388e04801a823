/**
 * What the type constructors check of their arguments: a wrong one is a ModuleError in Nix's
 * words when the type is made, not a TypeError from deep inside it when it is used.
 */
import { wrongArgument } from "../errors.ts";
import { typeTag } from "../properties.ts";

/** Throws unless `value` is an option type, naming the constructor (`types.<name>`) given it. */
export function checkTypeArgument(value: unknown, constructor: string): void {
  if (typeTag(value) !== "option-type") {
    throw wrongArgument(`the argument of types.${constructor}`, value, "an option type");
  }
}

/** Throws unless `value` is a function, naming the constructor given it. */
export function checkFunctionArgument(value: unknown, constructor: string): void {
  if (typeof value !== "function") {
    throw wrongArgument(`the function argument of types.${constructor}`, value, "a function");
  }
}
