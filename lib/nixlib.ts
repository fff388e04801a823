/** The `lib` argument modules receive: the module-system functions under their Nix names. */
import { showFiles, showOption } from "./errors.ts";
import { evalModules } from "./modules/eval-modules.ts";
import { importJSON, setDefaultModuleLocation } from "./modules/module-files.ts";
import { mergeAttrDefinitionsWithPrio } from "./modules/attr-definitions-with-prio.ts";
import * as renames from "./modules/rename.ts";
import {
  isOption,
  literalExpression,
  literalMD,
  mkEnableOption,
  mkOption,
  mkPackageOption,
  mkSinkUndeclaredOptions,
  showOptionWithDefLocs,
  unknownModule,
} from "./options.ts";
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
import {
  getFiles,
  getValues,
  mergeDefaultOption,
  mergeEqualOption,
  mergeOneOption,
  mergeUniqueOption,
} from "./types/merge-functions.ts";

/** What a module function gets as `lib`. */
export const lib = Object.freeze({
  ...renames,
  defaultOrderPriority,
  defaultOverridePriority,
  evalModules,
  getFiles,
  getValues,
  importJSON,
  isOption,
  literalExpression,
  literalMD,
  mergeAttrDefinitionsWithPrio,
  mergeDefaultOption,
  mergeEqualOption,
  mergeOneOption,
  mergeUniqueOption,
  mkAfter,
  mkAssert,
  mkBefore,
  mkDefault,
  mkDefinition,
  mkEnableOption,
  mkForce,
  mkIf,
  mkImageMediaOverride,
  mkMerge,
  mkOption,
  mkOptionDefault,
  mkOrder,
  mkOverride,
  mkPackageOption,
  mkSinkUndeclaredOptions,
  mkVMOverride,
  setDefaultModuleLocation,
  showFiles,
  showOption,
  showOptionWithDefLocs,
  unknownModule,
  // Read on use: the types import the evaluator, which imports this file, so loading the
  // NixOS modules first would otherwise read `types` before it exists.
  get types() {
    return types;
  },
});
