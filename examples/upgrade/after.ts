/**
 * The next version of `before.ts`:
 *
 * - `webserver` runs a new system profile: its unit changes and, since the
 *   container module sets `reloadIfChanged`, the switch reloads it;
 * - `backup` gets a new command line: it is stopped before the switch and started after it
 *   (`restartIfChanged` and `stopIfChanged` are on by default);
 * - `database` is gone: it stops;
 * - `cache` is new (and wanted by multi-user.target): it starts.
 *
 *   nixmod plan examples/upgrade/before.ts examples/upgrade/after.ts
 */
import type { Module } from "nixmod";

const after: Module = {
  systemd: {
    containers: {
      webserver: { path: "/nix/var/nix/profiles/webserver-2" },
      cache: { path: "/nix/var/nix/profiles/cache" },
    },
    services: {
      backup: {
        description: "Nightly backup",
        wantedBy: ["multi-user.target"],
        serviceConfig: { ExecStart: "/run/current-system/sw/bin/backup --to /mnt/backup --verify" },
      },
    },
  },
};

export default after;
