/** `system.build`: the derivations used to set up the system (nixos/modules/system/build.nix). */

import type { Module } from "../../lib/modules/module.ts";
import { mkOption } from "../../lib/options.ts";
import { types } from "../../lib/types/index.ts";

/** The `system.build` option module: an open set, each attribute defined once. */
export const systemBuildModule: Module = {
  _file: "modules/system/build.ts",
  key: "modules/system/build.ts",
  options: {
    system: {
      build: mkOption({
        default: {},
        description: "Packages (and other values) used to build and set up the system.",
        type: types.submoduleWith({
          modules: [
            {
              _file: "modules/system/build.ts",
              freeformType: types.lazyAttrsOf(types.uniq(types.unspecified)),
            },
          ],
        }),
      }),
    },
  },
};
