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
