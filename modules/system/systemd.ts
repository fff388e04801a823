/**
 * `systemd.*`: the units of the system (nixos/modules/system/boot/systemd.nix).
 * Declares `systemd.package`, `systemd.services`, `systemd.targets`,
 * `systemd.globalEnvironment` and `systemd.enableStrictShellChecks` (each service's
 * default for its own, as systemd-lib.nix makes it), and adds that module's `warnings`
 * and `assertions` about services and targets and its definitions of upstream units
 * (upstream-unit-overrides.ts); the unit files themselves are written by the render layer
 * from these values.
 */

import {
  jobScriptPhases,
  jobScriptsKept,
  plainSection,
  nixosServiceConfig,
} from "../../lib/render/service-config.ts";
import type { Module } from "../../lib/modules/module.ts";
import type { UnitOptionValue } from "../../lib/render/unit-option.ts";
import { mkOption } from "../../lib/options.ts";
import { mkOptionDefault } from "../../lib/properties.ts";
import { Thunk } from "../../lib/thunk.ts";
import { types } from "../../lib/types/index.ts";
import { sortNames } from "../../lib/util/attrs.ts";
import { lazyFields } from "../../lib/util/lazy-fields.ts";
import { memoByObject } from "../../lib/util/object-memo.ts";
import type { Assertion } from "../misc/assertions.ts";
import { pkgsOption, type PackageSet } from "../packages.ts";
import { restartsOneshot, serviceModule, targetModule } from "./systemd-unit-options.ts";
import { upstreamUnitDefinitions } from "./upstream-unit-overrides.ts";

// The declarations that depend on nothing of an evaluation, made once and shared by all
// (a container's nested configuration evaluates this module again).
const sharedOptions = {
  enableStrictShellChecks: mkOption({
    type: types.bool,
    default: false,
    example: true,
    description:
      "Whether the job scripts of every service run with bash's strict options (errexit, " +
      "nounset, pipefail), as NixOS's writeShellApplication makes them; a service's own " +
      "`enableStrictShellChecks` takes precedence (NixOS also checks them with shellcheck " +
      "when building; nixmod does not).",
  }),
  targets: mkOption({
    type: types.attrsOf(types.submodule(targetModule)),
    default: {},
    description: "The system's target units, by name; see systemd.target(5).",
  }),
  globalEnvironment: mkOption({
    type: types.attrsOf(types.nullOr(types.oneOf([types.str, types.path, types.package]))),
    default: {},
    example: { TZ: "CET" },
    description: "Environment variables given to every service of the system.",
  }),
};

/**
 * The module's declarations for one package set, in a module of their own: shared by every
 * evaluation with that set, they are grouped and merged once (`services`, declared per
 * evaluation, is not among them).
 */
const sharedDeclarations = memoByObject((pkgs: PackageSet): Module => ({
  _file: "modules/system/systemd.ts",
  key: "modules/system/systemd.ts#shared-options",
  options: {
    systemd: {
      package: pkgsOption(pkgs, "systemd", {
        type: types.package,
        description: "The systemd package.",
      }),
      ...sharedOptions,
    },
  },
}));

/**
 * What systemd-lib.nix's `serviceConfig` gives every service of an evaluation: the host's
 * `systemd.enableStrictShellChecks` as the default of its own, read only when that is.
 */
function serviceDefaults(config: any): Module {
  return {
    _file: "modules/system/systemd.ts",
    config: {
      enableStrictShellChecks: mkOptionDefault(
        new Thunk(() => config.systemd.enableStrictShellChecks),
      ),
    },
  };
}

/**
 * `systemd.services`, declared for one evaluation: as in NixOS, its type holds a module reading
 * the evaluation's configuration. The level templates of the module system
 * (lib/modules/namespace.ts) keep that from grouping the levels above it again.
 */
function servicesOption(config: any) {
  return {
    systemd: {
      services: mkOption({
        type: types.attrsOf(types.submodule([serviceModule, serviceDefaults(config)])),
        default: {},
        description: "The system's service units, by name; see systemd.service(5).",
      }),
    },
  };
}

/** The dependency lists of a unit that systemd.nix's checks read. */
interface UnitDependencies {
  after: string[];
  wants: string[];
  requires: string[];
  bindsTo: string[];
}

/** What systemd.nix's checks read of a service. */
interface CheckedService
  extends UnitDependencies, Record<(typeof jobScriptPhases)[number][0], string> {
  serviceConfig: Record<string, UnitOptionValue>;
  reloadIfChanged: boolean;
  reloadTriggers: unknown[];
  scriptArgs: string;
  enableStrictShellChecks: boolean;
  enable: boolean;
  startAt: string[];
}

/** What the warnings need of a job script's `Exec*=` value: NixOS's, less the script's store path. */
const jobScriptStandIn = "<job script>";

/**
 * A service's `serviceConfig` as NixOS's warnings read it: merged with the job scripts' keys
 * (under mkIf conditions on the script options, so those are read) by the option's type, so an
 * mkDefault of the user's loses to them and an mkForce drops them. When they stay, their values
 * are made as NixOS's merge makes them: the path-valued keys make their scripts (which reads
 * `enableStrictShellChecks`) and `ExecStart` holds `scriptArgs`. So these fail the warnings,
 * masked service or not, as in NixOS.
 */
function serviceConfigWithJobScripts(
  name: string,
  service: CheckedService,
): Record<string, unknown> {
  const generated: Record<string, string | string[]> = {};
  // Indexed: these loops run for every service, mostly before they are optimised, where
  // destructuring each phase made an iterator and its results.
  for (let i = 0; i < jobScriptPhases.length; i++) {
    const phase = jobScriptPhases[i]!;
    if (service[phase[0]] !== "")
      generated[phase[2]] = phase[3] ? [jobScriptStandIn] : jobScriptStandIn;
  }
  // The warnings read keys other than the job scripts'.
  const merged = nixosServiceConfig(name, service, plainSection(generated), true);
  if (Object.keys(generated).length === 0 || !jobScriptsKept(service)) return merged;
  for (let i = 0; i < jobScriptPhases.length; i++) {
    const phase = jobScriptPhases[i]!;
    // A list-valued key (`ExecStartPre = [ script ]`) does not make its script when read.
    if (!(phase[2] in generated) || phase[3]) continue;
    // Read for their errors: makeJobScript chooses its builder by the one, and `ExecStart` is
    // the script's path, a space and the other.
    void service.enableStrictShellChecks;
    if (phase[0] === "script") void service.scriptArgs;
  }
  return merged;
}

/** The units of `units` in Nix's attribute order, with their names. */
function byName<T>(units: Record<string, T>): [string, T][] {
  return sortNames(Object.keys(units)).map((name) => [name, units[name]!]);
}

/**
 * Nix's `elem x (a ++ b ++ c)`: reads the lists' elements in order only up to the first match
 * (a list's elements are merged when read, so one past the match may fail to merge).
 */
function includesUpTo(lists: readonly (readonly unknown[])[], wanted: string): boolean {
  for (const list of lists) {
    for (let i = 0; i < list.length; i++) if (list[i] === wanted) return true;
  }
  return false;
}

/** systemd.nix's `mkNetOnlineWarns`: units (in Nix's order) ordered after network-online.target without depending on it. */
function netOnlineWarnings(kind: string, units: readonly [string, UnitDependencies][]): string[] {
  return units
    .filter(
      ([, unit]) =>
        unit.after.includes("network-online.target") &&
        !includesUpTo([unit.wants, unit.requires, unit.bindsTo], "network-online.target"),
    )
    .map(
      ([name]) =>
        `${name}.${kind} is ordered after 'network-online.target' but doesn't depend on it`,
    );
}

/** systemd.nix's `warnings`, in its order: per service, then the network-online ones of targets and services. */
function systemdWarnings(
  services: Record<string, CheckedService>,
  targets: Record<string, UnitDependencies>,
): string[] {
  const named = byName(services);
  const perService = named.flatMap(([name, service]) => {
    const config = serviceConfigWithJobScripts(name, service);
    const out: string[] = [];
    if (restartsOneshot(config)) {
      out.push(
        `Service '${name}.service' with 'Type=oneshot' cannot have 'Restart=always' or 'Restart=on-success'`,
      );
    }
    if (Object.prototype.hasOwnProperty.call(config, "StartLimitInterval")) {
      out.push(
        `Service '${name}.service' uses the attribute 'StartLimitInterval' in the Service section, which is deprecated. See https://github.com/NixOS/nixpkgs/issues/45786.`,
      );
    }
    if (service.reloadIfChanged && service.reloadTriggers.length > 0) {
      // "whay" is NixOS's spelling.
      out.push(
        `Service '${name}.service' has both 'reloadIfChanged' and 'reloadTriggers' set. This is probably not what you want, because 'reloadTriggers' behave the same whay as 'restartTriggers' if 'reloadIfChanged' is set.`,
      );
    }
    return out;
  });
  const warnings = [
    ...perService,
    ...netOnlineWarnings("target", byName(targets)),
    ...netOnlineWarnings("service", named),
  ];
  readStartAtTimers(named);
  return warnings;
}

/**
 * NixOS's network-online pass over timers, which adds nothing for the timers it makes from
 * `startAt` (they have no `after`) but makes them first: it reads each service's `enable`,
 * and `startAt` when enabled, so one that fails to merge fails the warnings, as there.
 */
function readStartAtTimers(services: readonly [string, CheckedService][]): void {
  for (const [, service] of services) {
    // Read for their errors, as NixOS's `service.enable && service.startAt != [ ]` does.
    if (service.enable) void service.startAt;
  }
}

/** systemd.nix's `assertions`: no service may use the removed network-interfaces.target. */
function systemdAssertions(services: Record<string, CheckedService>): Assertion[] {
  return byName(services)
    .filter(
      ([, service]) =>
        service.after.includes("network-interfaces.target") ||
        service.wants.includes("network-interfaces.target"),
    )
    .map(([name]) => ({
      assertion: false,
      message: `Service '${name}.service' is using the deprecated target network-interfaces.target, which no longer exists. Using network.target is recommended instead.`,
    }));
}

/** The `systemd` option module. */
export const systemdModule: Module = ({
  config,
  options,
  pkgs,
}: {
  config: any;
  options: any;
  pkgs: PackageSet;
}) => ({
  _file: "modules/system/systemd.ts",
  key: "modules/system/systemd.ts",
  imports: [sharedDeclarations(pkgs)],
  options: servicesOption(config),
  config: lazyFields(
    {
      warnings: () => systemdWarnings(config.systemd.services, config.systemd.targets),
      assertions: () => systemdAssertions(config.systemd.services),
    },
    { systemd: upstreamUnitDefinitions(options, pkgs) },
  ),
});
