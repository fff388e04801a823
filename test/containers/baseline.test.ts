import { describe, expect, it } from "vitest";
import { evaluate } from "nixmod";
import { baseline } from "../../bench/containers/baseline.ts";
import { containersInput } from "../../bench/containers/input.ts";

const seedFields = [
  "description",
  "wantedBy",
  "unitConfig",
  "path",
  "preStart",
  "preStop",
  "reloadIfChanged",
] as const;
const toplevel = /\/nix\/store\/[0-9a-z]{32}-nixos-system-/g;

describe("the benchmark's hand-written baseline", () => {
  it("produces nixmod's output for the benchmark's input (system hashes aside)", () => {
    const input = containersInput(6);
    const config = evaluate({ systemd: { containers: input } }).config;
    const services: Record<string, unknown> = {};
    for (const [name, s] of Object.entries(config.systemd.services as Record<string, any>)) {
      const picked: Record<string, unknown> = {};
      for (const f of seedFields) picked[f] = s[f];
      picked.serviceConfig = {
        ExecStart: s.serviceConfig.ExecStart,
        ExecReload: s.serviceConfig.ExecReload,
      };
      services[name] = picked;
    }
    const actual = {
      services,
      extraHosts: config.networking.extraHosts,
      systemPackages: config.environment.systemPackages,
    };
    const norm = (v: unknown) =>
      JSON.parse(JSON.stringify(v).replace(toplevel, "/nix/store/<hash>-nixos-system-"));
    expect(norm(baseline(input))).toEqual(norm(actual));
  });
});
