/**
 * The host's name and network basics (nixos/modules/tasks/network-interfaces.nix):
 * `networking.hostName`, `networking.domain`, `networking.enableIPv6`.
 */

import type { Module } from "../../lib/modules/module.ts";
import { mkOption } from "../../lib/options.ts";
import { types } from "../../lib/types/index.ts";

/**
 * NixOS's host-name type: empty, or a letter or digit, then up to 61 letters,
 * digits, `_` or `-`, ending in a letter or digit (an RFC 1035 label, with `_`).
 * The pattern is NixOS's own text, which error messages and documentation quote.
 */
export const hostNameType = types.strMatching("^$|^[[:alnum:]]([[:alnum:]_-]{0,61}[[:alnum:]])?$");

/** The `networking.hostName`/`domain`/`enableIPv6` option module. */
export const networkInterfacesModule: Module = {
  _file: "modules/networking/network-interfaces.ts",
  key: "modules/networking/network-interfaces.ts",
  options: {
    networking: {
      hostName: mkOption({
        type: hostNameType,
        default: "nixos",
        description:
          "The machine's host name (one DNS label, without the domain). The empty string " +
          "leaves it to DHCP or another service.",
      }),
      domain: mkOption({
        type: types.nullOr(types.str),
        default: null,
        example: "home.arpa",
        description: "The machine's DNS domain, or null for none.",
      }),
      enableIPv6: mkOption({
        type: types.bool,
        default: true,
        description: "Whether IPv6 is enabled (it also decides the `::1` line of /etc/hosts).",
      }),
    },
  },
};
