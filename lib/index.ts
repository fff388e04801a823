/** nixmod's public API: the Nix module system and the NixOS-style container modules. */
export {
  ModuleError,
  showFiles,
  showOption,
  type ErrorCode,
  type ModuleErrorData,
} from "./errors.ts";
export { evalModules, type EvalModulesArgs, type EvalResult } from "./modules/eval-modules.ts";
export type { ModuleGraphNode } from "./modules/collect.ts";
export { evaluate, type EvaluateOptions, type Evaluation } from "./evaluate.ts";
export type { Module, ModuleArgs, ModuleObject } from "./modules/module.ts";
export { importJSON, importTOML, setDefaultModuleLocation } from "./modules/module-files.ts";
export {
  mergeAttrDefinitionsWithPrio,
  type ValueWithPrio,
} from "./modules/attr-definitions-with-prio.ts";
export type { DeclarationPosition, Option } from "./modules/option-node.ts";
export {
  dischargeProperties,
  evalOptionValue,
  filterOverrides,
  filterOverridesWithPrio,
  mapDefinitionValue,
  mergeDefinitions,
  pushDownProperties,
  sortProperties,
  type MergedDefinitions,
} from "./modules/definition-functions.ts";
export {
  fixMergeModules,
  mkAliasIfDef,
  mkAliasOptionModuleMD,
  mkFixStrictness,
} from "./modules/deprecated.ts";
export * from "./modules/rename.ts";
export { lib } from "./nixlib.ts";
export {
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
  type OptionDecl,
  type OptionSpec,
} from "./options.ts";
export { isPackage, mkPackage, type Package } from "./package.ts";
export {
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
export {
  getFiles,
  getValues,
  mergeDefaultOption,
  mergeEqualOption,
  mergeOneOption,
  mergeUniqueOption,
} from "./types/merge-functions.ts";
export { types } from "./types/index.ts";
export type { Def, OptionType, ValueMeta } from "./types/option-type.ts";
export {
  escapeShellArg,
  escapeShellArgs,
  escapeSystemdExecArg,
  escapeSystemdPath,
  parseEtcHosts,
  render,
  systemdEscape,
  toFilePath,
  treeEntries,
  writeTree,
  type BindMount,
  type EtcFile,
  type NspawnCommand,
  type Rendered,
  type TreeEntry,
} from "./render/index.ts";
export { checkScripts, type CheckScriptsOptions } from "./render/check-scripts.ts";
export {
  explain,
  formatExplanation,
  priorityName,
  type DefinitionStatus,
  type ExplainedDefinition,
  type Explanation,
  type Origin,
} from "./explain/explain.ts";
export type { SourcePosition } from "./explain/source-positions.ts";
export {
  compareUnits,
  formatPlan,
  plan,
  type FileChange,
  type Plan,
  type UnitAction,
  type UnitPlan,
} from "./plan/plan.ts";
export { parseUnit, type UnitIni } from "./plan/unit-ini.ts";
export {
  applyReturning,
  jsonSchemaDialect,
  toJsonSchema,
  type JsonSchema,
  type ToJsonSchemaOptions,
} from "./schema/json-schema.ts";
export {
  assertValidConfig,
  builtinSchema,
  ConfigValidationError,
  createValidator,
  formatValidationErrors,
  validate,
  type ConfigError,
  type ConfigErrorCode,
  type ConfigValidator,
  type ValidateOptions,
  type ValidationResult,
} from "./validate.ts";
export {
  optionAttrSetToDocList,
  optionAttrSetToDocListWithPrefix,
  type DocListEntry,
} from "./docs/option-doc-list.ts";
export { renderOptionValue, type RenderedOptionValue } from "./docs/render-option-value.ts";
export { scrubOptionValue } from "./docs/scrub-option-value.ts";
export {
  optionsDoc,
  optionsToMarkdown,
  type OptionDoc,
  type OptionsDocOptions,
} from "./docs/options-doc.ts";
export {
  defineModule,
  type Definition,
  type TypedModule,
  type TypedModuleObject,
} from "./schema/typed-module.ts";
export type { NixmodConfig } from "../schema/config.ts";
export type { EvaluatedConfig } from "../schema/evaluated.ts";
