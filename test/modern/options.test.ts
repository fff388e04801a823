/**
 * Today's container module option by option: what each option does to the rendered
 * `container@<name>` unit, the conf file and the nspawn command line. The values
 * here follow from the vectors (real Nix) and from nixos-containers.nix's start
 * script, which the argv mirrors.
 */

import { describe, expect, it } from "vitest";
import { evaluate, render, type Evaluation, type Module, type Rendered } from "../../lib/index.ts";
import { modernPkgs } from "./host.ts";
import { moduleError } from "../helpers/module-error.ts";

const profile = (name: string) => `/nix/var/nix/profiles/per-container/${name}`;

/** A host with these containers (each gets a `path` unless it says otherwise). */
function host(containers: Record<string, Record<string, unknown>>, ...more: Module[]): Evaluation {
  const withPaths = Object.fromEntries(
    Object.entries(containers).map(([name, c]) => [
      name,
      "config" in c || "flake" in c || "path" in c ? c : { path: profile(name), ...c },
    ]),
  );
  return evaluate([{ containers: withPaths }, ...more], { pkgs: modernPkgs });
}

function unit(r: Rendered, name: string): string {
  const text = r.units[`container@${name}.service`];
  if (text === undefined) throw new Error(`no unit for ${name}`);
  return text;
}

const lines = (text: string) => text.split("\n");
const conf = (ev: Evaluation, name: string): string =>
  ev.config.environment.etc[`nixos-containers/${name}.conf`].text;
const argv = (ev: Evaluation, name: string): string[] => ev.nspawn()[name]!.argv;

describe("the container@ template", () => {
  const ev = host({ web: {} });
  const r = render(ev);
  const text = r.units["container@.service"]!;

  it("is a unit of its own, with NixOS's directives", () => {
    expect(lines(text)).toEqual(
      expect.arrayContaining([
        "Description=Container '%i'",
        "RequiresMountsFor=/var/lib/nixos-containers/%i",
        'Environment="INSTANCE=%i"',
        'Environment="root=/var/lib/nixos-containers/%i"',
        "X-RestartIfChanged=false",
        "Delegate=true",
        "DevicePolicy=closed",
        "EnvironmentFile=-/etc/nixos-containers/%i.conf",
        "KillMode=mixed",
        "KillSignal=TERM",
        "Restart=on-failure",
        "RestartForceExitStatus=133",
        "Slice=machine.slice",
        "SuccessExitStatus=133",
        "SyslogIdentifier=container %i",
        "TimeoutStartSec=1min",
        "Type=notify",
      ]),
    );
    expect(text).not.toContain("[Install]");
    expect(text).not.toContain("DeviceAllow=");
    expect(text).not.toContain("RuntimeDirectory=");
  });

  it("runs its scripts with bash's strict options (enableStrictShellChecks)", () => {
    const starts = Object.entries(r.scripts).filter(([path]) =>
      path.endsWith("-unit-script-container_-start"),
    );
    expect(starts).toHaveLength(1);
    expect(starts[0]![1]).toMatch(
      /^#!\/nix\/store\/[0-9a-z]{32}-bash-5\.2p37\/bin\/bash\nset -o errexit\nset -o nounset\nset -o pipefail\n\n# Declare root/,
    );
    expect(text).toContain(`ExecStart=${starts[0]![0]}/bin/container_-start \n`);
  });

  it("reloads through the nixos-container tool", () => {
    const reload = ev.config.systemd.services["container@"].serviceConfig.ExecReload;
    expect(String(reload)).toMatch(/^\/nix\/store\/[0-9a-z]{32}-reload-container$/);
    expect(reload.text).toContain(
      `${modernPkgs["nixos-container"]}/bin/nixos-container run "$INSTANCE" -- \\\n`,
    );
    expect(text).toContain(`ExecReload=${String(reload)}\n`);
  });

  it("comes with machines.target, the kernel modules and the tool", () => {
    expect(ev.config.systemd.targets["multi-user"].wants).toEqual(["machines.target"]);
    expect(ev.config.boot.kernelModules).toEqual(["bridge", "macvlan", "tap", "tun"]);
    expect(ev.config.networking.dhcpcd.denyInterfaces).toEqual(["ve-*", "vb-*"]);
    expect(ev.config.environment.systemPackages.map(String)).toEqual([
      modernPkgs["nixos-container"],
    ]);
  });
});

describe("autoStart and restartIfChanged", () => {
  it("want the unit from machines.target and restart it when its system or conf changes", () => {
    const ev = host({ web: { autoStart: true, interfaces: ["br-lan"] } });
    const r = render(ev);
    const text = unit(r, "web");
    expect(r.links["machines.target.wants/container@web.service"]).toBe("../container@web.service");
    expect(text).toContain("\n[Install]\nWantedBy=machines.target\n");
    expect(text).toContain("After=network.target sys-subsystem-net-devices-br\\x2dlan.device\n");
    expect(text).toContain("Wants=network.target sys-subsystem-net-devices-br\\x2dlan.device\n");
    expect(text).not.toContain("X-RestartIfChanged");
    const triggers = /X-Restart-Triggers=(\S+)/.exec(text)![1]!;
    expect(triggers).toMatch(/-X-Restart-Triggers-container-web$/);
    const confSource = String(ev.config.environment.etc["nixos-containers/web.conf"].source);
    expect(r.files[triggers]).toBe(`${profile("web")} ${confSource}`);
    expect(conf(ev, "web")).toContain("\nAUTO_START=1\n");
  });

  it("keep the template's X-RestartIfChanged=false without autoStart, whatever restartIfChanged says", () => {
    const r = render(
      host({ a: { restartIfChanged: true }, b: { autoStart: true, restartIfChanged: false } }),
    );
    expect(unit(r, "a")).toContain("X-RestartIfChanged=false");
    expect(unit(r, "a")).not.toContain("[Install]");
    expect(unit(r, "b")).toContain("X-RestartIfChanged=false");
    expect(unit(r, "b")).toContain("WantedBy=machines.target");
  });
});

describe("the conf file", () => {
  it("is the unit's EnvironmentFile, with SYSTEM_PATH, COPY_RESOLV_CONF and the lists", () => {
    const ev = host({
      web: { copyResolvConf: false, interfaces: ["eth1", "eth2"], macvlans: ["eno1"] },
    });
    expect(conf(ev, "web")).toBe(
      `SYSTEM_PATH=${profile("web")}\n\n\nCOPY_RESOLV_CONF=0\n\n\nPRIVATE_USERS=no\n` +
        'INTERFACES="eth1 eth2"\nMACVLANS="eno1"\n\nEXTRA_NSPAWN_FLAGS=""\n',
    );
    const source = ev.config.environment.etc["nixos-containers/web.conf"].source;
    expect(String(source)).toMatch(/^\/nix\/store\/[0-9a-z]{32}-etc-nixos-containers-web\.conf$/);
    expect(source.text).toBe(conf(ev, "web"));
  });

  it("has the network keys only with privateNetwork", () => {
    const network = {
      hostBridge: "br0",
      forwardPorts: [{ hostPort: 80 }],
      hostAddress: "10.0.0.1",
      localAddress: "10.0.0.2",
      localMacAddress: "02:00:00:00:00:01",
    };
    const ev = host({ shared: network, private: { ...network, privateNetwork: true } });
    expect(conf(ev, "shared")).not.toContain("HOST_");
    expect(conf(ev, "private")).toContain(
      "PRIVATE_NETWORK=1\nHOST_BRIDGE=br0\n\nHOST_PORT=tcp:80:80\n\nHOST_ADDRESS=10.0.0.1\n\n\n" +
        "LOCAL_ADDRESS=10.0.0.2\n\n\nLOCAL_MAC_ADDRESS=02:00:00:00:00:01\n",
    );
  });

  it("moves to /etc/containers before stateVersion 22.05", () => {
    const ev = host({ old: { ephemeral: true } }, { system: { stateVersion: "21.11" } });
    expect(Object.keys(ev.config.environment.etc)).toEqual(["containers/old.conf"]);
    const text = unit(render(ev), "old");
    expect(text).toContain("EnvironmentFile=-/etc/containers/%i.conf");
    expect(text).toContain("RuntimeDirectory=containers/%i");
    expect(render(ev).units["container@.service"]).toContain(
      "RequiresMountsFor=/var/lib/containers/%i",
    );
    expect(ev.nspawn().old!.directory).toBe("/run/nixos-containers/old");
  });
});

describe("the nspawn command line", () => {
  it("is the start script's exec, in its order", () => {
    const ev = host({ web: {} });
    const systemd = modernPkgs.systemd;
    const init = /\/nix\/store\/[0-9a-z]{32}-container-init/;
    const [nspawn, ...rest] = argv(ev, "web");
    expect(nspawn).toBe(`${systemd}/bin/systemd-nspawn`);
    expect(rest.slice(0, 16)).toEqual([
      "--keep-unit",
      "-M",
      "web",
      "-D",
      "/var/lib/nixos-containers/web",
      "--private-users=no",
      "--notify-ready=yes",
      "--kill-signal=SIGRTMIN+3",
      "--bind-ro=/nix/store:/nix/store",
      "--bind-ro=/nix/var/nix/db:/nix/var/nix/db",
      "--bind-ro=/nix/var/nix/daemon-socket:/nix/var/nix/daemon-socket",
      "--bind=/nix/var/nix/profiles/per-container/web:/nix/var/nix/profiles",
      "--bind=/nix/var/nix/gcroots/per-container/web:/nix/var/nix/gcroots",
      "--link-journal=try-guest",
      "--setenv",
      "PRIVATE_NETWORK=",
    ]);
    expect(rest.at(-2)).toMatch(init);
    expect(rest.at(-1)).toBe(`${profile("web")}/init`);
    // The container-init the script execs.
    expect(ev.config.systemd.services["container@web"].script).toContain(
      `  ${rest.at(-2)} "\${SYSTEM_PATH:-/nix/var/nix/profiles/system}/init"\n`,
    );
    const command = ev.nspawn().web!;
    expect(command.machine).toBe("web");
    expect(command.directory).toBe("/var/lib/nixos-containers/web");
    expect(command.init).toBe(rest.at(-2));
    expect(command.networkNamespace).toBeNull();
    expect(command.capabilities).toEqual([]);
    expect(command.bindMounts.map((b) => b.target)).toEqual([
      "/nix/store",
      "/nix/var/nix/db",
      "/nix/var/nix/daemon-socket",
      "/nix/var/nix/profiles",
      "/nix/var/nix/gcroots",
    ]);
  });

  it("sets the conf file's variables with --setenv, PATH from the unit", () => {
    const ev = host({
      lan: { privateNetwork: true, hostAddress: "10.0.0.1", localAddress: "10.0.0.2/24" },
    });
    const args = argv(ev, "lan");
    const setenv = args.flatMap((a, i) => (args[i - 1] === "--setenv" ? [a] : []));
    expect(setenv.map((s) => s.split("=")[0])).toEqual([
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
    ]);
    expect(setenv.slice(0, 5)).toEqual([
      "PRIVATE_NETWORK=1",
      "PRIVATE_USERS=no",
      "HOST_BRIDGE=",
      "HOST_ADDRESS=10.0.0.1",
      "LOCAL_ADDRESS=10.0.0.2/24",
    ]);
    const path = setenv.at(-1)!;
    expect(render(ev).units["container@lan.service"]).toContain(`Environment="${path}"`);
    expect(args.slice(6, 9)).toEqual(["--private-network", "--private-users=no", "--network-veth"]);
  });

  it("follows each network option", () => {
    const ev = host({
      a: {
        privateNetwork: true,
        hostBridge: "br0",
        forwardPorts: [
          { hostPort: 8080, containerPort: 80 },
          { protocol: "udp", hostPort: 53 },
        ],
        extraVeths: { "vz-b": {}, "vz-a": { hostBridge: "br1" } },
        interfaces: ["eth1"],
        macvlans: ["eno1", "eno2"],
      },
      b: { networkNamespace: "/run/netns/vpn" },
    });
    expect(argv(ev, "a").slice(6, 16)).toEqual([
      "--private-network",
      "--private-users=no",
      "--port=tcp:8080:80",
      "--port=udp:53:53",
      "--network-bridge=br0",
      "--network-veth-extra=vz-a",
      "--network-veth-extra=vz-b",
      "--network-interface=eth1",
      "--network-macvlan=eno1",
      "--network-macvlan=eno2",
    ]);
    expect(argv(ev, "b").slice(6, 8)).toEqual([
      "--private-users=no",
      "--network-namespace-path=/run/netns/vpn",
    ]);
    expect(ev.nspawn().b!.networkNamespace).toBe("/run/netns/vpn");
  });

  it("maps /nix with idmap under user namespacing", () => {
    const ev = host({
      p: { privateUsers: "pick" },
      n: { privateUsers: 65536 },
      i: { privateUsers: "identity" },
    });
    expect(argv(ev, "p")).toContain("--bind-ro=/nix/store:/nix/store:idmap");
    expect(argv(ev, "n")).toContain("--private-users=65536");
    expect(argv(ev, "n")).toContain(
      "--bind=/nix/var/nix/gcroots/per-container/n:/nix/var/nix/gcroots:idmap",
    );
    expect(argv(ev, "i")).toContain("--bind-ro=/nix/store:/nix/store");
    expect(ev.nspawn().p!.bindMounts[0]).toEqual({
      source: "/nix/store",
      target: "/nix/store",
      readOnly: true,
      options: "idmap",
    });
  });

  it("adds ephemeral, capabilities, tmpfs, bind mounts and extra flags at the end", () => {
    const ev = host({
      e: {
        ephemeral: true,
        additionalCapabilities: ["CAP_SYS_ADMIN"],
        enableTun: true,
        tmpfs: ["/tmp", "/var/tmp:mode=1777"],
        bindMounts: { "/srv": { hostPath: "/data/srv", isReadOnly: false }, "/etc/ssl": {} },
        extraFlags: ["--property=MemoryMax=1G"],
      },
    });
    const args = argv(ev, "e");
    expect(args).not.toContain("--link-journal=try-guest");
    expect(args.slice(-11, -2)).toEqual([
      "--setenv",
      expect.stringMatching(/^PATH=/),
      "--ephemeral",
      "--capability=CAP_SYS_ADMIN,CAP_NET_ADMIN",
      "--tmpfs=/tmp",
      "--tmpfs=/var/tmp:mode=1777",
      "--bind-ro=/etc/ssl",
      "--bind=/data/srv:/srv",
      "--property=MemoryMax=1G",
    ]);
    const command = ev.nspawn().e!;
    expect(command.directory).toBe("/run/nixos-containers/e");
    expect(command.capabilities).toEqual(["CAP_SYS_ADMIN", "CAP_NET_ADMIN"]);
    expect(command.bindMounts.slice(-2)).toEqual([
      { source: "/etc/ssl", target: "/etc/ssl", readOnly: true },
      { source: "/data/srv", target: "/srv", readOnly: false },
    ]);
    const text = unit(render(ev), "e");
    expect(lines(text)).toEqual(
      expect.arrayContaining([
        "RequiresMountsFor=/etc/ssl",
        "RequiresMountsFor=/data/srv",
        "RuntimeDirectory=nixos-containers/%i",
        'Environment="root=/run/nixos-containers/%i"',
        "DeviceAllow=/dev/net/tun rwm",
      ]),
    );
    expect(text).not.toContain("RequiresMountsFor=/var/lib");
    expect(conf(ev, "e")).toContain(
      'EXTRA_NSPAWN_FLAGS=" --bind-ro=/etc/ssl --bind=/data/srv:/srv --property=MemoryMax=1G"\n',
    );
  });

  it("starts the profile's system for a flake container, the built one for config", () => {
    const ev = host({ f: { flake: "github:example/infra#f" }, c: { config: {} } });
    expect(argv(ev, "f").at(-1)).toBe("/nix/var/nix/profiles/system/init");
    expect(conf(ev, "f")).toMatch(/^\nFLAKE=github:example\/infra#f\n\nCOPY_RESOLV_CONF=1\n/);
    expect(String(ev.config.containers.f.path)).toBe(profile("f"));
    expect(argv(ev, "c").at(-1)).toMatch(/^\/nix\/store\/[0-9a-z]{32}-nixos-system-c\/init$/);
  });

  it("is there only for today's containers while they are enabled", () => {
    expect(host({}).nspawn()).toEqual({});
    const off = host({ x: {} }, { boot: { enableContainers: false } });
    expect(off.nspawn()).toEqual({});
    expect(render(off).units).toEqual({});
  });
});

describe("timeouts, devices and the udev rule", () => {
  it("writes timeoutStartSec and allowedDevices into the unit", () => {
    const ev = host({
      d: {
        timeoutStartSec: "3min",
        allowedDevices: [
          { node: "/dev/kvm", modifier: "rw" },
          { node: "/dev/fuse", modifier: "rwm" },
        ],
      },
    });
    const text = unit(render(ev), "d");
    expect(text).toContain("TimeoutStartSec=3min\n");
    expect(text).toContain("DeviceAllow=/dev/kvm rw\nDeviceAllow=/dev/fuse rwm\n");
  });

  it("gives NetworkManager's rule only with NetworkManager", () => {
    expect(host({ a: {} }).config.services.udev.extraRules).toBe("");
    expect(
      host({ a: {} }, { networking: { networkmanager: { enable: true } } }).config.services.udev
        .extraRules,
    ).toBe(
      `# Don't manage interfaces created by nixos-container.\nENV{INTERFACE}=="v[eb]-*", ENV{NM_UNMANAGED}="1"\n`,
    );
  });
});

describe("assertions and warnings", () => {
  it("warns when containers are declared but boot.enableContainers is off", () => {
    const ev = host({ x: {} }, { boot: { enableContainers: false } });
    expect(ev.warnings).toEqual([
      "containers.<name> is used, but boot.enableContainers is false. To use containers.<name>, set boot.enableContainers to true.",
    ]);
    expect(ev.config.systemd.services).toEqual({});
  });

  it("warns about OCI containers on an old state version", () => {
    const ev = host(
      { x: {} },
      { system: { stateVersion: "21.05" }, virtualisation: { containers: { enable: true } } },
    );
    expect(ev.warnings).toEqual([
      "Enabling both boot.enableContainers & virtualisation.containers on system.stateVersion < 22.05 is unsupported.\n",
    ]);
  });

  it("fails the build when a network namespace meets other networking", () => {
    const ev = host({ ns: { networkNamespace: "/run/netns/x", interfaces: ["eth1"] } });
    expect(ev.failedAssertions).toEqual([
      "containers.ns.networkNamespace is mutally exclusive to containers.ns.privateNetwork and containers.ns.interfaces.",
    ]);
    expect(moduleError(() => render(ev)).message).toContain("Failed assertions");
  });

  it("checks a container's own assertions when its system is built, not before", () => {
    const ev = host(
      { bad_name: { config: {} } },
      { boot: { kernelPackages: { kernel: { version: "6.1" } } } },
    );
    // The units need no path...
    expect(ev.config.systemd.services["container@bad_name"].preStart).toContain("machinectl");
    expect(ev.failedAssertions).toEqual([]);
    // ...the conf file does.
    const error = moduleError(() => conf(ev, "bad_name"));
    expect(error.message).toContain("Failed assertions");
    expect(error.message).toContain(
      "Names containing underscores are not allowed in nixos-containers. Please rename the container 'bad_name'",
    );
    expect(error.message).not.toContain("is too long");
    expect(error.loc).toEqual(["containers", "bad_name", "system", "build", "toplevel"]);
  });

  it("rejects the removed pkgs option and config with flake when the path is needed", () => {
    const pkgs = host({ old: { pkgs: {} } });
    expect(moduleError(() => pkgs.config.containers.old.path).message).toContain(
      "The option definition `containers.old.pkgs' in `<unknown-file>' no longer has any effect; please remove it.",
    );
    const both = host({ both: { config: {}, flake: "x" } });
    expect(moduleError(() => both.config.containers.both.path).message).toBe(
      "The options 'containers.both.path' and 'containers.both.flake' cannot both be set.\n",
    );
  });
});

describe("the container's own configuration", () => {
  it("is a NixOS system in an nspawn container, named after the container", () => {
    const ev = host({ kiosk: { config: {} } });
    const inner = ev.config.containers.kiosk.config;
    expect(inner.boot.isNspawnContainer).toBe(true);
    expect(inner.boot.isContainer).toBe(true);
    expect(inner.networking.hostName).toBe("kiosk");
    expect(inner.networking.useDHCP).toBe(false);
    expect(inner.nixpkgs.hostPlatform).toMatchObject({ system: "x86_64-linux", isLinux: true });
    expect(ev.config.boot.isContainer).toBe(false);
    expect(String(ev.config.containers.kiosk.path)).toMatch(/-nixos-system-kiosk$/);
  });

  // Real Nix: `A definition for option `containers.x.nixpkgs' is not of type `absolute path'`,
  // where the container's config is evaluated (NixOS imports eval-config.nix from it); a
  // container given a path never reads it, in Nix either.
  it("checks nixpkgs where NixOS reads it, though nixmod evaluates with its own modules", () => {
    const withConfig = host({ x: { config: {}, nixpkgs: "rel" } });
    expect(moduleError(() => withConfig.config.containers.x.path).message).toContain(
      "A definition for option `containers.x.nixpkgs' is not of type `absolute path'.",
    );
    const withPath = host({ y: { nixpkgs: "rel" } });
    expect(withPath.config.environment.etc["nixos-containers/y.conf"].text).toContain(
      `SYSTEM_PATH=${profile("y")}`,
    );
  });

  it("gets the container's specialArgs", () => {
    const ev = host({
      app: {
        specialArgs: { role: "frontend" },
        config: ({ role }: { role: string }) => ({ networking: { hostName: `app-${role}` } }),
      },
    });
    expect(String(ev.config.containers.app.path)).toMatch(/-nixos-system-app-frontend$/);
  });

  // Nix accepted both: a module never takes `x`, so its clashing definitions are never merged.
  it("evaluates a specialArgs entry only when a module takes it, as Nix does", () => {
    const clash = evaluate(
      [
        { containers: { a: { config: {}, specialArgs: { x: 1 } } } },
        { containers: { a: { specialArgs: { x: 2 } } } },
      ],
      { pkgs: modernPkgs },
    );
    expect(String(clash.config.containers.a.path)).toMatch(/-nixos-system-a$/);
    const taken = evaluate(
      [
        {
          containers: {
            a: {
              config: ({ x }: { x: number }) => ({ networking: { hostName: `a${x}` } }),
              specialArgs: { x: 1 },
            },
          },
        },
        { containers: { a: { specialArgs: { x: 2 } } } },
      ],
      { pkgs: modernPkgs },
    );
    expect(moduleError(() => String(taken.config.containers.a.path)).message).toContain(
      "Cannot merge definitions of `containers.a.specialArgs.x'",
    );
  });

  it("can hold containers of its own", () => {
    const ev = host({ outer: { config: { containers: { inner: { config: {} } } } } });
    const inner = ev.config.containers.outer.config;
    expect(Object.keys(inner.systemd.services)).toEqual(["container@", "container@inner"]);
    expect(String(inner.containers.inner.path)).toMatch(/-nixos-system-inner$/);
  });

  it("prints as JSON with the rest of the configuration", () => {
    const ev = host({ a: {}, b: { config: {} }, c: { flake: "x" } });
    const data = JSON.parse(JSON.stringify(ev.config));
    expect(data.containers.a.config).toBeUndefined();
    expect(data.containers.b.config.networking.hostName).toBe("b");
    expect(data.containers.c.path).toBe(profile("c"));
  });
});

describe("beside the seed module", () => {
  it("leaves the seed's services and hosts lines as they are", () => {
    const seed = { systemd: { containers: { old: { path: "/p", localAddress: "10.9.0.2" } } } };
    const alone = evaluate(seed, { pkgs: modernPkgs });
    const both = evaluate(
      [seed, { containers: { web: { path: profile("web"), localAddress: "10.9.1.2" } } }],
      {
        pkgs: modernPkgs,
      },
    );
    expect(JSON.stringify(both.config.systemd.services["container-old"])).toBe(
      JSON.stringify(alone.config.systemd.services["container-old"]),
    );
    const hosts = both.config.networking.extraHosts.split("\n").filter((l: string) => l !== "");
    expect(hosts.sort()).toEqual(["10.9.0.2 old.containers", "10.9.1.2 web.containers"]);
    const r = render(both);
    expect(Object.keys(r.nspawn).sort()).toEqual(["old", "web"]);
    expect(r.nspawn.old!.argv[0]).toMatch(/systemd-nspawn$/);
    expect(r.units).toHaveProperty(["container-old.service"]);
    expect(r.units).toHaveProperty(["container@web.service"]);
  });
});
