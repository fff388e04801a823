/** What a module is, before and after collection. */
import type { IfProperty, OverrideProperty } from "../properties.ts";
import type { OptionType } from "../types/option-type.ts";

/** The arguments a module function receives. */
export interface ModuleArgs {
  /** The evaluated configuration (read it lazily: in getters, `mkIf` thunks, defaults, `apply`). */
  config: any;
  /** The option tree, with each option's metadata. */
  options: any;
  /** The nixmod library (`mkIf`, `types`, …), as Nix modules get `lib`. */
  lib: any;
  /** Inside a submodule: the attribute name it is bound to. */
  name?: string;
  /** `specialArgs` and `_module.args` entries, e.g. `pkgs`. */
  [arg: string]: any;
}

/** A module as an object: the full form or the shorthand (all config). */
export interface ModuleObject {
  imports?: Module[];
  options?: Record<string, unknown>;
  config?: unknown;
  _file?: string;
  key?: string;
  disabledModules?: unknown[];
  freeformType?: OptionType;
  [definition: string]: unknown;
}

/** A module: an object, a bare `mkIf`/`mkOverride` of config, or a function of the module arguments. */
export type Module = ModuleObject | IfProperty | OverrideProperty | ModuleFunction;

/**
 * A module as a function of the module arguments (`{ config, options, lib, pkgs, name, … }`,
 * see `ModuleArgs`). The parameter is `any` so that both `({ config }) => …` and functions that
 * annotate just the arguments they use (`({ pkgs }: { pkgs: PackageSet }) => …`) fit.
 */
export type ModuleFunction = (args: any) => unknown;

/** A module in canonical form, after `unifyModuleSyntax`. */
export class NormalModule {
  // A class, for the reason given in lib/util/plain-record.ts.
  constructor(
    readonly file: string,
    readonly key: string,
    readonly disabledModules: readonly unknown[],
    readonly imports: readonly unknown[],
    readonly options: object,
    readonly config: unknown,
    /** The value the module was given as, so `disabledModules` can name it by reference. */
    readonly source: unknown,
  ) {}
}

/** The options of a module that declares none (most modules only define). */
export const noOptions: object = Object.freeze({});

/** Marks the modules a submodule adds to give `name` its value (its attribute's name, or a default). */
export const nameDefinition: unique symbol = Symbol("nixmod.nameDefinition");

/** Whether `module` is one of those. */
export function isNameDefinition(module: unknown): boolean {
  return typeof module === "object" && module !== null && nameDefinition in module;
}

/** Nix's label for a module without `_file`. */
export const unknownModule = "<unknown-file>";
