/**
 * Patterns come from modules (`strMatching`) and the strings they are matched against from
 * config files, so a pattern such as `(a|a)*` must not backtrack for ever on a long value.
 */
import { setFlagsFromString } from "node:v8";

let guarded = false;

/**
 * Has V8 finish a match that backtracks too much on its breadth-first engine, which gives the
 * same result in time linear in the string (Nix's matcher does not blow up on these either).
 * The setting is the process's: it changes how long such a match takes, never its result.
 */
export function guardBacktracking(): void {
  if (guarded) return;
  guarded = true;
  setFlagsFromString("--enable-experimental-regexp-engine-on-excessive-backtracks");
}
