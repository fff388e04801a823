/** `boot.isContainer`: whether the system runs as a container inside another NixOS system. */

import type { Module } from "../../lib/modules/module.ts";
import { mkOption } from "../../lib/options.ts";
import { types } from "../../lib/types/index.ts";

/**
 * The `boot.isContainer` option module. The 2013 seed module declared this option
 * itself, as today's NixOS container module does; both are in the built-in
 * module set, so it is declared once, here, with the seed's type, default and
 * description.
 */
export const bootModule: Module = {
  _file: "modules/system/boot.ts",
  key: "modules/system/boot.ts",
  options: {
    boot: {
      isContainer: mkOption({
        type: types.bool,
        default: false,
        description:
          "Whether this NixOS machine is a lightweight container running\nin another NixOS system.\n",
      }),
    },
  },
};
