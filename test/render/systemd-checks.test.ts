/**
 * What NixOS's systemd.nix reports about services and targets (`warnings`, `assertions`), and
 * the options it leaves unread. Every expected text was printed by real Nix evaluating
 * systemd.nix (nixpkgs 2faec4e, the render reference) with `lib.evalModules`.
 */
import { describe, expect, it } from "vitest";
import { evaluate, mkMerge, render } from "../../lib/index.ts";
import { moduleError } from "../helpers/module-error.ts";

describe("systemd.nix's warnings and assertions", () => {
  it("warns as NixOS does, services first, then network-online for targets and services", () => {
    const evaluation = evaluate({
      systemd: {
        services: {
          a: { serviceConfig: mkMerge([{ Type: "oneshot" }, { Restart: "always" }]) },
          b: { after: ["network-online.target"], reloadIfChanged: true, reloadTriggers: ["x"] },
          c: { after: ["network-online.target"], wants: ["network-online.target"] },
        },
        targets: { t: { after: ["network-online.target"] } },
      },
    });
    expect(evaluation.warnings).toEqual([
      "Service 'a.service' with 'Type=oneshot' cannot have 'Restart=always' or 'Restart=on-success'",
      "Service 'b.service' has both 'reloadIfChanged' and 'reloadTriggers' set. This is probably not what you want, because 'reloadTriggers' behave the same whay as 'restartTriggers' if 'reloadIfChanged' is set.",
      "t.target is ordered after 'network-online.target' but doesn't depend on it",
      "b.service is ordered after 'network-online.target' but doesn't depend on it",
    ]);
  });

  it("fails the system for a service using network-interfaces.target", () => {
    const evaluation = evaluate({
      systemd: { services: { c: { after: ["network-interfaces.target"] }, d: {} } },
    });
    const message =
      "Service 'c.service' is using the deprecated target network-interfaces.target, which no longer exists. Using network.target is recommended instead.";
    expect(evaluation.failedAssertions).toEqual([message]);
    const error = moduleError(() => render(evaluation));
    expect(error.message).toContain("Failed assertions");
    expect(error.message).toContain(`- ${message}`);
  });

  // The assertions read every service, masked ones too, so a bad unit name fails the build.
  it("checks masked services as the assertions read them", () => {
    const evaluation = evaluate({
      systemd: { services: { d: { enable: false, wants: ["[x].service"] } } },
    });
    expect(moduleError(() => render(evaluation)).message).toContain(
      'A definition for option `systemd.services.d.wants."[definition 1-entry 1]"\' is not of type `string matching the pattern',
    );
  });
});

describe("options NixOS reads only when they are used", () => {
  const unit = (service: object) =>
    render(evaluate({ systemd: { services: { web: service } } })).units["web.service"]!;

  // Real Nix writes `[Unit]\n\n[Service]\n` plus PATH: without `script`, `scriptArgs` is never read.
  it("leaves scriptArgs unread without a script", () => {
    for (const scriptArgs of ["x\ny", "x\\", null, 5]) {
      expect(unit({ scriptArgs })).toMatch(/^\[Unit\]\n\n\[Service\]\nEnvironment="PATH=/);
    }
    expect(moduleError(() => unit({ script: "true", scriptArgs: "x\ny" })).loc).toEqual([
      "systemd",
      "services",
      "web",
      "scriptArgs",
    ]);
  });

  it("refuses a null PATH beside the generated one as nullOr does", () => {
    const error = moduleError(() => unit({ environment: { PATH: null } }));
    expect(error.message).toContain(
      "The option `systemd.services.web.environment.PATH` is defined both null and not null, in ",
    );
  });
});
