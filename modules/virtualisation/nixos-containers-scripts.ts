/**
 * The texts today's NixOS container module generates: the `container@` unit's
 * `preStart`, `script` and `postStart`, the container-side `container-init`
 * script, the `reload-container` script and the `/etc/nixos-containers/<name>.conf`
 * environment file. Each is byte for byte what nixos-containers.nix makes,
 * including the empty lines its `optionalString` lines leave.
 */

import { escapeShellArgs } from "../../lib/render/shell-escape.ts";

/** The address options of a container or an extra veth (`networkOptions`). */
export interface NetworkOptions {
  hostBridge: string | null;
  forwardPorts: readonly ForwardPort[];
  hostAddress: string | null;
  hostAddress6: string | null;
  localAddress: string | null;
  localAddress6: string | null;
  localMacAddress: string | null;
}

/** One `forwardPorts` entry. */
export interface ForwardPort {
  protocol: string;
  hostPort: number;
  containerPort: number | null;
}

/** A device the container may access (`allowedDevices` entry). */
export interface AllowedDevice {
  node: string;
  modifier: string;
}

/**
 * What the scripts and unit directives read of a container: its options, with
 * `enableTun`'s device and capability added (NixOS's `containerConfig`). The
 * `container@` template is made from a `dummyConfig` with only these fields.
 */
export interface ScriptConfig {
  /** Extra veths in Nix's attribute order (byte order of their names). */
  extraVeths: readonly (readonly [string, NetworkOptions])[];
  additionalCapabilities: readonly string[];
  ephemeral: boolean;
  timeoutStartSec: string;
  allowedDevices: readonly AllowedDevice[];
  hostAddress: string | null;
  hostAddress6: string | null;
  localAddress: string | null;
  localAddress6: string | null;
  /** `null` and `[]` both give no `--tmpfs` flag (the template's dummyConfig has null). */
  tmpfs: readonly string[] | null;
}

/** NixOS's `dummyConfig`: what the `container@` template is made from. */
export const dummyConfig: ScriptConfig = Object.freeze({
  extraVeths: [],
  additionalCapabilities: [],
  ephemeral: false,
  timeoutStartSec: "1min",
  allowedDevices: [],
  hostAddress: null,
  hostAddress6: null,
  localAddress: null,
  localAddress6: null,
  tmpfs: null,
});

const optionalString = (cond: boolean, text: () => string): string => (cond ? text() : "");

/** The container side of one extra veth, in `container-init`. */
function initExtraVeth(name: string, cfg: NetworkOptions): string {
  return `echo "Bringing ${name} up"
ip link set dev ${name} up
${optionalString(
  cfg.localAddress !== null,
  () => `echo "Setting ip for ${name}"
ip addr add ${cfg.localAddress} dev ${name}
`,
)}
${optionalString(
  cfg.localAddress6 !== null,
  () => `echo "Setting ip6 for ${name}"
ip -6 addr add ${cfg.localAddress6} dev ${name}
`,
)}
${optionalString(
  cfg.hostAddress !== null,
  () => `echo "Setting route to host for ${name}"
ip route add ${cfg.hostAddress} dev ${name}
`,
)}
${optionalString(
  cfg.hostAddress6 !== null,
  () => `echo "Setting route6 to host for ${name}"
ip -6 route add ${cfg.hostAddress6} dev ${name}
`,
)}
`;
}

/** The text of `container-init`, run by nspawn as the container's first process. */
export function containerInitText(runtimeShell: string, cfg: ScriptConfig): string {
  const veths = cfg.extraVeths.map(([name, veth]) => initExtraVeth(name, veth)).join("\n");
  return `#! ${runtimeShell} -e

# Exit early if we're asked to shut down.
trap "exit 0" SIGRTMIN+3

# Initialise the container side of the veth pair.
if [[ -n "\${HOST_ADDRESS-}" ]]   || [[ -n "\${HOST_ADDRESS6-}" ]]  ||
   [[ -n "\${LOCAL_ADDRESS-}" ]]  || [[ -n "\${LOCAL_ADDRESS6-}" ]] ||
   [[ -n "\${HOST_BRIDGE-}" ]]    || [[ -n "\${LOCAL_MAC_ADDRESS-}" ]]; then
  ip link set host0 name eth0

  if [[ -n "\${LOCAL_MAC_ADDRESS-}" ]]; then
    ip link set dev eth0 address "$LOCAL_MAC_ADDRESS"
  fi

  ip link set dev eth0 up

  if [[ -n "\${LOCAL_ADDRESS-}" ]]; then
    ip addr add $LOCAL_ADDRESS dev eth0
  fi
  if [[ -n "\${LOCAL_ADDRESS6-}" ]]; then
    ip -6 addr add $LOCAL_ADDRESS6 dev eth0
  fi
  if [[ -n "\${HOST_ADDRESS-}" ]]; then
    ip route add $HOST_ADDRESS dev eth0
    ip route add default via $HOST_ADDRESS
  fi
  if [[ -n "\${HOST_ADDRESS6-}" ]]; then
    ip -6 route add $HOST_ADDRESS6 dev eth0
    ip -6 route add default via $HOST_ADDRESS6
  fi
fi

${veths}

# Start the regular stage 2 script.
# We source instead of exec to not lose an early stop signal, which is
# also the only _reliable_ shutdown signal we have since early stop
# does not execute ExecStop* commands.
set +e
. "$1"
`;
}

/** What the start script needs besides the container's options. */
export interface StartScriptContext {
  /** `lib.getExe nixos-container`. */
  nixosContainerExe: string;
  /** `config.systemd.package`'s store path. */
  systemd: string;
  /** `pkgs.stdenv.hostPlatform.system`: `x86_64-linux` adds the 32-bit personality check. */
  system: string;
  /** The store path of this configuration's `container-init`. */
  containerInit: string;
}

/** The `script` of a container unit: prepares the root and execs systemd-nspawn. */
export function startScript(cfg: ScriptConfig, ctx: StartScriptContext): string {
  const vethArgs = escapeShellArgs(cfg.extraVeths.map(([name]) => `--network-veth-extra=${name}`));
  const capabilities = optionalString(
    cfg.additionalCapabilities.length > 0,
    () => `--capability="${cfg.additionalCapabilities.join(",")}"`,
  );
  const tmpfs = optionalString(
    cfg.tmpfs !== null && cfg.tmpfs.length > 0,
    () => `--tmpfs=${cfg.tmpfs!.join(" --tmpfs=")}`,
  );
  return `# Declare root explicitly to avoid shellcheck warnings, it comes from the env
declare root

mkdir -p "$root/usr/bin"
mkdir -p "$root/etc" "$root/var/lib"
chmod 0755 "$root/etc" "$root/var/lib"
mkdir -p "$root/var/lib/private" "$root/root" /run/nixos-containers
chmod 0700 "$root/var/lib/private" "$root/root" /run/nixos-containers
if ! [[ -e "$root/etc/os-release" ]] && ! [[ -h "$root/etc/os-release" ]]; then
  touch "$root/etc/os-release"
fi

if ! [[ -e "$root/etc/machine-id" ]]; then
  touch "$root/etc/machine-id"
fi

mkdir -p \\
  "/nix/var/nix/profiles/per-container/$INSTANCE" \\
  "/nix/var/nix/gcroots/per-container/$INSTANCE"
chmod 0755 \\
  "/nix/var/nix/profiles/per-container/$INSTANCE" \\
  "/nix/var/nix/gcroots/per-container/$INSTANCE"

if [ "$COPY_RESOLV_CONF" = 1 ]; then
  cp --remove-destination /etc/resolv.conf "$root/etc/resolv.conf"
fi

if [ -n "\${FLAKE-}" ] && [ ! -e "/nix/var/nix/profiles/per-container/$INSTANCE/system" ]; then
  # we create the etc/nixos-container config file, then if we utilize the update function, we can then build all the necessary system files for the container
  ${ctx.nixosContainerExe} update "$INSTANCE"
fi

declare -a extraFlags

if [[ "\${PRIVATE_NETWORK-}" = 1 ]]; then
  extraFlags+=("--private-network")
fi

NIX_BIND_OPT=""
if [[ -n "\${PRIVATE_USERS-}" ]]; then
  extraFlags+=("--private-users=$PRIVATE_USERS")
  if [[
    "$PRIVATE_USERS" = "pick"
    || ("$PRIVATE_USERS" =~ ^[[:digit:]]+$ && "$PRIVATE_USERS" -gt 0)
  ]]; then
    # when user namespacing is enabled, we use \`idmap\` mount option so that
    # bind mounts under /nix get proper owner (and not nobody/nogroup).
    NIX_BIND_OPT=":idmap"
  fi
fi

if [[ -n "\${HOST_ADDRESS-}" ]]  || [[ -n "\${LOCAL_ADDRESS-}" ]] ||
   [[ -n "\${HOST_ADDRESS6-}" ]] || [[ -n "\${LOCAL_ADDRESS6-}" ]] ||
   [[ -n "\${LOCAL_MAC_ADDRESS-}" ]]; then
  extraFlags+=("--network-veth")
fi

if [[ -n "\${HOST_PORT-}" ]]; then
  OIFS=$IFS
  IFS=","
  for i in $HOST_PORT
  do
      extraFlags+=("--port=$i")
  done
  IFS=$OIFS
fi

if [[ -n "\${HOST_BRIDGE-}" ]]; then
  extraFlags+=("--network-bridge=$HOST_BRIDGE")
fi

if [[ -n "\${NETWORK_NAMESPACE_PATH-}" ]]; then
  extraFlags+=("--network-namespace-path=$NETWORK_NAMESPACE_PATH")
fi

extraFlags+=(${vethArgs})

for iface in \${INTERFACES-}; do
  extraFlags+=("--network-interface=$iface")
done

for iface in \${MACVLANS-}; do
  extraFlags+=("--network-macvlan=$iface")
done

# If the host is 64-bit and the container is 32-bit, add a
# --personality flag.
${optionalString(
  ctx.system === "x86_64-linux",
  () => `if [[ "$(< "\${SYSTEM_PATH:-/nix/var/nix/profiles/per-container/$INSTANCE/system}/system")" = i686-linux ]]; then
  extraFlags+=("--personality=x86")
fi
`,
)}

export SYSTEMD_NSPAWN_UNIFIED_HIERARCHY=1

# Run systemd-nspawn without startup notification (we'll
# wait for the container systemd to signal readiness)
# Kill signal handling means systemd-nspawn will pass a system-halt signal
# to the container systemd when it receives SIGTERM for container shutdown;
# containerInit and stage2 have to handle this as well.
# TODO: fix shellcheck issue properly
# shellcheck disable=SC2086
exec ${ctx.systemd}/bin/systemd-nspawn \\
  --keep-unit \\
  -M "$INSTANCE" -D "$root" "\${extraFlags[@]}" \\
  --notify-ready=yes \\
  --kill-signal=SIGRTMIN+3 \\
  --bind-ro=/nix/store:/nix/store$NIX_BIND_OPT \\
  --bind-ro=/nix/var/nix/db:/nix/var/nix/db$NIX_BIND_OPT \\
  --bind-ro=/nix/var/nix/daemon-socket:/nix/var/nix/daemon-socket$NIX_BIND_OPT \\
  --bind="/nix/var/nix/profiles/per-container/$INSTANCE:/nix/var/nix/profiles$NIX_BIND_OPT" \\
  --bind="/nix/var/nix/gcroots/per-container/$INSTANCE:/nix/var/nix/gcroots$NIX_BIND_OPT" \\
  ${optionalString(!cfg.ephemeral, () => "--link-journal=try-guest")} \\
  --setenv PRIVATE_NETWORK="\${PRIVATE_NETWORK-}" \\
  --setenv PRIVATE_USERS="\${PRIVATE_USERS-}" \\
  --setenv HOST_BRIDGE="\${HOST_BRIDGE-}" \\
  --setenv HOST_ADDRESS="\${HOST_ADDRESS-}" \\
  --setenv LOCAL_ADDRESS="\${LOCAL_ADDRESS-}" \\
  --setenv HOST_ADDRESS6="\${HOST_ADDRESS6-}" \\
  --setenv LOCAL_ADDRESS6="\${LOCAL_ADDRESS6-}" \\
  --setenv LOCAL_MAC_ADDRESS="\${LOCAL_MAC_ADDRESS-}" \\
  --setenv HOST_PORT="\${HOST_PORT-}" \\
  --setenv PATH="$PATH" \\
  ${optionalString(cfg.ephemeral, () => "--ephemeral")} \\
  ${capabilities} \\
  ${tmpfs} \\
  \${EXTRA_NSPAWN_FLAGS-} \\
  ${ctx.containerInit} "\${SYSTEM_PATH:-/nix/var/nix/profiles/system}/init"
`;
}

/** The `preStart` of a container unit: removes what a previous run left. */
export function preStartScript(cfg: ScriptConfig): string {
  const veths = cfg.extraVeths
    .map(([name]) => `ip link del dev ${name} 2> /dev/null || true `)
    .join("\n");
  return `# Clean up existing machined registration and interfaces.
machinectl terminate "$INSTANCE" 2> /dev/null || true

if [[ -n "\${HOST_ADDRESS-}" ]]  || [[ -n "\${LOCAL_ADDRESS-}" ]] ||
   [[ -n "\${HOST_ADDRESS6-}" ]] || [[ -n "\${LOCAL_ADDRESS6-}" ]]; then
  ip link del dev "ve-$INSTANCE" 2> /dev/null || true
  ip link del dev "vb-$INSTANCE" 2> /dev/null || true
fi

${veths}
`;
}

/** One host-side address line of `postStart`: literal when the option is set, else a runtime check. */
function ipcall(command: string, variable: string, value: string | null): string {
  return value === null
    ? `if [[ -n "\${${variable}-}" ]]; then
  ${command} add "\${${variable}}" dev "$ifaceHost"
fi
`
    : `${command} add ${value} dev "$ifaceHost"`;
}

/** The host side of one extra veth, in `postStart`. */
function postStartExtraVeth(name: string, cfg: NetworkOptions): string {
  if (cfg.hostBridge !== null) {
    return `# Add ${name} to bridge ${cfg.hostBridge}
ip link set dev "${name}" master "${cfg.hostBridge}" up
`;
  }
  return `echo "Bring ${name} up"
ip link set dev "${name}" up
# Set IPs and routes for ${name}
${optionalString(cfg.hostAddress !== null, () => `ip addr add ${cfg.hostAddress} dev "${name}"\n`)}
${optionalString(cfg.hostAddress6 !== null, () => `ip -6 addr add ${cfg.hostAddress6} dev "${name}"\n`)}
${optionalString(cfg.localAddress !== null, () => `ip route add ${cfg.localAddress} dev "${name}"\n`)}
${optionalString(cfg.localAddress6 !== null, () => `ip -6 route add ${cfg.localAddress6} dev "${name}"\n`)}
`;
}

/** The `postStart` of a container unit: brings up the host side of the veths. */
export function postStartScript(cfg: ScriptConfig): string {
  const veths = cfg.extraVeths.map(([name, veth]) => postStartExtraVeth(name, veth)).join("\n");
  return `if [[ -n "\${HOST_ADDRESS-}" ]]  || [[ -n "\${LOCAL_ADDRESS-}" ]] ||
   [[ -n "\${HOST_ADDRESS6-}" ]] || [[ -n "\${LOCAL_ADDRESS6-}" ]]; then
  if [[ -z "\${HOST_BRIDGE-}" ]]; then
    ifaceHost=ve-$INSTANCE
    ip link set dev "$ifaceHost" up

    ${ipcall("ip addr", "HOST_ADDRESS", cfg.hostAddress)}
    ${ipcall("ip -6 addr", "HOST_ADDRESS6", cfg.hostAddress6)}
    ${ipcall("ip route", "LOCAL_ADDRESS", cfg.localAddress)}
    ${ipcall("ip -6 route", "LOCAL_ADDRESS6", cfg.localAddress6)}
  fi
fi
${veths}
`;
}

/** The text of `reload-container`, the unit's `ExecReload`. */
export function reloadContainerText(runtimeShell: string, nixosContainer: string): string {
  return `#! ${runtimeShell} -e
${nixosContainer}/bin/nixos-container run "$INSTANCE" -- \\
  bash --login -c "\${SYSTEM_PATH:-/nix/var/nix/profiles/system}/bin/switch-to-configuration test"
`;
}

/** What the conf file reads of a container (its options, as evaluated). */
export interface ConfConfig extends NetworkOptions {
  flake: string | null;
  /** Read only without `flake`. */
  path: () => string;
  copyResolvConf: boolean;
  privateNetwork: boolean;
  networkNamespace: string | null;
  privateUsers: number | string;
  interfaces: readonly string[];
  macvlans: readonly string[];
  autoStart: boolean;
  /** The `--bind`/`--bind-ro` flags, each preceded by one space, in attribute order. */
  bindFlags: string;
  extraFlags: readonly string[];
}

/** NixOS's `mkPortStr`: `protocol:hostPort:containerPort`. */
export function portString(p: ForwardPort): string {
  return `${p.protocol}:${p.hostPort}:${p.containerPort === null ? p.hostPort : p.containerPort}`;
}

/** The text of `/etc/nixos-containers/<name>.conf`, the unit's environment file. */
export function confText(cfg: ConfConfig): string {
  const line = (cond: boolean, text: () => string) => optionalString(cond, () => `${text()}\n`);
  const network = () =>
    `PRIVATE_NETWORK=1
${line(cfg.hostBridge !== null, () => `HOST_BRIDGE=${cfg.hostBridge}`)}
${line(cfg.forwardPorts.length > 0, () => `HOST_PORT=${cfg.forwardPorts.map(portString).join(",")}`)}
${line(cfg.hostAddress !== null, () => `HOST_ADDRESS=${cfg.hostAddress}`)}
${line(cfg.hostAddress6 !== null, () => `HOST_ADDRESS6=${cfg.hostAddress6}`)}
${line(cfg.localAddress !== null, () => `LOCAL_ADDRESS=${cfg.localAddress}`)}
${line(cfg.localAddress6 !== null, () => `LOCAL_ADDRESS6=${cfg.localAddress6}`)}
${line(cfg.localMacAddress !== null, () => `LOCAL_MAC_ADDRESS=${cfg.localMacAddress}`)}
`;
  const extra =
    cfg.bindFlags + optionalString(cfg.extraFlags.length > 0, () => ` ${cfg.extraFlags.join(" ")}`);
  return `${line(cfg.flake === null, () => `SYSTEM_PATH=${cfg.path()}`)}
${line(cfg.flake !== null, () => `FLAKE=${cfg.flake}`)}
COPY_RESOLV_CONF=${cfg.copyResolvConf ? "1" : "0"}
${optionalString(cfg.privateNetwork, network)}
${line(cfg.networkNamespace !== null, () => `NETWORK_NAMESPACE_PATH=${cfg.networkNamespace}`)}
PRIVATE_USERS=${String(cfg.privateUsers)}
INTERFACES="${cfg.interfaces.join(" ")}"
MACVLANS="${cfg.macvlans.join(" ")}"
${line(cfg.autoStart, () => "AUTO_START=1")}
EXTRA_NSPAWN_FLAGS="${extra}"
`;
}
