/** `networking.extraHosts`: lines appended to /etc/hosts (nixos/modules/config/networking.nix). */

import type { Module } from "../../lib/modules/module.ts";
import { mkOption } from "../../lib/options.ts";
import { types } from "../../lib/types/index.ts";

/** The `networking.extraHosts` option module. */
export const hostsModule: Module = {
  _file: "modules/networking/hosts.ts",
  key: "modules/networking/hosts.ts",
  options: {
    networking: {
      extraHosts: mkOption({
        type: types.lines,
        default: "",
        example: "192.168.0.1 lanlocalhost",
        description: "Lines added verbatim to the end of /etc/hosts.",
      }),
    },
  },
};
