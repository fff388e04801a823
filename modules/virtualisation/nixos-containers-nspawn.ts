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
import { nspawnParts } from "../../lib/render/nspawn-arguments.ts";
import { nspawnCommand, type NspawnCommand } from "../../lib/render/render.ts";
import { renderEtc, type RenderedEtc } from "../../lib/render/etc-files.ts";
import { startsOwnUnit, type ServiceValue } from "../../lib/render/service.ts";
import { renderPackagesOf, unitEnvironment } from "../../lib/render/service-config.ts";
import { unitSpecifiers } from "../../lib/render/unit-specifiers.ts";
import { setOwn, sortNames } from "../../lib/util/attrs.ts";
import type { Package } from "../../lib/package.ts";
import type { PackageSet } from "../packages.ts";
import { modernContainersHost, scriptConfig, type ModernContainer } from "./nixos-containers.ts";
import { dummyConfig } from "./nixos-containers-scripts.ts";

/** Bash's word splitting with the default IFS. */
const words = (text: string): string[] => text.split(/[ \t\n]+/).filter((w) => w !== "");

/** The text of a file of /etc by its path below /etc: null when /etc has none, undefined when nixmod cannot read it. */
type EtcText = (target: string) => string | null | undefined;

/** `EtcText` for /etc as NixOS's builder installs `environment.etc` (the first entry for a path gives its file). */
function etcTexts(rendered: RenderedEtc): EtcText {
  return (target) => {
    const file = Object.hasOwn(rendered.etc, target) ? rendered.etc[target]! : undefined;
    if (file === undefined) return null;
    return Object.hasOwn(rendered.files, file.source) ? rendered.files[file.source]! : undefined;
  };
}

/**
 * The variables the container's start script sees: its unit's `Environment=` (the service's
 * merged `environment`, `PATH` included), then its `EnvironmentFile=`, the container's conf
 * file as /etc has it, read as systemd reads it (its variables win). Undefined when the conf
 * file is one nixmod cannot read (a host's own `source`).
 */
function scriptVariables(
  name: string,
  service: ServiceValue,
  config: any,
  pkgs: PackageSet,
  etcText: EtcText,
): Map<string, string> | undefined {
  const vars = unitEnvironment(
    `container@${name}`,
    service,
    renderPackagesOf(pkgs, config.systemd.package),
    unitSpecifiers(`container@${name}.service`),
  );
  const dirs = modernContainersHost(config, pkgs).directories();
  const text = etcText(`${dirs.configurationDirectoryName}/${name}.conf`);
  // A file /etc does not have is skipped (`EnvironmentFile=-…`).
  if (text === undefined) return undefined;
  if (text !== null) for (const [key, value] of parseEnvironmentFile(text)) vars.set(key, value);
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
 * Undefined when the script does not run (the unit masked, or installed as a drop-in over the
 * template, which systemd refuses for its second `ExecStart=`), when its conf file is one
 * nixmod cannot read, or when the unit leaves `root` or `INSTANCE` unset and the script
 * checks strictly (`set -u`): it stops before it runs nspawn.
 */
function modernNspawnCommand(
  name: string,
  cfg: ModernContainer,
  config: any,
  pkgs: PackageSet,
  etcText: EtcText,
): NspawnCommand | undefined {
  const service = config.systemd.services[`container@${name}`] as ServiceValue | undefined;
  // A host whose higher-priority `systemd.services` dropped the module's unit, or its start
  // script, runs no container: its options stay unread, as in NixOS.
  if (service === undefined || !startsOwnUnit(service) || service.script === "") return undefined;
  const host = modernContainersHost(config, pkgs);
  const sc = scriptConfig(name, cfg);
  const vars = scriptVariables(name, service, config, pkgs, etcText);
  if (vars === undefined) return undefined;
  if (service.enableStrictShellChecks === true && !(vars.has("root") && vars.has("INSTANCE")))
    return undefined;
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
  return nspawnCommand(argv, nspawnParts(argv.slice(1)), networkNamespace || null);
}

/**
 * The nspawn command line of every declarative container of today's module whose start script
 * reaches it, by name (none while `boot.enableContainers` is off). `render()` adds them to the
 * seed's (a name both have is an error there: one machine per name), giving the /etc it made.
 */
export function modernNspawnCommands(
  config: any,
  pkgs: PackageSet,
  etc?: RenderedEtc,
): Record<string, NspawnCommand> {
  const commands: Record<string, NspawnCommand> = {};
  if (config.containers === undefined || !config.boot.enableContainers) return commands;
  const containers = config.containers as Record<string, ModernContainer>;
  const names = sortNames(Object.keys(containers));
  if (names.length === 0) return commands;
  const etcText = etcTexts(etc ?? renderEtc(config.environment.etc));
  for (const name of names) {
    const command = modernNspawnCommand(name, containers[name]!, config, pkgs, etcText);
    if (command !== undefined) setOwn(commands, name, command);
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
