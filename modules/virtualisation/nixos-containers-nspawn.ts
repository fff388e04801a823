/**
 * The systemd-nspawn command line of each of today's declarative containers, as
 * data: what the `exec systemd-nspawn …` of its `container@<name>` start script
 * runs, after the shell has read the container's conf file. Arguments are in the
 * script's order: `--keep-unit`, machine and directory, the flags the script
 * collects (private network, user namespace, veth, ports, bridge, network
 * namespace, extra veths, interfaces, macvlans), readiness and kill signal, the
 * /nix bind mounts, the journal link, the `--setenv` pairs, `--ephemeral`,
 * capabilities, tmpfs mounts, the conf file's extra flags, then `container-init`
 * and the system's `init`.
 *
 * Two things the script decides only at run time are left out: `--personality=x86`
 * (added when the container's system is i686-linux on an x86_64 host) and the
 * expansion of shell patterns in unquoted words. Words the script leaves unquoted
 * (tmpfs flags, `EXTRA_NSPAWN_FLAGS`, interface lists) are split at white space
 * as bash splits them.
 */

import { nixToString } from "../../lib/render/nix-to-string.ts";
import type { BindMount, NspawnCommand } from "../../lib/render/render.ts";
import type { PathEntry } from "../../lib/render/service.ts";
import {
  defaultServicePath,
  renderPackagesOf,
  servicePathVariable,
} from "../../lib/render/service-config.ts";
import { sortNames } from "../../lib/util/attrs.ts";
import type { Package } from "../../lib/package.ts";
import type { PackageSet } from "../packages.ts";
import {
  bindFlags,
  modernContainersHost,
  scriptConfig,
  usesUserNamespace,
  type ModernContainer,
} from "./nixos-containers.ts";
import { dummyConfig, portString } from "./nixos-containers-scripts.ts";

/** Bash's word splitting with the default IFS. */
const words = (text: string): string[] => text.split(/[ \t\n]+/).filter((w) => w !== "");

/** `--bind=`/`--bind-ro=` as a bind mount: `source[:target[:options]]`. */
function parseBind(arg: string): BindMount | null {
  const readOnly = arg.startsWith("--bind-ro=");
  if (!readOnly && !arg.startsWith("--bind=")) return null;
  const [source = "", target = source, ...options] = arg
    .slice(readOnly ? "--bind-ro=".length : "--bind=".length)
    .split(":");
  return {
    source,
    target,
    readOnly,
    ...(options.length > 0 ? { options: options.join(":") } : {}),
  };
}

/** The nspawn command line of one container, from its options and its unit's `path`. */
export function modernNspawnCommand(
  name: string,
  cfg: ModernContainer,
  config: any,
  pkgs: PackageSet,
): NspawnCommand {
  const host = modernContainersHost(config, pkgs);
  const dirs = host.directories();
  const sc = scriptConfig(name, cfg);
  const service = config.systemd.services[`container@${name}`];
  const path = [
    ...(service.path as PathEntry[]),
    ...defaultServicePath(renderPackagesOf(pkgs, config.systemd.package)),
  ];

  // The conf file's variables (only set with privateNetwork, except the last ones).
  const privateNetwork = cfg.privateNetwork;
  const env = (value: string | null) => (privateNetwork && value !== null ? value : "");
  const hostBridge = env(cfg.hostBridge);
  const hostPort = privateNetwork ? cfg.forwardPorts.map(portString).join(",") : "";
  const hostAddress = env(cfg.hostAddress);
  const hostAddress6 = env(cfg.hostAddress6);
  const localAddress = env(cfg.localAddress);
  const localAddress6 = env(cfg.localAddress6);
  const localMacAddress = env(cfg.localMacAddress);
  const privateUsers = String(cfg.privateUsers);
  const systemPath = cfg.flake === null ? String(cfg.path) : "";

  const extraFlags: string[] = [];
  if (privateNetwork) extraFlags.push("--private-network");
  const bindOption = usesUserNamespace(cfg.privateUsers) ? ":idmap" : "";
  extraFlags.push(`--private-users=${privateUsers}`);
  if (hostAddress || localAddress || hostAddress6 || localAddress6 || localMacAddress) {
    extraFlags.push("--network-veth");
  }
  for (const port of hostPort === "" ? [] : hostPort.split(",")) extraFlags.push(`--port=${port}`);
  if (hostBridge !== "") extraFlags.push(`--network-bridge=${hostBridge}`);
  if (cfg.networkNamespace !== null) {
    extraFlags.push(`--network-namespace-path=${cfg.networkNamespace}`);
  }
  for (const [veth] of sc.extraVeths) extraFlags.push(`--network-veth-extra=${veth}`);
  for (const iface of words(cfg.interfaces.join(" "))) {
    extraFlags.push(`--network-interface=${iface}`);
  }
  for (const iface of words(cfg.macvlans.join(" "))) extraFlags.push(`--network-macvlan=${iface}`);

  const root = cfg.ephemeral ? `/run/nixos-containers/${name}` : `${dirs.stateDirectory}/${name}`;
  const containerInit = String(host.containerInit(sc));
  const extra = bindFlags(cfg.bindMounts) + cfg.extraFlags.map((flag) => ` ${flag}`).join("");
  const capabilities = sc.additionalCapabilities;
  const tmpfs = sc.tmpfs ?? [];
  const argv = [
    `${nixToString(config.systemd.package, ["systemd", "package"])}/bin/systemd-nspawn`,
    "--keep-unit",
    "-M",
    name,
    "-D",
    root,
    ...extraFlags,
    "--notify-ready=yes",
    "--kill-signal=SIGRTMIN+3",
    `--bind-ro=/nix/store:/nix/store${bindOption}`,
    `--bind-ro=/nix/var/nix/db:/nix/var/nix/db${bindOption}`,
    `--bind-ro=/nix/var/nix/daemon-socket:/nix/var/nix/daemon-socket${bindOption}`,
    `--bind=/nix/var/nix/profiles/per-container/${name}:/nix/var/nix/profiles${bindOption}`,
    `--bind=/nix/var/nix/gcroots/per-container/${name}:/nix/var/nix/gcroots${bindOption}`,
    ...(cfg.ephemeral ? [] : ["--link-journal=try-guest"]),
    ...[
      ["PRIVATE_NETWORK", privateNetwork ? "1" : ""],
      ["PRIVATE_USERS", privateUsers],
      ["HOST_BRIDGE", hostBridge],
      ["HOST_ADDRESS", hostAddress],
      ["LOCAL_ADDRESS", localAddress],
      ["HOST_ADDRESS6", hostAddress6],
      ["LOCAL_ADDRESS6", localAddress6],
      ["LOCAL_MAC_ADDRESS", localMacAddress],
      ["HOST_PORT", hostPort],
      ["PATH", servicePathVariable(path)],
    ].flatMap(([variable, value]) => ["--setenv", `${variable}=${value}`]),
    ...(cfg.ephemeral ? ["--ephemeral"] : []),
    ...(capabilities.length > 0 ? [`--capability=${capabilities.join(",")}`] : []),
    ...(tmpfs.length > 0 ? words(`--tmpfs=${tmpfs.join(" --tmpfs=")}`) : []),
    ...words(extra),
    containerInit,
    `${systemPath === "" ? "/nix/var/nix/profiles/system" : systemPath}/init`,
  ];
  return {
    argv,
    machine: name,
    directory: root,
    bindMounts: argv.map(parseBind).filter((b): b is BindMount => b !== null),
    capabilities: [...capabilities],
    networkNamespace: cfg.networkNamespace,
    init: containerInit,
  };
}

/**
 * The nspawn command line of every declarative container of today's module, by
 * name (none while `boot.enableContainers` is off). `render()` adds them to the
 * seed's; a container of today's module replaces a seed container of the same name.
 */
export function modernNspawnCommands(config: any, pkgs: PackageSet): Record<string, NspawnCommand> {
  const commands: Record<string, NspawnCommand> = {};
  if (config.containers === undefined || !config.boot.enableContainers) return commands;
  const containers = config.containers as Record<string, ModernContainer>;
  for (const name of sortNames(Object.keys(containers))) {
    Object.defineProperty(commands, name, {
      value: modernNspawnCommand(name, containers[name]!, config, pkgs),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return commands;
}

/**
 * The scripts today's container module makes with `writeScript` that its units refer to by
 * store path: `reload-container`, and the `container-init` of the template and of each
 * declarative container (none while `boot.enableContainers` is off). `render()` writes them.
 */
export function modernContainerScripts(config: any, pkgs: PackageSet): Package[] {
  if (config.containers === undefined || !config.boot.enableContainers) return [];
  const host = modernContainersHost(config, pkgs);
  const containers = config.containers as Record<string, ModernContainer>;
  return [
    host.reloadContainer(),
    host.containerInit(dummyConfig),
    ...sortNames(Object.keys(containers)).map((name) =>
      host.containerInit(scriptConfig(name, containers[name]!)),
    ),
  ];
}
