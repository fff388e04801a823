/** The rendering layer: pure functions from evaluated data to the bytes a NixOS host would have. */

export { compareBytes, sortedKeys } from "./byte-order.ts";
export { renderEtc, type EtcFile, type RenderedEtc } from "./etc-files.ts";
export { effectiveHosts, parseEtcHosts, renderEtcHosts, type EtcHostsInput } from "./etc-hosts.ts";
export { jobScriptName, jobScriptText, makeJobScript, type JobScript } from "./job-script.ts";
export { assertSingleLine, assertUnitKey } from "./line-safety.ts";
export { nixJSONString } from "./nix-json.ts";
export { formatNixFloat, nixToString } from "./nix-to-string.ts";
export { formatNixInt, isNixInt } from "../util/nix-number.ts";
export type {
  EnvironmentValue,
  PathEntry,
  RenderPackages,
  ServiceRenderContext,
  ServiceValue,
} from "./service.ts";
export {
  completeService,
  defaultServicePath,
  makeSearchPathOutput,
  servicePathVariable,
  triggersText,
  type CompletedService,
} from "./service-config.ts";
export { escapeShellArg, escapeShellArgs } from "./shell-escape.ts";
export {
  makeTextPath,
  nixBase32,
  sha256Hex,
  storeDir,
  storeNameProblem,
  toFilePath,
} from "./store-path.ts";
export {
  escapeSystemdExecArg,
  escapeSystemdExecArgs,
  escapeSystemdPath,
  systemdEscape,
  systemdEscapePath,
} from "./systemd-escape.ts";
export {
  environmentLines,
  renderService,
  renderServices,
  serviceUnitText,
  switchHintLines,
  type RenderedService,
  type RenderedServices,
  type UnitTextInput,
} from "./unit-file.ts";
export { collectUnitLinks, isUnitName, unitLinks, type UnitLinkSources } from "./unit-links.ts";
export {
  attrsToSection,
  unitOption,
  unitOptionToString,
  unitSectionType,
  type UnitOptionValue,
  type UnitSection,
} from "./unit-option.ts";
export {
  render,
  type BindMount,
  type NspawnCommand,
  type Renderable,
  type Rendered,
} from "./render.ts";
export { treeEntries, writeTree, type TreeEntry, type TreeInput } from "./write-tree.ts";
