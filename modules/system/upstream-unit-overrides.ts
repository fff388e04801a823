/**
 * systemd.nix's own definitions for units that systemd ships ("Some overrides to upstream
 * units", the `keys` and `sysinit-reactivation` targets): `restartIfChanged = false` for the
 * units a switch must not restart, util-linux on the `PATH` of the fsck/makefs/mkswap
 * templates, drop-ins for makefs/mkswap, `ConditionVirtualization` of `systemd-remount-fs`,
 * NixOS's kernel-module path for `kmod-static-nodes`, `sysinit.target` wanting
 * `systemd-pstore`, and `X-StopOnReconfiguration` for the file-system targets.
 *
 * As in NixOS they are definitions of the elements of `systemd.services` and `systemd.targets`
 * at the normal priority, so they merge with yours by the options' types and priorities, and an
 * `mkForce` of a whole unit (or of the whole set) drops them. NixOS defines them on every
 * system, so these units always exist there (as drop-ins); nixmod's stand under an `mkIf` on
 * another module defining the unit, so a unit you do not define is not made for them and
 * `systemd.services` and `systemd.targets` hold only your units. `system.fsPackages`, which
 * NixOS appends to the fsck and makefs paths, is empty in nixmod.
 */

import { mkIf } from "../../lib/properties.ts";
import { isAttrs } from "../../lib/util/attrs.ts";
import { memoByObject } from "../../lib/util/object-memo.ts";
import type { PackageSet } from "../packages.ts";

/**
 * systemd.nix's definitions of upstream services (util-linux is read from `pkgs` where the path
 * is), made once per package set: every evaluation with it (each nested system) shares them.
 */
const serviceDefinitions = memoByObject((pkgs: PackageSet): Record<string, object> => {
  const fsTool = (overrideStrategy?: string) => ({
    restartIfChanged: false,
    get path() {
      return [pkgs["util-linux"]];
    },
    ...(overrideStrategy === undefined ? {} : { overrideStrategy }),
  });
  return {
    "systemd-backlight@": { restartIfChanged: false },
    "systemd-fsck@": fsTool(),
    // No unit file of theirs is in /etc: a drop-in there applies over the generator's unit.
    "systemd-makefs@": fsTool("asDropin"),
    "systemd-mkswap@": fsTool("asDropin"),
    "systemd-random-seed": { restartIfChanged: false },
    "systemd-remount-fs": {
      restartIfChanged: false,
      unitConfig: { ConditionVirtualization: "!container" },
    },
    "systemd-update-utmp": { restartIfChanged: false },
    "systemd-udev-settle": { restartIfChanged: false },
    "systemd-pstore": { wantedBy: ["sysinit.target"] },
    // The empty value resets systemd's own condition before NixOS's kernel-module path.
    "kmod-static-nodes": {
      unitConfig: {
        ConditionFileNotEmpty: [
          "",
          "/run/booted-system/kernel-modules/lib/modules/%v/modules.devname",
        ],
      },
    },
  };
});

/** systemd.nix's definitions of targets. */
const targetDefinitions: Readonly<Record<string, object>> = {
  keys: { description: "Security Keys", unitConfig: { "X-StopOnReconfiguration": true } },
  "sysinit-reactivation": { description: "Reactivate sysinit units" },
  "local-fs": { unitConfig: { "X-StopOnReconfiguration": true } },
  "remote-fs": { unitConfig: { "X-StopOnReconfiguration": true } },
};

/**
 * The definition of a set of units (`systemd.services`, whose option is `option`) holding
 * `units`, each under an `mkIf` on another definition of the set having that unit.
 */
function forUnitsDefinedElsewhere(
  option: () => { definitions: unknown[] },
  units: Readonly<Record<string, object>>,
): Record<string, unknown> {
  const own: Record<string, unknown> = {};
  const names = Object.keys(units);
  // The names the other definitions have, read once for all the conditions.
  let defined: Set<string> | undefined;
  const elsewhere = (name: string) => {
    if (defined === undefined) {
      defined = new Set();
      for (const d of option().definitions) {
        if (d === own || !isAttrs(d)) continue;
        // Only the few names asked about: a host's set may hold thousands of units.
        for (const unit of names) if (Object.hasOwn(d, unit)) defined.add(unit);
      }
    }
    return defined.has(name);
  };
  for (const [name, definition] of Object.entries(units))
    own[name] = mkIf(() => elsewhere(name), definition);
  return own;
}

/** systemd.nix's definitions of `systemd.services` and `systemd.targets`, for one evaluation. */
export function upstreamUnitDefinitions(options: any, pkgs: PackageSet) {
  return {
    services: forUnitsDefinedElsewhere(() => options.systemd.services, serviceDefinitions(pkgs)),
    targets: forUnitsDefinedElsewhere(() => options.systemd.targets, targetDefinitions),
  };
}
