/** The data a service renderer consumes: one evaluated `systemd.services.<name>` and the packages it needs. */

import type { Package } from "../package.ts";
import { types } from "../types/index.ts";
import type { UnitSection } from "./unit-option.ts";

/** A value of `environment.<NAME>`: a string, a package (its store path), or null (variable dropped). */
export type EnvironmentValue = string | Package | null;

/** An entry of `path`: a package, or a plain folder string; `/bin` and `/sbin` are appended to either. */
export type PathEntry = Package | string;

/** The type NixOS gives a service's `environment`. */
export const environmentType = types.attrsOf(
  types.nullOr(types.oneOf([types.str, types.path, types.package])),
);

/** The type NixOS gives a service's `path`. */
export const pathType = types.listOf(types.oneOf([types.package, types.str]));

/**
 * One evaluated `systemd.services.<name>`, every option present with NixOS's
 * default where the user set nothing (see NixOS's systemd-unit-options.nix).
 * It holds the user's definitions only: the renderer adds what NixOS
 * generates itself (job scripts, dependency keys, PATH, default path).
 */
export interface ServiceValue {
  /** false masks the unit (a link to /dev/null): no text, no scripts; links stay. Default true. */
  enable: boolean;
  /** `Description=`; "" writes no line. */
  description: string;
  /** `Documentation=` URIs, one space-joined line. */
  documentation: readonly string[];
  /** `<target>.wants/<unit>` links and the `[Install] WantedBy=` line. */
  wantedBy: readonly string[];
  /** `<target>.requires/<unit>` links. */
  requiredBy: readonly string[];
  /** `<target>.upholds/<unit>` links. */
  upheldBy: readonly string[];
  /** Alias links `<alias>` → `<unit>`. */
  aliases: readonly string[];
  /** `Requires=` (space-joined, like every dependency list below). */
  requires: readonly string[];
  /** `Wants=`. */
  wants: readonly string[];
  /** `Upholds=`. */
  upholds: readonly string[];
  /** `After=`. */
  after: readonly string[];
  /** `Before=`. */
  before: readonly string[];
  /** `BindsTo=`. */
  bindsTo: readonly string[];
  /** `PartOf=`. */
  partOf: readonly string[];
  /** `Conflicts=`. */
  conflicts: readonly string[];
  /** `Requisite=`. */
  requisite: readonly string[];
  /** `OnFailure=`. */
  onFailure: readonly string[];
  /** `OnSuccess=`. */
  onSuccess: readonly string[];
  /** Extra `[Unit]` keys; lists repeat the key. */
  unitConfig: UnitSection;
  /** `[Service]` keys; lists repeat the key. */
  serviceConfig: UnitSection;
  /** `Environment="NAME=value"` lines (JSON-quoted, byte-sorted). */
  environment: Readonly<Record<string, EnvironmentValue>>;
  /** Entries put on PATH before NixOS's five defaults. */
  path: readonly PathEntry[];
  /** `StartLimitIntervalSec=`; undefined when not defined (NixOS only writes defined values). */
  startLimitIntervalSec?: number | undefined;
  /** `StartLimitBurst=`; undefined when not defined. */
  startLimitBurst?: number | undefined;
  /** Values written, flattened and space-joined, to the `X-Restart-Triggers=` file. */
  restartTriggers: readonly unknown[];
  /** Values written to the `X-Reload-Triggers=` file. */
  reloadTriggers: readonly unknown[];
  /** `X-ReloadIfChanged=true` when set. Default false. */
  reloadIfChanged: boolean;
  /** `X-RestartIfChanged=false` when unset (and reloadIfChanged is false). Default true. */
  restartIfChanged: boolean;
  /** `X-StopIfChanged=false` when unset. Default true. */
  stopIfChanged: boolean;
  /** `X-NotSocketActivated=true` when set. Default false. */
  notSocketActivated: boolean;
  /** Script run by `ExecStartPre=`; "" for none. */
  preStart: string;
  /** Script run by `ExecStart=`; "" for none. */
  script: string;
  /** Written after the `ExecStart=` script path (after one space, even when empty). */
  scriptArgs: string;
  /** Script run by `ExecStartPost=`. */
  postStart: string;
  /** Script run by `ExecReload=`. */
  reload: string;
  /** Script run by `ExecStop=`. */
  preStop: string;
  /** Script run by `ExecStopPost=`. */
  postStop: string;
  /** NixOS's internal list of job script derivations; not rendered (the renderer makes the scripts). */
  jobScripts?: readonly unknown[] | undefined;
  /** The unit's file name, `<attribute>.service` (NixOS's `name`). */
  name?: string | undefined;
  /** Calendar events of the service's timer (`<name>.timer`); none makes no timer. */
  startAt?: readonly string[] | undefined;
  /** `asDropin` installs the unit as a drop-in (`<unit>.d/overrides.conf`). Default `asDropinIfExists`. */
  overrideStrategy?: string | undefined;
  /** true makes the job scripts as `writeShellApplication` does (errexit, nounset, pipefail); nixmod does not run shellcheck. */
  enableStrictShellChecks?: boolean | undefined;
}

/** The packages rendering refers to, as packages or plain store paths. */
export interface RenderPackages {
  /** `runtimeShell` = `<bash>/bin/bash`, every job script's shebang. */
  bash: Package | string;
  /** Default PATH entry. */
  coreutils: Package | string;
  /** Default PATH entry. */
  findutils: Package | string;
  /** Default PATH entry. */
  gnugrep: Package | string;
  /** Default PATH entry. */
  gnused: Package | string;
  /** `systemd.package`, the last default PATH entry. */
  systemd: Package | string;
}

/** What a service renderer needs besides the service. */
export interface ServiceRenderContext {
  /** The package set (`pkgs`). */
  pkgs: RenderPackages;
  /** `systemd.globalEnvironment`, merged under every service's `environment`. Default {}. */
  globalEnvironment?: Readonly<Record<string, EnvironmentValue>> | undefined;
  /** `boot.isContainer`: a container's systemd ships fewer units for its own to amend. Default false. */
  isContainer?: boolean | undefined;
}

/**
 * Whether systemd can start a service as NixOS installs it: one masked (`enable = false`) or
 * installed as a drop-in over another unit (which has its own `ExecStart=`, or is not there)
 * does not run its own command.
 */
export function startsOwnUnit(service: ServiceValue): boolean {
  return service.enable !== false && service.overrideStrategy !== "asDropin";
}
