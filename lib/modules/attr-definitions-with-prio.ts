/**
 * Nix's `mergeAttrDefinitionsWithPrio`: an attribute-set option merged name by name, keeping
 * each name's winning priority. NixOS uses it on `_module.args` to tell a `pkgs` set with
 * `mkDefault` from one forced on it, without evaluating either.
 */
import { ModuleError, nixValueKind, quoteOption, wrongArgument } from "../errors.ts";
import { lazyProperty } from "../thunk.ts";
import { Definition, type Def, type OptionType } from "../types/option-type.ts";
import { isAttrs, sortNames } from "../util/attrs.ts";
import { lazyFields } from "../util/lazy-fields.ts";
import { append } from "../util/lists.ts";
import { mergeOptionDefinitions } from "./merge-definitions.ts";
import type { Option } from "./option-node.ts";
import { pushDownInto } from "./push-down.ts";

/** Each name's merged value and winning priority, both read on use. */
export interface ValueWithPrio {
  readonly value: unknown;
  readonly highestPrio: number;
}

/** An `attrsOf`/`lazyAttrsOf` option's definitions merged per name, each with its priority. */
export function mergeAttrDefinitionsWithPrio(option: Option): Record<string, ValueWithPrio> {
  if (
    !isAttrs(option) ||
    !Array.isArray(option.loc) ||
    !option.loc.every((name) => typeof name === "string") ||
    !Array.isArray(option.definitionsWithLocations)
  )
    throw wrongArgument("the argument of mergeAttrDefinitionsWithPrio", option, "an option");
  const typeName = isAttrs(option.type) ? option.type.name : undefined;
  if (typeName !== "attrsOf" && typeName !== "lazyAttrsOf") {
    throw new ModuleError(
      `mergeAttrDefinitionsWithPrio needs an option of type attrsOf or lazyAttrsOf${typeName === undefined ? "" : `; ${quoteOption(option.loc)} is of type ${typeName}`}`,
      { code: "type", loc: typeName === undefined ? undefined : option.loc },
    );
  }
  const elemType = option.type.nestedTypes.elemType as OptionType;
  const byName = new Map<string, Def[]>();
  for (const def of option.definitionsWithLocations) {
    for (const pushed of pushDownInto(def.value)) {
      if (!isAttrs(pushed)) {
        throw new ModuleError(`value is ${nixValueKind(pushed)} while a set was expected`, {
          code: "type",
          loc: option.loc,
        });
      }
      for (const name of Object.keys(pushed)) {
        let defs = byName.get(name);
        if (defs === undefined) byName.set(name, (defs = []));
        defs.push(new Definition(def.file, lazyProperty(pushed, name)));
      }
    }
  }
  const out: Record<string, ValueWithPrio> = {};
  for (const name of sortNames(byName.keys())) {
    const merging = mergeOptionDefinitions(append(option.loc, name), elemType, byName.get(name)!);
    out[name] = lazyFields({
      value: () => merging.mergedValue,
      highestPrio: () => merging.highestPrio,
    });
  }
  return out;
}
