/**
 * Job scripts: NixOS's `makeJobScript`, the files behind `script`,
 * `preStart`, … and the `Exec*=` values that run them.
 */

import { isModuleError, ModuleError } from "../errors.ts";
import { assertWritableText } from "./line-safety.ts";
import { toPackage, type Package } from "../package.ts";
import { nixToString } from "./nix-to-string.ts";
import { checkStoreName, toFilePath } from "./store-path.ts";

/** One generated script: its file's store path and text, and the command a unit runs. */
export interface JobScript {
  /** Script name after NixOS's escaping (`tunnel@office-start` → `tunnel_office-start`). */
  name: string;
  /** Store path of the script's package (`builtins.toFile ("unit-script-" + name) text`). */
  path: string;
  /** The executable a unit refers to: `<path>/bin/<name>`. */
  exe: string;
  /** The file's text: shebang, `set -e`, the body. */
  text: string;
}

/** NixOS's script-name escaping: `\` doubled (its shellEscape), then `\` → `-` and `@` → `_`. */
export function jobScriptName(name: string): string {
  return name.replaceAll("\\", "\\\\").replaceAll("\\", "-").replaceAll("@", "_");
}

/** The text `writeShellScriptBin` writes for NixOS's job script body `set -e\n\n<text>\n`. */
export function jobScriptText(bash: Package | string, text: string): string {
  const runtimeShell = `${nixToString(toPackage(bash))}/bin/bash`;
  return `#!${runtimeShell}\nset -e\n\n${text}\n\n`;
}

/**
 * The text `writeShellApplication` writes for NixOS's job script with
 * `enableStrictShellChecks = true`: bash's errexit, nounset and pipefail, then
 * the body. (Nix also checks it with shellcheck when building; nixmod does not.)
 */
export function strictJobScriptText(bash: Package | string, text: string): string {
  const runtimeShell = `${nixToString(toPackage(bash))}/bin/bash`;
  return `#!${runtimeShell}\nset -o errexit\nset -o nounset\nset -o pipefail\n\n${text}\n`;
}

/** Runs `make`, naming the job script in a ModuleError it throws. */
function asJobScriptError<T>(name: string, loc: string[] | undefined, make: () => T): T {
  try {
    return make();
  } catch (error) {
    if (!isModuleError(error)) throw error;
    throw new ModuleError(
      `cannot make the job script for ${JSON.stringify(name)}: ${error.message}`,
      {
        code: error.code,
        loc,
        cause: error,
      },
    );
  }
}

/** Fails as `makeJobScript` does for a name Nix cannot store, without making the script. */
export function checkJobScriptName(name: string, loc?: string[]): void {
  asJobScriptError(name, loc, () => checkStoreName(`unit-script-${jobScriptName(name)}`));
}

/**
 * NixOS's `makeJobScript { name, text, enableStrictShellChecks }` as a
 * content-addressed file (the stand-in for `writeShellScriptBin`, or
 * `writeShellApplication` when `strict`).
 */
export function makeJobScript(
  name: string,
  text: string,
  bash: Package | string,
  loc?: string[],
  strict = false,
): JobScript {
  if (loc !== undefined) assertWritableText(text, loc, "a script file");
  const scriptName = jobScriptName(name);
  const fileText = strict ? strictJobScriptText(bash, text) : jobScriptText(bash, text);
  const path = asJobScriptError(name, loc, () => toFilePath(`unit-script-${scriptName}`, fileText));
  // writeShellScriptBin puts the script at bin/<name> and sets mainProgram,
  // so lib.getExe gives this path.
  return { name: scriptName, path, exe: `${path}/bin/${scriptName}`, text: fileText };
}
