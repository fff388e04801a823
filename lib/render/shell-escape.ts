/** nixpkgs' `lib.escapeShellArg`: quoting one word for a POSIX shell. */

import { nixToString } from "./nix-to-string.ts";
import { wrongArgument } from "../errors.ts";

// [[:alnum:]] in Nix's regex is ASCII-only (C locale), hence the explicit ranges.
const bare = /^[A-Za-z0-9,._+:@%/-]+$/;

/** `lib.escapeShellArg`: the word bare when only safe characters, else single-quoted with `'\''`. */
export function escapeShellArg(arg: unknown): string {
  const text = nixToString(arg);
  return bare.test(text) ? text : "'" + text.replaceAll("'", "'\\''") + "'";
}

/** `lib.escapeShellArgs`: every word escaped, joined by single spaces. */
export function escapeShellArgs(args: readonly unknown[]): string {
  if (!Array.isArray(args)) throw wrongArgument("the argument of escapeShellArgs", args, "a list");
  return args.map(escapeShellArg).join(" ");
}
