/**
 * Services and targets named like a unit NixOS copies from systemd's package amend it as a
 * drop-in, as generateUnits does. Expected results are real Nix 2.8's, evaluating NixOS's
 * systemd.nix (nixpkgs 2faec4e) with the same definitions.
 */
import { describe, expect, it } from "vitest";
import { evaluate, render, treeEntries } from "../../lib/index.ts";

const withServices = (services: Record<string, unknown>, isContainer = false) =>
  render(evaluate({ boot: { isContainer }, systemd: { services } }));

describe("a service named like one systemd ships", () => {
  it("amends the shipped unit through a drop-in", () => {
    const r = withServices({ "systemd-udevd": { restartIfChanged: false } });
    expect(r.dropIns).toEqual(["systemd-udevd.service"]);
    const paths = treeEntries(r).map((entry) => entry.path);
    expect(paths).toContain("etc/systemd/system/systemd-udevd.service.d/overrides.conf");
    expect(paths).not.toContain("etc/systemd/system/systemd-udevd.service");
    for (const name of ["systemd-sysctl", "rescue", "debug-shell", "systemd-nspawn@"]) {
      expect(withServices({ [name]: { serviceConfig: { X: 1 } } }).dropIns).toEqual([
        `${name}.service`,
      ]);
    }
  });

  it("is written whole when only its template is shipped, or nothing is", () => {
    expect(withServices({ "modprobe@x": { serviceConfig: { X: 1 } } }).dropIns).toEqual([]);
    expect(withServices({ myapp: { serviceConfig: { ExecStart: "/bin/x" } } }).dropIns).toEqual([]);
  });

  it("masks the shipped unit itself when it is disabled", () => {
    const r = withServices({ "systemd-rfkill": { enable: false } });
    expect([r.masked, r.dropIns]).toEqual([["systemd-rfkill.service"], []]);
  });

  it("follows boot.isContainer for the units only a host's systemd ships", () => {
    const trigger = { "systemd-udev-trigger": { restartIfChanged: false } };
    expect(withServices(trigger).dropIns).toEqual(["systemd-udev-trigger.service"]);
    expect(withServices(trigger, true).dropIns).toEqual([]);
  });
});

// Found by differential runs against NixOS's systemd.nix and systemd-lib.nix (real Nix 2.8).
describe("systemd.package", () => {
  const systemd = (flags: Record<string, unknown>) => ({
    type: "derivation",
    name: "systemd-999",
    outPath: "/nix/store/ym08rhp5380qd1clw7fq0cjc38zd78jy-systemd-999",
    ...flags,
  });
  const rendered = (pkg: unknown, services: Record<string, unknown>, targets = {}) =>
    render(evaluate({ systemd: { package: pkg, services, targets } }));

  it("is the systemd at the end of every service's PATH", () => {
    const r = rendered(systemd({}), { a: { serviceConfig: { ExecStart: "/bin/x" } } });
    const path = r.units["a.service"]!.split("\n").find((l) => l.startsWith('Environment="PATH='))!;
    expect(path).toMatch(/:\/nix\/store\/ym08rhp5380qd1clw7fq0cjc38zd78jy-systemd-999\/sbin"$/);
    expect(path).not.toContain("systemd-208");
  });

  it("ships the units of the parts it is built with: without machined, machines.target is whole", () => {
    const units = { "systemd-machined": { serviceConfig: { X: 1 } } };
    const machines = { machines: { wants: ["a.service"] } };
    expect(rendered(systemd({}), units, machines).dropIns).toEqual([
      "machines.target",
      "systemd-machined.service",
    ]);
    expect(rendered(systemd({ withMachined: true }), units, machines).dropIns).toHaveLength(2);
    expect(rendered(systemd({ withMachined: false }), units, machines).dropIns).toEqual([]);
    expect(() => rendered(systemd({ withMachined: "no" }), units, machines)).toThrow(
      "value is a string while a Boolean was expected",
    );
  });
});
