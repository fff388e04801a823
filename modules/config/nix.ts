/** `nix.package` (nixos/modules/config/nix.nix). */

import type { Module } from "../../lib/modules/module.ts";
import { types } from "../../lib/types/index.ts";
import { memoByObject } from "../../lib/util/object-memo.ts";
import { pkgsOption, type PackageSet } from "../packages.ts";

/** The module's declarations for one package set. */
const nixOptions = memoByObject((pkgs: PackageSet) => ({
  nix: {
    package: pkgsOption(pkgs, "nix", {
      type: types.package,
      description: "The Nix package the system's daemon and tools come from.",
    }),
  },
}));

/** The `nix.package` option module. */
export const nixModule: Module = ({ pkgs }: { pkgs: PackageSet }) => ({
  _file: "modules/config/nix.ts",
  key: "modules/config/nix.ts",
  options: nixOptions(pkgs),
});
