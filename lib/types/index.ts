/** The `types` namespace: every option type, under Nix's names. */
import { addCheck } from "./add-check.ts";
import { attrTag } from "./attr-tag.ts";
import { attrListOf, attrListWith } from "./attr-list.ts";
import { attrsOf, attrsWith, lazyAttrsOf, loaOf } from "./attrs-of.ts";
import {
  anything,
  attrs,
  bool,
  boolByOr,
  externalPath,
  float,
  int,
  packageType,
  path,
  pathInStore,
  pathWith,
  raw,
  shellPackage,
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
import { luaInline } from "./lua-inline.ts";
import { nullOr } from "./null-or.ts";
import { number, numbers } from "./numbers.ts";
import { optionDeclaration } from "./option-declaration.ts";
import { optionTypeType } from "./option-type-type.ts";
import {
  defaultFunctor,
  defaultTypeMerge,
  descriptionPhrase,
  isOptionType,
  mkOptionType,
  type DescriptionClass,
  type OptionType,
  type TypeFunctor,
  setLibTypes,
} from "./option-type.ts";
import { checkFunctionArgument, checkTypeArgument } from "./argument-checks.ts";
import { wrongArgument } from "../errors.ts";
import { isAttrs } from "../util/attrs.ts";
import { pkgs } from "./package-set.ts";
import { passwdEntry } from "./passwd-entry.ts";
import { json, serializableValueWith, toml } from "./serializable.ts";
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
import { noCheckForDocsModule, submodule, submoduleWith } from "./submodule.ts";
import { isType, mergeTypes, setType } from "./type-tags.ts";
import { uniq, unique } from "./unique.ts";

/** Nix's `defaultFunctor`: a functor without payload, whose type is `types.<name>` if that is a type. */
function namedFunctor(name: string): TypeFunctor {
  const named = Object.hasOwn(namespace, name) ? namespace[name as keyof typeof namespace] : null;
  return defaultFunctor(name, isOptionType(named) ? named : null);
}

/** Nix's `optionDescriptionPhrase`: `type`'s description, in parentheses unless its class reads well inline. */
function optionDescriptionPhrase(
  unparenthesize: (cls: DescriptionClass | null) => boolean,
  type: OptionType,
): string {
  checkFunctionArgument(unparenthesize, "optionDescriptionPhrase");
  checkTypeArgument(type, "optionDescriptionPhrase");
  return descriptionPhrase(unparenthesize, type);
}

/** Nix's `defaultTypeMerge`: the type two functors make together, or null. */
function checkedTypeMerge(f: TypeFunctor, other: TypeFunctor): OptionType | null {
  for (const functor of [f, other]) {
    if (
      !isAttrs(functor) ||
      typeof functor.name !== "string" ||
      typeof functor.binOp !== "function"
    )
      throw wrongArgument("an argument of types.defaultTypeMerge", functor, "a type's functor");
  }
  return defaultTypeMerge(f, other);
}

const namespace = {
  addCheck,
  anything,
  attrListOf,
  attrListWith,
  attrs,
  attrTag,
  attrsOf,
  attrsWith,
  bool,
  boolByOr,
  coercedTo,
  commas,
  defaultFunctor: namedFunctor,
  defaultTypeMerge: checkedTypeMerge,
  deferredModule,
  deferredModuleWith,
  either,
  enum: enumType,
  envVar,
  externalPath,
  float,
  functionTo,
  int,
  ints,
  isOptionType,
  isType,
  json,
  lazyAttrsOf,
  lines,
  listOf,
  loaOf,
  luaInline,
  mergeTypes,
  mkOptionType,
  noCheckForDocsModule,
  nonEmptyListOf,
  nonEmptyStr,
  nullOr,
  number,
  numbers,
  oneOf,
  optionDescriptionPhrase,
  optionDeclaration,
  optionType: optionTypeType,
  package: packageType,
  passwdEntry,
  path,
  pathInStore,
  pathWith,
  pkgs,
  port,
  raw,
  separatedString,
  serializableValueWith,
  setType,
  shellPackage,
  singleLineStr,
  str,
  string,
  strMatching,
  submodule,
  submoduleWith,
  toml,
  uniq,
  unique,
  unspecified,
};

/** Every option type, named as in nixpkgs' `lib.types`; `types.types` is the set itself, as in Nix. */
export const types = Object.assign(namespace, { types: namespace });
setLibTypes(types);
