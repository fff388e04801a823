import { describe, expect, it } from "vitest";
import { evaluate } from "nixmod";
import { baseline, seedOutput } from "../../bench/containers/baseline.ts";
import { containersInput } from "../../bench/containers/input.ts";

const toplevel = /\/nix\/store\/[0-9a-z]{32}-nixos-system-/g;

describe("the benchmark's hand-written baseline", () => {
  it("produces nixmod's output for the benchmark's input (system hashes aside)", () => {
    const input = containersInput(6);
    const config = evaluate({ systemd: { containers: input } }).config;
    const actual = seedOutput(config);
    const norm = (v: unknown) =>
      JSON.parse(JSON.stringify(v).replace(toplevel, "/nix/store/<hash>-nixos-system-"));
    expect(norm(baseline(input))).toEqual(norm(actual));
  });
});
