/**
 * Job scripts: NixOS's `makeJobScript`, the files behind `script`,
 * `preStart`, … and the `Exec*=` values that run them.
 */

import { assertWritableText } from "./line-safety.ts";
import { toPackage, type Package } from "../package.ts";
import { nixToString } from "./nix-to-string.ts";
import { toFilePath } from "./store-path.ts";
import { sanitizeDerivationName } from "../util/derivation-name.ts";

/** One generated script: its file's store path and text, and the command a unit runs. */
export interface JobScript {
  /** Script name after NixOS's escaping (`tunnel@office-start` → `tunnel_office-start`). */
  name: string;
  /** Store path of the script's package: `builtins.toFile` of the text, named `unit-script-<name>` as stdenv sanitises it. */
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
  // The package's name goes through stdenv's sanitising (`a:b` gives `unit-script-a-b-start`);
  // the file in it keeps the script's own name.
  const storeName = sanitizeDerivationName(`unit-script-${scriptName}`);
  const path = toFilePath(storeName, fileText);
  // writeShellScriptBin puts the script at bin/<name> and sets mainProgram,
  // so lib.getExe gives this path.
  return { name: scriptName, path, exe: `${path}/bin/${scriptName}`, text: fileText };
}
