/**
 * NixOS's `lib/eval-config.nix`: evaluates a system configuration, the base
 * modules plus the given ones, with a package set. `evaluate()` uses it for the
 * host and the container module for each container's nested configuration.
 */

import { evalModules, type EvalResult } from "../lib/modules/eval-modules.ts";
import type { Module } from "../lib/modules/module.ts";
import { mkForce } from "../lib/properties.ts";
import type { PackageSet } from "./packages.ts";

/** What `evalConfig` takes. */
export interface EvalConfigArgs {
  /** The built-in modules (modules/index.ts); passed on to modules as the `baseModules` argument. */
  baseModules: readonly Module[];
  /** The configuration's own modules, after the base modules. */
  modules: readonly Module[];
  /** The package set, given to modules as `pkgs` (`_module.args.pkgs`). */
  pkgs: PackageSet;
  /** Where the configuration sits in an enclosing one (for error messages and `loc`). */
  prefix?: readonly string[];
}

/** What a system module that builds on the whole system reads from its arguments (as the container modules do). */
export interface SystemModuleArgs {
  config: any;
  pkgs: PackageSet;
  /** The built-in modules, for evaluating nested systems. */
  baseModules: readonly Module[];
}

/** The file label of the module that provides `pkgs`. */
const pkgsModuleFile = "modules/eval-config.ts#pkgs";

/**
 * The module that provides a given package set. As in NixOS's eval-config.nix, a given
 * `pkgs` is `_module.args.pkgs` with `mkForce`, so configurations cannot replace it; module
 * functions also get it as a special argument. That is the same value, known before the
 * modules are collected, so the built-in modules can declare their options once per
 * package set (`memoByObject`) and every nested container system shares those declarations.
 */
export function packageSetModule(pkgs: PackageSet): Module {
  return {
    _file: pkgsModuleFile,
    key: pkgsModuleFile,
    config: { _module: { args: { pkgs: mkForce(pkgs) } } },
  };
}

/** Evaluates `baseModules`, a module setting `_module.args.pkgs`, then `modules`. */
export function evalConfig(args: EvalConfigArgs): EvalResult {
  return evalModules({
    modules: [...args.baseModules, packageSetModule(args.pkgs), ...args.modules],
    specialArgs: { baseModules: args.baseModules, pkgs: args.pkgs },
    prefix: args.prefix ?? [],
    class: "nixos",
  });
}
