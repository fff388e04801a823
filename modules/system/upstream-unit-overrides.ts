/**
 * systemd.nix's own definitions for units that systemd ships ("Some overrides to upstream
 * units", the `keys` and `sysinit-reactivation` targets): `restartIfChanged = false` for the
 * units a switch must not restart, util-linux on the `PATH` of the fsck/makefs/mkswap
 * templates, drop-ins for makefs/mkswap, `ConditionVirtualization` of `systemd-remount-fs`,
 * NixOS's kernel-module path for `kmod-static-nodes`, `sysinit.target` wanting
 * `systemd-pstore`, and `X-StopOnReconfiguration` for the file-system targets.
 *
 * NixOS defines them on every system, so these units always exist there (as drop-ins). nixmod
 * adds them to a unit of yours with such a name, as a module of the unit's submodule, where they
 * merge with your definitions by the options' types and priorities as NixOS's do (its
 * definitions come before yours, as here); a unit you do not define is not made for them, so
 * `systemd.services` and `systemd.targets` hold only your units. `system.fsPackages`, which
 * NixOS appends to the fsck and makefs paths, is empty in nixmod.
 */

import type { Module, ModuleObject } from "../../lib/modules/module.ts";
import { memoByObject } from "../../lib/util/object-memo.ts";
import type { PackageSet } from "../packages.ts";

const file = "modules/system/systemd.ts";

/** The definitions of a unit that gets none. */
const none: ModuleObject = Object.freeze({});

/** Looks up the overrides of a unit by its attribute name (own names only: `__proto__` is a unit name too). */
function byName(table: Readonly<Record<string, object>>): Module {
  return ({ name }: { name: string }) => ({
    _file: file,
    config: Object.hasOwn(table, name) ? table[name]! : none,
  });
}

/** systemd.nix's definitions of upstream services, for one package set (util-linux is read from it). */
export const upstreamServiceOverrides = memoByObject((pkgs: PackageSet): Module => {
  const fsTool = (overrideStrategy?: string) => ({
    restartIfChanged: false,
    // Read when the path is: a package set without util-linux fails only there.
    get path() {
      return [pkgs["util-linux"]];
    },
    ...(overrideStrategy === undefined ? {} : { overrideStrategy }),
  });
  return byName({
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
  });
});

/** systemd.nix's definitions of targets. */
export const upstreamTargetOverrides: Module = byName({
  keys: { description: "Security Keys", unitConfig: { "X-StopOnReconfiguration": true } },
  "sysinit-reactivation": { description: "Reactivate sysinit units" },
  "local-fs": { unitConfig: { "X-StopOnReconfiguration": true } },
  "remote-fs": { unitConfig: { "X-StopOnReconfiguration": true } },
});
