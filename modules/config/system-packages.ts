/** `environment.systemPackages`: the packages of the system profile (nixos/modules/config/system-path.nix). */

import type { Module } from "../../lib/modules/module.ts";
import { literalExpression, mkOption } from "../../lib/options.ts";
import { types } from "../../lib/types/index.ts";

/** The `environment.systemPackages` option module. */
export const systemPackagesModule: Module = {
  _file: "modules/config/system-packages.ts",
  key: "modules/config/system-packages.ts",
  options: {
    environment: {
      systemPackages: mkOption({
        type: types.listOf(types.package),
        default: [],
        example: literalExpression("[ pkgs.firefox pkgs.thunderbird ]"),
        description:
          "Packages installed in the system profile, so every user finds their programs on PATH.",
      }),
    },
  },
};
