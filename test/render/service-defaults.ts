/**
 * Test helper for the render primitives (`renderService`, `renderServices`), which take an
 * evaluated `systemd.services.<name>`: a plain-data definition laid over NixOS's option
 * defaults. The defaults are not written here: they are read once from the real option
 * declarations (modules/system/systemd-unit-options.ts) by evaluating an empty service, so
 * this helper cannot drift from what `evaluate()` gives.
 *
 * Tests of the whole pipeline (`render(evaluate(...))`) do not need it.
 */

import { evaluate } from "../../lib/evaluate.ts";
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

let defaults: string | undefined;

/**
 * NixOS's defaults for every service option, as the declarations give them (a fresh copy on
 * each call). Options without a default (`startLimitBurst`, `startLimitIntervalSec`) are absent.
 */
export function serviceDefaults(): ServiceValue {
  if (defaults === undefined) {
    const service = evaluate({ systemd: { services: { probe: {} } } }).config.systemd.services
      .probe as Record<string, unknown>;
    // Every option but `name`, which NixOS defines from the probe's attribute name.
    defaults = JSON.stringify(
      Object.fromEntries(
        Object.keys(service)
          .filter((key) => key !== "name")
          .map((key) => [key, service[key]]),
      ),
    );
  }
  return JSON.parse(defaults) as ServiceValue;
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
