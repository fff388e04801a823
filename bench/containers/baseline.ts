/**
 * The floor: a hand-written generator that turns the benchmark's input into the seed's
 * services, /etc/hosts lines and packages with no module system at all, byte for byte.
 * A nested config's system path is the content address nixmod gives it: the store path
 * of the evaluated system's JSON text (modules/system/toplevel.ts), written here from a
 * template of what the built-in modules give a container that sets only its host name.
 */
import { sortedKeys } from "../../lib/render/byte-order.ts";
import { toFilePath } from "../../lib/render/store-path.ts";
import { makePackageSet, type PackageSet } from "../../modules/packages.ts";
import type { ContainerInput } from "./input.ts";

/** The seed's fields of one `container-<name>` service. */
export interface BaselineService {
  description: string;
  wantedBy: string[];
  unitConfig: { RequiresMountsFor: string[] };
  path: string[];
  preStart: string;
  preStop: string;
  reloadIfChanged: boolean;
  serviceConfig: { ExecStart: string; ExecReload: string };
}

/** What the benchmark compares: services, `/etc/hosts` lines and system packages. */
export interface BaselineOutput {
  services: Record<string, BaselineService>;
  extraHosts: string;
  systemPackages: string[];
}

/** The JSON text of a flat record with its keys in Nix's order. */
function sortedJSON(record: Readonly<Record<string, unknown>>): string {
  return `{${sortedKeys(record)
    .map((key) => `${JSON.stringify(key)}:${JSON.stringify(record[key])}`)
    .join(",")}}`;
}

/** The JSON text of the system a container's `config` that sets only `networking.hostName` evaluates to. */
function systemText(pkgs: PackageSet, hostName: string): string {
  const host = JSON.stringify(hostName);
  return (
    `{"boot":{"enableContainers":false,"isContainer":true,"isNspawnContainer":false,"kernelModules":[],` +
    `"kernelPackages":{"kernel":"${pkgs.linuxPackages.kernel.outPath}"}},"containers":{},` +
    `"environment":{"etc":{},"systemPackages":[]},"networking":{"dhcpcd":{"denyInterfaces":[]},` +
    `"domain":null,"enableIPv6":true,"extraHosts":"","hostName":${host},"hosts":{"127.0.0.2":[${host}]},` +
    `"networkmanager":{"enable":false},"useDHCP":true},"nix":{"package":"${pkgs.nix.outPath}"},` +
    `"nixpkgs":{"hostPlatform":${sortedJSON(pkgs.stdenv.hostPlatform)}},` +
    `"security":{"initialRootPassword":"!"},"services":{"udev":{"extraRules":""}},` +
    `"system":{"build":{},"stateVersion":"24.05"},"systemd":{"containers":{},` +
    `"enableStrictShellChecks":false,"globalEnvironment":{},"package":"${pkgs.systemd.outPath}",` +
    `"services":{},"targets":{}},"virtualisation":{"containers":{"enable":false}}}`
  );
}

/** Generates the seed's output for `containers` directly. */
export function baseline(containers: Record<string, ContainerInput>): BaselineOutput {
  const pkgs = makePackageSet();
  const iproute = pkgs.iproute.outPath;
  const systemd = pkgs.systemd.outPath;
  const bash = pkgs.bash.outPath;
  const socat = pkgs.socat.outPath;
  const runInNetns = (pkgs["run-in-netns"] as { outPath: string }).outPath;
  const shell = (pkgs["nixos-container-shell"] as { outPath: string }).outPath;
  const services: Record<string, BaselineService> = {};
  let extraHosts = "";
  const names = Object.keys(containers).sort();
  for (const name of names) {
    const c = containers[name]!;
    const root = `/var/lib/containers/${name}`;
    const priv = "privateNetwork" in c;
    const hostAddress = priv ? c.hostAddress : null;
    const localAddress = priv ? c.localAddress : null;
    const path = priv
      ? c.path
      : toFilePath(
          `nixos-system-${c.config.networking.hostName}`,
          systemText(pkgs, c.config.networking.hostName),
        );
    const ns = `net-${name}`;
    const ifaceHost = `c-${name}`;
    const ifaceCont = `ctmp-${name}`;
    let preStart =
      `mkdir -p -m 0755 ${root}/etc\n` +
      `if ! [ -e ${root}/etc/os-release ]; then\n  touch ${root}/etc/os-release\nfi\n` +
      `mkdir -p -m 0755 \\\n  /nix/var/nix/profiles/per-container/${name} \\\n  /nix/var/nix/gcroots/per-container/${name}\n`;
    if (priv) {
      preStart +=
        `# Cleanup from last time.\nip netns del ${ns} 2> /dev/null || true\n` +
        `ip link del ${ifaceHost} 2> /dev/null || true\nip link del ${ifaceCont} 2> /dev/null || true\n` +
        `# Create a pair of virtual ethernet devices. On the host,\n# we get c-<container-name, and on the guest, we get\n# eth0.\nset -x\n` +
        `ip link add ${ifaceHost} type veth peer name ${ifaceCont}\nip netns add ${ns}\n` +
        `ip link set ${ifaceCont} netns ${ns}\nip netns exec ${ns} ip link set ${ifaceCont} name eth0\n` +
        `ip netns exec ${ns} ip link set dev eth0 up\nip link set dev ${ifaceHost} up\n` +
        (hostAddress === null
          ? ""
          : `ip addr add ${hostAddress} dev ${ifaceHost}\nip netns exec ${ns} ip route add ${hostAddress} dev eth0\nip netns exec ${ns} ip route add default via ${hostAddress}\n`) +
        "\n" +
        (localAddress === null
          ? ""
          : `ip netns exec ${ns} ip addr add ${localAddress} dev eth0\nip route add ${localAddress} dev ${ifaceHost}\n`) +
        "\n";
    }
    services[`container-${name}`] = {
      description: `Container '${name}'`,
      wantedBy: ["multi-user.target"],
      unitConfig: { RequiresMountsFor: [root] },
      path: [iproute],
      preStart,
      preStop:
        `pid="$(cat /sys/fs/cgroup/systemd/machine/${name}.nspawn/system/tasks 2> /dev/null)"\n` +
        `if [ -n "$pid" ]; then\n  # Send the RTMIN+3 signal, which causes the container\n  # systemd to start halt.target.\n` +
        `  echo "killing container systemd, PID = $pid"\n  kill -RTMIN+3 $pid\n` +
        `  # Wait for the container to exit. We can't let systemd\n  # do this because it will send a signal to the entire\n  # cgroup.\n` +
        `  for ((n = 0; n < 180; n++)); do\n    if ! kill -0 $pid 2> /dev/null; then break; fi\n    sleep 1\n  done\nfi\n`,
      reloadIfChanged: true,
      serviceConfig: {
        ExecStart:
          (priv ? `${runInNetns}/bin/run-in-netns ${ns} ` : "") +
          `${systemd}/bin/systemd-nspawn` +
          (priv ? " --capability=CAP_NET_ADMIN" : "") +
          ` -M ${name} -D ${root}` +
          " --bind-ro=/nix/store --bind-ro=/nix/var/nix/db --bind-ro=/nix/var/nix/daemon-socket" +
          ` --bind=/nix/var/nix/profiles/per-container/${name}:/nix/var/nix/profiles` +
          ` --bind=/nix/var/nix/gcroots/per-container/${name}:/nix/var/nix/gcroots` +
          ` ${path}/init`,
        ExecReload:
          `${bash}/bin/bash -c 'echo ${path}/bin/switch-to-configuration test ` +
          `| ${socat}/bin/socat unix:${root}/var/lib/root-shell.socket -'`,
      },
    };
    if (localAddress !== null) extraHosts += `${localAddress} ${name}.containers\n`;
  }
  return { services, extraHosts, systemPackages: names.length > 0 ? [shell] : [] };
}

/** The same output read from a nixmod evaluation's config: the seed's fields of each service. */
export function seedOutput(config: any): BaselineOutput {
  const services: Record<string, BaselineService> = {};
  for (const [name, s] of Object.entries(config.systemd.services as Record<string, any>)) {
    services[name] = {
      description: s.description,
      wantedBy: s.wantedBy,
      unitConfig: s.unitConfig,
      path: s.path,
      preStart: s.preStart,
      preStop: s.preStop,
      reloadIfChanged: s.reloadIfChanged,
      serviceConfig: {
        ExecStart: s.serviceConfig.ExecStart,
        ExecReload: s.serviceConfig.ExecReload,
      },
    };
  }
  return {
    services,
    extraHosts: config.networking.extraHosts,
    systemPackages: config.environment.systemPackages,
  };
}
