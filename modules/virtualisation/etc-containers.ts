/**
 * `virtualisation.containers.enable` (nixos/modules/virtualisation/containers.nix,
 * the common /etc/containers configuration of podman and friends; not the NixOS
 * container module). Only `enable` is declared: today's NixOS container module
 * warns when it is on together with an old `system.stateVersion`.
 */

import type { Module } from "../../lib/modules/module.ts";
import { mkOption } from "../../lib/options.ts";
import { types } from "../../lib/types/index.ts";

/** The `virtualisation.containers.enable` option module. */
export const etcContainersModule: Module = {
  _file: "modules/virtualisation/etc-containers.ts",
  key: "modules/virtualisation/etc-containers.ts",
  options: {
    virtualisation: {
      containers: {
        enable: mkOption({
          type: types.bool,
          default: false,
          description:
            "Whether to enable the common /etc/containers configuration (registries, " +
            "policy, storage) used by OCI container tools such as podman.",
        }),
      },
    },
  },
};
