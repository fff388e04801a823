/**
 * Nix's check of a function's named arguments (`{ a, b ? null }: …`, without `...`): a set
 * that gives a name the function does not take, or leaves out one it needs, is refused where
 * the function is called, in Nix's words. JavaScript would ignore the misspelt name.
 */
import { ModuleError } from "../errors.ts";
import { nixSuggestions } from "./suggest.ts";
import { unreadableArgument } from "./reading-argument.ts";

/** Throws unless `args` (a set) gives only names in `known` and every name in `required`. */
export function checkNamedArguments(
  fn: string,
  args: object,
  known: readonly string[],
  required: readonly string[] = [],
): void {
  let names: string[];
  try {
    names = Object.keys(args);
  } catch (error) {
    throw unreadableArgument(`the argument of ${fn}`, error);
  }
  for (const name of names) {
    if (known.includes(name)) continue;
    const suggestion = nixSuggestions(name, known);
    throw new ModuleError(
      `'${fn}' called with unexpected argument '${name}'${suggestion === "" ? "" : `. ${suggestion}`}`,
      { code: "invalid" },
    );
  }
  for (const name of required) {
    // `in`: a class instance may give it by a getter of its prototype.
    if (!(name in args)) {
      throw new ModuleError(`'${fn}' called without required argument '${name}'`, {
        code: "invalid",
      });
    }
  }
}
