/**
 * A realistic host with today's NixOS containers, used by the snapshot and
 * systemd-analyze tests: a container on the LAN bridge, one behind a private veth
 * pair with forwarded ports, and an ephemeral one with bind mounts.
 */

import type { Module } from "../../lib/index.ts";

/** The package set of the modern vectors (the store paths the reference run used). */
export const modernPkgs: Record<string, string> = {
  bash: "/nix/store/lhgnb5vxxha9sp6dxcyrfn9x58a66wl8-bash-5.2p37",
  iproute2: "/nix/store/pz36a4xlyw289f9nfhl5idiv2981njyx-iproute2-6.15.0",
  linux: "/nix/store/bqj8v9z5n1yv2myrm5alj37r5ag4sdrx-linux-6.12.41",
  nix: "/nix/store/gspw5132dgypwiipwpj1mqlgay93g9db-nix-2.28.4",
  "nixos-container": "/nix/store/w8i6lb47qyrjr1ppa4jxiqlk9rawd6y2-nixos-container",
  system: "x86_64-linux",
  systemd: "/nix/store/ry93jikz472lvjpwx2y55fpdxhlj1xmp-systemd-257.6",
};

/**
 * The host: `lan` on the LAN bridge (with a second veth into the management bridge),
 * `shop` on a private veth pair with forwarded ports and user namespacing, `ci`
 * ephemeral with bind mounts, tmpfs and a tun device.
 */
export const realisticHost: Module[] = [
  {
    networking: { hostName: "atlas" },
    system: { stateVersion: "24.11" },
    containers: {
      lan: {
        autoStart: true,
        privateNetwork: true,
        hostBridge: "br0",
        localAddress: "192.168.1.50/24",
        localAddress6: "2001:db8:1::50/64",
        extraVeths: { "vm-lan": { hostBridge: "br-mgmt", localAddress: "10.100.0.50/24" } },
        config: {
          networking: { hostName: "lan-box" },
          environment: { etc: { motd: { text: "Welcome to the LAN box\n" } } },
        },
      },
      shop: {
        autoStart: true,
        privateNetwork: true,
        hostAddress: "10.233.1.1",
        localAddress: "10.233.1.2",
        hostAddress6: "fc00::1",
        localAddress6: "fc00::2",
        forwardPorts: [
          { hostPort: 8080, containerPort: 80 },
          { protocol: "udp", hostPort: 5353 },
        ],
        privateUsers: "pick",
        path: "/nix/var/nix/profiles/per-container/shop",
        timeoutStartSec: "2min",
      },
      ci: {
        ephemeral: true,
        enableTun: true,
        bindMounts: {
          "/var/cache/ci": { hostPath: "/srv/ci-cache", isReadOnly: false },
          "/etc/ci-secrets": { hostPath: "/run/keys/ci" },
          "/nix/var/nix/daemon-socket": {},
        },
        tmpfs: ["/tmp", "/var/tmp"],
        extraFlags: ["--property=MemoryMax=4G"],
        path: "/nix/var/nix/profiles/per-container/ci",
      },
    },
  },
];
