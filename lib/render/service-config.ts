/**
 * What NixOS adds to every service before writing its unit: the job scripts
 * and their `Exec*=` keys (systemd-unit-options.nix), the `[Unit]` keys made
 * from dependency options and triggers, and `PATH` (systemd-lib.nix), and the
 * default `path` entries (stage2ServiceConfig).
 */

import { ModuleError, quoteOption, showValue } from "../errors.ts";
import { nullConflictError } from "../types/null-or.ts";
import { isPackage, toPackage } from "../package.ts";
import { assertSingleLine } from "./line-safety.ts";
import { makeJobScript, type JobScript } from "./job-script.ts";
import { nixToString } from "./nix-to-string.ts";
import type { EnvironmentValue, PathEntry, RenderPackages, ServiceValue } from "./service.ts";
import { toFilePath } from "./store-path.ts";
import { sanitizeDerivationName } from "../util/derivation-name.ts";
import { mergeUnitSections, type UnitOptionValue } from "./unit-option.ts";

/** A service with NixOS's generated definitions merged in: what NixOS's `serviceToUnit` reads. */
export interface CompletedService extends Pick<
  ServiceValue,
  "wantedBy" | "reloadIfChanged" | "restartIfChanged" | "stopIfChanged" | "notSocketActivated"
> {
  /** The attribute name (`tunnel@`). */
  name: string;
  /** The unit file name (`tunnel@.service`). */
  unitName: string;
  /** Generated keys first, then the user's (lists concatenated, scalars equal). */
  unitConfig: Record<string, UnitOptionValue>;
  /** Job-script `Exec*=` keys first, then the user's. */
  serviceConfig: Record<string, UnitOptionValue>;
  /** The user's environment plus the generated `PATH`. */
  environment: Record<string, EnvironmentValue>;
  /** The user's path followed by coreutils, findutils, gnugrep, gnused, systemd. */
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

/** Labels for generated definitions in conflict messages, after the NixOS files that make them. */
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
    if (!(error instanceof ModuleError)) throw error;
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
const phases = [
  ["preStart", "pre-start", "ExecStartPre", true],
  ["script", "start", "ExecStart", false],
  ["postStart", "post-start", "ExecStartPost", true],
  ["reload", "reload", "ExecReload", false],
  ["preStop", "pre-stop", "ExecStop", false],
  ["postStop", "post-stop", "ExecStopPost", false],
] as const;

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

/** Adds NixOS's generated definitions to one service, as its service submodule does. */
export function completeService(
  name: string,
  service: ServiceValue,
  pkgs: RenderPackages,
): CompletedService {
  const unitName = `${name}.service`;
  // Values that end up raw in a unit line are checked here, where we still
  // know which option they came from.
  assertSingleLine(service.description, serviceLoc(name, "description"), unitName);
  for (const option of ["documentation", "onFailure", "onSuccess", "wantedBy"] as const) {
    for (const entry of service[option])
      assertSingleLine(entry, serviceLoc(name, option), unitName);
  }
  for (const [option] of dependencyKeys) {
    for (const entry of service[option])
      assertSingleLine(entry, serviceLoc(name, option), unitName);
  }

  // systemd-unit-options.nix: one job script per non-empty script option.
  const jobScriptFiles: JobScript[] = [];
  const generatedService: Record<string, UnitOptionValue> = {};
  for (const [option, suffix, key, isList] of phases) {
    const text = service[option];
    if (text === "") continue;
    const job = makeJobScript(
      `${name}-${suffix}`,
      text,
      pkgs.bash,
      serviceLoc(name, option),
      service.enableStrictShellChecks === true,
    );
    jobScriptFiles.push(job);
    if (option === "script") {
      // Read only for a script, as in NixOS: without one, `scriptArgs` is never evaluated.
      assertSingleLine(service.scriptArgs, serviceLoc(name, "scriptArgs"), unitName);
      generatedService[key] = `${job.exe} ${service.scriptArgs}`;
    } else {
      generatedService[key] = isList ? [job.exe] : job.exe;
    }
  }

  // systemd-lib.nix `unitConfig`: dependency lines, triggers, description, ….
  const generatedUnit: Record<string, UnitOptionValue> = {};
  for (const [option, key] of dependencyKeys) {
    if (service[option].length > 0) generatedUnit[key] = nixToString(service[option]);
  }
  // Lists, not records keyed by store path: V8 makes a new object shape for each unique key.
  const triggerFiles: StoreFile[] = [];
  for (const [option, kind] of [
    ["restartTriggers", "X-Restart-Triggers"],
    ["reloadTriggers", "X-Reload-Triggers"],
  ] as const) {
    if (service[option].length === 0) continue;
    const loc = serviceLoc(name, option);
    const text = triggersText(service[option], loc);
    const path = triggerFile(kind, name, text, loc);
    triggerFiles.push({ path, text });
    generatedUnit[kind] = path;
  }
  if (service.description !== "") generatedUnit.Description = service.description;
  if (service.documentation.length > 0) {
    generatedUnit.Documentation = nixToString(service.documentation);
  }
  if (service.onFailure.length > 0) generatedUnit.OnFailure = nixToString(service.onFailure);
  if (service.onSuccess.length > 0) generatedUnit.OnSuccess = nixToString(service.onSuccess);
  if (service.startLimitIntervalSec !== undefined) {
    generatedUnit.StartLimitIntervalSec = nixToString(service.startLimitIntervalSec);
  }
  if (service.startLimitBurst !== undefined) {
    generatedUnit.StartLimitBurst = nixToString(service.startLimitBurst);
  }

  // stage2ServiceConfig appends the defaults; systemd-lib.nix derives PATH from the result.
  const path = [...service.path, ...defaultServicePath(pkgs)];
  const environment: Record<string, EnvironmentValue> = { ...service.environment };
  const generatedPath = servicePathVariable(path);
  const userPath = service.environment.PATH;
  if (userPath !== undefined && (userPath === null || nixToString(userPath) !== generatedPath)) {
    const loc = serviceLoc(name, "environment", "PATH");
    const defs = [
      { file: systemdLibFile, value: generatedPath },
      { file: userFile, value: userPath },
    ];
    // The environment's values are `nullOr …`, whose merge refuses null beside a value.
    if (userPath === null) throw nullConflictError(loc, defs);
    throw new ModuleError(
      `The option ${quoteOption(loc)} has conflicting definition values:` +
        defs.map((d) => `\n- In \`${d.file}': ${showValue(d.value)}`).join(""),
      { code: "conflict", loc, definitions: defs },
    );
  }
  environment.PATH = generatedPath;

  // Only what the unit and its files are made from: the service's other options stay unread
  // (a spread of the service read every one of them).
  return {
    name,
    unitName,
    wantedBy: service.wantedBy,
    reloadIfChanged: service.reloadIfChanged,
    restartIfChanged: service.restartIfChanged,
    stopIfChanged: service.stopIfChanged,
    notSocketActivated: service.notSocketActivated,
    unitConfig: mergeUnitSections(serviceLoc(name, "unitConfig"), [
      { file: systemdLibFile, section: generatedUnit },
      { file: userFile, section: service.unitConfig },
    ]),
    serviceConfig: mergeUnitSections(serviceLoc(name, "serviceConfig"), [
      { file: unitOptionsFile, section: generatedService },
      { file: userFile, section: service.serviceConfig },
    ]),
    environment,
    path,
    jobScriptFiles,
    triggerFiles,
  };
}
