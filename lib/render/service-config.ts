/**
 * What NixOS adds to every service before writing its unit: the job scripts
 * and their `Exec*=` keys (systemd-unit-options.nix), the `[Unit]` keys made
 * from dependency options and triggers, and `PATH` (systemd-lib.nix), and the
 * default `path` entries (stage2ServiceConfig).
 */

import { isModuleError, ModuleError, quoteOption } from "../errors.ts";
import { optionTreeOf } from "../modules/eval-modules.ts";
import { mergeOptionDefinitions } from "../modules/merge-definitions.ts";
import type { Children } from "../modules/namespace.ts";
import { OptionNode } from "../modules/option-node.ts";
import { defaultOverridePriority, mkAfter, mkIf, typeTag } from "../properties.ts";
import { force } from "../thunk.ts";
import { isPackage, toPackage } from "../package.ts";
import { Definition, type Def, type OptionType } from "../types/option-type.ts";
import { assertSingleLine, assertWritableText } from "./line-safety.ts";
import { makeJobScript, type JobScript } from "./job-script.ts";
import { nixToString } from "./nix-to-string.ts";
import {
  environmentType,
  pathType,
  type EnvironmentValue,
  type PathEntry,
  type RenderPackages,
  type ServiceValue,
} from "./service.ts";
import { toFilePath } from "./store-path.ts";
import { resolveSpecifiers, type Specifiers } from "./unit-specifiers.ts";
import { sanitizeDerivationName } from "../util/derivation-name.ts";
import { unitSectionType, type UnitOptionValue } from "./unit-option.ts";
import { lazyField, lazyFields, lazyItems } from "../util/lazy-fields.ts";

/** A service with NixOS's generated definitions merged in: what NixOS's `serviceToUnit` reads. */
export interface CompletedService extends Pick<
  ServiceValue,
  "wantedBy" | "reloadIfChanged" | "restartIfChanged" | "stopIfChanged" | "notSocketActivated"
> {
  /** The attribute name (`tunnel@`). */
  name: string;
  /** The unit file name (`tunnel@.service`). */
  unitName: string;
  /** NixOS's `[Unit]` keys merged with the user's. */
  unitConfig: Record<string, UnitOptionValue>;
  /** The job scripts' `Exec*=` keys merged with the user's. */
  serviceConfig: Record<string, UnitOptionValue>;
  /** The user's environment merged with the generated `PATH`. */
  environment: Record<string, EnvironmentValue>;
  /** The user's path merged with coreutils, findutils, gnugrep, gnused, systemd (after it, unless priorities say otherwise). */
  path: PathEntry[];
  /** The job scripts this unit runs, in phase order. */
  jobScriptFiles: JobScript[];
  /** Trigger files (`X-Restart-Triggers`, then `X-Reload-Triggers`). */
  triggerFiles: StoreFile[];
}

/** A file in the store: its path and text. */
export interface StoreFile {
  path: string;
  text: string;
}

/** Labels for NixOS's definitions in conflict messages (the files that make them), and for a plain service's. */
const unitOptionsFile = "nixos/lib/systemd-unit-options.nix";
const systemdLibFile = "nixos/lib/systemd-lib.nix";
const userFile = "<user definitions>";

/** The option path of a service option. */
function serviceLoc(name: string, ...rest: string[]): string[] {
  return ["systemd", "services", name, ...rest];
}

/** nixpkgs' `lib.getOutput "bin"`: a package's `bin` (or `out`) output unless an output was chosen. */
function binOutput(entry: PathEntry): unknown {
  if (isPackage(entry) && entry.outputSpecified !== true) return entry.bin ?? entry.out ?? entry;
  return entry;
}

/** nixpkgs' `makeSearchPathOutput "bin" subDir`: `<entry>/<subDir>` for every entry, colon-joined. */
export function makeSearchPathOutput(subDir: string, entries: readonly PathEntry[]): string {
  return entries
    .filter((entry) => entry !== null && entry !== undefined)
    .map((entry) => `${nixToString(binOutput(entry))}/${subDir}`)
    .join(":");
}

/** The `PATH` NixOS gives a service: every entry's `/bin`, then every entry's `/sbin`. */
export function servicePathVariable(path: readonly PathEntry[]): string {
  return `${makeSearchPathOutput("bin", path)}:${makeSearchPathOutput("sbin", path)}`;
}

/** NixOS's default service path (appended with mkAfter after the user's entries). */
/**
 * The packages rendering reads from the package set `pkgs`, with the configured systemd
 * (`systemd.package`, when there is one) in place of the set's: NixOS's services run it.
 */
export function renderPackagesOf(
  pkgs: Readonly<Record<string, unknown>>,
  systemd: unknown,
): RenderPackages {
  const set = pkgs as unknown as RenderPackages;
  return {
    bash: set.bash,
    coreutils: set.coreutils,
    findutils: set.findutils,
    gnugrep: set.gnugrep,
    gnused: set.gnused,
    systemd: systemd === undefined ? set.systemd : (systemd as RenderPackages["systemd"]),
  };
}

export function defaultServicePath(pkgs: RenderPackages): PathEntry[] {
  return [pkgs.coreutils, pkgs.findutils, pkgs.gnugrep, pkgs.gnused, pkgs.systemd].map((p) =>
    toPackage(p),
  );
}

/** nixpkgs' `lib.flatten`. */
function flatten(values: readonly unknown[]): unknown[] {
  return values.flatMap((value) => (Array.isArray(value) ? flatten(value) : [value]));
}

/** The text of an `X-*-Triggers` file: the flattened triggers through Nix's `toString`. */
export function triggersText(triggers: readonly unknown[], loc?: string[]): string {
  return nixToString(flatten(triggers), loc);
}

/**
 * Store path of an `X-Restart-Triggers`/`X-Reload-Triggers` file (stand-in for
 * `pkgs.writeText`, whose derivation name stdenv sanitises: `container@web` gives
 * `X-Restart-Triggers-container-web`).
 */
function triggerFile(kind: string, name: string, text: string, loc: string[]): string {
  try {
    return toFilePath(sanitizeDerivationName(`${kind}-${name}`), text);
  } catch (error) {
    if (!isModuleError(error)) throw error;
    throw new ModuleError(
      `cannot write the ${kind} file of ${quoteOption(loc)}: ${error.message}`,
      {
        code: error.code,
        loc,
        cause: error,
      },
    );
  }
}

/** The job-script phases in NixOS's order: option, script suffix, `Exec*=` key, list-valued or not. */
export const jobScriptPhases = [
  ["preStart", "pre-start", "ExecStartPre", true],
  ["script", "start", "ExecStart", false],
  ["postStart", "post-start", "ExecStartPost", true],
  ["reload", "reload", "ExecReload", false],
  ["preStop", "pre-stop", "ExecStop", false],
  ["postStop", "post-stop", "ExecStopPost", false],
] as const;

/**
 * Whether NixOS's job-script definitions of a service's `serviceConfig` (plain values, each
 * under an mkIf) survive the option's priority filter: none of the user's definitions has a
 * higher priority. A `serviceConfig = mkForce { … }` drops them, and then NixOS never makes
 * (or names) the scripts for the unit; a service that is plain data keeps them.
 */
export function jobScriptsKept(service: object): boolean {
  const node = optionTreeOf(service)?.tree.children.get("serviceConfig");
  return !(node instanceof OptionNode) || node.merged.highestPrio >= defaultOverridePriority;
}

/** NixOS's `options.<option>.isDefined` of a unit (whose options are `options`), which does not read its value. */
function isDefined<U extends object>(
  unit: U,
  options: Children | undefined,
  option: keyof U & string,
): boolean {
  const node = options?.get(option);
  if (!(node instanceof OptionNode)) return unit[option] !== undefined;
  // Without definitions or a default there is nothing to merge to know (the usual case).
  return (node.defs.length > 0 || "default" in node.decl.option) && node.merged.isDefined;
}

/** The dependency options NixOS writes as one space-joined `[Unit]` line each. */
const dependencyKeys = [
  ["requires", "Requires"],
  ["wants", "Wants"],
  ["upholds", "Upholds"],
  ["after", "After"],
  ["before", "Before"],
  ["bindsTo", "BindsTo"],
  ["partOf", "PartOf"],
  ["conflicts", "Conflicts"],
  ["requisite", "Requisite"],
] as const;

/** The unit options listed on one line each, beside the dependencies. */
const listedUnitOptions = ["documentation", "onFailure", "onSuccess"] as const;

/** The trigger options, with the keys that name their files. */
const triggerKeys = [
  ["restartTriggers", "X-Restart-Triggers"],
  ["reloadTriggers", "X-Reload-Triggers"],
] as const;

/** The start-limit options, with their keys. */
const startLimitKeys = [
  ["startLimitIntervalSec", "StartLimitIntervalSec"],
  ["startLimitBurst", "StartLimitBurst"],
] as const;

/** Checks every entry of a list option of a unit with `assertSingleLine`. */
function assertEachSingleLine(
  unit: UnitValue,
  option: (typeof listedUnitOptions)[number] | (typeof dependencyKeys)[number][0],
  unitLoc: readonly string[],
  unitName: string,
): void {
  const entries = unit[option];
  for (let i = 0; i < entries.length; i++) assertSingleLine(entries[i]!, unitLoc, unitName, option);
}

/** The service options NixOS defines itself, with the file its definition is in. */
const generatedIn = {
  path: systemdLibFile,
  environment: systemdLibFile,
  unitConfig: systemdLibFile,
  serviceConfig: unitOptionsFile,
} as const;

/** A service option NixOS defines too. */
type MergedOption = keyof typeof generatedIn;

/** NixOS's definition of a service option, and what it gives beside the user's when the two do not meet. */
interface GeneratedDefinition<T> {
  /** The definition's value, made only where it is merged with the user's (which may drop it). */
  value: () => unknown;
  /** The attributes it defines (none for a list). */
  keys: readonly string[];
  /** The merge of it and the user's merged value when no user definition has a property or one of `keys`. */
  beside: (user: T) => T;
}

/**
 * Whether definitions are plain values (no `mkIf`, `mkMerge`, `mkOverride` or `mkOrder` around
 * them) defining none of `keys`. Beside such definitions NixOS's own is one more at the same
 * priority that shares no attribute with them, so the merge is a union.
 */
function plainAndApart(defs: readonly Def[], keys: readonly string[]): boolean {
  for (const def of defs) {
    let value: unknown;
    try {
      value = force(def.value);
    } catch {
      // The full merge forces it again and reports the error with the option's path.
      return false;
    }
    if (typeTag(value) !== undefined) return false;
    if (typeof value !== "object" || value === null) continue;
    for (const key of keys) if (Object.hasOwn(value, key)) return false;
  }
  return true;
}

/**
 * A service option as NixOS's service submodule merges it: NixOS's own definition after the
 * option's default and before the user's definitions, all weighed by the option's type, so an
 * `mkForce`, `mkDefault` or `mkBefore` of the user's counts as it does in NixOS. A service that
 * is plain data (not from an evaluation) is one definition of the user's.
 */
function mergeWithGenerated<T>(
  unitLoc: readonly string[],
  service: Partial<Pick<ServiceValue, MergedOption>>,
  options: Children | undefined,
  option: MergedOption,
  plainType: OptionType,
  generated: GeneratedDefinition<T>,
): T {
  const node = options?.get(option);
  const fromEvaluation = node instanceof OptionNode;
  const userDefs = fromEvaluation ? node.defs : [new Definition(userFile, service[option])];
  if (plainAndApart(userDefs, generated.keys)) return generated.beside(service[option] as T);
  const generatedDef = new Definition(generatedIn[option], generated.value());
  let type = plainType;
  let defs = [generatedDef, ...userDefs];
  if (fromEvaluation) {
    type = node.decl.type;
    if ("default" in node.decl.option) defs = [node.allDefs[0]!, ...defs];
  }
  return mergeOptionDefinitions([...unitLoc, option], type, defs).mergedValue as T;
}

/**
 * NixOS's own keys of a `[Section]`, made by `make`: with `lazy`, each value that reads more than
 * its key's condition is made when read, as a merge that may drop it reads it; without, at once.
 */
export interface GeneratedSection {
  keys: readonly string[];
  make: (lazy: boolean) => Record<string, UnitOptionValue>;
}

/** A section whose values are all plain. */
export function plainSection(values: Record<string, UnitOptionValue>): GeneratedSection {
  return { keys: Object.keys(values), make: () => values };
}

/** A `[Section]` of NixOS's own keys: beside user definitions that share none, a union. */
function section({
  keys,
  make,
}: GeneratedSection): GeneratedDefinition<Record<string, UnitOptionValue>> {
  return {
    value: () => make(true),
    keys,
    beside: (user) => ({ ...make(false), ...user }),
  };
}

/**
 * A service's `serviceConfig` as NixOS merges it, with the keys its job scripts define
 * (`generated`, under their mkIf conditions, so none when no script option is set). With
 * `othersOnly`, a reader of the other keys: where the merge is a union, the user's value as it
 * is (a copy would read every key of it).
 */
export function nixosServiceConfig(
  name: string,
  service: Pick<ServiceValue, "serviceConfig">,
  generated: GeneratedSection,
  othersOnly = false,
): Record<string, UnitOptionValue> {
  if (generated.keys.length === 0) return service.serviceConfig;
  const options = optionTreeOf(service)?.tree.children;
  const merge = section(generated);
  return mergeWithGenerated(
    serviceLoc(name),
    service,
    options,
    "serviceConfig",
    unitSectionType,
    othersOnly ? { ...merge, beside: (user) => user } : merge,
  );
}

/** The options every unit has that systemd-lib.nix's `unitConfig` turns into `[Unit]` keys. */
export type UnitValue = Pick<
  ServiceValue,
  | (typeof dependencyKeys)[number][0]
  | "description"
  | "documentation"
  | "onFailure"
  | "onSuccess"
  | "startLimitIntervalSec"
  | "startLimitBurst"
  | "restartTriggers"
  | "reloadTriggers"
  | "unitConfig"
>;

/**
 * A unit's `[Unit]` section as NixOS merges it (systemd-lib.nix's `unitConfig`, which every unit
 * gets): NixOS's keys from the dependency options, triggers, description, … beside the user's
 * `unitConfig`, and the trigger files the merged keys name. `unitLoc` is the unit's option path.
 */
export function completeUnitConfig(
  name: string,
  unit: UnitValue,
  unitLoc: readonly string[],
  unitName: string,
  options: Children | undefined,
): { unitConfig: Record<string, UnitOptionValue>; triggerFiles: () => StoreFile[] } {
  // Values that end up raw in a unit line are checked here, where we still
  // know which option they came from.
  // Indexed loops: every unit passes here, and iterators would be made for each list.
  assertSingleLine(unit.description, unitLoc, unitName, "description");
  for (let i = 0; i < listedUnitOptions.length; i++) {
    assertEachSingleLine(unit, listedUnitOptions[i]!, unitLoc, unitName);
  }
  for (let i = 0; i < dependencyKeys.length; i++) {
    assertEachSingleLine(unit, dependencyKeys[i]![0], unitLoc, unitName);
  }

  // systemd-lib.nix `unitConfig`: dependency lines, triggers, description, …. Which keys there
  // are is read at once; the values of triggers and start limits only when used.
  const plainUnit: Record<string, UnitOptionValue> = {};
  for (let i = 0; i < dependencyKeys.length; i++) {
    const option = dependencyKeys[i]![0];
    const key = dependencyKeys[i]![1];
    if (unit[option].length > 0) plainUnit[key] = nixToString(unit[option]);
  }
  const madeUnit: { key: string; value: () => UnitOptionValue }[] = [];
  // Lists, not records keyed by store path: V8 makes a new object shape for each unique key.
  const triggerFiles: { kind: string; file: StoreFile }[] = [];
  for (let i = 0; i < triggerKeys.length; i++) {
    const option = triggerKeys[i]![0];
    const kind = triggerKeys[i]![1];
    const triggers = unit[option];
    if (triggers.length === 0) continue;
    let path: string | undefined;
    madeUnit.push({
      key: kind,
      value: () => {
        if (path !== undefined) return path;
        const loc = [...unitLoc, option];
        const text = triggersText(triggers, loc);
        assertWritableText(text, loc, `the ${kind} file`);
        path = triggerFile(kind, name, text, loc);
        triggerFiles.push({ kind, file: { path, text } });
        return path;
      },
    });
  }
  if (unit.description !== "") plainUnit.Description = unit.description;
  if (unit.documentation.length > 0) {
    plainUnit.Documentation = nixToString(unit.documentation);
  }
  if (unit.onFailure.length > 0) plainUnit.OnFailure = nixToString(unit.onFailure);
  if (unit.onSuccess.length > 0) plainUnit.OnSuccess = nixToString(unit.onSuccess);
  for (let i = 0; i < startLimitKeys.length; i++) {
    const option = startLimitKeys[i]![0];
    const key = startLimitKeys[i]![1];
    // NixOS asks whether the option is defined, and reads it only for the key's value.
    if (isDefined(unit, options, option))
      madeUnit.push({ key, value: () => nixToString(unit[option]) });
  }
  const generatedUnit: GeneratedSection = {
    keys: [...Object.keys(plainUnit), ...madeUnit.map((entry) => entry.key)],
    make: (lazy) => {
      const out: Record<string, UnitOptionValue> = { ...plainUnit };
      for (const { key, value } of madeUnit) {
        if (lazy) lazyField(out, key, value);
        else out[key] = value();
      }
      return out;
    },
  };

  const unitConfig = mergeWithGenerated(
    unitLoc,
    unit,
    options,
    "unitConfig",
    unitSectionType,
    section(generatedUnit),
  );
  return {
    unitConfig,
    // A file is the unit's only while a key that names it survives the merge.
    triggerFiles: () =>
      triggerFiles
        .filter(({ kind, file }) => [unitConfig[kind]].flat().includes(file.path))
        .map(({ file }) => file),
  };
}

/** One job script of a service: its phase, and the script once made. */
interface JobEntry {
  option: (typeof jobScriptPhases)[number][0];
  suffix: string;
  key: string;
  isList: boolean;
  text: string;
  job: JobScript | undefined;
}

/** systemd's `env_name_is_valid`. */
const environmentName = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The variables a service's processes get from its unit's `Environment=` lines: its merged
 * `environment`, systemd's specifiers resolved. An assignment systemd refuses (a name that is
 * no variable name, a specifier it cannot resolve) is dropped, as systemd drops it.
 */
export function unitEnvironment(
  name: string,
  service: ServiceValue,
  pkgs: RenderPackages,
  specifiers: Specifiers,
): Map<string, string> {
  const vars = new Map<string, string>();
  for (const [key, value] of Object.entries(completeService(name, service, pkgs).environment)) {
    if (!environmentName.test(key)) continue;
    const resolved = value === null ? undefined : resolveSpecifiers(nixToString(value), specifiers);
    if (resolved !== undefined) vars.set(key, resolved);
  }
  return vars;
}

/** Adds NixOS's generated definitions to one service, as its service submodule does. */
export function completeService(
  name: string,
  service: ServiceValue,
  pkgs: RenderPackages,
): CompletedService {
  const unitName = `${name}.service`;
  for (const entry of service.wantedBy) {
    assertSingleLine(entry, serviceLoc(name), unitName, "wantedBy");
  }
  const options = optionTreeOf(service)?.tree.children;

  // systemd-unit-options.nix: one job script per non-empty script option, under an mkIf on it.
  // Where a user's definition of the same key may drop it, the script is made when its key is
  // merged, and a list-valued key's only element when it is read (see GeneratedSection).
  const jobs: JobEntry[] = [];
  for (let i = 0; i < jobScriptPhases.length; i++) {
    const phase = jobScriptPhases[i]!;
    const text = service[phase[0]];
    if (text !== "") {
      jobs.push({
        option: phase[0],
        suffix: phase[1],
        key: phase[2],
        isList: phase[3],
        text,
        job: undefined,
      });
    }
  }
  const jobOf = (entry: JobEntry): JobScript =>
    (entry.job ??= makeJobScript(
      `${name}-${entry.suffix}`,
      entry.text,
      pkgs.bash,
      serviceLoc(name, entry.option),
      service.enableStrictShellChecks === true,
    ));
  const valueOf = (entry: JobEntry): string => {
    const exe = jobOf(entry).exe;
    if (entry.option !== "script") return exe;
    // Read only with the script, as in NixOS: `ExecStart` is the path, a space and these.
    assertSingleLine(service.scriptArgs, serviceLoc(name), unitName, "scriptArgs");
    return `${exe} ${service.scriptArgs}`;
  };
  // Made at once, the scripts' keys are a union with the user's: every script is the unit's.
  let keptWhole = false;
  const generatedService: GeneratedSection = {
    keys: jobs.map((entry) => entry.key),
    make: (lazy) => {
      keptWhole = !lazy;
      const out: Record<string, UnitOptionValue> = {};
      for (const entry of jobs) {
        if (!lazy) out[entry.key] = entry.isList ? [valueOf(entry)] : valueOf(entry);
        else if (entry.isList)
          out[entry.key] = lazyItems([() => valueOf(entry)]) as UnitOptionValue;
        else lazyField(out, entry.key, () => valueOf(entry));
      }
      return out;
    },
  };

  // NixOS's own definitions, weighed against the user's by the options' types.
  const merge = <T>(
    option: MergedOption,
    plainType: OptionType,
    generated: GeneratedDefinition<T>,
  ) => mergeWithGenerated(serviceLoc(name), service, options, option, plainType, generated);
  // stage2ServiceConfig appends the defaults; systemd-lib.nix derives PATH from the result, under
  // an mkIf in `environment`, so `path` is read only when that definition is merged.
  const defaultPath = defaultServicePath(pkgs);
  let path: PathEntry[] | undefined;
  const mergedPath = () =>
    (path ??= merge<PathEntry[]>("path", pathType, {
      value: () => mkAfter(defaultPath),
      keys: [],
      beside: (user) => [...user, ...defaultPath],
    }));
  const environment = merge<Record<string, EnvironmentValue>>("environment", environmentType, {
    value: () =>
      lazyFields({
        PATH: () => {
          const entries = mergedPath();
          return mkIf(
            entries.length > 0,
            entries.length > 0 ? servicePathVariable(entries) : undefined,
          );
        },
      }),
    keys: ["PATH"],
    beside: (user) => {
      const entries = mergedPath();
      return entries.length === 0 ? user : { ...user, PATH: servicePathVariable(entries) };
    },
  });
  const unit = completeUnitConfig(name, service, serviceLoc(name), unitName, options);
  const unitConfig = unit.unitConfig;
  const serviceConfig = nixosServiceConfig(name, service, generatedService);

  // Only what the unit and its files are made from: the service's other options stay unread
  // (a spread of the service read every one of them), `restartIfChanged` too unless the unit
  // says it (not beside `reloadIfChanged`), as NixOS's serviceToUnit reads it.
  return {
    name,
    unitName,
    wantedBy: service.wantedBy,
    reloadIfChanged: service.reloadIfChanged,
    get restartIfChanged() {
      return service.restartIfChanged;
    },
    stopIfChanged: service.stopIfChanged,
    notSocketActivated: service.notSocketActivated,
    unitConfig,
    serviceConfig,
    environment,
    get path() {
      return mergedPath();
    },
    // A file is the unit's only while a key that names it survives the merge.
    get jobScriptFiles() {
      if (keptWhole) return jobs.map((entry) => entry.job!);
      return jobs.flatMap((entry) => {
        // Read first: a key that survives makes its script when merged.
        const values = [serviceConfig[entry.key]].flat();
        const job = entry.job;
        return job !== undefined &&
          values.some((v) => typeof v === "string" && v.includes(job.path))
          ? [job]
          : [];
      });
    },
    get triggerFiles() {
      return unit.triggerFiles();
    },
  };
}
