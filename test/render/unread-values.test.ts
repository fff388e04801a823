/**
 * render() reads what NixOS's renderer reads and no more: a value it never forces may fail to
 * merge without failing the host (differential runs against systemd-lib.nix and networking.nix
 * under real Nix found both cases).
 */

import { describe, expect, it } from "vitest";
import { evaluate, render } from "../../lib/index.ts";

describe("values NixOS's renderer does not read", () => {
  it("leaves a global variable unread where the service's own environment shadows it", () => {
    // serviceToUnit writes `globalEnvironment // environment`; every service has its own PATH.
    const evaluation = evaluate([
      {
        systemd: {
          globalEnvironment: { PATH: null, TZ: "UTC" },
          services: { web: { script: "x" } },
        },
      },
      { systemd: { globalEnvironment: { PATH: "/x" } } },
    ]);
    const unit = render(evaluation).units["web.service"]!;
    expect(unit).toContain('Environment="TZ=UTC"\n');
    expect(unit).toMatch(/Environment="PATH=\/nix\/store\/[^"]*coreutils[^"]*"\n/);
    expect(unit).not.toContain("PATH=/x");
  });

  it("still fails on a conflicting global variable that a unit writes", () => {
    const evaluation = evaluate([
      { systemd: { globalEnvironment: { TZ: null }, services: { web: { script: "x" } } } },
      { systemd: { globalEnvironment: { TZ: "UTC" } } },
    ]);
    expect(() => render(evaluation)).toThrow(/defined both null and not null/);
  });

  it("leaves networking.domain unread without a host name", () => {
    // Real Nix: /etc/hosts is "127.0.0.1 localhost\n::1 localhost\n".
    const evaluation = evaluate([
      { networking: { hostName: "", domain: "lan" } },
      { networking: { domain: null } },
    ]);
    expect(render(evaluation).etcHosts).toBe("127.0.0.1 localhost\n::1 localhost\n");
  });
});
