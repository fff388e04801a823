/**
 * `systemd.*`: the units of the system (nixos/modules/system/boot/systemd.nix).
 * Declares `systemd.package`, `systemd.services`, `systemd.targets` and
 * `systemd.globalEnvironment`; the unit files themselves are written by the
 * render layer from these values.
 */

import type { Module } from "../../lib/modules/module.ts";
import { mkOption } from "../../lib/options.ts";
import { types } from "../../lib/types/index.ts";
import { memoByObject } from "../../lib/util/object-memo.ts";
import { pkgsOption, type PackageSet } from "../packages.ts";
import { serviceModule, targetModule } from "./systemd-unit-options.ts";

// The declarations that depend on nothing of an evaluation, made once and shared by all
// (a container's nested configuration evaluates this module again).
const sharedOptions = {
  services: mkOption({
    type: types.attrsOf(types.submodule(serviceModule)),
    default: {},
    description: "The system's service units, by name; see systemd.service(5).",
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

/** The module's declarations for one package set. */
const systemdOptions = memoByObject((pkgs: PackageSet) => ({
  systemd: {
    package: pkgsOption(pkgs, "systemd", {
      type: types.package,
      description: "The systemd package.",
    }),
    ...sharedOptions,
  },
}));

/** The `systemd` option module. */
export const systemdModule: Module = ({ pkgs }: { pkgs: PackageSet }) => ({
  _file: "modules/system/systemd.ts",
  key: "modules/system/systemd.ts",
  options: systemdOptions(pkgs),
});
