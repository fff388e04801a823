/** `networking.dhcpcd.denyInterfaces` (nixos/modules/services/networking/dhcpcd.nix). */

import type { Module } from "../../lib/modules/module.ts";
import { mkOption } from "../../lib/options.ts";
import { types } from "../../lib/types/index.ts";

/** The dhcpcd option module: the interfaces dhcpcd must leave alone. */
export const dhcpcdModule: Module = {
  _file: "modules/networking/dhcpcd.ts",
  key: "modules/networking/dhcpcd.ts",
  options: {
    networking: {
      dhcpcd: {
        denyInterfaces: mkOption({
          type: types.listOf(types.str),
          default: [],
          description:
            "Interfaces dhcpcd must not configure. Shell-style globs are allowed " +
            "(`ve-*` matches every interface whose name starts with `ve-`).",
        }),
      },
    },
  },
};
