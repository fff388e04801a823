import { describe, expect, it } from "vitest";
import { evaluate } from "nixmod";
import { baseline, seedOutput } from "../../bench/containers/baseline.ts";
import { containersInput } from "../../bench/containers/input.ts";

describe("the benchmark's hand-written baseline", () => {
  it("produces nixmod's output for the benchmark's input, byte for byte", () => {
    // Enough nested systems that the later ones are built from their template.
    const input = containersInput(40);
    const config = evaluate({ systemd: { containers: input } }).config;
    expect(JSON.stringify(baseline(input))).toBe(JSON.stringify(seedOutput(config)));
  });
});
