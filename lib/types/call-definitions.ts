/** Calling function-valued definitions (`functionTo`, `anything`) with the merged function's argument. */
import { ModuleError, isModuleError, quoteOption, thrownMessage } from "../errors.ts";
import { asModuleError, isStackOverflow } from "../thunk.ts";
import type { Def } from "./option-type.ts";

/**
 * Each definition called with `arg`, as definitions of `bodyLoc` (the option's `<function body>`).
 * The functions are the user's code, called when the merged function is: what one throws
 * becomes a ModuleError naming the option and the file that defined that function.
 */
export function callDefinitions(bodyLoc: string[], defs: readonly Def[], arg: unknown): Def[] {
  return defs.map((d) => {
    try {
      return { file: d.file, value: (d.value as (a: unknown) => unknown)(arg) };
    } catch (error) {
      if (isModuleError(error) || isStackOverflow(error)) throw asModuleError(error, bodyLoc);
      throw new ModuleError(
        `while evaluating the option ${quoteOption(bodyLoc)}: the function defined in \`${d.file}' failed: ${thrownMessage(error)}`,
        { code: "thrown", loc: bodyLoc, cause: error },
      );
    }
  });
}
