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

import { parseEnvironmentFile } from "../../lib/render/environment-file.ts";
import { nixToString } from "../../lib/render/nix-to-string.ts";
import type { BindMount, NspawnCommand } from "../../lib/render/render.ts";
import { completeService, renderPackagesOf } from "../../lib/render/service-config.ts";
import { sortNames } from "../../lib/util/attrs.ts";
import type { Package } from "../../lib/package.ts";
import type { PackageSet } from "../packages.ts";
import {
  containerConfText,
  modernContainersHost,
  scriptConfig,
  type ModernContainer,
} from "./nixos-containers.ts";
import { dummyConfig } from "./nixos-containers-scripts.ts";

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

/** systemd's unescaping of a unit name's part: `-` is `/`, `\xNN` a byte. */
function unescapeUnitName(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const hex = /^\\x([0-9a-fA-F]{2})/.exec(text.slice(i));
    if (hex !== null) {
      bytes.push(parseInt(hex[1]!, 16));
      i += 3;
    } else if (text[i] === "-") bytes.push(0x2f);
    else bytes.push(...Buffer.from(text[i]!, "utf8"));
  }
  return Buffer.from(bytes).toString("utf8");
}

/**
 * systemd's specifiers in an `Environment=` value of the container's unit, as the system
 * manager resolves them; those only the running host knows (`%H`, `%m`, `%b`, …) are left as
 * they are. An unknown one makes systemd ignore the assignment: undefined.
 */
function expandSpecifiers(value: string, name: string): string | undefined {
  const prefix = "container";
  const specifiers: Record<string, string> = {
    i: name,
    I: unescapeUnitName(name),
    j: prefix,
    J: prefix,
    p: prefix,
    P: prefix,
    n: `${prefix}@${name}.service`,
    N: `${prefix}@${name}`,
    f: `/${unescapeUnitName(name)}`,
    S: "/var/lib",
    t: "/run",
    E: "/etc",
    C: "/var/cache",
    L: "/var/log",
    T: "/tmp",
    V: "/var/tmp",
    h: "/root",
    s: "/bin/sh",
    u: "root",
    U: "0",
    g: "root",
    G: "0",
    "%": "%",
  };
  const hostOnly = "aAbBdHlmMoqvwWyY";
  let unknown = false;
  const expanded = value.replace(/%(.?)/gs, (whole, c: string) => {
    if (c in specifiers) return specifiers[c]!;
    if (c !== "" && hostOnly.includes(c)) return whole;
    unknown = true;
    return whole;
  });
  return unknown ? undefined : expanded;
}

/**
 * The variables the container's start script sees: its unit's `Environment=` (the service's
 * merged `environment`, `PATH` included), then its `EnvironmentFile=`, the container's conf
 * file as /etc has it, read as systemd reads it (its variables win).
 */
function scriptVariables(
  name: string,
  cfg: ModernContainer,
  config: any,
  pkgs: PackageSet,
): Map<string, string> {
  const service = config.systemd.services[`container@${name}`];
  const completed = completeService(
    `container@${name}`,
    service,
    renderPackagesOf(pkgs, config.systemd.package),
  );
  const vars = new Map<string, string>();
  for (const [key, value] of Object.entries(completed.environment)) {
    const expanded = value === null ? undefined : expandSpecifiers(nixToString(value), name);
    if (expanded !== undefined) vars.set(key, expanded);
  }
  const dirs = modernContainersHost(config, pkgs).directories();
  const conf = config.environment.etc[`${dirs.configurationDirectoryName}/${name}.conf`];
  // A file /etc does not have is skipped (`EnvironmentFile=-…`); one nixmod cannot read is the module's.
  if (conf === undefined || conf.enable === false) return vars;
  const text = typeof conf.text === "string" ? conf.text : containerConfText(cfg);
  for (const [key, value] of parseEnvironmentFile(text)) vars.set(key, value);
  return vars;
}

/** Bash's field splitting of an unquoted `$HOST_PORT` with `IFS=","`. */
function commaFields(text: string): string[] {
  if (text === "") return [];
  const fields = text.split(",");
  if (fields[fields.length - 1] === "") fields.pop();
  return fields;
}

/**
 * The nspawn command line of one container: its start script run with its unit's variables.
 * Undefined when the unit leaves `root` or `INSTANCE` unset: the script (under `set -u`)
 * stops before it runs nspawn.
 */
export function modernNspawnCommand(
  name: string,
  cfg: ModernContainer,
  config: any,
  pkgs: PackageSet,
): NspawnCommand | undefined {
  const host = modernContainersHost(config, pkgs);
  const sc = scriptConfig(name, cfg);
  const vars = scriptVariables(name, cfg, config, pkgs);
  if (!vars.has("root") || !vars.has("INSTANCE")) return undefined;
  const v = (key: string) => vars.get(key) ?? "";

  const extraFlags: string[] = [];
  if (v("PRIVATE_NETWORK") === "1") extraFlags.push("--private-network");
  let bindOption = "";
  const privateUsers = v("PRIVATE_USERS");
  if (privateUsers !== "") {
    extraFlags.push(`--private-users=${privateUsers}`);
    if (privateUsers === "pick" || (/^[0-9]+$/.test(privateUsers) && Number(privateUsers) > 0))
      bindOption = ":idmap";
  }
  const addresses = [
    "HOST_ADDRESS",
    "LOCAL_ADDRESS",
    "HOST_ADDRESS6",
    "LOCAL_ADDRESS6",
    "LOCAL_MAC_ADDRESS",
  ];
  if (addresses.some((key) => v(key) !== "")) extraFlags.push("--network-veth");
  for (const port of commaFields(v("HOST_PORT"))) extraFlags.push(`--port=${port}`);
  if (v("HOST_BRIDGE") !== "") extraFlags.push(`--network-bridge=${v("HOST_BRIDGE")}`);
  const networkNamespace = v("NETWORK_NAMESPACE_PATH");
  if (networkNamespace !== "") extraFlags.push(`--network-namespace-path=${networkNamespace}`);
  for (const [veth] of sc.extraVeths) extraFlags.push(`--network-veth-extra=${veth}`);
  for (const iface of words(v("INTERFACES"))) extraFlags.push(`--network-interface=${iface}`);
  for (const iface of words(v("MACVLANS"))) extraFlags.push(`--network-macvlan=${iface}`);

  const instance = v("INSTANCE");
  const root = v("root");
  const containerInit = String(host.containerInit(sc));
  const capabilities = sc.additionalCapabilities;
  const tmpfs = sc.tmpfs ?? [];
  const systemPath = v("SYSTEM_PATH");
  const argv = [
    `${nixToString(config.systemd.package, ["systemd", "package"])}/bin/systemd-nspawn`,
    "--keep-unit",
    "-M",
    instance,
    "-D",
    root,
    ...extraFlags,
    "--notify-ready=yes",
    "--kill-signal=SIGRTMIN+3",
    `--bind-ro=/nix/store:/nix/store${bindOption}`,
    `--bind-ro=/nix/var/nix/db:/nix/var/nix/db${bindOption}`,
    `--bind-ro=/nix/var/nix/daemon-socket:/nix/var/nix/daemon-socket${bindOption}`,
    `--bind=/nix/var/nix/profiles/per-container/${instance}:/nix/var/nix/profiles${bindOption}`,
    `--bind=/nix/var/nix/gcroots/per-container/${instance}:/nix/var/nix/gcroots${bindOption}`,
    ...(cfg.ephemeral ? [] : ["--link-journal=try-guest"]),
    ...[
      "PRIVATE_NETWORK",
      "PRIVATE_USERS",
      "HOST_BRIDGE",
      "HOST_ADDRESS",
      "LOCAL_ADDRESS",
      "HOST_ADDRESS6",
      "LOCAL_ADDRESS6",
      "LOCAL_MAC_ADDRESS",
      "HOST_PORT",
      "PATH",
    ].flatMap((key) => ["--setenv", `${key}=${v(key)}`]),
    ...(cfg.ephemeral ? ["--ephemeral"] : []),
    ...(capabilities.length > 0 ? [`--capability=${capabilities.join(",")}`] : []),
    ...(tmpfs.length > 0 ? words(`--tmpfs=${tmpfs.join(" --tmpfs=")}`) : []),
    ...words(v("EXTRA_NSPAWN_FLAGS")),
    containerInit,
    `${systemPath === "" ? "/nix/var/nix/profiles/system" : systemPath}/init`,
  ];
  return {
    argv,
    machine: instance,
    directory: root,
    bindMounts: argv.map(parseBind).filter((b): b is BindMount => b !== null),
    capabilities: [...capabilities],
    networkNamespace: networkNamespace === "" ? null : networkNamespace,
    init: containerInit,
  };
}

/**
 * The nspawn command line of every declarative container of today's module whose start script
 * reaches it, by name (none while `boot.enableContainers` is off). `render()` adds them to the
 * seed's; a container of today's module replaces a seed container of the same name.
 */
export function modernNspawnCommands(config: any, pkgs: PackageSet): Record<string, NspawnCommand> {
  const commands: Record<string, NspawnCommand> = {};
  if (config.containers === undefined || !config.boot.enableContainers) return commands;
  const containers = config.containers as Record<string, ModernContainer>;
  for (const name of sortNames(Object.keys(containers))) {
    const command = modernNspawnCommand(name, containers[name]!, config, pkgs);
    if (command === undefined) continue;
    Object.defineProperty(commands, name, {
      value: command,
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
