/**
 * Container systems reused from earlier evaluations. A container's nested configuration
 * evaluates the whole built-in module set and hashes its result; when a later evaluation
 * has a container with the same name, the same plain-data configuration, the same
 * built-in modules and an equal package set, its system is necessarily the same, so it
 * is taken from here. Anything else (a configuration holding functions or getters, a
 * package set given packages) is evaluated every time.
 */

import type { Module } from "../../lib/modules/module.ts";
import type { Package } from "../../lib/package.ts";
import { plainDataText } from "../../lib/util/plain-data.ts";
import { packageSetFingerprint, type PackageSet } from "../packages.ts";

/** Enough for the largest hosts; past it the least recently used systems are dropped. */
const maxSystems = 100_000;

const systems = new WeakMap<readonly Module[], Map<string, Package>>();

/** The system `build` makes for container `name`, or the one an earlier evaluation made from the same inputs. */
export function reuseSystem(
  baseModules: readonly Module[],
  pkgs: PackageSet,
  name: string,
  configuration: unknown,
  build: () => Package,
): Package {
  const fingerprint = packageSetFingerprint(pkgs);
  const text = fingerprint === undefined ? undefined : plainDataText(configuration);
  if (text === undefined) return build();
  let known = systems.get(baseModules);
  if (known === undefined) systems.set(baseModules, (known = new Map()));
  const key = `${fingerprint}\u0000${name}\u0000${text}`;
  const found = known.get(key);
  if (found !== undefined) {
    // Most recently used last, so the first entry is the one to drop.
    known.delete(key);
    known.set(key, found);
    return found;
  }
  const system = build();
  known.set(key, system);
  if (known.size > maxSystems) known.delete(known.keys().next().value!);
  return system;
}
