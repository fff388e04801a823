/** `nixpkgs.hostPlatform` (nixos/modules/misc/nixpkgs.nix). */

import type { Module } from "../../lib/modules/module.ts";
import { types } from "../../lib/types/index.ts";
import { memoByObject } from "../../lib/util/object-memo.ts";
import { pkgsOption, type PackageSet } from "../packages.ts";

/** The module's declarations for one package set. */
const nixpkgsOptions = memoByObject((pkgs: PackageSet) => ({
  nixpkgs: {
    hostPlatform: pkgsOption(pkgs, "stdenv.hostPlatform", {
      type: types.either(types.str, types.attrs),
      example: { system: "aarch64-linux" },
      description:
        "The platform the system runs on: a system double such as `x86_64-linux`, or an " +
        "attribute set with at least `system`.",
    }),
  },
}));

/**
 * The `nixpkgs.hostPlatform` option module. In NixOS this option decides how
 * `pkgs` is built; nixmod is given `pkgs`, so the option defaults to the
 * platform of that package set (`pkgs.stdenv.hostPlatform`).
 */
export const nixpkgsModule: Module = ({ pkgs }: { pkgs: PackageSet }) => ({
  _file: "modules/misc/nixpkgs.ts",
  key: "modules/misc/nixpkgs.ts",
  options: nixpkgsOptions(pkgs),
});
