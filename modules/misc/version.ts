/** `system.stateVersion` (nixos/modules/misc/version.nix). */

import type { Module } from "../../lib/modules/module.ts";
import { mkOption } from "../../lib/options.ts";
import { types } from "../../lib/types/index.ts";

/**
 * The release whose defaults for stateful data the system keeps (`"24.05"` unless
 * set: the reference evaluations of today's container module used that value).
 */
export const defaultStateVersion = "24.05";

/** The `system.stateVersion` option module. */
export const versionModule: Module = {
  _file: "modules/misc/version.ts",
  key: "modules/misc/version.ts",
  options: {
    system: {
      stateVersion: mkOption({
        type: types.str,
        default: defaultStateVersion,
        example: "24.11",
        description:
          "The NixOS release with which stateful data on this system (file locations, " +
          "database formats) was first created. Modules keep that release's defaults for " +
          "such data, so set it once at installation and do not change it when upgrading.",
      }),
    },
  },
};
