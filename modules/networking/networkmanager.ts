/** `networking.networkmanager.enable` (nixos/modules/services/networking/networkmanager.nix). */

import type { Module } from "../../lib/modules/module.ts";
import { mkEnableOption } from "../../lib/options.ts";

/** The NetworkManager option module (only `enable`, which other modules read). */
export const networkManagerModule: Module = {
  _file: "modules/networking/networkmanager.ts",
  key: "modules/networking/networkmanager.ts",
  options: {
    networking: {
      networkmanager: {
        enable: mkEnableOption(
          "NetworkManager, which manages the host's network interfaces (other modules " +
            "mark the interfaces it must leave alone)",
        ),
      },
    },
  },
};
