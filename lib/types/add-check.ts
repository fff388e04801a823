/** `addCheck`: a type with an extra check on its values. */
import type { OptionType } from "./option-type.ts";

/** The same type, with `check` also required to hold. */
export function addCheck<T>(type: OptionType<T>, check: (value: any) => boolean): OptionType<T> {
  return { ...type, check: (x: unknown) => type.check(x) && check(x) };
}
