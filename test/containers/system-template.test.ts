/**
 * Container systems built from a template (modules/system/system-template.ts) must be the
 * systems a full evaluation gives: the same store path and text, and the same failure.
 */

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  evalModules,
  evaluate,
  lib,
  mkDefault,
  mkForce,
  mkOption,
  types,
  type Module,
} from "nixmod";
import { ModuleError } from "../../lib/errors.ts";
import { lazyField, lazyFields } from "../../lib/util/lazy-fields.ts";
import { mkDefault as libMkDefault } from "../../lib/properties.ts";
import { builtinModules } from "../../modules/index.ts";
import { packageSetFingerprint, sharedPackageSet } from "../../modules/packages.ts";
import {
  definedPaths,
  makeSystemTemplate,
  systemTemplate,
} from "../../modules/system/system-template.ts";
import { evalConfig } from "../../modules/eval-config.ts";
import "../helpers/fast-check-seed.ts";

/** A container's path as the host reads it, or the message of its failure. */
function outcome(config: any, name: string): string {
  try {
    const path = config.systemd.containers[name].path;
    return `${String(path)}\n${path.configText}`;
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
}

/** Each container's outcome in one host: configurations as given, and each behind a function. */
function outcomes(configs: Record<string, unknown>): { given: string[]; fresh: string[] } {
  const host = (wrap: (c: unknown) => unknown) => ({
    systemd: {
      containers: Object.fromEntries(
        Object.entries(configs).map(([name, c]) => [name, { config: wrap(c) }]),
      ),
    },
  });
  // A module function is not plain definitions, so it never takes a template.
  const given = evaluate(host((c) => c) as never).config;
  const fresh = evaluate(host((c) => () => c) as never).config;
  const names = Object.keys(configs);
  return { given: names.map((n) => outcome(given, n)), fresh: names.map((n) => outcome(fresh, n)) };
}

/** Configurations of a few kinds, each made from a number so that systems of a kind differ. */
const kinds: ((i: number) => Record<string, unknown>)[] = [
  (i) => ({ networking: { hostName: `host-${i}` } }),
  (i) => ({ networking: { hostName: i % 3 === 0 ? "bad_name!" : `h${i}`, domain: "example.org" } }),
  (i) => ({
    networking: { hosts: { [`10.0.0.${i % 250}`]: ["a", `b${i}`] }, extraHosts: `# ${i}` },
  }),
  (i) => ({ networking: { hosts: { "10.1.1.1": i % 2 === 0 ? ["localhost"] : ["x"] } } }),
  (i) => ({ networking: { enableIPv6: i % 2 === 0 }, boot: { kernelModules: [`m${i}`] } }),
  (i) => ({ environment: { etc: { "app.conf": { text: `value ${i}\n` } } } }),
  (i) => ({
    systemd: { services: { app: { script: `echo ${i}`, wantedBy: ["multi-user.target"] } } },
  }),
  (i) => ({ services: { udev: { extraRules: `# rule ${i}` } }, system: { stateVersion: "23.11" } }),
  (i) => ({
    security: { initialRootPassword: `pw${i}` },
    networking: { hostName: mkDefault(`d${i}`) },
  }),
  (i) => ({ boot: { isContainer: i % 2 === 0 ? false : mkForce(false) } }),
  (i) => ({ networking: { useDHCP: false, dhcpcd: { denyInterfaces: [`eth${i}`] } } }),
  (i) => ({ undeclared: { value: i } }),
  () => ({}),
  // Containers in the container: the seed's and today's.
  (i) => ({
    systemd: { containers: { inner: { config: { networking: { hostName: `in${i}` } } } } },
  }),
  (i) => ({
    containers: { web: { autoStart: i % 2 === 0, config: { networking: { domain: `d${i}` } } } },
  }),
  (i) => ({ boot: { enableContainers: i % 2 === 0 } }),
  (i) => ({
    systemd: { services: { app: { enable: mkForce(i % 2 === 0), description: `app ${i}` } } },
  }),
  (i) => ({
    environment: { etc: { [`f${i % 3}`]: { source: `/nix/store/${"a".repeat(32)}-f${i}` } } },
  }),
  (i) => ({ networking: { extraHosts: `10.0.0.${i % 250} "quoted" \\ $HOME\n` } }),
  // The system's own assertions, some failing; a set that holds the varying host name.
  (i) => ({ assertions: [{ assertion: i % 4 !== 0, message: `own assertion ${i}` }] }),
  (i) => ({ networking: {}, boot: { kernelModules: [`k${i}`] } }),
];

describe("container systems built from a template", () => {
  it("are the systems a full evaluation gives, for configurations of many kinds", () => {
    // A template is made once a host has evaluated some systems of its kind in full.
    const warmUp: Record<string, unknown> = {};
    kinds.forEach((kind, k) => {
      for (let i = 0; i < 10; i++) warmUp[`w${k}-${i}`] = kind(i);
    });
    const { given, fresh } = outcomes(warmUp);
    expect(given).toEqual(fresh);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(kinds.length - 1), fc.nat(1000)), { minLength: 2, maxLength: 12 }),
        fc.nat(1_000_000),
        (picks, run) => {
          const configs: Record<string, unknown> = {};
          picks.forEach(([kind, i], n) => (configs[`c${run}-${n}`] = kinds[kind]!(i)));
          const { given, fresh } = outcomes(configs);
          expect(given).toEqual(fresh);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("fail as a full evaluation does for a configuration that contains itself", () => {
    const configs: Record<string, unknown> = {};
    for (let i = 0; i < 10; i++) {
      const config: Record<string, unknown> = { networking: { hostName: `cyc${i}` } };
      config.self = config;
      configs[`cyc${i}`] = config;
    }
    const { given, fresh } = outcomes(configs);
    expect(given).toEqual(fresh);
    expect(given[9]).toMatch(/^error: /);
  });

  it("give a failed assertion's message as a full evaluation does", () => {
    const configs: Record<string, unknown> = {};
    for (let i = 0; i < 12; i++)
      configs[`l${i}`] = { networking: { hosts: { [`10.9.9.${i}`]: ["localhost"] } } };
    const { given, fresh } = outcomes(configs);
    expect(given).toEqual(fresh);
    expect(given[11]).toMatch(/^error: .*Failed assertions/s);
  });
});

describe("systemTemplate", () => {
  const pkgs = sharedPackageSet();
  const request = (name: string, configuration: unknown) => ({
    kind: "system-template.test.ts",
    baseModules: builtinModules,
    fingerprint: packageSetFingerprint(pkgs)!,
    configuration,
    varying: [["networking", "hostName"]],
    evaluate: (placeholders: Module) =>
      evalConfig({
        baseModules: builtinModules,
        pkgs,
        prefix: ["systemd", "containers", name],
        modules: [{ config: { boot: { isContainer: true } } }, placeholders],
      }),
    prefix: ["systemd", "containers", name],
  });

  it("is made once eight systems of a kind were evaluated in full, and knows what does not read the varying values", () => {
    const kind = { networking: { extraHosts: "# template test" } };
    for (let i = 0; i < 8; i++) expect(systemTemplate(request(`t${i}`, kind))).toBeUndefined();
    const template = systemTemplate(request("t8", kind))!;
    expect(template).toBeDefined();
    const at = (...path: string[]) => template.textAt(["p", ...path], 1);
    expect(at("boot", "isContainer")).toBe("true");
    expect(at("systemd")).toMatch(/^\{"containers":\{\},/);
    // Defined by the system, or read from what it defines.
    expect(at("networking", "extraHosts")).toBeUndefined();
    expect(at("networking", "hostName")).toBeUndefined();
    expect(at("networking", "hosts")).toBeUndefined();
    expect(at("networking")).toBeUndefined();
    expect(systemTemplate(request("t9", kind))).toBe(template);
  });

  it("is not made for modules that are more than definitions, or that define the toplevel", () => {
    for (const configuration of [
      () => ({}),
      { imports: [] },
      { config: { networking: { hostName: "x" } } },
      { system: { build: { toplevel: "x" } } },
      // The varying host name is below a value the module defines.
      { networking: {} },
    ]) {
      for (let i = 0; i < 10; i++) {
        expect(systemTemplate(request(`n${i}`, configuration))).toBeUndefined();
      }
    }
  });
});

describe("makeSystemTemplate", () => {
  // `a` varies between the systems; `b` reads it but falls back when it fails; `c` reads `b`.
  const placeholder = () => {
    const config = {};
    lazyField(config, "a", () => {
      throw new ModuleError("placeholder", { code: "invalid" });
    });
    return { config };
  };
  const evaluateSystem = () =>
    evalModules({
      modules: [
        {
          options: {
            a: mkOption({ type: types.str }),
            b: mkOption({ type: types.str }),
            c: mkOption({ type: types.str }),
            d: mkOption({ type: types.str }),
            e: mkOption({ type: types.str }),
            f: mkOption({ type: types.bool }),
          },
        },
        ({ config, options }: { config: any; options: any }) => ({
          config: lazyFields({
            b: () => {
              try {
                return `a is ${config.a}`;
              } catch {
                return "no a";
              }
            },
            c: () => `${config.b}!`,
            d: () => "fixed",
            // The system's path, which differs between the systems.
            e: () => options.d.loc.join("."),
            f: () => options.d.isDefined,
          }),
        }),
        placeholder(),
      ],
      prefix: ["p"],
    });

  it("knows no value that holds the system's path or was computed while a placeholder failed, even where the failure was caught", () => {
    const template = makeSystemTemplate(evaluateSystem, ["p"])!;
    const at = (name: string) => template.textAt(["q", name], 1);
    expect(at("d")).toBe('"fixed"');
    expect(at("e")).toBeUndefined();
    expect(at("f")).toBe("true");
    expect(at("a")).toBeUndefined();
    expect(at("b")).toBeUndefined();
    // `c` reads `b`: no evaluation goes on after an effect, so the failure behind `b` is seen again.
    expect(at("c")).toBeUndefined();
  });
});

describe("makeSystemTemplate of modules that read a placeholder while they are collected", () => {
  it("is not made", () => {
    const placeholder = {};
    lazyField(placeholder, "a", () => {
      throw new ModuleError("placeholder", { code: "invalid" });
    });
    const template = makeSystemTemplate(
      () =>
        evalModules({
          modules: [
            { options: { a: mkOption({ type: types.bool }) } },
            ({ config }: { config: any }) => (config.a ? {} : {}),
            { config: placeholder },
          ],
        }),
      [],
    );
    expect(template).toBeUndefined();
  });
});

describe("makeSystemTemplate and warnings", () => {
  it("shows none of its evaluations' warnings, and knows no value that warned", () => {
    const shown: string[] = [];
    const listener = (warning: Error) => shown.push(warning.message);
    process.on("warning", listener);
    try {
      const template = makeSystemTemplate(
        () =>
          evalModules({
            modules: [
              { options: { w: mkOption({ type: types.str }), x: mkOption({ type: types.str }) } },
              {
                config: lazyFields({
                  w: () => lib.warn("template warning", "w"),
                  x: () => "x",
                }),
              },
            ],
          }),
        [],
      )!;
      expect(template.textAt(["w"], 0)).toBeUndefined();
      expect(template.textAt(["x"], 0)).toBe('"x"');
    } finally {
      process.off("warning", listener);
    }
    expect(shown).toEqual([]);
  });
});

describe("definedPaths", () => {
  it("gives the path of each value below nested sets", () => {
    expect(
      definedPaths({
        a: { b: 1, c: { d: [1, { e: 2 }] } },
        f: {},
        g: libMkDefault({ h: 1 }),
        i: null,
      }),
    ).toEqual([["a", "b"], ["a", "c", "d"], ["f"], ["g"], ["i"]]);
  });

  it("refuses modules that are more than definitions", () => {
    expect(definedPaths(() => ({}))).toBeUndefined();
    expect(definedPaths({ _file: "x", a: 1 })).toBeUndefined();
    expect(
      definedPaths({
        a: {
          get b() {
            return 1;
          },
        },
      }),
    ).toBeUndefined();
    expect(definedPaths(new Map())).toBeUndefined();
    expect(definedPaths(new Proxy({ a: 1 }, {}))).toBeUndefined();
    expect(definedPaths({ a: new Proxy({ b: 1 }, {}) })).toBeUndefined();
  });

  it("refuses modules too deep or too large to key a template, and cycles", () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(definedPaths(cyclic)).toBeUndefined();
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 200; i++) deep = { [`n${i}`]: deep };
    expect(definedPaths(deep)).toBeUndefined();
    const wide = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`k${i}`, i]));
    expect(definedPaths(wide)).toBeUndefined();
    expect(definedPaths({ a: { b: 1 } })).toEqual([["a", "b"]]);
  });
});
