/**
 * Test helper: a plain-data `systemd.services.<name>` definition with NixOS's
 * option defaults filled in, as the option declarations would give it.
 * Stands in for `evaluate` until the real service options exist.
 */

import { isPackage, mkPackage } from "../../lib/package.ts";
import type { ServiceValue } from "../../lib/render/service.ts";

/** Turns the vectors' `{ type: "derivation", name, outPath }` objects into packages, deeply. */
export function revivePackages(value: unknown): unknown {
  if (isPackage(value)) {
    const { type: _type, name, outPath, ...extra } = value;
    return mkPackage(outPath, name, revivePackages(extra) as Record<string, unknown>);
  }
  if (Array.isArray(value)) return value.map(revivePackages);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revivePackages(v)]));
  }
  return value;
}

/** NixOS's defaults for every service option the renderer reads (systemd-unit-options.nix). */
export function serviceDefaults(): ServiceValue {
  return {
    enable: true,
    description: "",
    documentation: [],
    wantedBy: [],
    requiredBy: [],
    upheldBy: [],
    aliases: [],
    requires: [],
    wants: [],
    upholds: [],
    after: [],
    before: [],
    bindsTo: [],
    partOf: [],
    conflicts: [],
    requisite: [],
    onFailure: [],
    onSuccess: [],
    unitConfig: {},
    serviceConfig: {},
    environment: {},
    path: [],
    restartTriggers: [],
    reloadTriggers: [],
    reloadIfChanged: false,
    restartIfChanged: true,
    stopIfChanged: true,
    notSocketActivated: false,
    preStart: "",
    script: "",
    scriptArgs: "",
    postStart: "",
    reload: "",
    preStop: "",
    postStop: "",
    jobScripts: [],
    enableStrictShellChecks: false,
  };
}

/** One service definition with the defaults underneath it (startLimit* stay undefined unless set). */
export function withServiceDefaults(definition: Record<string, unknown>): ServiceValue {
  return { ...serviceDefaults(), ...(revivePackages(definition) as Partial<ServiceValue>) };
}

/** Every service of a `systemd.services` definition with its defaults. */
export function servicesWithDefaults(
  services: Record<string, Record<string, unknown>>,
): Record<string, ServiceValue> {
  return Object.fromEntries(
    Object.entries(services).map(([name, definition]) => [name, withServiceDefaults(definition)]),
  );
}
