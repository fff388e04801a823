/**
 * nixpkgs' deprecated `lib.modules` functions, kept so that old modules still evaluate: each
 * does what it always did after Nix's evaluation warning (an error under `NIX_ABORT_ON_WARN`).
 */
import type { Option } from "./option-node.ts";
import type { OptionDecl } from "../options.ts";
import { mkIf, type IfProperty } from "../properties.ts";
import type { Def } from "../types/option-type.ts";
import { warnOnce } from "../util/evaluation-warning.ts";
import { evalOptionValue, externalUseMessage } from "./definition-functions.ts";
import { evalModules, type EvalResult } from "./eval-modules.ts";
import type { Module } from "./module.ts";
import { mkAliasOptionModule } from "./rename.ts";

/** Nix's `mkFixStrictness`: its argument, unchanged. */
export function mkFixStrictness<T>(value: T): T {
  warnOnce(
    "lib.mkFixStrictness has no effect and will be removed. It returns its argument unmodified, so you can just remove any calls.",
  );
  return value;
}

/** Nix's `mkAliasIfDef option content`: `content` if `option` is defined (`mkIf option.isDefined`). */
export function mkAliasIfDef(option: { isDefined: boolean }): <T>(content: T) => IfProperty<T> {
  warnOnce("Usage of 'mkAliasIfDef' has been deprecated. Use 'mkIf option.isDefined' instead.");
  return (content) => mkIf(() => option.isDefined, content);
}

/** Nix's `mkAliasOptionModuleMD`, another name of `mkAliasOptionModule`. */
export function mkAliasOptionModuleMD(from: readonly string[], to: readonly string[]): Module {
  warnOnce(
    "mkAliasOptionModuleMD is deprecated and will be removed in 26.05; please use mkAliasOptionModule.",
  );
  return mkAliasOptionModule(from, to);
}

/** Nix's `fixMergeModules modules args`: `evalModules` with the deprecated `args`, unchecked. */
export function fixMergeModules(
  modules: readonly Module[],
  args: Record<string, unknown>,
): EvalResult {
  return evalModules({ modules, args, check: false });
}

/** `lib.evalOptionValue` at the top of nixpkgs' lib, whose outside use Nix warns about. */
export function deprecatedEvalOptionValue(
  loc: string[],
  opt: OptionDecl & { declarations?: string[] },
  defs: readonly Def[],
): Option {
  warnOnce(externalUseMessage("lib.evalOptionValue"));
  return evalOptionValue(loc, opt, defs);
}
