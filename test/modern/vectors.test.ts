/**
 * Every vector of today's NixOS container module, through `evaluate()`: the
 * public ones (test/vectors/modern) and this project's own (test/vectors/modern-extra,
 * see its README), all printed by real Nix running nixos-containers.nix. Byte for
 * byte after the normalisation of the vectors' README:
 *
 * - the hash of a nested toplevel `/nix/store/<hash>-nixos-system-<hostName>` is
 *   replaced on both sides (the reference run's toplevel is a stand-in), and so is
 *   the hash of a conf file whose text contains one (c10);
 * - every other text file (`container-init`, `reload-container`, the other conf
 *   files) is compared by its exact `builtins.toFile` store path, which nixmod
 *   computes;
 * - `extraHosts` is compared without empty lines (the seed module's definition is
 *   in the same evaluation).
 *
 * And the random configurations of test/vectors/modern-random (see its README).
 */

import { createHash } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { evaluate, ModuleError, toFilePath, type Evaluation } from "../../lib/index.ts";

const dirs = {
  modern: new URL("../vectors/modern/", import.meta.url),
  "modern-extra": new URL("../vectors/modern-extra/", import.meta.url),
} as const;
const jsonFiles = (dir: URL) =>
  readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort();

interface Expected {
  services: Record<string, Record<string, unknown>>;
  targets: Record<string, Record<string, unknown>>;
  etc: Record<string, { text: string; source: string }>;
  extraHosts: string;
  dhcpcdDenyInterfaces: string[];
  udevExtraRules: string;
  kernelModules: string[];
  enableContainers: boolean;
  systemPackages: string[];
  assertions: string[];
  warnings: string[];
  files: Record<string, string>;
}

export interface ModernVector {
  description: string;
  input: unknown;
  pkgs: Record<string, string>;
  expected?: Expected;
  expectedError?: string;
  expectedAssertion?: Record<string, string[]>;
  nixError?: string;
  /**
   * The vector's `assertions` is NixOS's raw `assertions` list, whose entries are
   * bare strings (NixOS's networkNamespace check); nixmod makes each a failed
   * assertion with that message, so `failedAssertions` lists the same strings.
   */
  rawAssertions?: boolean;
}

const toplevel = /\/nix\/store\/[0-9a-z]{32}-(nixos-system-[^/\s'"]*)/g;

/** JSON data (packages print as their store path). */
const json = (value: unknown): any => JSON.parse(JSON.stringify(value));

/** The outputs a vector compares, read from an evaluation, restricted to the vector's fields. */
export function outputs(ev: Evaluation, expected: Expected): Omit<Expected, "files"> {
  const config = ev.config;
  const pick = (value: Record<string, unknown>, like: Record<string, unknown>) =>
    Object.fromEntries(Object.keys(like).map((key) => [key, value[key]]));
  const services: Record<string, Record<string, unknown>> = {};
  for (const [name, service] of Object.entries(
    config.systemd.services as Record<string, Record<string, unknown>>,
  )) {
    services[name] = expected.services[name] ? pick(service, expected.services[name]) : service;
  }
  const targets: Record<string, Record<string, unknown>> = {};
  for (const [name, target] of Object.entries(
    config.systemd.targets as Record<string, Record<string, unknown>>,
  )) {
    targets[name] = expected.targets[name] ? pick(target, expected.targets[name]) : target;
  }
  const etc: Record<string, { text: string; source: string }> = {};
  for (const [name, entry] of Object.entries(
    config.environment.etc as Record<string, { text: string; source: string }>,
  )) {
    etc[name] = { text: entry.text, source: entry.source };
  }
  return json({
    services,
    targets,
    etc,
    extraHosts: config.networking.extraHosts,
    dhcpcdDenyInterfaces: config.networking.dhcpcd.denyInterfaces,
    udevExtraRules: config.services.udev.extraRules,
    kernelModules: config.boot.kernelModules,
    enableContainers: config.boot.enableContainers,
    systemPackages: config.environment.systemPackages,
    assertions: ev.failedAssertions,
    warnings: ev.warnings,
  });
}

/** The vector's normalisation, applied to a JSON text. */
export function normaliser(expected: Expected): (value: unknown) => any {
  // Conf files whose text holds a nested toplevel have a path that depends on its hash.
  const dependent = Object.values(expected.etc)
    .filter((entry) => /-nixos-system-/.test(entry.text))
    .map((entry) => entry.source.slice("/nix/store/".length + 33));
  return (value) => {
    let text = JSON.stringify(value).replace(toplevel, "/nix/store/<hash>-$1");
    for (const name of dependent) {
      text = text.replace(
        new RegExp(`/nix/store/[0-9a-z]{32}-${name.replace(/[.]/g, "\\.")}`, "g"),
        `/nix/store/<hash>-${name}`,
      );
    }
    const data = JSON.parse(text);
    if (typeof data.extraHosts === "string") {
      data.extraHosts = data.extraHosts
        .split("\n")
        .filter((line: string) => line !== "")
        .join("\n");
    }
    return data;
  };
}

/** Reads a vector of `test/vectors/modern` (or of another of `dirs`). */
export function readVector(file: string, set: keyof typeof dirs = "modern"): ModernVector {
  return JSON.parse(readFileSync(new URL(file, dirs[set]), "utf8")) as ModernVector;
}

/** Runs `body`, returning what it throws. */
function thrown(body: () => unknown): unknown {
  try {
    body();
  } catch (error) {
    return error;
  }
  return undefined;
}

const collapse = (text: string) => text.replace(/\s+/g, " ").trim();

/** Checks one vector against an evaluation of its input. */
function check(v: ModernVector): void {
  const ev = evaluate(v.input as never, { pkgs: v.pkgs });
  if (v.expected !== undefined) {
    const expected = v.expected;
    const normalise = normaliser(expected);
    const { files: _files, ...rest } = expected;
    const got = outputs(ev, expected);
    expect(normalise(got)).toEqual(normalise(rest));
    // Every text file: its path is exactly builtins.toFile's (or, for a conf file
    // holding a nested toplevel, its text matches after normalisation).
    const gotText = JSON.stringify(got);
    for (const [path, text] of Object.entries(expected.files)) {
      const name = path.slice("/nix/store/".length + 33);
      if (/-nixos-system-/.test(text)) {
        const entry = Object.values(got.etc).find((e) => e.source.endsWith(`-${name}`))!;
        expect(normalise(entry.text)).toBe(normalise(text));
      } else {
        expect(toFilePath(name, text)).toBe(path);
        expect(gotText).toContain(path);
      }
    }
  } else {
    const error = thrown(() => {
      const expected = { services: {}, targets: {}, etc: {} } as unknown as Expected;
      JSON.stringify(outputs(ev, expected));
    });
    expect(error).toBeInstanceOf(ModuleError);
    const message = (error as ModuleError).message;
    expect(message).toContain(v.expectedError);
    for (const messages of Object.values(v.expectedAssertion ?? {})) {
      for (const m of messages) expect(collapse(message)).toContain(collapse(m));
    }
    // Nix names the same option, where it names one.
    const option = /`([^']+)'/.exec(v.nixError!)?.[1];
    if (option !== undefined && v.expectedError !== "Failed assertions") {
      expect(message).toContain(`\`${option}'`);
    }
  }
}

describe("modern container vectors", () => {
  it("are all present", () => {
    expect(jsonFiles(dirs.modern)).toHaveLength(12);
    expect(jsonFiles(dirs["modern-extra"])).toHaveLength(28);
  });

  for (const set of Object.keys(dirs) as (keyof typeof dirs)[]) {
    describe(set, () => {
      for (const file of jsonFiles(dirs[set])) {
        const v = readVector(file, set);
        it(`${file}: ${v.description}`, () => check(v));
      }
    });
  }

  it("nested toplevels keep their names (nixos-system-<hostName>)", () => {
    const v = readVector("c10-nested-config.json");
    const ev = evaluate(v.input as never, { pkgs: v.pkgs });
    expect(String(ev.config.containers.kiosk.path)).toMatch(
      /^\/nix\/store\/[0-9a-df-np-sv-z]{32}-nixos-system-kiosk$/,
    );
    expect(String(ev.config.containers.signage.path)).toMatch(/-nixos-system-sign-01$/);
  });
});

interface RandomVector {
  input: unknown;
  pkgs: number;
  expected: Omit<Expected, "files" | "services"> & {
    /** Each service's fields: the value, or for a long one `{ sha256 }` of its JSON. */
    services: Record<string, Record<string, unknown>>;
  };
}

/** JSON with keys in order at every level, as the vectors' hashes were taken. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

const isDigest = (value: unknown): value is { sha256: string } =>
  typeof value === "object" &&
  value !== null &&
  Object.keys(value).length === 1 &&
  typeof (value as { sha256?: unknown }).sha256 === "string";

/** A text as a regular expression that matches exactly it. */
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The README's normalisation, string by string: nested toplevels and the conf files naming them. */
function normaliseStrings(value: unknown, dependent: readonly RegExp[]): unknown {
  if (typeof value === "string") {
    let text = value.replace(toplevel, "/nix/store/<hash>-$1");
    for (const pattern of dependent) text = text.replace(pattern, "/nix/store/<hash>-$1");
    return text;
  }
  if (Array.isArray(value)) return value.map((item) => normaliseStrings(item, dependent));
  if (typeof value === "object" && value !== null)
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, normaliseStrings(item, dependent)]),
    );
  return value;
}

const randomVectors = JSON.parse(
  readFileSync(new URL("../vectors/modern-random/cases.json", import.meta.url), "utf8"),
) as { pkgs: Record<string, string>[]; cases: RandomVector[] };

describe("random configurations of today's containers, as real Nix evaluated them", () => {
  it.each(randomVectors.cases.map((v, i) => [i, v] as const))("case %i", (_, v) => {
    const ev = evaluate(v.input as never, { pkgs: randomVectors.pkgs[v.pkgs]! });
    const shape = { ...v.expected, files: {} } as unknown as Expected;
    const got = outputs(ev, shape);
    const dependent = Object.values(got.etc)
      .filter((entry) => /-nixos-system-/.test(entry.text))
      .map(
        (entry) =>
          new RegExp(
            `/nix/store/[0-9a-z]{32}-(${escapeRegExp(entry.source.slice("/nix/store/".length + 33))})`,
            "g",
          ),
      );
    const normal = normaliseStrings(got, dependent) as typeof got;
    normal.extraHosts = normal.extraHosts
      .split("\n")
      .filter((line) => line !== "")
      .join("\n");
    const { services, ...rest } = v.expected;
    const { services: gotServices, ...gotRest } = normal;
    expect(gotRest).toEqual(rest);
    expect(Object.keys(gotServices).sort()).toEqual(Object.keys(services).sort());
    for (const [name, fields] of Object.entries(services)) {
      for (const [field, expected] of Object.entries(fields)) {
        const value = gotServices[name]![field];
        if (isDigest(expected)) {
          const digest = createHash("sha256").update(canonicalJson(value)).digest("hex");
          expect({ service: name, field, digest, value }).toEqual({
            service: name,
            field,
            digest: expected.sha256,
            value,
          });
        } else
          expect({ service: name, field, value }).toEqual({
            service: name,
            field,
            value: expected,
          });
      }
    }
  });
});
