/** The `lib` argument modules receive: the module-system functions under their Nix names. */
import { evalModules } from "./modules/eval-modules.ts";
import * as renames from "./modules/rename.ts";
import {
  isOption,
  literalExpression,
  literalMD,
  mkEnableOption,
  mkOption,
  mkPackageOption,
} from "./options.ts";
import {
  mkAfter,
  mkBefore,
  mkDefault,
  mkDefinition,
  mkForce,
  mkIf,
  mkMerge,
  mkOptionDefault,
  mkOrder,
  mkOverride,
} from "./properties.ts";
import { types } from "./types/index.ts";

/** What a module function gets as `lib`. */
export const lib = Object.freeze({
  ...renames,
  evalModules,
  isOption,
  literalExpression,
  literalMD,
  mkAfter,
  mkBefore,
  mkDefault,
  mkDefinition,
  mkEnableOption,
  mkForce,
  mkIf,
  mkMerge,
  mkOption,
  mkOptionDefault,
  mkOrder,
  mkOverride,
  mkPackageOption,
  // Read on use: the types import the evaluator, which imports this file, so loading the
  // NixOS modules first would otherwise read `types` before it exists.
  get types() {
    return types;
  },
});
