/**
 * The seed module's documented example (the `example` of `systemd.containers`),
 * as a nixmod module: a `webserver` container that runs a system profile built
 * elsewhere, and a `database` container whose system is the nested
 * configuration given here.
 *
 * The seed's database runs PostgreSQL (`services.postgresql`), a NixOS module
 * nixmod does not have; `postgresqlModule` below declares the two options the
 * example sets, so the nested configuration evaluates as it did in NixOS.
 */

import { mkEnableOption, mkOption, types, type Module } from "../../lib/index.ts";

/** A stand-in for NixOS's PostgreSQL module: just the options the example sets. */
export const postgresqlModule: Module = {
  _file: "examples/seed/containers.ts#postgresql",
  options: {
    services: {
      postgresql: {
        enable: mkEnableOption("the PostgreSQL server"),
        package: mkOption({ type: types.package, description: "The PostgreSQL package." }),
      },
    },
  },
};

/** The example host configuration. */
export const seedExample: Module = {
  _file: "examples/seed/containers.ts",
  systemd: {
    containers: {
      webserver: {
        root: "/containers/webserver",
        path: "/nix/var/nix/profiles/webserver",
      },
      database: {
        root: "/containers/database",
        config: ({ pkgs }: { pkgs: Record<string, unknown> }) => ({
          imports: [postgresqlModule],
          services: {
            postgresql: { enable: true, package: pkgs.postgresql92 },
          },
        }),
      },
    },
  },
};

/** The package the example uses beyond the built-in set (a stand-in store path). */
export const examplePkgs = {
  postgresql92: "/nix/store/0jk4lv6ym9wd6pa0b6jvcrdwlfdp9rd6-postgresql-9.2.4",
};
