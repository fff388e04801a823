/**
 * TypeScript types for modules written against a generated config type (`schema/config.ts`'s
 * `NixmodConfig`): a misspelt option or a value of the wrong type is a compile error, and an
 * option's description shows on hover (the mapped types below keep the generated JSDoc).
 *
 * JSON config files hold plain values; TypeScript modules may also wrap any value in the
 * `mk*` properties, so each value `T` becomes `Definition<T>`.
 */
import type { Module, ModuleArgs } from "../modules/module.ts";
import type { IfProperty, MergeProperty, OrderProperty, OverrideProperty } from "../properties.ts";
import type { OptionType } from "../types/option-type.ts";
import type { NixmodConfig } from "../../schema/config.ts";

/** A definition of a `T`: the value, or the value under `mkIf`/`mkMerge`/`mkOverride`/`mkOrder`, down to each attribute and list entry. */
export type Definition<T> =
  | DefinitionBody<T>
  | IfProperty<Definition<T>>
  | MergeProperty<Definition<T>>
  | OverrideProperty<Definition<T>>
  | OrderProperty<Definition<T>>;

/** A plain definition of a `T` whose attributes and list entries are definitions in turn. */
export type DefinitionBody<T> = T extends (...args: any[]) => unknown
  ? T
  : T extends readonly (infer E)[]
    ? Definition<E>[]
    : T extends object
      ? { [K in keyof T]: Definition<T[K]> }
      : T;

/** A module in full form that only defines options of `C`. */
export interface TypedFullModule<C> {
  /** Modules to import (not checked against `C`: they may declare options of their own). */
  imports?: Module[];
  config?: DefinitionBody<C> | IfProperty<Definition<C>> | MergeProperty<Definition<C>>;
  _file?: string;
  key?: string;
  disabledModules?: unknown[];
}

/** A module that declares options of its own: its `config` is checked when it is evaluated, not here. */
export interface DeclaringModule {
  options: Record<string, unknown>;
  config?: unknown;
  imports?: Module[];
  _file?: string;
  key?: string;
  disabledModules?: unknown[];
  freeformType?: OptionType;
}

/** A module object: the shorthand (all config), the full form, or one declaring its own options. */
export type TypedModuleObject<C> = DefinitionBody<C> | TypedFullModule<C> | DeclaringModule;

/** A module whose definitions are checked against the config type `C` (by default the built-in system's `NixmodConfig`). */
export type TypedModule<C = NixmodConfig> =
  TypedModuleObject<C> | ((args: ModuleArgs) => TypedModuleObject<C>);

/** Returns `module` unchanged; its type checks the definitions against `C` (the built-in system's options unless given). */
export function defineModule<C = NixmodConfig>(module: TypedModule<NoInfer<C>>): TypedModule<C> {
  return module;
}
