/**
 * The seed module: NixOS's `virtualisation/containers.nix` of late 2013, ported
 * line by line (the Nix text is in the project's seed file, containers-2013.nix).
 * Lightweight NixOS containers run with systemd-nspawn, one `container-<name>`
 * service each.
 *
 * Differences from the seed, all deliberate:
 * - `boot.isContainer` is declared in modules/system/boot.ts, with the seed's
 *   type, default and description, because today's container module declares it
 *   too and both are built in.
 * - `runInNetns` and `nixos-container-shell`, `let` bindings in the seed, are
 *   entries of the package set (`pkgs."run-in-netns"`, `pkgs."nixos-container-shell"`,
 *   see modules/packages.ts), so a deployment can give the real builds.
 * - The nested configuration does not import `./container-login.nix`, which is
 *   not part of the seed.
 * - An unset `config` reads as `undefined` instead of failing (`unsetReadsUndefined`;
 *   the seed's module only reads it when `isDefined`), so every container's
 *   configuration prints as JSON.
 * - Names, addresses, `root` and `path` are checked before they are used (container-checks.ts);
 *   valid input gives the seed's output byte for byte.
 */

import { configWithoutCheck, type EvalResult } from "../../lib/modules/eval-modules.ts";
import type { Module } from "../../lib/modules/module.ts";
import { literalExpression, mkOption } from "../../lib/options.ts";
import { mkDefault, mkIf, mkMerge } from "../../lib/properties.ts";
import { interpolate } from "../../lib/render/nix-to-string.ts";
import { types } from "../../lib/types/index.ts";
import { extendType, unsetReadsUndefined } from "../../lib/types/option-type.ts";
import { sortNames } from "../../lib/util/attrs.ts";
import { lazyFields } from "../../lib/util/lazy-fields.ts";
import { memoByObject } from "../../lib/util/object-memo.ts";
import { evalConfig, type SystemModuleArgs } from "../eval-config.ts";
import type { Package } from "../../lib/package.ts";
import { builtinModules } from "../index.ts";
import { packageSetFingerprint, type PackageSet } from "../packages.ts";
import { reuseSystem } from "../system/system-reuse.ts";
import { systemTemplate } from "../system/system-template.ts";
import { buildToplevel } from "../system/toplevel.ts";
import {
  checkContainerName,
  checkInterfaceNames,
  checkContainerPath,
  containerInterfaces,
  ipv4AddressOrNull,
} from "./container-checks.ts";

const file = "modules/virtualisation/containers.ts";

/** One evaluated `systemd.containers.<name>`. */
export interface SeedContainer {
  root: string;
  config: unknown;
  path: unknown;
  privateNetwork: boolean;
  hostAddress: string | null;
  localAddress: string | null;
}

/**
 * Nix's string interpolation: strings as they are, packages (and sets with `outPath` or
 * `__toString`) as the string Nix makes of them.
 * The text is joined, not added up: the service keeps these texts, and V8 keeps a sum as a
 * tree of its parts (32 bytes a node) until something flattens it.
 */
function s(strings: TemplateStringsArray, ...values: unknown[]): string {
  const parts = new Array<string>(2 * values.length + 1);
  parts[0] = strings[0]!;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    parts[2 * i + 1] = typeof value === "string" ? value : interpolate(value);
    parts[2 * i + 2] = strings[i + 1]!;
  }
  return parts.join("");
}

/** The texts joined into one flat string (see `s`). */
const joined = (...texts: string[]): string => texts.join("");

/** Nix's `optionalString`; the text is a function because, as in Nix, it is only made when needed. */
const optionalString = (cond: boolean, text: () => string): string => (cond ? text() : "");

/**
 * The seed's type of a container's `config`, `unspecified`; its value becomes a NixOS module,
 * which in a config file is a set (or an absolute path to a module file), never a list or a
 * scalar: the schema says so.
 */
const containerModuleType = extendType(types.unspecified, {
  toJsonSchema: (ctx) =>
    ctx.output
      ? {}
      : {
          "x-nixmod-type": "NixOS module (a set, or an absolute path to a module file)",
          anyOf: [{ type: "object" }, { type: "string", pattern: "^/" }],
        },
});

// The declarations of one container depend on nothing of a container or an evaluation, so every
// container of every evaluation (a nested configuration evaluates this module again) shares them.
const containerDeclarations = {
  root: mkOption({
    type: types.path,
    description: "The root directory of the container.\n",
  }),
  config: mkOption({
    type: unsetReadsUndefined(containerModuleType),
    description:
      "A specification of the desired configuration of this\ncontainer, as a NixOS module.\n",
  }),
  path: mkOption({
    type: types.path,
    example: "/nix/var/nix/profiles/containers/webserver",
    description:
      "As an alternative to specifying\n<option>config</option>, you can specify the path to\n" +
      "the evaluated NixOS system configuration, typically a\nsymlink to a system profile.\n",
  }),
  privateNetwork: mkOption({
    type: types.bool,
    default: false,
    description:
      "Whether to give the container its own private virtual\nEthernet interface. The " +
      "interface is called\n<literal>eth0</literal>, and is hooked up to the interface\n" +
      "<literal>c-<replaceable>container-name</replaceable></literal>\non the host. If this " +
      "option is not set, then the\ncontainer shares the network interfaces of the host,\n" +
      "and can bind to any port on any interface.\n",
  }),
  hostAddress: mkOption({
    type: ipv4AddressOrNull(types.nullOr(types.string)),
    default: null,
    example: "10.231.136.1",
    description: "The IPv4 address assigned to the host interface.\n",
  }),
  localAddress: mkOption({
    type: ipv4AddressOrNull(types.nullOr(types.string)),
    default: null,
    example: "10.231.136.2",
    description: "The IPv4 address assigned to <literal>eth0</literal>\nin the container.\n",
  }),
};

/** Where container `name`'s options are in the host's. */
const containerPrefix = (name: string): string[] => ["systemd", "containers", name];

/**
 * The seed's `extraConfig`, which every container's configuration gets: its host name is the
 * container's name, except in a template's (where a placeholder stands for it).
 */
function extraConfig(name: string | undefined): Module {
  const config = {
    boot: { isContainer: true },
    security: { initialRootPassword: mkDefault("!") },
  };
  return {
    _file: `${file}#extraConfig`,
    config: name === undefined ? config : { ...config, networking: { hostName: mkDefault(name) } },
  };
}

/** The definitions of `extraConfig` that differ from container to container. */
const extraConfigVarying = [["networking", "hostName"]];

/** The nested evaluation of container `name`, whose `config` is `configuration` (the seed's `path`). */
export function containerSystem(
  baseModules: readonly Module[],
  pkgs: PackageSet,
  name: string,
  configuration: Module,
): EvalResult {
  return nestedSystem(baseModules, pkgs, name, [extraConfig(name), configuration]);
}

/** The evaluation of `modules` as container `name`'s system. */
function nestedSystem(
  baseModules: readonly Module[],
  pkgs: PackageSet,
  name: string,
  modules: readonly Module[],
): EvalResult {
  return evalConfig({ baseModules, modules, prefix: containerPrefix(name), pkgs });
}

/**
 * The built system of container `name` (the seed's `path`). What it has in common with the
 * other containers whose configurations define the same paths is taken from their template
 * (system-template.ts), where the modules are the built-in ones: their values hold nothing of
 * the container's path.
 */
export function containerToplevel(
  baseModules: readonly Module[],
  pkgs: PackageSet,
  name: string,
  configuration: Module,
): Package {
  const system = containerSystem(baseModules, pkgs, name, configuration);
  const fingerprint = packageSetFingerprint(pkgs);
  const known =
    baseModules === builtinModules && fingerprint !== undefined
      ? systemTemplate({
          kind: file,
          baseModules,
          fingerprint,
          configuration,
          varying: extraConfigVarying,
          evaluate: (placeholders) =>
            nestedSystem(baseModules, pkgs, name, [extraConfig(undefined), placeholders]),
          prefix: containerPrefix(name),
        })
      : undefined;
  if (known === undefined) return system.config.system.build.toplevel as Package;
  // The template's evaluation passed the check for undeclared options with definitions at the
  // same paths as this system's, so this one passes it too.
  return buildToplevel(configWithoutCheck(system), containerPrefix(name), known);
}

/** The options of one container (the seed's submodule). */
function containerSubmodule(baseModules: readonly Module[], pkgs: PackageSet): Module {
  return ({ config, options, name }: { config: any; options: any; name: string }) => ({
    options: containerDeclarations,
    config: mkMerge([
      { root: mkDefault(`/var/lib/containers/${name}`) },
      mkIf(
        () => options.config.isDefined,
        lazyFields({
          path: () =>
            reuseSystem(baseModules, pkgs, name, config.config, () =>
              containerToplevel(baseModules, pkgs, name, config.config),
            ),
        }),
      ),
    ]),
  });
}

const containersExample = `{ webserver =
    { root = "/containers/webserver";
      path = "/nix/var/nix/profiles/webserver";
    };
  database =
    { root = "/containers/database";
      config =
        { config, pkgs, ... }:
        { services.postgresql.enable = true;
          services.postgresql.package = pkgs.postgresql92;
        };
    };
}
`;

/**
 * A container's options as its service reads them: `root` and `path` checked when read. A
 * class, so its getters are shared and reading a container makes no closures.
 */
class CheckedPaths implements SeedContainer {
  constructor(
    private readonly name: string,
    private readonly cfg: SeedContainer,
  ) {}

  get root(): string {
    return checkContainerPath(this.name, "root", this.cfg.root) as string;
  }

  get path(): unknown {
    return checkContainerPath(this.name, "path", this.cfg.path);
  }

  get config(): unknown {
    return this.cfg.config;
  }

  get privateNetwork(): boolean {
    return this.cfg.privateNetwork;
  }

  get hostAddress(): string | null {
    return this.cfg.hostAddress;
  }

  get localAddress(): string | null {
    return this.cfg.localAddress;
  }
}

/** The `container-<name>` service of one container. */
function containerService(
  name: string,
  container: () => SeedContainer,
  config: any,
  pkgs: PackageSet,
): Record<string, unknown> {
  const { host: ifaceHost, container: ifaceCont } = containerInterfaces(name);
  const ns = `net-${name}`;
  // The seed reads `cfg.privateNetwork` here; a private network needs short interface names.
  const privateNetwork = (cfg: SeedContainer): boolean => {
    if (cfg.privateNetwork) checkInterfaceNames(name);
    return cfg.privateNetwork;
  };
  const service = {
    description: `Container '${name}'`,
    wantedBy: ["multi-user.target"],
    unitConfig: lazyFields({ RequiresMountsFor: () => [container().root] }),
    serviceConfig: lazyFields({
      ExecStart: () => {
        const cfg = container();
        const runInNetns = pkgs["run-in-netns"];
        return joined(
          optionalString(privateNetwork(cfg), () => s`${runInNetns}/bin/run-in-netns ${ns} `),
          s`${config.systemd.package}/bin/systemd-nspawn`,
          optionalString(cfg.privateNetwork, () => " --capability=CAP_NET_ADMIN"),
          s` -M ${name} -D ${cfg.root}`,
          " --bind-ro=/nix/store --bind-ro=/nix/var/nix/db --bind-ro=/nix/var/nix/daemon-socket",
          s` --bind=/nix/var/nix/profiles/per-container/${name}:/nix/var/nix/profiles`,
          s` --bind=/nix/var/nix/gcroots/per-container/${name}:/nix/var/nix/gcroots`,
          s` ${cfg.path}/init`,
        );
      },
      ExecReload: () => {
        const cfg = container();
        return joined(
          s`${pkgs.bash}/bin/bash -c '`,
          s`echo ${cfg.path}/bin/switch-to-configuration test `,
          s`| ${pkgs.socat}/bin/socat unix:${cfg.root}/var/lib/root-shell.socket -'`,
        );
      },
    }),
    preStop: s`pid="$(cat /sys/fs/cgroup/systemd/machine/${name}.nspawn/system/tasks 2> /dev/null)"
if [ -n "$pid" ]; then
  # Send the RTMIN+3 signal, which causes the container
  # systemd to start halt.target.
  echo "killing container systemd, PID = $pid"
  kill -RTMIN+3 $pid
  # Wait for the container to exit. We can't let systemd
  # do this because it will send a signal to the entire
  # cgroup.
  for ((n = 0; n < 180; n++)); do
    if ! kill -0 $pid 2> /dev/null; then break; fi
    sleep 1
  done
fi
`,
    reloadIfChanged: true,
  };
  return lazyFields(
    {
      path: () => [pkgs.iproute],
      preStart: () => {
        const cfg = container();
        return joined(
          s`mkdir -p -m 0755 ${cfg.root}/etc
if ! [ -e ${cfg.root}/etc/os-release ]; then
  touch ${cfg.root}/etc/os-release
fi
mkdir -p -m 0755 \\
  /nix/var/nix/profiles/per-container/${name} \\
  /nix/var/nix/gcroots/per-container/${name}
`,
          optionalString(
            cfg.root !== `/var/lib/containers/${name}`,
            () => s`ln -sfn "${cfg.root}" "/var/lib/containers/${name}"
`,
          ),
          optionalString(
            privateNetwork(cfg),
            () => s`# Cleanup from last time.
ip netns del ${ns} 2> /dev/null || true
ip link del ${ifaceHost} 2> /dev/null || true
ip link del ${ifaceCont} 2> /dev/null || true
# Create a pair of virtual ethernet devices. On the host,
# we get c-<container-name, and on the guest, we get
# eth0.
set -x
ip link add ${ifaceHost} type veth peer name ${ifaceCont}
ip netns add ${ns}
ip link set ${ifaceCont} netns ${ns}
ip netns exec ${ns} ip link set ${ifaceCont} name eth0
ip netns exec ${ns} ip link set dev eth0 up
ip link set dev ${ifaceHost} up
${optionalString(
  cfg.hostAddress !== null,
  () => s`ip addr add ${cfg.hostAddress} dev ${ifaceHost}
ip netns exec ${ns} ip route add ${cfg.hostAddress} dev eth0
ip netns exec ${ns} ip route add default via ${cfg.hostAddress}
`,
)}
${optionalString(
  cfg.localAddress !== null,
  () => s`ip netns exec ${ns} ip addr add ${cfg.localAddress} dev eth0
ip route add ${cfg.localAddress} dev ${ifaceHost}
`,
)}
`,
          ),
        );
      },
    },
    service,
  );
}

/** The module's declarations for one set of base modules and one package set. */
const seedContainersOptions = memoByObject((baseModules: readonly Module[]) =>
  memoByObject((pkgs: PackageSet) => ({
    systemd: {
      containers: mkOption({
        type: types.attrsOf(types.submodule(containerSubmodule(baseModules, pkgs))),
        default: {},
        example: literalExpression(containersExample),
        description:
          "A set of NixOS system configurations to be run as lightweight\ncontainers. Each " +
          "container appears as a service\n<literal>container-<replaceable>name</replaceable></literal>\n" +
          "on the host system, allowing it to be started and stopped via\n" +
          "<command>systemctl</command> .\n",
      }),
    },
  })),
);

/** The seed's container module (`systemd.containers`). */
export const seedContainersModule: Module = ({ config, pkgs, baseModules }: SystemModuleArgs) => {
  const containers = (): Record<string, SeedContainer> => config.systemd.containers;
  /** The containers' names in Nix's attribute order, each checked before anything uses it. */
  const names = (): string[] =>
    sortNames(Object.keys(containers())).map((name) => checkContainerName(name));
  return {
    _file: file,
    key: file,
    options: seedContainersOptions(baseModules)(pkgs),
    config: {
      systemd: lazyFields({
        services: () => {
          const services: Record<string, unknown> = {};
          for (const name of names()) {
            services[`container-${name}`] = containerService(
              name,
              () => new CheckedPaths(name, containers()[name]!),
              config,
              pkgs,
            );
          }
          return services;
        },
      }),
      // Generate /etc/hosts entries for the containers.
      networking: lazyFields({
        extraHosts: () =>
          names()
            .map((name) => {
              const cfg = containers()[name]!;
              return optionalString(
                cfg.localAddress !== null,
                () => s`${cfg.localAddress} ${name}.containers
`,
              );
            })
            .join(""),
      }),
      environment: lazyFields({
        systemPackages: () =>
          Object.keys(containers()).length > 0 ? [pkgs["nixos-container-shell"]] : [],
      }),
    },
  };
};
