/**
 * A private-network pair of containers: `frontend` and `backend` each get their
 * own virtual Ethernet link (`c-<name>` on the host, `eth0` inside), in their
 * own network namespace, with an address on each end. The host routes to
 * them and lists them in /etc/hosts as `<name>.containers`.
 *
 * `frontend` runs a system profile built elsewhere; `backend`'s system is the
 * nested configuration given here (a small API service).
 *
 *   nixmod eval examples/private-network/host.ts --attr networking.extraHosts
 *   nixmod eval examples/private-network/host.ts --out result
 */
import type { Module } from "nixmod";

const host: Module = {
  networking: { hostName: "gateway" },
  systemd: {
    containers: {
      frontend: {
        path: "/nix/var/nix/profiles/frontend",
        privateNetwork: true,
        hostAddress: "10.231.136.1",
        localAddress: "10.231.136.2",
      },
      backend: {
        privateNetwork: true,
        hostAddress: "10.231.137.1",
        localAddress: "10.231.137.2",
        config: ({ pkgs }: { pkgs: any }) => ({
          systemd: {
            services: {
              api: {
                description: "Backend API",
                wantedBy: ["multi-user.target"],
                script: `exec ${pkgs.socat}/bin/socat TCP-LISTEN:9000,fork,reuseaddr SYSTEM:"echo ok"\n`,
              },
            },
          },
        }),
      },
    },
  },
};

export default host;
