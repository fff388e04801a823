/**
 * A container's `config`: a whole nested evaluation whose toplevel, a stand-in
 * package `nixos-system-<hostName>`, becomes the container's `path`.
 */

import { describe, expect, it } from "vitest";
import {
  evalModules,
  evaluate,
  mkForce,
  mkIf,
  mkOption,
  mkPackage,
  types,
  type Module,
} from "../../lib/index.ts";
import { ConfigLevel, configLevelOf } from "../../lib/modules/views.ts";
import { builtinModules } from "../../modules/index.ts";
import { sharedPackageSet } from "../../modules/packages.ts";
import { configText } from "../../modules/system/toplevel.ts";
import { containerSystem } from "../../modules/virtualisation/containers.ts";
import { moduleError as thrown } from "../helpers/module-error.ts";

const withConfig = (config: unknown, name = "db", extra: Record<string, unknown> = {}) => ({
  systemd: { containers: { [name]: { config, ...extra } } },
});

function pathOf(input: unknown, name = "db", pkgs?: Record<string, string>): string {
  const ev = evaluate(input as never, pkgs ? { pkgs } : {});
  return String(ev.config.systemd.containers[name].path);
}

describe("nested container configuration", () => {
  it("gives a package named nixos-system-<hostName>, the container name by default", () => {
    const { config } = evaluate(withConfig({}) as never);
    const path = config.systemd.containers.db.path;
    expect(path.name).toBe("nixos-system-db");
    expect(path.outPath).toMatch(/^\/nix\/store\/[0-9a-df-np-sv-z]{32}-nixos-system-db$/);
    expect(config.systemd.services["container-db"].serviceConfig.ExecStart).toContain(
      ` ${path.outPath}/init`,
    );
  });

  it("is the toplevel of containerSystem, the nested evaluation bench:nested measures", () => {
    const config = { networking: { hostName: "db-host" } };
    const system = containerSystem(builtinModules, sharedPackageSet(), "db", config);
    expect(system.config.system.build.toplevel.outPath).toBe(pathOf(withConfig(config)));
    expect(system.options.networking.hostName.loc).toEqual([
      "systemd",
      "containers",
      "db",
      "networking",
      "hostName",
    ]);
  });

  it("names it after the container's own hostName", () => {
    expect(pathOf(withConfig({ networking: { hostName: "db-host" } }))).toMatch(
      /-nixos-system-db-host$/,
    );
  });

  it("is a content address: same configuration, same path", () => {
    const a = pathOf(withConfig({ networking: { extraHosts: "1.2.3.4 x" } }));
    const b = pathOf(withConfig({ networking: { extraHosts: "1.2.3.4 x" } }));
    const c = pathOf(
      withConfig({
        imports: [() => ({ networking: { extraHosts: mkForce("1.2.3.4 x\n") } })],
      }),
    );
    expect(b).toBe(a);
    // A different way to the same configuration gives the same system.
    expect(c).toBe(a);
  });

  it("is a content address: any change gives another path", () => {
    const base = pathOf(withConfig({}));
    const changes: unknown[] = [
      { networking: { extraHosts: "1.2.3.4 x" } },
      { networking: { enableIPv6: false } },
      { security: { initialRootPassword: "" } },
      {
        environment: { systemPackages: ["/nix/store/0jk4lv6ym9wd6pa0b6jvcrdwlfdp9rd6-hello-2.12"] },
      },
      { systemd: { services: { hello: { script: "echo hello" } } } },
      { systemd: { services: { hello: { script: "echo hello!" } } } },
      { system: { build: { extra: "x" } } },
    ];
    const paths = changes.map((c) => pathOf(withConfig(c)));
    for (const p of paths) expect(p).not.toBe(base);
    expect(new Set(paths).size).toBe(paths.length);
    // Warnings (and assertions that hold) are reported by the build, not part of the system.
    expect(pathOf(withConfig({ warnings: ["careful"] }))).toBe(base);
    expect(pathOf(withConfig({ assertions: [{ assertion: true, message: "m" }] }))).toBe(base);
  });

  it("depends on the packages the configuration uses", () => {
    const input = withConfig({ systemd: { services: { hello: { path: [] } } } });
    const a = pathOf(input);
    const b = pathOf(input, "db", {
      systemd: "/nix/store/6w1vwyq0hfsgqz1rn9bcmbc4lxg0d2xa-systemd-210",
    });
    expect(b).not.toBe(a);
  });

  it("sees boot.isContainer, hostName and initialRootPassword as the seed sets them", () => {
    let seen: Record<string, unknown> = {};
    const probe: Module = ({ config }: { config: any }) => ({
      system: {
        build: {
          get probe() {
            seen = {
              isContainer: config.boot.isContainer,
              hostName: config.networking.hostName,
              password: config.security.initialRootPassword,
            };
            return seen;
          },
        },
      },
    });
    pathOf(withConfig(probe));
    expect(seen).toEqual({ isContainer: true, hostName: "db", password: "!" });
    const host = evaluate({});
    expect(host.config.boot.isContainer).toBe(false);
    expect(host.config.security.initialRootPassword).toBe("");
    // The container's own definitions win over the seed's mkDefault.
    pathOf(withConfig({ imports: [probe], security: { initialRootPassword: "x" } }));
    expect(seen.password).toBe("x");
  });

  it("can be a function module that reads pkgs and config", () => {
    const fn = ({ pkgs, config }: { pkgs: any; config: any }) => ({
      environment: { systemPackages: [pkgs.socat] },
      networking: { extraHosts: mkIf(() => config.boot.isContainer, "10.1.1.1 inside") },
    });
    const { config } = evaluate(withConfig(fn) as never);
    const text = config.systemd.containers.db.path.configText as string;
    expect(text).toContain("w6my4mdja16g8rphgk3w7233smir7qvs-socat-1.7.2.2");
    expect(text).toContain("10.1.1.1 inside");
  });

  it("locates errors under systemd.containers.<name>", () => {
    const undeclared = thrown(() => pathOf(withConfig({ services: { nginx: { enable: true } } })));
    expect(undeclared.message).toContain("does not exist");
    // `services` is a declared namespace (services.udev), as in NixOS, so Nix names
    // the undeclared option itself.
    expect(undeclared.loc).toEqual(["systemd", "containers", "db", "services", "nginx"]);
    // The toplevel is named after the host name, so it reads that option.
    const wrong = thrown(() => pathOf(withConfig({ networking: { hostName: 5 } })));
    expect(wrong.message).toContain("`systemd.containers.db.networking.hostName' is not of type");
    expect(wrong.loc).toEqual(["systemd", "containers", "db", "networking", "hostName"]);
  });

  // NixOS's toplevel reads what it is built from, not every option: an option of the
  // configuration's own that nothing reads, or an unused `system.build` entry, may fail without
  // failing the system (real Nix gave a path for each of these).
  it("leaves the configuration's own options whose value fails out of the content address", () => {
    const lazyOption = {
      options: {
        my: {
          lazy: mkOption({
            type: types.str,
            get default(): string {
              throw new Error("never needed");
            },
          }),
          port: mkOption({ type: types.port }),
        },
      },
    };
    const sdImage = {
      system: {
        build: {
          get sdImage(): never {
            throw new Error("sdImage is only for aarch64");
          },
        },
      },
    };
    const declared = pathOf(withConfig(lazyOption));
    expect(declared).toMatch(/-nixos-system-db$/);
    expect(pathOf(withConfig(sdImage))).toBe(pathOf(withConfig({})));
    // An option that fails is absent, as one without a value; read directly, it fails as before.
    const failing = { imports: [lazyOption], my: { port: "eighty" } };
    expect(pathOf(withConfig(failing))).toBe(declared);
    const ev = evaluate({ containers: { db: { config: failing } } } as never);
    expect(String(ev.config.containers.db.path)).toMatch(/-nixos-system-db$/);
    const wrong = thrown(() => ev.config.containers.db.config.my.port);
    expect(wrong.message).toContain("`containers.db.my.port' is not of type");
  });

  it("fails where an option of the system's own modules fails, as NixOS's build would", () => {
    for (const config of [
      { networking: { enableIPv6: "yes" } },
      { boot: { isContainer: "no" } },
      { networking: { extraHosts: 5 } },
      { systemd: { containers: { inner: { path: "/p", privateNetwork: true, localAddress: 5 } } } },
    ]) {
      expect(thrown(() => pathOf(withConfig(config))).message).toContain("is not of type");
    }
  });

  it("fails with a nested container's failed assertions, which its toplevel builds", () => {
    const inner = {
      systemd: {
        containers: {
          inner: { config: { assertions: [{ assertion: false, message: "inner fails" }] } },
        },
      },
    };
    const error = thrown(() => pathOf(withConfig(inner, "outer"), "outer"));
    expect(error.message).toContain("Failed assertions");
    expect(error.message).toContain("- inner fails");
  });

  it("checks the nested evaluation's assertions when the path is built", () => {
    const input = withConfig({
      assertions: [
        { assertion: false, message: "first" },
        { assertion: true, message: "fine" },
        { assertion: false, message: "second" },
      ],
    });
    const { config } = evaluate(input as never);
    // Only building the toplevel fails; the rest of the service does not need it.
    expect(config.systemd.services["container-db"].description).toBe("Container 'db'");
    const error = thrown(() => config.systemd.services["container-db"].serviceConfig.ExecStart);
    expect(error.message).toContain("Failed assertions");
    expect(error.message).toContain("- first\n- second");
    expect(error.message).not.toContain("fine");
    expect(error.loc).toEqual(["systemd", "containers", "db", "system", "build", "toplevel"]);
  });

  it("is only evaluated when the path is needed", () => {
    let evaluated = 0;
    const counting = () => {
      evaluated++;
      return {};
    };
    const { config } = evaluate(withConfig(counting) as never);
    expect(config.systemd.services["container-db"].preStart).toContain("/var/lib/containers/db");
    expect(config.networking.extraHosts).toBe("");
    expect(evaluated).toBe(0);
    void config.systemd.services["container-db"].serviceConfig.ExecStart;
    expect(evaluated).toBeGreaterThan(0);
  });

  it("conflicts with an explicit path, as in the seed", () => {
    const error = thrown(() => pathOf(withConfig({}, "db", { path: "/nix/var/nix/profiles/db" })));
    expect(error.message).toContain("has conflicting definition values");
    expect(error.message).toContain("<derivation nixos-system-db>");
  });

  it("lets mkForce on path win over the nested configuration", () => {
    expect(pathOf(withConfig({}, "db", { path: mkForce("/nix/var/nix/profiles/db") }))).toBe(
      "/nix/var/nix/profiles/db",
    );
  });

  it("nests: a container's configuration may have containers of its own", () => {
    const inner = { systemd: { containers: { inner: { config: {} } } } };
    const { config } = evaluate(withConfig(inner, "outer") as never);
    const outer = config.systemd.containers.outer.path;
    expect(outer.name).toBe("nixos-system-outer");
    expect(outer.configText).toMatch(/-nixos-system-inner\/init/);
  });

  it("leaves options without a value out of the content address", () => {
    const inner = { systemd: { containers: { inner: { path: "/nix/var/nix/profiles/i" } } } };
    // The nested container has no `config`: that option has no value and is skipped.
    expect(() => pathOf(withConfig(inner, "outer"), "outer")).not.toThrow();
  });
});

describe("host toplevel", () => {
  it("is a content address of the host configuration", () => {
    const a = evaluate({}).config.system.build.toplevel;
    expect(a.name).toBe("nixos-system-nixos");
    expect(evaluate({}).config.system.build.toplevel.outPath).toBe(a.outPath);
    expect(
      evaluate({ networking: { hostName: "h" } }).config.system.build.toplevel.outPath,
    ).not.toBe(a.outPath);
  });

  it("fails with the failed assertions, as NixOS's toplevel does", () => {
    const ev = evaluate({ assertions: [{ assertion: false, message: "no" }] });
    expect(ev.failedAssertions).toEqual(["no"]);
    const error = thrown(() => ev.config.system.build.toplevel);
    expect(error.message).toBe("\nFailed assertions:\n- no");
    expect(error.code).toBe("assertion");
  });

  // As the reference evaluations name it (`nixos-system-${hostName}`; real Nix printed
  // `…-nixos-system-/init` for a seed container with hostName ""), not NixOS's `unnamed`.
  it("is named nixos-system- for an empty host name", () => {
    expect(evaluate({ networking: { hostName: "" } }).config.system.build.toplevel.name).toBe(
      "nixos-system-",
    );
  });

  it("is read-only", () => {
    const error = thrown(
      () =>
        evaluate({
          system: { build: { toplevel: "/nix/store/0jk4lv6ym9wd6pa0b6jvcrdwlfdp9rd6-x" } },
        }).config.system.build.toplevel,
    );
    expect(error.message).toContain("read-only");
  });
});

describe("configText (what the toplevel's path addresses)", () => {
  it("is canonical JSON: names in byte order, packages as store paths, functions named", () => {
    const pkg = mkPackage("/nix/store/0jk4lv6ym9wd6pa0b6jvcrdwlfdp9rd6-x-1");
    const text = configText(
      { b: 1, a: [true, null, pkg], "10": () => 1, "9": 's"\n', 'q"k': [false, NaN], "ü\n": 2n },
      [],
      () => false,
    );
    expect(text).toBe(
      '{"10":"<function>","9":"s\\"\\n","a":[true,null,"/nix/store/0jk4lv6ym9wd6pa0b6jvcrdwlfdp9rd6-x-1"],"b":1,"q\\"k":[false,null],"ü\\n":2}',
    );
  });

  it("leaves out skipped paths and undefined values", () => {
    expect(
      configText({ a: { b: 1, c: 2 }, d: undefined }, ["p"], (loc) => loc.join(".") === "p.a.c"),
    ).toBe('{"a":{"b":1}}');
  });

  it("reads an evaluated configuration as it reads the same values given as plain data", () => {
    const { config } = evalModules({
      modules: [
        {
          options: {
            a: { b: mkOption({ type: types.int }), c: mkOption({ type: types.str }) },
            free: mkOption({
              default: {},
              type: types.submodule({ freeformType: types.attrsOf(types.int) }),
            }),
            unset: mkOption({ type: types.int }),
          },
          config: { a: { b: 1, c: "x" }, free: { "10": 2, "9": 3 } },
        },
      ],
    });
    const plain = JSON.parse(JSON.stringify({ a: config.a, free: config.free }));
    const text = configText(config, [], () => false);
    expect(text).toBe(configText(plain, [], () => false));
    expect(text).toBe('{"a":{"b":1,"c":"x"},"free":{"10":2,"9":3}}');
    // The level a walk reads: the view's names, nested levels in place of views.
    const level = configLevelOf(config)!;
    expect(level.names).toEqual(["a", "free", "unset"]);
    expect(level.read("a")).toBeInstanceOf(ConfigLevel);
    expect(level.read("missing")).toBeUndefined();
    expect(configLevelOf({ a: 1 })).toBeUndefined();
  });

  it("reads a module's own `config` (which stands for the view until it exists) as its levels", () => {
    let moduleConfig: object | undefined;
    const { config } = evalModules({
      modules: [
        (args: { config: object }) => {
          moduleConfig = args.config;
          return {
            options: { a: { b: mkOption({ type: types.int, default: 1 }) } },
            config: {},
          };
        },
      ],
    });
    const level = configLevelOf(moduleConfig!)!;
    expect(level.names).toEqual(["_module", "a"]);
    expect(level.read("a")).toBeInstanceOf(ConfigLevel);
    expect(configLevelOf(config)!.names).toEqual(["a"]);
  });

  it("refuses values that contain themselves", () => {
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    const loc = ["p"];
    const error = thrown(() => configText({ ok: 1, loop }, loc, () => false));
    expect(error.message).toContain("p.loop.self");
    // The working path is the caller's again, and a value seen twice side by side is no loop.
    expect(loc).toEqual(["p"]);
    const shared = { x: 1 };
    expect(configText({ a: shared, b: [shared, shared] }, loc, () => false)).toBe(
      '{"a":{"x":1},"b":[{"x":1},{"x":1}]}',
    );
  });
});

describe("the container's config option", () => {
  it("reads as undefined when unset, with isDefined false as in Nix", () => {
    const { config, options } = evaluate({ systemd: { containers: { web: { path: "/p" } } } });
    expect(config.systemd.containers.web.config).toBeUndefined();
    expect(JSON.parse(JSON.stringify(config.systemd.containers.web))).toEqual({
      root: "/var/lib/containers/web",
      path: "/p",
      privateNetwork: false,
      hostAddress: null,
      localAddress: null,
    });
    // Not defined: the nested evaluation did not run, so path is the given one.
    expect(options.systemd.containers.isDefined).toBe(true);
  });
});
