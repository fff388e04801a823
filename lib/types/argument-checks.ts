/**
 * What the type constructors check of their arguments: a wrong one is a ModuleError in Nix's
 * words when the type is made, not a TypeError from deep inside it when it is used.
 */
import { wrongArgument } from "../errors.ts";
import { typeTag } from "../properties.ts";
import { unreadableArgument } from "../util/reading-argument.ts";

/** Throws unless `value` is an option type, naming the constructor (`types.<name>`) given it. */
export function checkTypeArgument(value: unknown, constructor: string): void {
  let tag: string | undefined;
  try {
    tag = typeTag(value);
  } catch (error) {
    throw unreadableArgument(`the argument of types.${constructor}`, error);
  }
  if (tag !== "option-type") {
    throw wrongArgument(`the argument of types.${constructor}`, value, "an option type");
  }
}

/**
 * A named argument as Nix's `{ name ? fallback }` reads it: the fallback only when the argument
 * is not given (JavaScript's `undefined` is not given), so a given `null` stays null (and fails
 * a check where Nix would fail on it).
 */
export function namedArgument(opts: object, name: string, fallback: unknown): unknown {
  const value = (opts as Record<string, unknown>)[name];
  return value === undefined ? fallback : value;
}

/** Throws unless the argument `name` of `types.<constructor>` is a Boolean (or null, when `nullable`). */
export function checkFlagArgument(
  value: unknown,
  name: string,
  constructor: string,
  nullable = false,
): void {
  if (typeof value === "boolean" || (nullable && value === null)) return;
  throw wrongArgument(
    `the \`${name}' of types.${constructor}`,
    value,
    nullable ? "a Boolean or null" : "a Boolean",
  );
}

/** Throws unless `value` is a function, naming the constructor given it. */
export function checkFunctionArgument(value: unknown, constructor: string): void {
  if (typeof value !== "function") {
    throw wrongArgument(`the function argument of types.${constructor}`, value, "a function");
  }
}
