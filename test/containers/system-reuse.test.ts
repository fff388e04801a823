import { describe, expect, it } from "vitest";
import { evaluate, mkDefault, mkPackage } from "nixmod";
import { plainDataText } from "../../lib/util/plain-data.ts";

const containers = (hosts: Record<string, unknown>) => ({
  systemd: {
    containers: Object.fromEntries(
      Object.entries(hosts).map(([name, config]) => [name, { config }]),
    ),
  },
});
const pathOf = (ev: { config: any }, name: string) => ev.config.systemd.containers[name].path;

describe("container systems reused between evaluations", () => {
  const before = { a: { networking: { hostName: "a1" } }, b: { networking: { hostName: "b1" } } };

  it("takes an unchanged container's system from the earlier evaluation and rebuilds the changed one", () => {
    const first = evaluate(containers(before));
    const second = evaluate(containers({ ...before, b: { networking: { hostName: "b2" } } }));
    expect(pathOf(second, "a")).toBe(pathOf(first, "a"));
    expect(pathOf(second, "b")).not.toBe(pathOf(first, "b"));
    expect(String(pathOf(second, "b"))).toMatch(/-nixos-system-b2$/);
  });

  it("gives the same store path as a fresh evaluation would", () => {
    const reused = String(pathOf(evaluate(containers(before)), "a"));
    const fresh = String(pathOf(evaluate(containers({ a: () => before.a })), "a"));
    expect(reused).toBe(fresh);
  });

  it("does not share systems between different package sets", () => {
    const stock = evaluate(containers(before));
    const other = evaluate(containers(before), {
      pkgs: { systemd: "/nix/store/00000000000000000000000000000000-systemd-999" },
    });
    expect(String(pathOf(other, "a"))).not.toBe(String(pathOf(stock, "a")));
  });

  it("does not share systems when the package set is given packages (which may carry anything)", () => {
    const pkgs = { systemd: mkPackage("/nix/store/00000000000000000000000000000000-systemd-999") };
    const first = evaluate(containers(before), { pkgs });
    const second = evaluate(containers(before), { pkgs });
    expect(pathOf(second, "a")).not.toBe(pathOf(first, "a"));
    expect(String(pathOf(second, "a"))).toBe(String(pathOf(first, "a")));
  });

  it("evaluates a configuration with functions or getters every time", () => {
    const module = ({ lib }: { lib: unknown }) => ({ networking: { hostName: lib ? "fn" : "" } });
    const first = evaluate(containers({ f: module }));
    const second = evaluate(containers({ f: module }));
    expect(pathOf(second, "f")).not.toBe(pathOf(first, "f"));
    expect(String(pathOf(second, "f"))).toBe(String(pathOf(first, "f")));
  });

  it("keeps priorities in the reused configuration's identity", () => {
    const plain = evaluate(containers({ p: { networking: { hostName: "p" } } }));
    const weak = evaluate(containers({ p: { networking: { hostName: mkDefault("p") } } }));
    expect(pathOf(weak, "p")).not.toBe(pathOf(plain, "p"));
  });
});

describe("plainDataText", () => {
  it("is equal for equal data and different for different data", () => {
    expect(plainDataText({ a: [1, "x", null, true] })).toBe(
      plainDataText({ a: [1, "x", null, true] }),
    );
    expect(plainDataText({ a: 1 })).not.toBe(plainDataText({ a: "1" }));
    expect(plainDataText([1, 2])).not.toBe(plainDataText({ 0: 1, 1: 2 }));
  });

  it("refuses what is not plain data", () => {
    const getter = Object.defineProperty({}, "x", { get: () => 1, enumerable: true });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    let shared: unknown = 0;
    for (let i = 0; i < 40; i++) shared = { l: shared, r: shared };
    let deep: unknown = 0;
    for (let i = 0; i < 200; i++) deep = [deep];
    for (const value of [
      () => 1,
      getter,
      cyclic,
      shared,
      deep,
      new Date(0),
      [1, , 3],
      { n: Number.NaN },
      { u: undefined },
      { [Symbol("s")]: 1 },
    ]) {
      expect(plainDataText(value)).toBeUndefined();
    }
  });
});
