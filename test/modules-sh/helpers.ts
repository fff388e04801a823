/**
 * The harness of nixpkgs' `lib/tests/modules.sh`, re-expressed for nixmod.
 *
 * modules.sh evaluates `lib.evalModules { modules = [ ... ]; specialArgs.modulesPath = ./.; }`,
 * selects an attribute path with `nix-instantiate -A`, and then either greps the JSON output
 * (`checkConfigOutput`) or greps the error text (`checkConfigError`). The helpers below do the
 * same with TypeScript modules, so each ported check keeps the regular expression of the
 * original line.
 */
import { expect } from "vitest";
import { evalModules, ModuleError, type Module } from "nixmod";

/**
 * Stands for the fixtures directory (`lib/tests/modules`): a virtual root, not a real
 * directory. Fixture modules are keyed `${modulesPath}/<name>.nix`, as Nix keys a module
 * imported by path with the path's string.
 */
export const modulesPath = "/modules-sh";

/** The Nix store directory, as `builtins.storeDir` gives it. */
export const storeDir = "/nix/store";

function copyInto(target: Record<string, unknown>, source: object): void {
  for (const key of Object.keys(source)) {
    Object.defineProperty(target, key, {
      ...Object.getOwnPropertyDescriptor(source, key)!,
      enumerable: true,
      configurable: true,
    });
  }
}

function located(path: string, value: unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  const tagged = Object.prototype.hasOwnProperty.call(value, "_type");
  const out: Record<string, unknown> = { _file: path, key: path };
  if (tagged) out.config = value;
  else copyInto(out, value);
  return out;
}

/**
 * A fixture file: the module as `./name.nix` would be when imported by path, with `_file`
 * and `key` set to the file's path (getters stay lazy; a function stays a function).
 */
export function fixture(name: string, m: Module | ((args: any) => unknown)): Module {
  const path = `${modulesPath}/${name}`;
  if (typeof m === "function") {
    const fn = m as (args: any) => unknown;
    return (args: any) => located(path, fn(args));
  }
  return located(path, m) as Module;
}

/** A selection path: `"config.a.b"`, or a list of names for names with dots in them. */
export type Selection = string | readonly string[];

function selectionNames(attr: Selection): string[] {
  return typeof attr === "string" ? attr.split(".") : [...attr];
}

/** Thrown like `nix-instantiate -A` does when a name in the selection path is missing. */
export class SelectionError extends Error {
  override name = "SelectionError";
}

/**
 * Evaluates `modules` as the fixtures' `default.nix` does and selects `attr`
 * (starting with `config` or `options`), like `nix-instantiate -A attr`.
 */
export function evalConfig(
  attr: Selection,
  modules: readonly Module[],
  specialArgs: Record<string, unknown> = {},
): unknown {
  const names = selectionNames(attr);
  const result = evalModules({ modules, specialArgs: { modulesPath, ...specialArgs } });
  const root: Record<string, unknown> = {
    get config() {
      return result.config;
    },
    get options() {
      return result.options;
    },
  };
  let value: unknown = root;
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    if (typeof value !== "object" || value === null || !(name in value)) {
      throw new SelectionError(
        `attribute '${name}' in selection path '${names.join(".")}' not found`,
      );
    }
    value = (value as Record<string, unknown>)[name];
  }
  return value;
}

/** The text of an error with its causes, as Nix prints an error with its trace. */
export function errorText(error: unknown): string {
  const parts: string[] = [];
  let e: unknown = error;
  for (let depth = 0; e !== undefined && depth < 10; depth++) {
    parts.push(e instanceof Error ? e.message : String(e));
    e = e instanceof Error ? e.cause : undefined;
  }
  return parts.join("\n");
}

/** The JSON that `nix-instantiate --eval --json` would print for the selected value. */
export function evalJSON(
  attr: Selection,
  modules: readonly Module[],
  specialArgs?: Record<string, unknown>,
): string {
  return JSON.stringify(evalConfig(attr, modules, specialArgs));
}

/** `checkConfigOutput REGEX ATTR MODULES...`: the JSON of the selected value matches. */
export function checkConfigOutput(
  pattern: string,
  attr: Selection,
  modules: readonly Module[],
  specialArgs?: Record<string, unknown>,
): void {
  expect(evalJSON(attr, modules, specialArgs)).toMatch(new RegExp(pattern));
}

/** What `checkConfigError` accepts besides the pattern. */
export interface ErrorCheckOptions {
  specialArgs?: Record<string, unknown>;
  /** Whether the failure must be a ModuleError (false for `attribute ... not found`). */
  moduleError?: boolean;
}

/**
 * `checkConfigError REGEX ATTR MODULES...`: evaluating (and printing) the selected value
 * fails, and the error text matches.
 */
export function checkConfigError(
  pattern: string,
  attr: Selection,
  modules: readonly Module[],
  opts: ErrorCheckOptions = {},
): void {
  let thrown: unknown;
  try {
    evalJSON(attr, modules, opts.specialArgs);
  } catch (error) {
    thrown = error;
  }
  expect(thrown, "evaluation should fail").toBeDefined();
  if (!(thrown instanceof SelectionError) && opts.moduleError !== false) {
    expect(thrown).toBeInstanceOf(ModuleError);
  }
  expect(errorText(thrown)).toMatch(new RegExp(pattern));
}
