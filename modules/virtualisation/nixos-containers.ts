/**
 * Today's NixOS containers: nixpkgs' `nixos/modules/virtualisation/nixos-containers.nix`
 * (at commit 00ef614eae7658e8c2d4ea0abbd476fa9d8065fc), ported to TypeScript.
 * Each `containers.<name>` is a NixOS system run by systemd-nspawn from the
 * `container@<name>` instance of the `container@` template unit, configured by
 * the environment file `/etc/nixos-containers/<name>.conf`.
 *
 * It lives beside the seed module (`systemd.containers`, containers.ts); both are
 * built in, and neither changes the other's output.
 *
 * What it makes, as NixOS does: the `container@` template and one
 * `container@<name>` service per container (the template updated recursively
 * with the container's scripts and directives), the conf files, one
 * `<address> <name>.containers` line in `networking.extraHosts` per container
 * with a `localAddress`, `machines.target` wanted by `multi-user.target`,
 * dhcpcd's and NetworkManager's hands off the `ve-*`/`vb-*` interfaces, the
 * kernel modules and the `nixos-container` tool; its assertions and warnings.
 * The texts are in nixos-containers-scripts.ts, the nspawn command line as data
 * in nixos-containers-nspawn.ts.
 *
 * Differences from NixOS, all deliberate:
 * - A container's `config` is evaluated with nixmod's built-in modules
 *   (`baseModules`), not with `containers.<name>.nixpkgs`' eval-config.nix; that
 *   option is read (and checked) where NixOS reads it, and has no effect.
 * - The networkNamespace assertion is a proper `{ assertion, message }` record.
 *   NixOS adds a bare string to `assertions`, which fails when the system is
 *   built with a type error instead of the message.
 * - `boot.isContainer` is declared by modules/system/boot.ts (the seed's
 *   declaration, default false); here it follows `boot.isNspawnContainer` with a
 *   definition of priority 1499, just above the default, so it is true in every
 *   container and any definition of the user's still wins.
 * - Unset `config` and `pkgs` read as `undefined` instead of failing, so every
 *   container's configuration prints as JSON; `isDefined` is as in Nix.
 * - The nested evaluation's modules keep the files of the host definitions they came
 *   from, and the module this one adds is `…nixos-containers.ts#extraConfig`: NixOS
 *   passes bare values, which its messages and `options.<x>.files` show as
 *   `<unknown-file>`, where nixmod's name the file to fix.
 * - Beyond NixOS: container names are machine names that stay one shell word (letters,
 *   digits, `-`, `_` and single dots between them, not starting with `-`; see
 *   container-checks.ts), where NixOS takes any name (an empty one lets the `container@`
 *   template win, `a b` breaks its scripts).
 * - Beyond NixOS (nixos-containers-checks.ts): addresses must be IPv4 (`hostAddress`,
 *   `localAddress`) or IPv6 (`…6`) addresses with an optional prefix length;
 *   extra veth names must be interface names the kernel accepts (at most 15
 *   bytes), and so must the host interfaces named by `hostBridge`, `interfaces`
 *   and `macvlans`; and `hostsEntry6` adds the IPv6 `/etc/hosts` line NixOS does
 *   not write. Valid input without `hostsEntry6` gives NixOS's output byte for
 *   byte: a `%` in a bind-mount path or device node reaches `RequiresMountsFor=` and
 *   `DeviceAllow=` as it is, a systemd specifier there, as in NixOS (RENDERING.md).
 */

import { nixToString } from "../../lib/render/nix-to-string.ts";
import { ModuleError, nixValueKind, quoteOption, showFiles } from "../../lib/errors.ts";
import { evalModules, type EvalResult } from "../../lib/modules/eval-modules.ts";
import type { Module } from "../../lib/modules/module.ts";
import { literalExpression, mkOption } from "../../lib/options.ts";
import { removedOptionType } from "../../lib/modules/rename.ts";
import type { Package } from "../../lib/package.ts";
import { mkDefault, mkIf, mkMerge, mkOverride } from "../../lib/properties.ts";
import { escapeSystemdPath } from "../../lib/render/systemd-escape.ts";
import { types } from "../../lib/types/index.ts";
import { unsetReadsUndefined, type Def, type OptionType } from "../../lib/types/option-type.ts";
import {
  forwardLazily,
  select,
  selectProblem,
  sortNames,
  updateLazy,
} from "../../lib/util/attrs.ts";
import { copyProperty, lazyFields, lazyItems } from "../../lib/util/lazy-fields.ts";
import { compareVersions, versionAtLeast, versionOlder } from "../../lib/util/versions.ts";
import { packageSetModule, type SystemModuleArgs } from "../eval-config.ts";
import { checkContainerName } from "./container-checks.ts";
import type { PackageSet } from "../packages.ts";
import {
  addressOrNull,
  checkExtraVethName,
  interfaceNames,
  scriptWords,
  stripPrefix,
} from "./nixos-containers-checks.ts";
import {
  confText,
  containerInitText,
  dummyConfig,
  postStartScript,
  preStartScript,
  reloadContainerText,
  startScript,
  type AllowedDevice,
  type ConfConfig,
  type NetworkOptions,
  type ScriptConfig,
} from "./nixos-containers-scripts.ts";

const file = "modules/virtualisation/nixos-containers.ts";

/** One evaluated `containers.<name>`, as the module reads it. */
export interface ModernContainer extends NetworkOptions {
  config: any;
  path: Package | string;
  additionalCapabilities: string[];
  nixpkgs: string;
  specialArgs: Record<string, unknown>;
  ephemeral: boolean;
  enableTun: boolean;
  copyResolvConf: boolean;
  privateNetwork: boolean;
  networkNamespace: string | null;
  privateUsers: number | "no" | "identity" | "pick";
  interfaces: string[];
  macvlans: string[];
  extraVeths: Record<string, NetworkOptions>;
  autoStart: boolean;
  restartIfChanged: boolean;
  timeoutStartSec: string;
  bindMounts: Record<string, BindMountOptions>;
  allowedDevices: AllowedDevice[];
  tmpfs: string[];
  extraFlags: string[];
  flake: string | null;
  hostsEntry6: boolean;
}

/** One `bindMounts.<name>`. */
export interface BindMountOptions {
  mountPoint: string;
  hostPath: string | null;
  isReadOnly: boolean;
}

/** The directories of the module, which depend on `system.stateVersion` (NixOS 22.05 renamed them). */
export interface ContainerDirectories {
  /** `nixos-containers` (or `containers` before 22.05): below /etc and in `RuntimeDirectory=`. */
  configurationDirectoryName: string;
  /** `/etc/nixos-containers`. */
  configurationDirectory: string;
  /** `/var/lib/nixos-containers`: where container roots live. */
  stateDirectory: string;
}

/** The module's directories for a `system.stateVersion`. */
export function containerDirectories(stateVersion: string): ContainerDirectories {
  const prefix = versionAtLeast(stateVersion, "22.05") ? "nixos-" : "";
  return {
    configurationDirectoryName: `${prefix}containers`,
    configurationDirectory: `/etc/${prefix}containers`,
    stateDirectory: `/var/lib/${prefix}containers`,
  };
}

/** `lib.getExe`: `<out>/bin/<meta.mainProgram>`, the package's name without version otherwise. */
function getExe(pkg: any): string {
  const program =
    (pkg.meta?.mainProgram as string | undefined) ??
    (pkg.pname as string | undefined) ??
    String(pkg.name);
  return `${String(pkg.outPath ?? pkg)}/bin/${program}`;
}

/** Nix's `stringLength`: bytes, not characters. */
const stringLength = (s: string) => Buffer.byteLength(s, "utf8");

/** The message of the nested name-length assertion. */
export function nameTooLongMessage(name: string): string {
  return (
    `Container name \`${name}\` is too long: When \`privateNetwork\` is enabled, container names can\n` +
    "not be longer than 11 characters, because the container's interface name is derived from it.\n" +
    "You should either make the container name shorter or upgrade to a more recent kernel that\n" +
    "supports interface altnames (i.e. at least Linux 5.8 - please see https://github.com/NixOS/nixpkgs/issues/38509\n" +
    "for details).\n"
  );
}

/** The message of the nested no-underscore assertion. */
export function underscoreMessage(name: string): string {
  return `Names containing underscores are not allowed in nixos-containers. Please rename the container '${name}'\n`;
}

/** The host's warning when containers are declared but support is off. */
export const containersDisabledWarning =
  "containers.<name> is used, but boot.enableContainers is false. To use containers.<name>, set boot.enableContainers to true.";

/** The host's warning for OCI containers on an old state version. */
export const ociContainersWarning =
  "Enabling both boot.enableContainers & virtualisation.containers on system.stateVersion < 22.05 is unsupported.\n";

/** The host's assertion message for a network namespace combined with other networking. */
export function networkNamespaceMessage(name: string): string {
  return `containers.${name}.networkNamespace is mutally exclusive to containers.${name}.privateNetwork and containers.${name}.interfaces.`;
}

/**
 * The options of one container and of one extra veth (NixOS's `networkOptions`); an extra
 * veth's bridge is named in its postStart script.
 */
function networkOptions(forVeth: boolean): Record<string, unknown> {
  return {
    hostBridge: mkOption({
      type: interfaceNames(types.nullOr(types.str), forVeth),
      default: null,
      example: "br0",
      description:
        "The bridge to put the host side of the veth pair into. Give either this or the " +
        "host addresses, not both.",
    }),
    forwardPorts: mkOption({
      type: types.listOf(
        types.submodule({
          _file: file,
          options: {
            protocol: mkOption({
              type: types.str,
              default: "tcp",
              description: "The protocol of the forwarded port (`tcp` or `udp`).",
            }),
            hostPort: mkOption({
              type: types.port,
              description: "The port on the host's external interfaces.",
            }),
            containerPort: mkOption({
              type: types.nullOr(types.port),
              default: null,
              description: "The port in the container; the same as `hostPort` when null.",
            }),
          },
        }),
      ),
      default: [],
      example: [{ protocol: "tcp", hostPort: 8080, containerPort: 80 }],
      description:
        "Ports forwarded from the host to the container (with a private network), each " +
        "given by protocol (tcp by default), host port and container port (the host port " +
        "by default).",
    }),
    hostAddress: mkOption({
      type: addressOrNull(4, types.nullOr(types.str)),
      default: null,
      example: "10.231.136.1",
      description:
        "The IPv4 address of the host side of the veth pair (not used with `hostBridge`). " +
        "nixmod checks that it is an IPv4 address, with or without a prefix length.",
    }),
    hostAddress6: mkOption({
      type: addressOrNull(6, types.nullOr(types.str)),
      default: null,
      example: "fc00::1",
      description:
        "The IPv6 address of the host side of the veth pair (not used with `hostBridge`). " +
        "nixmod checks that it is an IPv6 address, with or without a prefix length.",
    }),
    localAddress: mkOption({
      type: addressOrNull(4, types.nullOr(types.str)),
      default: null,
      example: "10.231.136.2",
      description:
        "The IPv4 address of the container's interface. With `hostBridge`, give it with " +
        "the network's prefix length to reach the whole network; otherwise it defaults to " +
        "/32 and routes between it and `hostAddress` are set up both ways.",
    }),
    localAddress6: mkOption({
      type: addressOrNull(6, types.nullOr(types.str)),
      default: null,
      example: "fc00::2",
      description:
        "The IPv6 address of the container's interface. With `hostBridge`, give it with " +
        "the network's prefix length to reach the whole network; otherwise it defaults to " +
        "/128 and routes between it and `hostAddress6` are set up both ways.",
    }),
    localMacAddress: mkOption({
      type: types.nullOr(types.strMatching("([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}")),
      default: null,
      example: "de:b7:73:01:10:90",
      description:
        "The MAC address of the container's interface, set early in the container's boot " +
        "(so it suits IPv6 SLAAC with router advertisements). Without it the interface " +
        "gets a random locally administered unicast address.",
    }),
  };
}

/** One `bindMounts.<name>` (NixOS's `bindMountOpts`): the mount point defaults to the name. */
const bindMountModule: Module = ({ name }: { name: string }) => ({
  _file: file,
  options: {
    mountPoint: mkOption({
      type: types.str,
      example: "/mnt/usb",
      description: "Where the directory is mounted in the container.",
    }),
    hostPath: mkOption({
      type: types.nullOr(types.str),
      default: null,
      example: "/home/alice",
      description: "The directory on the host; the mount point's path when null.",
    }),
    isReadOnly: mkOption({
      type: types.bool,
      default: true,
      description: "Whether the container may only read the mounted directory.",
    }),
  },
  config: { mountPoint: mkDefault(name) },
});

/** One `allowedDevices` entry (NixOS's `allowedDeviceOpts`). */
const allowedDeviceModule: Module = {
  _file: file,
  options: {
    node: mkOption({
      type: types.str,
      example: "/dev/net/tun",
      description: "The path of the device node.",
    }),
    modifier: mkOption({
      type: types.str,
      example: "rw",
      description:
        "How the container may access the node: any combination of `r` (read), `w` " +
        "(write) and `m` (mknod); see systemd.resource-control(5).",
    }),
  },
};

/** What the module needs from the evaluation around it: its own arguments. */
type HostContext = SystemModuleArgs;

/** The container's own NixOS configuration: `config`'s definitions evaluated as a system. */
function evalContainerConfig(
  host: HostContext,
  name: string,
  container: () => ModernContainer,
  defs: readonly Def[],
): EvalResult {
  // NixOS imports eval-config.nix from `nixpkgs` first: its value is checked (of type path)
  // though nixmod evaluates with its own modules.
  void container().nixpkgs;
  const kernelVersion = (): string => {
    const about = `the host's \`boot.kernelPackages.kernel.version', compared with "5.8" for ${quoteOption(["containers", name])}`;
    // Selected step by step, in Nix's words where a step is no set or lacks the attribute.
    let value: unknown = host.config.boot.kernelPackages;
    const loc = ["boot", "kernelPackages"];
    for (const attr of ["kernel", "version"]) {
      const problem = selectProblem(value, attr);
      if (problem !== undefined)
        throw new ModuleError(`${problem}: ${about}`, { code: "type", loc });
      value = (value as Record<string, unknown>)[attr];
      loc.push(attr);
    }
    // builtins.compareVersions takes strings only.
    if (typeof value !== "string") {
      throw new ModuleError(
        `value is ${nixValueKind(value)} while a string was expected: ${about}`,
        {
          code: "type",
          loc,
        },
      );
    }
    return value;
  };
  const extraConfig: Module = {
    _file: `${file}#extraConfig`,
    config: lazyFields(
      {
        assertions: () => {
          const oldKernel = compareVersions(kernelVersion(), "5.8") <= 0;
          return [
            {
              assertion: !oldKernel || !container().privateNetwork || stringLength(name) <= 11,
              message: nameTooLongMessage(name),
            },
            { assertion: !name.includes("_"), message: underscoreMessage(name) },
          ];
        },
      },
      {
        nixpkgs: { hostPlatform: host.pkgs.stdenv.hostPlatform },
        boot: { isNspawnContainer: true },
        networking: { hostName: mkDefault(name), useDHCP: false },
      },
    ),
  };
  // The container's own arguments win; as in Nix, each is evaluated only when a module takes it.
  const specialArgs: Record<string, unknown> = { baseModules: host.baseModules, pkgs: host.pkgs };
  const own = container().specialArgs;
  for (const key of Object.keys(own)) copyProperty(specialArgs, own, key);
  return evalModules({
    modules: [
      ...host.baseModules,
      packageSetModule(host.pkgs),
      extraConfig,
      ...defs.map((def) => ({ _file: def.file, imports: [def.value as Module] })),
    ],
    specialArgs,
    prefix: ["containers", name],
  });
}

/** The type of `containers.<name>.config`: its definitions merge into the container's system. */
function toplevelConfigType(
  host: HostContext,
  name: string,
  container: () => ModernContainer,
): OptionType {
  return unsetReadsUndefined(
    types.mkOptionType({
      name: "Toplevel NixOS config",
      merge: (_loc, defs) => evalContainerConfig(host, name, container, defs).config,
      // Evaluated, it is a whole system of the built-in options (and its own modules' options).
      toJsonSchema: (ctx) =>
        ctx.output ? { type: "object", tsType: "EvaluatedConfig" } : { type: "object" },
    }),
  );
}

const privateUsersType = types.either(types.ints.u32, types.enum(["no", "identity", "pick"]));

/** The options of one container: NixOS's submodule, with nixmod's `hostsEntry6`. */
function containerSubmodule(host: HostContext): Module {
  return ({ config, options, name }: { config: any; options: any; name: string }) => {
    const self = () => config as ModernContainer;
    return {
      _file: file,
      options: {
        config: mkOption({
          type: toplevelConfigType(host, name, self),
          description:
            "The container's own configuration, as a NixOS module. Its system becomes the " +
            "container's `path`.",
        }),
        path: mkOption({
          type: types.path,
          example: "/nix/var/nix/profiles/per-container/webserver",
          description:
            "Instead of `config`: the path of the container's evaluated NixOS system, " +
            "typically a link to a system profile.",
        }),
        additionalCapabilities: mkOption({
          type: scriptWords(types.listOf(types.str), /["\\$`]/, "in double quotes"),
          default: [],
          example: ["CAP_NET_ADMIN", "CAP_MKNOD"],
          description:
            "Capabilities the container gets beyond nspawn's default set; see " +
            "capabilities(7) and systemd-nspawn(1).",
        }),
        nixpkgs: mkOption({
          type: types.path,
          get default() {
            // nixmod's stand-ins have no nixpkgs source tree; a set given one has `path`.
            return "path" in host.pkgs
              ? (host.pkgs as unknown as { path: string }).path
              : "/nix/var/nix/profiles/per-user/root/channels/nixos";
          },
          defaultText: literalExpression("pkgs.path"),
          description:
            "In NixOS, the nixpkgs whose modules, pkgs and lib evaluate the container. " +
            "nixmod always evaluates the container with its own built-in modules and the " +
            "host's package set, so this option has no effect.",
        }),
        specialArgs: mkOption({
          type: types.attrsOf(types.unspecified),
          default: {},
          description:
            "Extra special arguments for the modules of the container's configuration " +
            "(merged into those the evaluation passes anyway).",
        }),
        ephemeral: mkOption({
          type: types.bool,
          default: false,
          description:
            "Whether the container starts from an empty root file system on every boot, " +
            "which is removed again at shutdown, so it leaves no traces. The container's " +
            "configuration may need adjusting (with `macvlans`, a DHCP client identifier " +
            "that does not change, for instance), and its journal is not linked to the host's.",
        }),
        enableTun: mkOption({
          type: types.bool,
          default: false,
          description:
            "Whether the container may create tunnel interfaces: it gets the `NET_ADMIN` " +
            "capability and access to /dev/net/tun.",
        }),
        copyResolvConf: mkOption({
          type: types.bool,
          default: true,
          description: "Whether the host's /etc/resolv.conf is copied into the container at start.",
        }),
        privateNetwork: mkOption({
          type: types.bool,
          default: false,
          description:
            "Whether the container gets a private virtual Ethernet interface, `eth0`, " +
            "connected to `ve-<name>` on the host. Without it the container shares the " +
            "host's interfaces and can bind to any port on any of them.",
        }),
        networkNamespace: mkOption({
          type: types.nullOr(types.path),
          default: null,
          description:
            "A file representing a kernel network namespace for the container to run in " +
            "(as the kernel shows them under /proc/<pid>/ns/net, or ip-netns(8) under " +
            "/run/netns). It cannot be combined with the other network options such as " +
            "`privateNetwork` or `interfaces`.",
        }),
        privateUsers: mkOption({
          type: privateUsersType,
          default: "no",
          description:
            "User namespacing: `no` (the default) gives none; a number (usually above the " +
            "host's range, 65536) starts the container's UIDs and GIDs there; `identity` " +
            "isolates only capabilities (UIDs and GIDs are the host's); `pick` chooses a " +
            "free range automatically and is the most secure choice. See systemd-nspawn(1), " +
            "`--private-users=`.",
        }),
        interfaces: mkOption({
          type: interfaceNames(types.listOf(types.str)),
          default: [],
          example: ["eth1", "eth2"],
          description: "Host interfaces moved into the container.",
        }),
        macvlans: mkOption({
          type: interfaceNames(types.listOf(types.str)),
          default: [],
          example: ["eth1", "eth2"],
          description:
            "Host interfaces to make macvlan interfaces from: one per interface, moved " +
            "into the container.",
        }),
        extraVeths: mkOption({
          type: types.attrsOf(types.submodule({ _file: file, options: networkOptions(true) })),
          default: {},
          description:
            "More veth pairs for the container, by interface name (at most 15 bytes: " +
            "nixmod checks it).",
        }),
        autoStart: mkOption({
          type: types.bool,
          default: false,
          description: "Whether the container starts when the host boots.",
        }),
        restartIfChanged: mkOption({
          type: types.bool,
          default: true,
          description:
            "Whether switching to a new host configuration restarts the container when its " +
            "definition changed (only for containers with `autoStart`).",
        }),
        timeoutStartSec: mkOption({
          type: types.str,
          default: "1min",
          description:
            "How long the container may take to start before its processes are killed, " +
            "in systemd.time(7) syntax.",
        }),
        bindMounts: mkOption({
          type: types.attrsOf(types.submodule(bindMountModule)),
          default: {},
          example: literalExpression(
            '{ "/var/lib/photos" = { hostPath = "/tank/photos"; isReadOnly = false; }; }',
          ),
          description: "Host directories mounted into the container, by mount point.",
        }),
        allowedDevices: mkOption({
          type: types.listOf(types.submodule(allowedDeviceModule)),
          default: [],
          example: [{ node: "/dev/net/tun", modifier: "rwm" }],
          description: "Device nodes the container may access.",
        }),
        tmpfs: mkOption({
          type: scriptWords(
            types.listOf(types.str),
            /['"\\$`;&|<>(){}*?[\]#~]/,
            "unquoted (white space parts flags)",
          ),
          default: [],
          example: ["/var"],
          description:
            "tmpfs file systems mounted in the container, each as systemd-nspawn's " +
            "`--tmpfs=` takes it.",
        }),
        extraFlags: mkOption({
          type: types.listOf(types.str),
          default: [],
          example: ["--drop-capability=CAP_SYS_CHROOT"],
          description: "More arguments for systemd-nspawn; see systemd-nspawn(1).",
        }),
        flake: mkOption({
          type: types.nullOr(types.str),
          default: null,
          example: "github:NixOS/nixpkgs/master",
          description:
            "The flake URI of the container's NixOS configuration, instead of `path`: " +
            "the container's profile is built from it on first start.",
        }),
        // Removed in NixOS; defining it is an error (see `path`).
        pkgs: mkOption({
          type: removedOptionType(
            unsetReadsUndefined(types.unspecified),
            "Use `containers.<name>.nixpkgs' (the nixpkgs that evaluates the container) or `containers.<name>.config.nixpkgs.pkgs' (the `pkgs' argument inside the container) instead.",
          ),
          visible: false,
        }),
        hostsEntry6: mkOption({
          type: types.bool,
          default: false,
          description:
            "nixmod's addition: also add `<localAddress6 without prefix length> " +
            "<name>.containers` to /etc/hosts, after the IPv4 line NixOS writes for " +
            "`localAddress`.",
        }),
        ...networkOptions(false),
      },
      config: {
        get path() {
          checkRemovedAndConflicting(name, options);
          const fromConfig = options.config.isDefined as boolean;
          const fromFlake = config.flake !== null;
          return mkMerge([
            mkIf(fromConfig, fromConfig ? config.config.system.build.toplevel : null),
            mkIf(fromFlake, `/nix/var/nix/profiles/per-container/${name}`),
          ]);
        },
      },
    };
  };
}

/** What NixOS checks before a container's `path` is used: the removed `pkgs`, `config` with `flake`. */
function checkRemovedAndConflicting(name: string, options: any): void {
  if (options.pkgs.isDefined) {
    const files = showFiles(options.pkgs.files as string[]);
    throw new ModuleError(
      `The option definition \`containers.${name}.pkgs' in ${files} no longer has any effect; please remove it.

Alternatively, you can use the following options:
- containers.${name}.nixpkgs
  This sets the nixpkgs (and thereby the modules, pkgs and lib) that
  are used for evaluating the container.

- containers.${name}.config.nixpkgs.pkgs
  This only sets the \`pkgs\` argument used inside the container modules.
`,
      { code: "thrown", loc: ["containers", name, "pkgs"] },
    );
  }
  if (options.config.isDefined && options.flake.value !== null) {
    throw new ModuleError(
      `The options 'containers.${name}.path' and 'containers.${name}.flake' cannot both be set.\n`,
      { code: "thrown", loc: ["containers", name, "flake"] },
    );
  }
}

/** `/dev/net/tun`, which `enableTun` and user namespacing with a private network need. */
const tunDevice: AllowedDevice = Object.freeze({ node: "/dev/net/tun", modifier: "rwm" });

/** Whether `privateUsers` turns user namespacing on (`pick` or a positive number). */
export function usesUserNamespace(privateUsers: unknown): boolean {
  return privateUsers === "pick" || (typeof privateUsers === "number" && privateUsers > 0);
}

/**
 * NixOS's `containerConfig`: the container's options with `enableTun`'s device
 * and capability added, or, for user namespacing with a private network, the
 * device alone. Reads `enableTun`, then `privateNetwork` and `privateUsers` as
 * NixOS does; every other field is read when used.
 */
export function scriptConfig(container: string, cfg: ModernContainer): ScriptConfig {
  const enableTun = cfg.enableTun;
  const tunForUserNamespace =
    !enableTun && cfg.privateNetwork && usesUserNamespace(cfg.privateUsers);
  const derived = {
    get extraVeths() {
      const veths = cfg.extraVeths;
      return sortNames(Object.keys(veths)).map(
        (veth) => [checkExtraVethName(container, veth), veths[veth]!] as const,
      );
    },
    get additionalCapabilities() {
      return enableTun
        ? [...cfg.additionalCapabilities, "CAP_NET_ADMIN"]
        : cfg.additionalCapabilities;
    },
    get allowedDevices() {
      return enableTun || tunForUserNamespace
        ? [...cfg.allowedDevices, tunDevice]
        : cfg.allowedDevices;
    },
  };
  return forwardLazily(derived, cfg, [
    "ephemeral",
    "timeoutStartSec",
    "hostAddress",
    "hostAddress6",
    "localAddress",
    "localAddress6",
    "tmpfs",
  ]);
}

/** NixOS's `mkBindFlags`: ` --bind-ro=`/` --bind=` flags in the byte order of the mount names. */
export function bindFlags(bindMounts: Record<string, BindMountOptions>): string {
  return sortNames(Object.keys(bindMounts))
    .map((key) => {
      const d = bindMounts[key]!;
      const mount = d.hostPath !== null ? `${d.hostPath}:${d.mountPoint}` : d.mountPoint;
      return (d.isReadOnly ? " --bind-ro=" : " --bind=") + mount;
    })
    .join("");
}

/** The unit name of a host interface's device (`sys-subsystem-net-devices-<escaped>.device`). */
export function interfaceDeviceUnit(iface: string): string {
  return `sys-subsystem-net-devices-${escapeSystemdPath(iface)}.device`;
}

/** What the module computes once per evaluation, from the host's configuration. */
export interface ModernContainersHost {
  directories: () => ContainerDirectories;
  /** `pkgs.nixos-container.override { stateDirectory, configurationDirectory }`. */
  nixosContainer: () => Package;
  /** The `container-init` script of a configuration. */
  containerInit: (cfg: ScriptConfig) => Package;
  /** The `reload-container` script every container unit reloads with. */
  reloadContainer: () => Package;
}

/** The module's host-level helpers for an evaluation's `config` and `pkgs`. */
export function modernContainersHost(config: any, pkgs: PackageSet): ModernContainersHost {
  const directories = () => containerDirectories(config.system.stateVersion as string);
  const nixosContainer = () => {
    const { stateDirectory, configurationDirectory } = directories();
    const pkg = pkgs["nixos-container"] as Package & { override?: (args: object) => Package };
    return typeof pkg.override === "function"
      ? pkg.override({ stateDirectory, configurationDirectory })
      : pkg;
  };
  return {
    directories,
    nixosContainer,
    containerInit: (cfg) =>
      pkgs.writeScript("container-init", containerInitText(pkgs.runtimeShell, cfg)),
    reloadContainer: () =>
      pkgs.writeScript(
        "reload-container",
        reloadContainerText(pkgs.runtimeShell, String(nixosContainer())),
      ),
  };
}

/** The `container@` template, or a container's instance of it without the autoStart additions. */
function containerUnit(
  config: any,
  pkgs: PackageSet,
  host: ModernContainersHost,
  cfg: ScriptConfig,
  perContainer: {
    requiresMountsFor: () => string | string[];
    root: () => string;
  } | null,
): Record<string, unknown> {
  const dirs = host.directories;
  const stateRoot = () => `${dirs().stateDirectory}/%i`;
  return {
    description: "Container '%i'",
    unitConfig: {
      get RequiresMountsFor() {
        return perContainer === null ? stateRoot() : perContainer.requiresMountsFor();
      },
    },
    get path() {
      return [pkgs.iproute2, config.nix.package];
    },
    enableStrictShellChecks: true,
    environment: {
      get root() {
        return perContainer === null ? stateRoot() : perContainer.root();
      },
      INSTANCE: "%i",
    },
    get preStart() {
      return preStartScript(cfg);
    },
    get script() {
      return startScript(cfg, {
        nixosContainerExe: getExe(host.nixosContainer()),
        systemd: nixToString(config.systemd.package, ["systemd", "package"]),
        system: pkgs.stdenv.hostPlatform.system,
        containerInit: String(host.containerInit(cfg)),
      });
    },
    get postStart() {
      return postStartScript(cfg);
    },
    restartIfChanged: false,
    serviceConfig: serviceDirectives(host, cfg),
  };
}

/** NixOS's `serviceDirectives`: the `[Service]` keys of a container unit. */
function serviceDirectives(host: ModernContainersHost, cfg: ScriptConfig): Record<string, unknown> {
  return {
    get ExecReload() {
      return host.reloadContainer();
    },
    SyslogIdentifier: "container %i",
    get EnvironmentFile() {
      return `-${host.directories().configurationDirectory}/%i.conf`;
    },
    Type: "notify",
    get RuntimeDirectory() {
      return cfg.ephemeral ? [`${host.directories().configurationDirectoryName}/%i`] : [];
    },
    // On reboot systemd-nspawn exits with 133, so the unit restarts; on poweroff with 0.
    RestartForceExitStatus: "133",
    SuccessExitStatus: "133",
    get TimeoutStartSec() {
      return cfg.timeoutStartSec;
    },
    Restart: "on-failure",
    Slice: "machine.slice",
    Delegate: true,
    // systemd-nspawn turns SIGTERM into the container's shutdown signal (SIGRTMIN+3).
    KillMode: "mixed",
    KillSignal: "TERM",
    DevicePolicy: "closed",
    get DeviceAllow() {
      // Nix's map: each entry's text is made when it is read (a masked unit's never are).
      return lazyItems(cfg.allowedDevices.map((d) => () => `${d.node} ${d.modifier}`));
    },
  };
}

/** The conf file's inputs for one container, read lazily from its options. */
function confConfig(cfg: ModernContainer): ConfConfig {
  const derived = {
    path: () => String(cfg.path),
    get bindFlags() {
      return bindFlags(cfg.bindMounts);
    },
  };
  return forwardLazily(derived, cfg, [
    "flake",
    "copyResolvConf",
    "privateNetwork",
    "hostBridge",
    "forwardPorts",
    "hostAddress",
    "hostAddress6",
    "localAddress",
    "localAddress6",
    "localMacAddress",
    "networkNamespace",
    "privateUsers",
    "interfaces",
    "macvlans",
    "autoStart",
    "extraFlags",
  ]);
}

/** The text of `/etc/nixos-containers/<name>.conf` for one container. */
export function containerConfText(cfg: ModernContainer): string {
  return confText(confConfig(cfg));
}

/** Today's NixOS container module (`containers.<name>`). */
export const nixosContainersModule: Module = ({ config, pkgs, baseModules }: SystemModuleArgs) => {
  const containers = (): Record<string, ModernContainer> => config.containers;
  // Each name checked before anything uses it: it becomes units, files, interfaces and shell words.
  const names = (): string[] =>
    sortNames(Object.keys(containers())).map((name) => checkContainerName(name, ["containers"]));
  const host = modernContainersHost(config, pkgs);
  const context: HostContext = { config, pkgs, baseModules };

  /** The `container@<name>` service of one declarative container. */
  const containerService = (name: string): Record<string, unknown> => {
    const cfg = containers()[name]!;
    const sc = scriptConfig(name, cfg);
    const unit = containerUnit(config, pkgs, host, sc, {
      requiresMountsFor: () => {
        const mounts = cfg.bindMounts;
        return [
          ...(cfg.ephemeral ? [] : [`${host.directories().stateDirectory}/%i`]),
          ...sortNames(Object.keys(mounts)).map((key) => {
            const d = mounts[key]!;
            return d.hostPath !== null ? d.hostPath : d.mountPoint;
          }),
        ];
      },
      root: () =>
        cfg.ephemeral ? "/run/nixos-containers/%i" : `${host.directories().stateDirectory}/%i`,
    });
    if (!cfg.autoStart) return unit;
    const devices = () => ["network.target", ...cfg.interfaces.map(interfaceDeviceUnit)];
    // Nix's `//`: the autoStart attributes replace the unit's, which stay lazy.
    return updateLazy(unit, {
      wantedBy: ["machines.target"],
      get wants() {
        return devices();
      },
      get after() {
        return devices();
      },
      get restartTriggers() {
        const conf = `${host.directories().configurationDirectoryName}/${name}.conf`;
        // A host that replaced environment.etc lacks the entry: Nix's error, as there.
        return [cfg.path, select(select(config.environment.etc, conf), "source")];
      },
      get restartIfChanged() {
        return cfg.restartIfChanged;
      },
    });
  };

  return {
    _file: file,
    key: file,
    options: {
      boot: {
        isNspawnContainer: mkOption({
          type: types.bool,
          default: false,
          description:
            "Whether the system runs in a systemd-nspawn container. Unlike " +
            "`boot.isContainer`, which other container kinds set too, this guards " +
            "nspawn-specific settings.",
        }),
        enableContainers: mkOption(
          lazyFields(
            { default: () => Object.keys(config.containers).length > 0 },
            {
              type: types.bool,
              defaultText: literalExpression("config.containers != { }"),
              description: "Whether NixOS containers (`containers.<name>`) are supported.",
            },
          ),
        ),
      },
      containers: mkOption({
        type: types.attrsOf(types.submodule(containerSubmodule(context))),
        default: {},
        example: literalExpression(`{
  # A system built elsewhere, linked as a profile.
  proxy.path = "/nix/var/nix/profiles/per-container/proxy";
  # A system built from its own configuration, started at boot.
  wiki = {
    autoStart = true;
    privateNetwork = true;
    hostAddress = "10.250.0.1";
    localAddress = "10.250.0.2";
    config = { pkgs, ... }: {
      systemd.services.wiki = {
        wantedBy = [ "multi-user.target" ];
        script = "exec wiki --port 80";
      };
      system.stateVersion = "25.11";
    };
  };
}
`),
        description:
          "NixOS systems run as lightweight containers. Each is the service " +
          "`container@<name>` on the host, so systemctl starts and stops it.",
      }),
    },
    config: mkMerge([
      lazyFields(
        {
          warnings: () =>
            !config.boot.enableContainers && names().length > 0 ? [containersDisabledWarning] : [],
          assertions: () =>
            names().flatMap((name) => {
              const cfg = containers()[name]!;
              return cfg.networkNamespace !== null &&
                (cfg.privateNetwork || cfg.interfaces.length > 0)
                ? [{ assertion: false, message: networkNamespaceMessage(name) }]
                : [];
            }),
        },
        {
          boot: {
            isContainer: mkIf(() => config.boot.isNspawnContainer, mkOverride(1499, true)),
          },
          // Its options read the host's configuration (NixOS's reason too).
          meta: { buildDocsInSandbox: false },
        },
      ),
      mkIf(
        () => config.boot.enableContainers,
        lazyFields(
          {
            warnings: () =>
              config.virtualisation.containers.enable &&
              versionOlder(config.system.stateVersion, "22.05")
                ? [ociContainersWarning]
                : [],
          },
          {
            systemd: lazyFields(
              {
                services: () => {
                  const services: Record<string, unknown> = {
                    // The template, which imperative containers (nixos-container create) use.
                    "container@": containerUnit(config, pkgs, host, dummyConfig, null),
                  };
                  for (const name of names())
                    services[`container@${name}`] = containerService(name);
                  return services;
                },
              },
              { targets: { "multi-user": { wants: ["machines.target"] } } },
            ),
            // One environment file per container, which the container@ unit reads.
            environment: lazyFields({
              etc: () => {
                const dir = host.directories().configurationDirectoryName;
                const etc: Record<string, unknown> = {};
                for (const name of names()) {
                  etc[`${dir}/${name}.conf`] = lazyFields({
                    text: () => containerConfText(containers()[name]!),
                  });
                }
                return etc;
              },
              systemPackages: () => [host.nixosContainer()],
            }),
            networking: lazyFields(
              {
                extraHosts: () =>
                  names()
                    .map((name) => {
                      const cfg = containers()[name]!;
                      let lines = "";
                      if (cfg.localAddress !== null) {
                        lines += `${cfg.localAddress.split("/")[0]} ${name}.containers\n`;
                      }
                      if (cfg.hostsEntry6 && cfg.localAddress6 !== null) {
                        lines += `${stripPrefix(cfg.localAddress6)} ${name}.containers\n`;
                      }
                      return lines;
                    })
                    .join(""),
              },
              { dhcpcd: { denyInterfaces: ["ve-*", "vb-*"] } },
            ),
            services: {
              udev: lazyFields({
                extraRules: () =>
                  config.networking.networkmanager.enable
                    ? `# Don't manage interfaces created by nixos-container.\nENV{INTERFACE}=="v[eb]-*", ENV{NM_UNMANAGED}="1"\n`
                    : "",
              }),
            },
            boot: { kernelModules: ["bridge", "macvlan", "tap", "tun"] },
          },
        ),
      ),
    ]),
  };
};
