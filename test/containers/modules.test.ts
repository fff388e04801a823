/**
 * The NixOS-style option modules the seed module relies on: `systemd.*`,
 * `networking.*`, `environment.systemPackages`, `security.initialRootPassword`,
 * `boot.isContainer`, `assertions`/`warnings`, `system.build`.
 */

import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  evaluate,
  mkForce,
  mkIf,
  mkMerge,
  mkOverride,
  mkPackage,
  render,
} from "../../lib/index.ts";
import type { RenderPackages } from "../../lib/render/service.ts";
import { renderServices } from "../../lib/render/unit-file.ts";
import { builtinModules } from "../../modules/index.ts";
import { revivePackages, serviceDefaults } from "../render/service-defaults.ts";
import { moduleError as thrown } from "../helpers/module-error.ts";

const services = (input: Record<string, unknown> | Record<string, unknown>[]) =>
  evaluate((Array.isArray(input) ? input : [input]).map((s) => ({ systemd: { services: s } })))
    .config.systemd.services;

describe("systemd.services", () => {
  it("gives a service every option with NixOS's default: the render layer's ServiceValue", () => {
    const service = services({ hello: {} }).hello;
    // Every option but `name`, which NixOS defines from the attribute name.
    const { name, ...options } = JSON.parse(JSON.stringify(service)) as Record<string, unknown>;
    expect(options).toEqual(JSON.parse(JSON.stringify(serviceDefaults())));
    expect(name).toBe("hello.service");
    expect(service.startLimitBurst).toBeUndefined();
    expect(service.startLimitIntervalSec).toBeUndefined();
  });

  it("keeps isDefined for the start-limit options, which have no default", () => {
    const { options, config } = evaluate({
      systemd: { services: { a: { startLimitBurst: 5 } } },
    });
    expect(config.systemd.services.a.startLimitBurst).toBe(5);
    expect(options.systemd.services.type.getSubOptions([]).startLimitBurst.type.name).toBe("int");
  });

  describe("feeds renderServices directly (every render vector through the option types)", () => {
    const dir = new URL("../vectors/render/", import.meta.url);
    for (const file of readdirSync(dir)
      .filter((f) => /^u\d+.*\.json$/.test(f))
      .sort()) {
      it(file, () => {
        const v = JSON.parse(readFileSync(new URL(file, dir), "utf8")) as {
          services: Record<string, unknown>;
          pkgs: RenderPackages;
          expected: { units: Record<string, string>; scripts: Record<string, string> };
        };
        const ev = evaluate({ systemd: { services: revivePackages(v.services) } } as never, {
          pkgs: v.pkgs as never,
        });
        const r = renderServices(ev.config.systemd.services, { pkgs: v.pkgs });
        expect(r.units).toEqual(v.expected.units);
        expect(r.scripts).toEqual(v.expected.scripts);
      });
    }
  });

  it("merges lines, lists and attribute sets as NixOS does", () => {
    const merged = services([
      { a: { preStart: "one", wantedBy: ["x.target"], environment: { A: "1" } } },
      { a: { preStart: "two", wantedBy: ["y.target"], environment: { B: "2" } } },
    ]).a;
    expect(merged.preStart).toBe("one\ntwo");
    expect(merged.wantedBy).toEqual(["x.target", "y.target"]);
    expect(merged.environment).toEqual({ A: "1", B: "2" });
  });

  it("merges unit options: lists concatenate, other values must be equal", () => {
    const merged = services([
      { a: { serviceConfig: { ReadWritePaths: ["/a"], User: "u" }, unitConfig: { X: "/p" } } },
      { a: { serviceConfig: { ReadWritePaths: "/b", User: "u" }, unitConfig: { X: ["/q"] } } },
    ]).a;
    expect(merged.serviceConfig).toEqual({ ReadWritePaths: ["/a", "/b"], User: "u" });
    expect(merged.unitConfig).toEqual({ X: ["/p", "/q"] });
    const conflict = thrown(
      () =>
        services([{ a: { serviceConfig: { User: "u" } } }, { a: { serviceConfig: { User: "v" } } }])
          .a.serviceConfig.User,
    );
    expect(conflict.message).toContain("has conflicting definition values");
    expect(conflict.loc).toEqual(["systemd", "services", "a", "serviceConfig", "User"]);
  });

  it("accepts packages, numbers, booleans and null as unit option values", () => {
    const pkg = mkPackage("/nix/store/0jk4lv6ym9wd6pa0b6jvcrdwlfdp9rd6-tool-1");
    const sc = services({
      a: { serviceConfig: { ExecStart: pkg, Nice: -5, RuntimeMaxSec: 0.25, X: true, Y: null } },
    }).a.serviceConfig;
    expect(sc).toEqual({ ExecStart: pkg, Nice: -5, RuntimeMaxSec: 0.25, X: true, Y: null });
  });

  // NixOS's `unitOption` has no check: a value is refused only when the unit is written, by
  // Nix's `toString` (real Nix: `X=a`, `X=b c` for the nested list; `X=/p` for the outPath).
  it("accepts any value as a unit option, as NixOS does, and writes it with Nix's toString", () => {
    const units = (serviceConfig: object) =>
      render(evaluate({ systemd: { services: { a: { serviceConfig } } } })).units["a.service"]!;
    expect(units({ X: ["a", ["b", "c"]] })).toContain("X=a\nX=b c\n");
    expect(units({ X: ["a", []] })).toContain("X=a\nX=\n");
    expect(units({ X: { outPath: "/p" } })).toContain("X=/p\n");
    expect(services({ a: { serviceConfig: { X: { nested: 1 } } } }).a.serviceConfig.X).toEqual({
      nested: 1,
    });
    expect(thrown(() => units({ X: { nested: 1 } })).message).toContain(
      "cannot coerce a set to a string",
    );
  });

  // NixOS's unitOption filters overrides again (real Nix, containers.x beside these: "10min"; "b").
  it("weighs an mkOverride inside a unit option's mkOverride, as NixOS's unitOption does", () => {
    const base = { containers: { x: { path: "/nix/var/nix/profiles/per-container/x" } } };
    const serviceConfig = (...defs: object[]) =>
      evaluate([
        base,
        ...defs.map((d) => ({ systemd: { services: { "container@x": { serviceConfig: d } } } })),
      ]).config.systemd.services["container@x"].serviceConfig;
    expect(serviceConfig({ TimeoutStartSec: mkForce(mkForce("10min")) }).TimeoutStartSec).toBe(
      "10min",
    );
    expect(serviceConfig({ Foo: mkForce(mkOverride(1000, "a")) }, { Foo: mkForce("b") }).Foo).toBe(
      "b",
    );
  });

  // Each definition is checked as NixOS's checkService checks it (real Nix refuses every `bad`
  // below; a merged oneshot + always only warns).
  it("checks Type= and Restart= as NixOS's checkService does", () => {
    expect(
      services({ a: { serviceConfig: mkMerge([{ Type: "oneshot" }, { Restart: "always" }]) } }).a
        .serviceConfig,
    ).toEqual({ Type: "oneshot", Restart: "always" });
    expect(
      services({ a: { serviceConfig: { Type: mkForce("simple") } } }).a.serviceConfig.Type,
    ).toBe("simple");
    for (const bad of [
      { Type: "sometimes" },
      { Restart: "maybe" },
      { Restart: "on-watchdog" },
      { Type: ["simple"] },
      { Type: mkForce("bogus") },
      { Type: mkIf(false, "bogus") },
      { Type: "oneshot", Restart: "always" },
      { Type: "oneshot", Restart: "on-success" },
      { StartLimitInterval: 5 },
    ]) {
      const error = thrown(() => services({ a: { serviceConfig: bad } }).a.serviceConfig);
      expect(error.message).toContain("is not of type");
      expect(error.loc).toEqual(["systemd", "services", "a", "serviceConfig"]);
    }
  });

  it("takes unit names for dependencies", () => {
    expect(services({ a: { after: ["network.target", "b.service"] } }).a.after).toEqual([
      "network.target",
      "b.service",
    ]);
    // As in Nix, the list's elements are merged when read.
    const error = thrown(() => [...services({ a: { wantedBy: ["multi-user"] } }).a.wantedBy]);
    expect(error.message).toContain("is not of type");
  });

  it("refuses a multi-line description (singleLineStr)", () => {
    expect(services({ a: { description: "ok\n" } }).a.description).toBe("ok");
    thrown(() => services({ a: { description: "a\nb" } }).a.description);
  });

  it("rejects options NixOS services do not have", () => {
    const error = thrown(() => JSON.stringify(services({ a: { scripts: "x" } })));
    expect(error.message).toContain("does not exist");
  });
});

describe("other systemd options", () => {
  it("systemd.package defaults to pkgs.systemd and is unique", () => {
    const path = "/nix/store/6w1vwyq0hfsgqz1rn9bcmbc4lxg0d2xa-systemd-210";
    expect(String(evaluate({}, { pkgs: { systemd: path } }).config.systemd.package)).toBe(path);
    expect(String(evaluate({ systemd: { package: path } }).config.systemd.package)).toBe(path);
    const error = thrown(
      () =>
        evaluate([
          { systemd: { package: path } },
          { systemd: { package: "/nix/store/0c7m1s8b4wd1cyl1h5l6rjvdq2x1yq3g-systemd-209" } },
        ]).config.systemd.package,
    );
    expect(error.message).toContain("defined multiple times");
  });

  it("systemd.targets has the unit options (multi-user.wants)", () => {
    const { config } = evaluate({
      systemd: { targets: { "multi-user": { wants: ["machines.target"] } } },
    });
    expect(config.systemd.targets["multi-user"].wants).toEqual(["machines.target"]);
    expect(config.systemd.targets["multi-user"].wantedBy).toEqual([]);
    expect(config.systemd.targets["multi-user"].enable).toBe(true);
  });

  it("systemd.globalEnvironment is an attribute set of strings, packages or null", () => {
    expect(evaluate({}).config.systemd.globalEnvironment).toEqual({});
    expect(
      evaluate({ systemd: { globalEnvironment: { TZ: "CET", X: null } } }).config.systemd
        .globalEnvironment,
    ).toEqual({ TZ: "CET", X: null });
  });
});

describe("networking, environment, security, boot", () => {
  it("have NixOS's defaults", () => {
    const { config } = evaluate({});
    expect(config.networking.hostName).toBe("nixos");
    expect(config.networking.domain).toBeNull();
    expect(config.networking.enableIPv6).toBe(true);
    expect(config.networking.extraHosts).toBe("");
    expect(config.environment.systemPackages).toEqual([]);
    expect(config.security.initialRootPassword).toBe("");
    expect(config.boot.isContainer).toBe(false);
  });

  it("networking.hostName takes one DNS label (with _ inside)", () => {
    for (const name of ["web", "db-host", "a_b", "x1", ""]) {
      expect(evaluate({ networking: { hostName: name } }).config.networking.hostName).toBe(name);
    }
    for (const name of ["-a", "a-", "a.b", "a b", "a\nb", "a".repeat(64)]) {
      const error = thrown(
        () => evaluate({ networking: { hostName: name } }).config.networking.hostName,
      );
      expect(error.message).toContain("is not of type");
    }
  });

  it("networking.extraHosts joins lines (top-level definitions merge last module first)", () => {
    const { config } = evaluate([
      { networking: { extraHosts: "1.1.1.1 a" } },
      { networking: { extraHosts: "2.2.2.2 b" } },
      {
        environment: { systemPackages: ["/nix/store/0jk4lv6ym9wd6pa0b6jvcrdwlfdp9rd6-hello-2.12"] },
      },
    ]);
    // The seed module's (empty) /etc/hosts lines come last: it is built in, so collected first.
    expect(config.networking.extraHosts).toBe("2.2.2.2 b\n1.1.1.1 a\n");
    expect(config.environment.systemPackages[0].name).toBe("hello-2.12");
    thrown(() => [
      ...evaluate({ environment: { systemPackages: ["hello"] } }).config.environment.systemPackages,
    ]);
  });

  it("declares boot.isContainer once, with the seed's description", () => {
    const { options } = evaluate({});
    expect(options.boot.isContainer.declarations).toEqual(["modules/system/boot.ts"]);
    expect(options.boot.isContainer.description).toContain("lightweight container");
  });
});

describe("assertions and warnings", () => {
  it("are lists of {assertion, message} records and of strings", () => {
    const ev = evaluate([
      {
        assertions: [
          { assertion: true, message: "fine" },
          { assertion: false, message: "a" },
        ],
      },
      { assertions: [{ assertion: false, message: "b\n" }], warnings: ["w1"] },
      { warnings: ["w2"] },
    ]);
    expect(ev.failedAssertions).toEqual(["b\n", "a"]);
    expect(ev.warnings).toEqual(["w2", "w1"]);
  });

  it("read their entries as NixOS's failedAssertions does, in Nix's words", () => {
    const failed =
      (...assertions: unknown[]) =>
      () =>
        evaluate({ assertions }).failedAssertions;
    // The messages are Nix 2.8's for `map (x: x.message) (filter (x: !x.assertion) …)`
    // interpolated into the toplevel's error.
    expect(failed({ assertion: "yes", message: "m" })).toThrow(
      "while evaluating entry 1 of the option `assertions': value is a string while a Boolean was expected",
    );
    expect(failed({ assertion: true }, { assertion: false })).toThrow(
      "entry 2 of the option `assertions': attribute 'message' missing",
    );
    expect(failed("x")).toThrow("value is a string while a set was expected");
    expect(failed({ message: "m" })).toThrow("attribute 'assertion' missing");
    expect(failed({ assertion: false, message: 3 })).toThrow(
      "cannot coerce an integer to a string",
    );
    expect(failed({ assertion: false, message: null })).toThrow("cannot coerce null to a string");
    // What a message's `__toString` throws is a ModuleError at the option, its cause kept.
    const boom = new Error("boom");
    const thrownError = thrown(
      failed({
        assertion: false,
        message: {
          __toString: () => {
            throw boom;
          },
        },
      }),
    );
    expect([thrownError.loc, thrownError.cause]).toEqual([["assertions"], boom]);
    // Every condition is read before any message.
    expect(failed({ assertion: false, message: [] }, { assertion: 1 })).toThrow(
      "entry 2 of the option `assertions': value is an integer while a Boolean was expected",
    );
  });

  it("are NixOS's list of unspecified values: an entry is only read when the system is built", () => {
    const hello = { type: "derivation", name: "hello", outPath: "/nix/store/x-hello" };
    const ev = evaluate({
      assertions: [
        { assertion: true, note: "NixOS keeps other attributes" },
        { assertion: false, message: hello },
      ],
    });
    expect(ev.failedAssertions).toEqual(["/nix/store/x-hello"]);
    expect(ev.options.assertions.type.description).toBe("list of unspecified value");
    const unread = evaluate({ assertions: ["read when built"] });
    expect(unread.config.assertions).toContain("read when built");
    expect(() => unread.failedAssertions).toThrow("value is a string while a set was expected");
  });

  it("may be computed from the configuration", () => {
    const ev = evaluate([
      ({ config }: { config: any }) => ({
        assertions: [
          {
            get assertion() {
              return config.networking.hostName !== "nixos";
            },
            message: "set a host name",
          },
        ],
      }),
    ]);
    expect(ev.failedAssertions).toEqual(["set a host name"]);
  });
});

describe("the built-in module set", () => {
  it("lists every module once, with its own key", () => {
    const keys = builtinModules.map((m) =>
      typeof m === "function"
        ? (m as (a: unknown) => { key: string })({}).key
        : (m as { key: string }).key,
    );
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toContain("modules/virtualisation/containers.ts");
  });

  it("extends an evaluation with more modules", () => {
    const ev = evaluate({ networking: { hostName: "a" } }).extendModules({
      networking: { extraHosts: "x" },
    });
    expect(ev.config.networking.hostName).toBe("a");
    expect(ev.config.networking.extraHosts).toBe("x\n");
  });
});
