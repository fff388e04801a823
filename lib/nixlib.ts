/** The `lib` argument modules receive: the module-system functions under their Nix names. */
import { evalModules } from "./modules/eval-modules.ts";
import { isOption, literalExpression, literalMD, mkEnableOption, mkOption } from "./options.ts";
import {
  mkAfter,
  mkBefore,
  mkDefault,
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
  evalModules,
  isOption,
  literalExpression,
  literalMD,
  mkAfter,
  mkBefore,
  mkDefault,
  mkEnableOption,
  mkForce,
  mkIf,
  mkMerge,
  mkOption,
  mkOptionDefault,
  mkOrder,
  mkOverride,
  types,
});
