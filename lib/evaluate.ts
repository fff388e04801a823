/**
 * `evaluate()`: a whole NixOS-style system configuration, the built-in modules
 * (modules/index.ts) plus the user's, with a package set.
 */

import { builtinModules } from "../modules/index.ts";
import { evalConfig } from "../modules/eval-config.ts";
import { failedAssertions } from "../modules/misc/assertions.ts";
import { sharedPackageSet, type PackageSet } from "../modules/packages.ts";
import {
  modernContainerScripts,
  modernNspawnCommands,
} from "../modules/virtualisation/nixos-containers-nspawn.ts";
import { wrongArgument } from "./errors.ts";
import type { Module } from "./modules/module.ts";
import { withoutSchemaKey } from "./schema/schema-key.ts";
import { isAttrs } from "./util/attrs.ts";
import { readingArgument } from "./util/reading-argument.ts";
import type { Package } from "./package.ts";
import type { NspawnCommand } from "./render/render.ts";
import type { RenderedEtc } from "./render/etc-files.ts";

/** What `evaluate` takes besides the modules. */
export interface EvaluateOptions {
  /**
   * Package overrides by attribute name (`bash`, `systemd`, `iproute`, …). A string
   * that is an absolute path is taken as the package's store path; other values
   * (e.g. `system: "x86_64-linux"`) are used as they are.
   */
  pkgs?: Readonly<Record<string, Package | string | unknown>>;
}

/** The result of `evaluate`: the configuration and what NixOS derives from it at the top. */
export interface Evaluation {
  /** The evaluated configuration (lazy: reading a value computes it). */
  readonly config: any;
  /** The option tree. */
  readonly options: any;
  /** The package set the modules saw as `pkgs`. */
  readonly pkgs: PackageSet;
  /** The messages of the failed `assertions`, in order. */
  readonly failedAssertions: string[];
  /** The `warnings`. */
  readonly warnings: string[];
  /** Store files modules make that the rendered units refer to (the container modules' scripts). */
  storeFiles(): readonly unknown[];
  /** The nspawn command line of each of today's declarative containers (`containers.<name>`), by name; `etc` is /etc as `render()` made it, when given. */
  nspawn(etc?: RenderedEtc): Record<string, NspawnCommand>;
  /** Evaluates again with more modules. */
  extendModules(modules: Module | readonly Module[]): Evaluation;
}

/** Runs the built-in modules and `modules` (later modules are later in merge order). */
export function evaluate(
  modules: Module | readonly Module[],
  opts: EvaluateOptions = {},
): Evaluation {
  // A config's `$schema` key (for editors) is ignored here, as validate and the command ignore it.
  const userModules = readingArgument("the modules given to evaluate()", () =>
    (Array.isArray(modules) ? modules : [modules]).map((m) => withoutSchemaKey(m) as Module),
  );
  if (opts !== undefined && opts !== null && !isAttrs(opts)) {
    throw wrongArgument("the second argument of evaluate()", opts, "a set", "{ pkgs? }");
  }
  const overrides = opts?.pkgs ?? {};
  if (!isAttrs(overrides)) {
    throw wrongArgument("`pkgs'", overrides, "a set", "evaluate()'s package overrides");
  }
  const pkgs = sharedPackageSet(overrides);
  const result = evalConfig({ baseModules: builtinModules, modules: userModules, pkgs });
  return {
    get config() {
      return result.config;
    },
    get options() {
      return result.options;
    },
    pkgs,
    get failedAssertions() {
      return failedAssertions(result.config.assertions as unknown[], ["assertions"]);
    },
    get warnings() {
      return [...(result.config.warnings as string[])];
    },
    nspawn: (etc?: RenderedEtc) => modernNspawnCommands(result.config, pkgs, etc),
    storeFiles: () => modernContainerScripts(result.config, pkgs),
    extendModules: (more) =>
      evaluate([...userModules, ...(Array.isArray(more) ? more : [more as Module])], opts ?? {}),
  };
}
