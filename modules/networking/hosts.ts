/**
 * `networking.extraHosts` and `networking.hosts`: what /etc/hosts is made of
 * (nixos/modules/config/networking.nix). The file itself is written by `render()`.
 */

import type { Module } from "../../lib/modules/module.ts";
import { literalExpression, mkOption } from "../../lib/options.ts";
import { types } from "../../lib/types/index.ts";
import { lazyFields } from "../../lib/util/lazy-fields.ts";
import { ownHostNames } from "../../lib/render/etc-hosts.ts";

const file = "modules/networking/hosts.ts";

/** The message of networking.nix's assertion on `localhost` in `networking.hosts`. */
export const localhostMappedMessage =
  '`networking.hosts` maps "localhost" to something other than "127.0.0.1"\n' +
  'or "::1". This will break some applications. Please use\n' +
  "`networking.extraHosts` if you really want to add such a mapping.\n";

// Shared by every evaluation (a container's nested system evaluates this module again).
const hostsOptions = {
  networking: {
    extraHosts: mkOption({
      type: types.lines,
      default: "",
      example: "192.168.0.1 lanlocalhost",
      description: "Lines added verbatim to the end of /etc/hosts.",
    }),
    hosts: mkOption({
      type: types.attrsOf(types.listOf(types.str)),
      example: literalExpression(`{
  "127.0.0.1" = [ "foo.bar.baz" ];
  "192.168.0.2" = [ "fileserver.local" "nameserver.local" ];
}`),
      description:
        "Host names by IP address, written to /etc/hosts after the localhost lines (addresses " +
        "in byte order, those without names left out). NixOS maps `127.0.0.2` to the host's " +
        "fully qualified name and its host name.",
    }),
  },
};

/** Whether an address other than `127.0.0.1` and `::1` is given the name `localhost`. */
function mapsLocalhostElsewhere(hosts: Record<string, string[]>): boolean {
  return Object.keys(hosts).some(
    (address) =>
      address !== "127.0.0.1" && address !== "::1" && hosts[address]!.includes("localhost"),
  );
}

/** The `networking.extraHosts`/`networking.hosts` option module. */
export const hostsModule: Module = ({ config }: { config: any }) => ({
  _file: file,
  key: file,
  options: hostsOptions,
  config: lazyFields(
    {
      assertions: () => [
        {
          assertion: !mapsLocalhostElsewhere(config.networking.hosts),
          message: localhostMappedMessage,
        },
      ],
    },
    {
      networking: {
        hosts: lazyFields({
          "127.0.0.2": () =>
            ownHostNames(config.networking.hostName, () => config.networking.domain),
        }),
      },
    },
  ),
});
