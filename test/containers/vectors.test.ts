/**
 * Every seed-module vector (test/vectors/containers, from real Nix running the
 * seed's containers-2013.nix), through `evaluate()`, byte for byte after the
 * vectors' normalisation: the hashes of the three stand-in store paths
 * (`run-in-netns`, `nixos-container-shell`, `nixos-system-<hostName>`) are
 * replaced by a placeholder on both sides.
 */

import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { evaluate, ModuleError } from "../../lib/index.ts";

const dir = new URL("../vectors/containers/", import.meta.url);
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .sort();

interface Vector {
  description: string;
  input: unknown;
  pkgs: Record<string, string>;
  expected?: {
    services: Record<string, Record<string, unknown>>;
    extraHosts: string;
    systemPackages: string[];
  };
  expectedError?: string;
  nixError?: string;
}

/** The service fields the seed sets (what the vectors compare at least). */
const seedFields = [
  "description",
  "wantedBy",
  "unitConfig",
  "path",
  "preStart",
  "preStop",
  "reloadIfChanged",
  "serviceConfig",
];

const standIn = /\/nix\/store\/[0-9a-z]{32}-(run-in-netns|nixos-container-shell|nixos-system-)/g;

/** JSON text (packages print as their store path) with the stand-in hashes replaced. */
function normalise(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value).replace(standIn, "/nix/store/<hash>-$1"));
}

/** What a vector compares, read from an evaluation (`fields` per service: the expected ones). */
function outputs(v: Vector) {
  const { config } = evaluate(v.input as never, { pkgs: v.pkgs });
  const services: Record<string, Record<string, unknown>> = {};
  for (const [name, service] of Object.entries(
    config.systemd.services as Record<string, Record<string, unknown>>,
  )) {
    const fields = v.expected?.services[name] ? Object.keys(v.expected.services[name]) : seedFields;
    services[name] = Object.fromEntries(fields.map((field) => [field, service[field]]));
  }
  return {
    services,
    extraHosts: config.networking.extraHosts as string,
    systemPackages: config.environment.systemPackages as unknown[],
  };
}

describe("seed container vectors", () => {
  it("are all present", () => {
    expect(files).toHaveLength(18);
  });

  for (const file of files) {
    const v = JSON.parse(readFileSync(new URL(file, dir), "utf8")) as Vector;
    it(`${file}: ${v.description}`, () => {
      if (v.expected !== undefined) {
        expect(normalise(outputs(v))).toEqual(normalise(v.expected));
        // Beyond the normalisation, the stand-in paths keep their names.
        const got = JSON.stringify(outputs(v));
        for (const [, name] of JSON.stringify(v.expected).matchAll(standIn)) {
          expect(got).toContain(`-${name}`);
        }
      } else {
        let thrown: unknown;
        try {
          JSON.stringify(outputs(v));
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(ModuleError);
        expect((thrown as ModuleError).message).toContain(v.expectedError);
        // Nix names the same option.
        const option = /`([^']+)'/.exec(v.nixError!)![1]!;
        expect((thrown as ModuleError).message).toContain(`\`${option}'`);
      }
    });
  }

  it("compare the exact strings, not just JSON-equal values", () => {
    const v = JSON.parse(
      readFileSync(new URL("p04-private-host-only.json", dir), "utf8"),
    ) as Vector;
    const service = outputs(v).services["container-gw"]!;
    expect(service.preStart).toBe(v.expected!.services["container-gw"]!.preStart);
    expect(
      (service.preStart as string).endsWith(
        "dev eth0\nip netns exec net-gw ip route add default via 192.168.100.1\n\n\n",
      ),
    ).toBe(true);
  });

  it("give configurations that print as JSON", () => {
    for (const file of files) {
      const v = JSON.parse(readFileSync(new URL(file, dir), "utf8")) as Vector;
      if (v.expected === undefined) continue;
      const { config } = evaluate(v.input as never, { pkgs: v.pkgs });
      expect(JSON.parse(JSON.stringify(config)).networking.extraHosts).toBe(v.expected.extraHosts);
    }
  });

  it("order containers by the bytes of their names, as Nix orders attributes", () => {
    const names = ["b", "a", "_", "B", "9", "10"];
    const containers = Object.fromEntries(
      names.map((name, i) => [
        name,
        { path: `/nix/var/nix/profiles/${i}`, localAddress: `10.0.0.${i + 1}` },
      ]),
    );
    const { config } = evaluate({ systemd: { containers } });
    expect(config.networking.extraHosts).toBe(
      ["10", "9", "B", "_", "a", "b"]
        .map((name) => `10.0.0.${names.indexOf(name) + 1} ${name}.containers\n`)
        .join(""),
    );
  });
});
