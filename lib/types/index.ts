/** The `types` namespace: every option type, under Nix's names. */
import { addCheck } from "./add-check.ts";
import { attrTag } from "./attr-tag.ts";
import { attrsOf, attrsWith, lazyAttrsOf } from "./attrs-of.ts";
import {
  anything,
  attrs,
  bool,
  boolByOr,
  float,
  int,
  packageType,
  path,
  pathWith,
  raw,
  str,
  unspecified,
} from "./basic.ts";
import { coercedTo } from "./coerced-to.ts";
import { deferredModule, deferredModuleWith } from "./deferred-module.ts";
import { either, oneOf } from "./either.ts";
import { enumType } from "./enum.ts";
import { functionTo } from "./function-to.ts";
import { ints, port } from "./ints.ts";
import { listOf, nonEmptyListOf } from "./list-of.ts";
import { nullOr } from "./null-or.ts";
import { optionTypeType } from "./option-type-type.ts";
import { isOptionType, mkOptionType } from "./option-type.ts";
import {
  commas,
  envVar,
  lines,
  nonEmptyStr,
  separatedString,
  singleLineStr,
  string,
  strMatching,
} from "./strings.ts";
import { submodule, submoduleWith } from "./submodule.ts";
import { uniq, unique } from "./unique.ts";

/** Every option type, named as in nixpkgs' `lib.types`. */
export const types = {
  addCheck,
  anything,
  attrs,
  attrTag,
  attrsOf,
  attrsWith,
  bool,
  boolByOr,
  coercedTo,
  commas,
  deferredModule,
  deferredModuleWith,
  either,
  enum: enumType,
  envVar,
  float,
  functionTo,
  int,
  ints,
  isOptionType,
  lazyAttrsOf,
  lines,
  listOf,
  mkOptionType,
  nonEmptyListOf,
  nonEmptyStr,
  nullOr,
  number: either(int, float),
  oneOf,
  optionType: optionTypeType,
  package: packageType,
  path,
  pathWith,
  port,
  raw,
  separatedString,
  singleLineStr,
  str,
  string,
  strMatching,
  submodule,
  submoduleWith,
  uniq,
  unique,
  unspecified,
};
