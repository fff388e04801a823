/** `networking.useDHCP` (nixos/modules/tasks/network-interfaces.nix). */

import type { Module } from "../../lib/modules/module.ts";
import { mkOption } from "../../lib/options.ts";
import { types } from "../../lib/types/index.ts";

/** The `networking.useDHCP` option module. */
export const useDhcpModule: Module = {
  _file: "modules/networking/use-dhcp.ts",
  key: "modules/networking/use-dhcp.ts",
  options: {
    networking: {
      useDHCP: mkOption({
        type: types.bool,
        default: true,
        description:
          "Whether to configure every Ethernet and wireless interface by DHCP unless it " +
          "has an address of its own. NixOS containers turn it off in the container.",
      }),
    },
  },
};
