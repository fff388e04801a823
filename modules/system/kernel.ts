/** `boot.kernelPackages` and `boot.kernelModules` (nixos/modules/system/boot/kernel.nix). */

import type { Module } from "../../lib/modules/module.ts";
import { literalExpression, mkOption } from "../../lib/options.ts";
import { types } from "../../lib/types/index.ts";
import { memoByObject } from "../../lib/util/object-memo.ts";
import { pkgsOption, type PackageSet } from "../packages.ts";

/** The module's declarations for one package set. */
const kernelOptions = memoByObject((pkgs: PackageSet) => ({
  boot: {
    kernelPackages: pkgsOption(pkgs, "linuxPackages", {
      type: types.raw,
      example: literalExpression("pkgs.linuxKernel.packages.linux_5_10"),
      description:
        "The kernel and its modules, as a package set whose `kernel` attribute is the " +
        "kernel (modules read `kernel.version`). nixmod takes it as it is: NixOS's " +
        "`extend` of the set is not done.",
    }),
    kernelModules: mkOption({
      type: types.listOf(types.str),
      default: [],
      description: "Kernel modules loaded in the second stage of the boot process.",
    }),
  },
}));

/** The kernel option module. */
export const kernelModule: Module = ({ pkgs }: { pkgs: PackageSet }) => ({
  _file: "modules/system/kernel.ts",
  key: "modules/system/kernel.ts",
  options: kernelOptions(pkgs),
});
