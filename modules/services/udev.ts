/** `services.udev.extraRules` (nixos/modules/services/hardware/udev.nix). */

import type { Module } from "../../lib/modules/module.ts";
import { mkOption } from "../../lib/options.ts";
import { types } from "../../lib/types/index.ts";

/** The udev option module (only the extra rules other modules add). */
export const udevModule: Module = {
  _file: "modules/services/udev.ts",
  key: "modules/services/udev.ts",
  options: {
    services: {
      udev: {
        extraRules: mkOption({
          type: types.lines,
          default: "",
          example: 'ENV{ID_VENDOR_ID}=="046d", ENV{ID_MODEL_ID}=="0825", ENV{PULSE_IGNORE}="1"',
          description:
            "Extra udev rules, in udev's rule syntax, written to a rules file that is read " +
            "after the default ones.",
        }),
      },
    },
  },
};
