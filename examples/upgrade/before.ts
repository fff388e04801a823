/**
 * The host as it runs today; `after.ts` is the next version of it. See what
 * switching would do with
 *
 *   nixmod plan examples/upgrade/before.ts examples/upgrade/after.ts
 */
import type { Module } from "nixmod";

const before: Module = {
  systemd: {
    containers: {
      webserver: { path: "/nix/var/nix/profiles/webserver-1" },
      database: { path: "/nix/var/nix/profiles/database" },
    },
    services: {
      backup: {
        description: "Nightly backup",
        wantedBy: ["multi-user.target"],
        serviceConfig: { ExecStart: "/run/current-system/sw/bin/backup --to /mnt/backup" },
      },
    },
  },
};

export default before;
