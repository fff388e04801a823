/**
 * The steps of Nix's option merge as nixpkgs' `lib.modules` hands them to custom types and
 * modules: `pushDownProperties`, `dischargeProperties`, `filterOverrides` (and its record form),
 * `sortProperties`, `mergeDefinitions`, `evalOptionValue` and `mapDefinitionValue`. They take and
 * give Nix's shapes (definitions are `{ file, value }` sets) and run the evaluator's own code, so
 * a type that merges its elements with them agrees with the module system.
 */
import { isModuleError, ModuleError, thrownMessage, wrongArgument } from "../errors.ts";
import { mergeContents, typeTag, type MergeProperty } from "../properties.ts";
import { Thunk, force, lazyProperty } from "../thunk.ts";
import { unspecified } from "../types/basic.ts";
import { checkDefinitionList } from "../types/merge-functions.ts";
import { checkedValue, checkedValueMeta, coherentMergeV2 } from "../types/merge-v2.ts";
import {
  Definition,
  isOptionType,
  type Def,
  type HeadError,
  type OptionType,
  type ValueMeta,
} from "../types/option-type.ts";
import { isAttrs, setOwn } from "../util/attrs.ts";
import { warnOnce } from "../util/evaluation-warning.ts";
import { copyProperty, lazyField, lazyFields, lazyItems } from "../util/lazy-fields.ts";
import {
  dischargeInto,
  filterByPriority,
  isProperty,
  mergeOptionDefinitions,
  propertyAsData,
  sortByOrder,
} from "./merge-definitions.ts";
import { pushDownInto } from "./push-down.ts";
import { OptionNode, type Option } from "./option-node.ts";
import type { OptionDecl } from "../options.ts";

/** The warning nixpkgs gives for lib functions it keeps only for the module system's own use. */
export function externalUseMessage(name: string): string {
  return `External use of \`${name}\` is deprecated. If your use case isn't covered by non-deprecated functions, we'd like to know more and perhaps support your use case well, instead of providing access to these low level functions. In this case please open an issue in https://github.com/nixos/nixpkgs/issues/.`;
}

/** Runs one of these functions, its failures as ModuleErrors in Nix's words (there is no option path). */
function guarded<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (isModuleError(error)) throw error;
    throw new ModuleError(thrownMessage(error), { code: "thrown", cause: error });
  }
}

/**
 * Refuses what is no list, or a list with a missing element. Nix reads `def.value._type or ""`,
 * which takes any other element (a number, a set without `value`) as a plain definition.
 */
function checkItems(fn: string, defs: readonly Def[]): void {
  if (!Array.isArray(defs)) throw wrongArgument(`the definitions given to ${fn}`, defs, "a list");
  for (const def of defs) {
    if (def === null || def === undefined)
      throw wrongArgument(`a definition given to ${fn}`, def, "a set");
  }
}

/**
 * Nix's `pushDownProperties`: `mkMerge` expanded, `mkIf` and `mkOverride` moved onto each
 * attribute of their content, so a condition can read the configuration it helps define.
 */
export function pushDownProperties(cfg: unknown): unknown[] {
  warnOnce(externalUseMessage("lib.modules.pushDownProperties"));
  return guarded(() => pushDownInto(cfg).map(asPlainData));
}

/**
 * One set the evaluator's push-down made, as Nix's is: the properties it moved onto each
 * attribute read their condition and content as values (the evaluator keeps them unforced).
 */
function asPlainData(pushed: unknown): unknown {
  if (!isAttrs(pushed)) return pushed;
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(pushed)) {
    const value = lazyProperty(pushed, name);
    if (value instanceof Thunk) lazyField(out, name, () => force(value));
    else setOwn(out, name, isProperty(value) ? propertyAsData(value) : value);
  }
  return out;
}

/**
 * Nix's `dischargeProperties`: `mkMerge` expanded and `mkIf` conditions evaluated, where
 * they are: the values that count, without properties on top.
 */
export function dischargeProperties(def: unknown): unknown[] {
  warnOnce(externalUseMessage("lib.modules.dischargeProperties"));
  return guarded(() => dischargeInto(def));
}

/** Nix's `filterOverrides'`: the definitions of the winning `mkOverride` priority, stripped of it, with that priority. */
export function filterOverridesWithPrio(defs: readonly Def[]): {
  values: Def[];
  highestPrio: number;
} {
  checkItems("filterOverrides", defs);
  return guarded(() => filterByPriority([...defs]));
}

/** Nix's `filterOverrides`: the definitions of the winning `mkOverride` priority, stripped of it. */
export function filterOverrides(defs: readonly Def[]): Def[] {
  return filterOverridesWithPrio(defs).values;
}

/** Nix's `sortProperties`: definitions in `mkOrder` order (stable), each `mkOrder` stripped and its priority kept. */
export function sortProperties(defs: readonly Def[]): Def[] {
  checkItems("sortProperties", defs);
  return guarded(() => sortByOrder([...defs]));
}

/** What Nix's `mergeDefinitions` gives; every field is computed when it is read. */
export interface MergedDefinitions<T = unknown> {
  /** The definitions that count, and the priority they won with. */
  readonly "defsFinal'": { values: Def[]; highestPrio: number };
  readonly defsFinal: Def[];
  /** The merged value; reading it fails as the option would (not of type, no value defined). */
  readonly mergedValue: T;
  readonly isDefined: boolean;
  /** `{ value }` when something is defined, `{ }` otherwise. */
  readonly optionalValue: { value?: T };
  /** The type's check and merge together, as its v2 merge reports them. */
  readonly checkedAndMerged: {
    headError: Pick<HeadError, "message"> | null;
    value: T;
    valueMeta: ValueMeta;
  };
}

function checkLoc(fn: string, loc: unknown): asserts loc is string[] {
  if (!Array.isArray(loc)) throw wrongArgument(`the option path given to ${fn}`, loc, "a list");
  for (const name of loc) {
    if (typeof name !== "string")
      throw wrongArgument(`a name in the option path given to ${fn}`, name, "a string");
  }
}

function checkType(fn: string, type: unknown): asserts type is OptionType {
  if (!isOptionType(type)) throw wrongArgument(`the type given to ${fn}`, type, "an option type");
}

/** Definitions the evaluator's merge takes: each `{ file, value }` as the module system makes it. */
function definitions(defs: readonly Def[]): Def[] {
  checkDefinitionList(defs, "value");
  checkDefinitionList(defs, "file");
  return defs.map((def) => new Definition(def.file, lazyProperty(def, "value")));
}

/**
 * Nix's `mergeDefinitions loc type defs`: what a custom type uses to merge the definitions of
 * one element (`(mergeDefinitions loc elemType defs).optionalValue`), exactly as an option of
 * that type would be merged.
 */
export function mergeDefinitions<T>(
  loc: string[],
  type: OptionType<T>,
  defs: readonly Def[],
): MergedDefinitions<T> {
  checkLoc("mergeDefinitions", loc);
  checkType("mergeDefinitions", type);
  const merged = mergeOptionDefinitions([...loc], type, definitions(defs));
  const mergedValue = () => merged.mergedValue;
  return lazyFields({
    "defsFinal'": () => ({ values: merged.defsFinal, highestPrio: merged.highestPrio }),
    defsFinal: () => merged.defsFinal,
    mergedValue,
    isDefined: () => merged.isDefined,
    optionalValue: () => (merged.isDefined ? lazyFields({ value: mergedValue }) : {}),
    checkedAndMerged: () => {
      const defsFinal = () => merged.defsFinal;
      const found =
        type.mergeV2 === null
          ? null
          : coherentMergeV2(merged.loc, type, type.mergeV2).headError(merged.loc, defsFinal());
      // Nix's record has the message alone.
      const headError = found === null ? null : { message: found.message };
      const value = checkedValue(type, merged.loc, defsFinal, mergedValue);
      return lazyFields(
        {
          value,
          valueMeta: () => checkedValueMeta(type, merged.loc, defsFinal, value),
        },
        { headError },
      );
    },
  }) as unknown as MergedDefinitions<T>;
}

/**
 * Nix's `evalOptionValue loc opt defs`: the option record the module system makes for a
 * declaration (`opt`, with its `type`, `default`, `apply`, `readOnly` and `declarations`) and its
 * definitions: `value`, `isDefined`, `highestPrio`, `definitions`, `files`, … as `options.<path>`.
 */
export function evalOptionValue(
  loc: string[],
  opt: OptionDecl & { declarations?: string[] },
  defs: readonly Def[],
): Option {
  checkLoc("evalOptionValue", loc);
  if (loc.length === 0) {
    throw new ModuleError("evalOptionValue needs an option path of at least one name", {
      code: "invalid",
    });
  }
  if (!isAttrs(opt)) throw wrongArgument("the option given to evalOptionValue", opt, "a set");
  const type = opt.type ?? unspecified;
  checkType("evalOptionValue", type);
  const declarations = opt.declarations ?? [];
  if (!Array.isArray(declarations)) {
    throw wrongArgument(
      "the declarations of the option given to evalOptionValue",
      declarations,
      "a list",
    );
  }
  const node = new OptionNode(
    loc.slice(0, -1),
    loc[loc.length - 1]!,
    { loc: [...loc], option: opt, type, declarations, subModules: [] },
    definitions(defs),
  );
  return node.option;
}

/** Nix's `mapDefinitionValue f def`: `f` applied inside every property of a definition, which all stay. */
export function mapDefinitionValue(f: (value: unknown) => unknown, def: unknown): unknown {
  if (typeof f !== "function") {
    throw wrongArgument("the function given to mapDefinitionValue", f, "a function");
  }
  return mapInside(f, force(def));
}

function mapInside(f: (value: unknown) => unknown, def: unknown): unknown {
  const tag = typeTag(def);
  if (tag === undefined) return f(def);
  const into = (field: string, compute: () => unknown) => {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(def as object)) {
      if (key !== field) copyProperty(copy, def as object, key);
    }
    return lazyFields({ [field]: compute }, copy);
  };
  const inner = (field: string) => () => mapInside(f, force(lazyProperty(def as object, field)));
  switch (tag) {
    case "merge":
      return into("contents", () =>
        lazyItems(mergeContents(def as MergeProperty).map((c) => () => mapInside(f, force(c)))),
      );
    case "if":
    case "override":
    case "order":
      return into("content", inner("content"));
    case "definition":
      return into("value", inner("value"));
    default:
      return f(def);
  }
}
