/**
 * The nspawn command line is what the container's start script runs with the variables its
 * unit gives it: the unit's `Environment=` (the host may override `root` or `PATH`), then the
 * conf file as /etc has it, read as systemd reads an `EnvironmentFile=`. Expected argv values
 * are those NixOS's own start script ran with (a stub systemd-nspawn printing its arguments).
 */
import { describe, expect, it } from "vitest";
import { evaluate, mkForce, type Module } from "../../lib/index.ts";
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
