/** The `lib` argument modules receive: the module-system functions under their Nix names. */
import { showFiles, showOption } from "./errors.ts";
import { evalModules } from "./modules/eval-modules.ts";
import { importJSON, importTOML, setDefaultModuleLocation } from "./modules/module-files.ts";
import { mergeAttrDefinitionsWithPrio } from "./modules/attr-definitions-with-prio.ts";
import * as renames from "./modules/rename.ts";
import {
  dischargeProperties,
  evalOptionValue,
  filterOverrides,
  filterOverridesWithPrio,
  mapDefinitionValue,
  mergeDefinitions,
  pushDownProperties,
  sortProperties,
} from "./modules/definition-functions.ts";
import {
  deprecatedEvalOptionValue,
  fixMergeModules,
  mkAliasIfDef,
  mkAliasOptionModuleMD,
  mkFixStrictness,
} from "./modules/deprecated.ts";
import {
  isOption,
  literalCode,
  literalExpression,
  literalMD,
  mkEnableOption,
  mkOption,
  mkPackageOption,
  mkSinkUndeclaredOptions,
  showDefs,
  showOptionWithDefLocs,
  unknownModule,
} from "./options.ts";
import {
  optionAttrSetToDocList,
  optionAttrSetToDocListWithPrefix,
} from "./docs/option-doc-list.ts";
import { renderOptionValue } from "./docs/render-option-value.ts";
import { scrubOptionValue } from "./docs/scrub-option-value.ts";
import {
  defaultOrderPriority,
  defaultOverridePriority,
  mkAfter,
  mkAssert,
  mkBefore,
  mkDefault,
  mkDefinition,
  mkForce,
  mkIf,
  mkImageMediaOverride,
  mkMerge,
  mkOptionDefault,
  mkOrder,
  mkOverride,
  mkVMOverride,
} from "./properties.ts";
import { types } from "./types/index.ts";
import { trace, warn, warnIf } from "./util/evaluation-warning.ts";
import {
  getFiles,
  getValues,
  mergeDefaultOption,
  mergeEqualOption,
  mergeOneOption,
  mergeUniqueOption,
} from "./types/merge-functions.ts";

// nixmod's schema helper for removed options is none of Nix's names, and this one is only in
// `lib.modules`.
const { removedOptionType: _schemaHelper, mkAliasAndWrapDefsWithPriority, ...topRenames } = renames;

/** What lib/modules.nix gives that nixpkgs' lib also has at its top. */
const topModules = {
  ...topRenames,
  dischargeProperties,
  evalModules,
  filterOverrides,
  fixMergeModules,
  mergeDefinitions,
  mkAliasOptionModuleMD,
  mkFixStrictness,
  pushDownProperties,
  sortProperties,
  mkAfter,
  mkAssert,
  mkBefore,
  mkDefault,
  mkDefinition,
  mkForce,
  mkIf,
  mkImageMediaOverride,
  mkMerge,
  mkOptionDefault,
  mkOrder,
  mkOverride,
  mkVMOverride,
  setDefaultModuleLocation,
};

/** nixpkgs' `lib.modules`: what lib/modules.nix gives, as far as nixmod has it. */
const modules = Object.freeze({
  ...topModules,
  defaultOrderPriority,
  defaultOverridePriority,
  evalOptionValue,
  "filterOverrides'": filterOverridesWithPrio,
  importJSON,
  importTOML,
  mapDefinitionValue,
  mergeAttrDefinitionsWithPrio,
  mkAliasAndWrapDefsWithPriority,
  mkAliasIfDef,
});

/** What lib/options.nix gives that nixpkgs' lib also has at its top. */
const topOptions = {
  getFiles,
  getValues,
  isOption,
  literalExpression,
  literalMD,
  mergeDefaultOption,
  mergeEqualOption,
  mergeOneOption,
  mergeUniqueOption,
  mkEnableOption,
  mkOption,
  mkPackageOption,
  mkSinkUndeclaredOptions,
  optionAttrSetToDocList,
  "optionAttrSetToDocList'": optionAttrSetToDocListWithPrefix,
  scrubOptionValue,
  showFiles,
  showOption,
  showOptionWithDefLocs,
  unknownModule,
};

/** nixpkgs' `lib.options`: what lib/options.nix gives, as far as nixmod has it. */
const options = Object.freeze({
  ...topOptions,
  literalCode,
  renderOptionValue,
  showDefs,
});

/** What nixpkgs' lib has at its top from lib.types. */
const topTypeFunctions = [
  "isType",
  "setType",
  "defaultTypeMerge",
  "defaultFunctor",
  "isOptionType",
  "mkOptionType",
] as const;

/** `lib` but for the type functions, which are read on use. */
const base = {
  ...topModules,
  ...topOptions,
  // nixpkgs warns about this one's use from its top only.
  evalOptionValue: deprecatedEvalOptionValue,
  trace,
  warn,
  warnIf,
  modules,
  options,
  // Read on use: the types import the evaluator, which imports this file, so loading the
  // NixOS modules first would otherwise read `types` before it exists.
  get types() {
    return types;
  },
};

/**
 * What a module function gets as `lib`: the module system's functions at the top, as nixpkgs'
 * lib has them (with `warn`, `warnIf` and `trace`, for a rename's `use`, and the type functions
 * nixpkgs also has there), and under `modules`,
 * `options` and `types`. `importJSON`, `importTOML` and
 * `mergeAttrDefinitionsWithPrio` are only in `lib.modules`, as in nixpkgs (whose top-level
 * `importJSON` and `importTOML` read data, not a module).
 */
export const lib = Object.freeze(
  Object.defineProperties(
    base,
    Object.fromEntries(
      // Read on use, as `types` is.
      topTypeFunctions.map((name) => [name, { get: () => types[name], enumerable: true }]),
    ),
  ) as typeof base & Pick<typeof types, (typeof topTypeFunctions)[number]>,
);
