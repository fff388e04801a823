/**
 * The nspawn command line is what the container's start script runs with the variables its
 * unit gives it: the unit's `Environment=` (the host may override `root` or `PATH`), then the
 * conf file as /etc has it, read as systemd reads an `EnvironmentFile=`. Expected argv values
 * are those NixOS's own start script ran with (a stub systemd-nspawn printing its arguments).
 */
import { describe, expect, it } from "vitest";
import { evaluate, mkForce, render, type Module } from "../../lib/index.ts";
import { parseEnvironmentFile } from "../../lib/render/environment-file.ts";
import { moduleError } from "../helpers/module-error.ts";
import { modernPkgs } from "./host.ts";

const a = { path: "/x", privateNetwork: true, hostAddress: "10.0.0.1", localAddress: "10.0.0.2" };
const nspawn = (container: Record<string, unknown>, ...more: Module[]) =>
  evaluate([{ containers: { a: container } }, ...more], { pkgs: modernPkgs }).nspawn().a!;
const flagValue = (argv: string[], flag: string) =>
  argv.filter((arg) => arg.startsWith(flag)).map((arg) => arg.slice(flag.length));

describe("systemd's EnvironmentFile reading", () => {
  it("quotes, escapes, comments, blanks and continued lines", () => {
    const vars = parseEnvironmentFile(
      [
        "A=plain value   ",
        "B='single \\ kept'",
        'C="x\\"y\\$z\\q"',
        "D=a\\ b\\",
        "continued",
        "# E=comment",
        "  F = spaced",
        'G=" --setenv=A="x y""',
        "NOEQUALS",
        "H=",
        "B=later wins",
      ].join("\n"),
    );
    expect(Object.fromEntries(vars)).toEqual({
      A: "plain value",
      B: "later wins",
      C: 'x"y$z\\q',
      D: "a bcontinued",
      F: "spaced",
      G: ' --setenv=A=x y""',
      H: "",
    });
  });
});

describe("the nspawn command line, from the unit's and the conf file's variables", () => {
  it("follows a host's override of the unit's root and PATH", () => {
    const service = (environment: Record<string, unknown>) => ({
      systemd: { services: { "container@a": { environment } } },
    });
    const moved = nspawn(a, service({ root: mkForce("/srv/containers/%i") }));
    expect(moved.directory).toBe("/srv/containers/a");
    expect(moved.argv.slice(1, 6)).toEqual(["--keep-unit", "-M", "a", "-D", "/srv/containers/a"]);
    const path = nspawn(a, service({ PATH: mkForce("/custom/bin") }));
    expect(path.argv).toContain("PATH=/custom/bin");
  });

  // Values systemd resolved (systemd-analyze verify) for a host's `environment.root`.
  it("resolves systemd's specifiers in the unit's environment, and has no command line without root", () => {
    const rootOf = (name: string, root: unknown) =>
      evaluate(
        [
          { containers: { [name]: { path: "/x" } } },
          { systemd: { services: { [`container@${name}`]: { environment: { root } } } } },
        ],
        { pkgs: modernPkgs },
      ).nspawn()[name]?.directory;
    expect(rootOf("a", mkForce("%S/machines/%i"))).toBe("/var/lib/machines/a");
    expect(rootOf("a", mkForce("%t/c/%i"))).toBe("/run/c/a");
    expect(rootOf("web-1", mkForce("/srv/%I"))).toBe("/srv/web/1");
    expect(rootOf("web-1", mkForce("/srv%f"))).toBe("/srv/web/1");
    // systemd drops an assignment with an unknown specifier, and the script stops at `$root'.
    expect(rootOf("a", mkForce("/srv/%Z/%i"))).toBeUndefined();
    expect(rootOf("a", mkForce(null))).toBeUndefined();
    // `%' before what cannot be a specifier, or at the end, stays; `%%' is one.
    for (const kept of ["/srv/a%", "/srv/%/x", "/srv/%-x", "/srv/%.x", "/srv/%_x", "/srv/%é"])
      expect(rootOf("a", mkForce(kept))).toBe(kept);
    expect(rootOf("a", mkForce("/srv/%%x"))).toBe("/srv/%x");
    expect(rootOf("a", mkForce("/srv/%d"))).toBe("/srv//run/credentials/container@a.service");
    expect(rootOf("a", mkForce("/srv%c"))).toBe("/srv/container@a.service");
    // Only the running host knows these (on NixOS the unit file's real path is in the store).
    expect(rootOf("a", mkForce("/srv/%y"))).toBe("/srv/%y");
    expect(rootOf("a", mkForce("/srv/%H"))).toBe("/srv/%H");
    // `%f' of an instance that is no normalised path fails: the assignment is dropped.
    expect(rootOf("a.-b", mkForce("/srv%f"))).toBe("/srv/a./b");
    expect(rootOf("a-", mkForce("/srv%f"))).toBeUndefined();
    expect(rootOf("a--b", mkForce("/srv%f"))).toBeUndefined();
  });

  // What NixOS's start script ran, written without strict checks (`set -e' only).
  it("runs with an empty root or machine when the unit's strict checks are off", () => {
    const argv = (environment: Record<string, unknown>) =>
      nspawn(a, {
        systemd: {
          services: {
            "container@a": { environment, enableStrictShellChecks: mkForce(false) },
          },
        },
      }).argv.slice(2, 6);
    expect(argv({ root: mkForce(null) })).toEqual(["-M", "a", "-D", ""]);
    expect(argv({ INSTANCE: mkForce(null) })).toEqual([
      "-M",
      "",
      "-D",
      "/var/lib/nixos-containers/a",
    ]);
    expect(argv({ root: mkForce("/srv/%Z") })).toEqual(["-M", "a", "-D", ""]);
  });

  it("has no command line for a unit that does not start", () => {
    const commands = (...more: Module[]) =>
      evaluate([{ containers: { a } }, ...more], { pkgs: modernPkgs }).nspawn();
    const unit = (settings: Record<string, unknown>) => ({
      systemd: { services: { "container@a": settings } },
    });
    expect(commands(unit({ enable: false }))).toEqual({});
    // Installed over the template, the unit has two `ExecStart=': systemd refuses it.
    expect(commands(unit({ overrideStrategy: "asDropin" }))).toEqual({});
    expect(Object.keys(commands(unit({ overrideStrategy: "asDropinIfExists" })))).toEqual(["a"]);
  });

  it("reads the conf file /etc has at its path, and none where nixmod cannot read it", () => {
    const etc = (entries: Record<string, unknown>) => ({ environment: { etc: entries } });
    // Moved away: the unit's `EnvironmentFile=-' finds nothing.
    const moved = nspawn(a, etc({ "nixos-containers/a.conf": { target: "elsewhere/a.conf" } }));
    expect(moved.argv).toContain("PRIVATE_NETWORK=");
    expect(moved.argv).not.toContain("--private-network");
    expect(moved.argv.at(-1)).toBe("/nix/var/nix/profiles/system/init");
    // render() gives the same, from the /etc it renders.
    const movedHost = evaluate(
      [{ containers: { a } }, etc({ "nixos-containers/a.conf": { target: "elsewhere/a.conf" } })],
      { pkgs: modernPkgs },
    );
    expect(render(movedHost).nspawn.a!.argv).toEqual(moved.argv);
    // Another entry for the same path, first in attribute order, gives the file.
    const other = nspawn(
      a,
      etc({
        mine: {
          target: "nixos-containers/a.conf",
          text: "SYSTEM_PATH=/other\nPRIVATE_USERS=pick\n",
        },
      }),
    );
    expect(other.argv).toContain("--private-users=pick");
    expect(other.argv).toContain("--bind-ro=/nix/store:/nix/store:idmap");
    expect(other.argv.at(-1)).toBe("/other/init");
    const hosts = evaluate(
      [
        { containers: { a } },
        etc({ "nixos-containers/a.conf": { source: mkForce("/etc/mine.conf") } }),
      ],
      { pkgs: modernPkgs },
    );
    expect(hosts.nspawn()).toEqual({});
  });

  it("follows lines a host adds to the conf file, the later assignment winning", () => {
    const conf = (text: unknown) => ({
      environment: { etc: { "nixos-containers/a.conf": { text } } },
    });
    const flags = nspawn(a, conf('EXTRA_NSPAWN_FLAGS="--resolv-conf=off"\n'));
    expect(flags.argv).toContain("--resolv-conf=off");
    const bridge = nspawn(a, conf("HOST_BRIDGE=br9\n"));
    expect(flagValue(bridge.argv, "--network-bridge=")).toEqual(["br9"]);
    expect(bridge.argv).toContain("HOST_BRIDGE=br9");
    expect(nspawn(a, conf(mkForce("SYSTEM_PATH=/y\n"))).argv.at(-1)).toBe("/y/init");
  });

  it("reads the conf file's values as systemd does before bash splits them", () => {
    expect(
      flagValue(nspawn({ path: "/x", extraFlags: ['--setenv=A="x y"'] }).argv, "--setenv=A="),
    ).toEqual(["x"]);
    expect(nspawn({ path: "/x", extraFlags: ['--setenv=A="x y"'] }).argv).toContain('y""');
    expect(nspawn({ path: "/x", extraFlags: ["--bind=/a\\\\b"] }).argv).toContain("--bind=/a\\b");
    const bridge = nspawn({ path: "/x", privateNetwork: true, hostBridge: "'br0'" });
    expect(flagValue(bridge.argv, "--network-bridge=")).toEqual(["br0"]);
  });

  it("refuses tmpfs and capabilities whose characters bash reads as syntax in the start script", () => {
    for (const [option, value] of [
      ["tmpfs", "/a;b"],
      ["tmpfs", "/a'b c'"],
      ["tmpfs", "/{a,b}"],
      ["tmpfs", "/a #b"],
      ["additionalCapabilities", 'A\\"B'],
    ] as const) {
      const error = moduleError(() => nspawn({ path: "/x", [option]: [value] }).argv);
      expect(error.loc).toEqual(["containers", "a", option]);
      expect(error.message).toContain("bash reads as syntax in the container's start script");
    }
    expect(flagValue(nspawn({ path: "/x", tmpfs: ["/a", "/c d"] }).argv, "--tmpfs=")).toEqual([
      "/a",
      "/c",
    ]);
  });
});

// Real Nix rendered both hosts: an mkForce on the container's unit (or on every service) drops the
// module's definitions, so nothing reads the container's options (differential run, session 28).
describe("a container whose unit a higher-priority definition replaced", () => {
  const render2 = (...modules: Module[]) => render(evaluate(modules, { pkgs: modernPkgs }));

  it("runs no nspawn, and its options stay unread", () => {
    const r = render2(
      { containers: { x: { path: "/p", ephemeral: "yes" } } },
      { systemd: { services: { "container@x": mkForce({ description: "d" }) } } },
    );
    expect(r.units["container@x.service"]).toContain("Description=d\n");
    expect(r.nspawn).toEqual({});
  });

  it("renders when every service is replaced", () => {
    const r = render2(
      { containers: { y: { path: "/q" } } },
      { systemd: { services: mkForce({}) } },
    );
    expect([Object.keys(r.units), r.nspawn]).toEqual([[], {}]);
  });

  // Nix: the module's restartTriggers select the conf file's entry, which is gone.
  it("fails in Nix's words when environment.etc was replaced", () => {
    const error = moduleError(() =>
      render2(
        { containers: { p: { path: "/p", autoStart: true } } },
        { environment: { etc: mkForce({}) } },
      ),
    );
    expect(error.message).toContain("attribute 'nixos-containers/p.conf' missing");
    expect(error.loc).toEqual(["systemd", "services", "container@p", "restartTriggers"]);
  });

  // Nix builds no text for a masked unit, and its DeviceAllow entries are never made.
  it("leaves the values of a masked unit unread", () => {
    const masked = (enable: boolean) =>
      render2(
        { containers: { a: { path: "/p", allowedDevices: [{ node: "/dev/x" }] } } },
        { systemd: { services: { "container@a": { enable } } } },
      );
    const r = masked(false);
    expect([Object.keys(r.units), r.masked]).toEqual([
      ["container@.service"],
      ["container@a.service"],
    ]);
    expect(moduleError(() => masked(true)).message).toContain(
      '`containers.a.allowedDevices."[definition 1-entry 1]".modifier\' was accessed but has no value defined',
    );
  });

  it("lists an executable several units share once", () => {
    const r = render2({ containers: { y: { path: "/q" }, z: { path: "/r" } } });
    expect(Object.keys(r.nspawn)).toEqual(["y", "z"]);
    expect(r.executables).toEqual([...new Set(r.executables)]);
    expect(r.executables.filter((path) => path.endsWith("-container-init"))).toHaveLength(1);
  });
});
