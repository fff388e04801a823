/**
 * What NixOS's systemd.nix reports about services and targets (`warnings`, `assertions`), and
 * the options it leaves unread. Every expected text was printed by real Nix evaluating
 * systemd.nix (nixpkgs 2faec4e, the render reference) with `lib.evalModules`.
 */
import { describe, expect, it } from "vitest";
import { evaluate, mkDefault, mkForce, mkMerge, render } from "../../lib/index.ts";
import { treeEntries } from "../../lib/render/write-tree.ts";
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

  // NixOS's `type == "oneshot" && (restart == …)`: Restart is read only for a oneshot service.
  it("reads Restart only for a oneshot service", () => {
    const warnings = (type: string) =>
      evaluate([
        { systemd: { services: { foo: { serviceConfig: { Type: type, Restart: "on-abort" } } } } },
        { systemd: { services: { foo: { serviceConfig: { Restart: "on-success" } } } } },
      ]).warnings;
    expect(warnings("exec")).toEqual([]);
    expect(moduleError(() => warnings("oneshot")).message).toContain(
      "The option `systemd.services.foo.serviceConfig.Restart' has conflicting definition values:",
    );
  });

  // NixOS's serviceConfig holds the job scripts' keys under mkIf conditions on the script
  // options, and ExecStart holds scriptArgs: the warnings merge them, masked service or not.
  it("fail where a script option fails to merge, as NixOS's do", () => {
    const warnings = (web: object) =>
      evaluate({ systemd: { services: { web: { enable: false, ...web } } } }).warnings;
    for (const web of [{ script: 5 }, { preStop: ["x"] }, { script: "a", scriptArgs: 5 }]) {
      expect(moduleError(() => warnings(web)).message).toContain("is not of type");
    }
    expect(warnings({ script: "", scriptArgs: 5 })).toEqual([]);
    // A script whose key holds its path is made, which reads enableStrictShellChecks (Nix 2.8
    // with NixOS's code: an error for script, reload, preStop and postStop, none for the lists).
    const strict = (web: object) => warnings({ enableStrictShellChecks: "yes", ...web });
    for (const web of [{ script: "x" }, { reload: "x" }, { preStop: "x" }, { postStop: "x" }]) {
      expect(moduleError(() => strict(web)).message).toContain(
        "`systemd.services.web.enableStrictShellChecks' is not of type `boolean'",
      );
    }
    expect(strict({ preStart: "x", postStart: "x" })).toEqual([]);
    // stdenv sanitises the name of a script's package, so any service name makes one.
    const named = evaluate({ systemd: { services: { "a:b": { enable: false, script: "x" } } } });
    expect(named.warnings).toEqual([]);
    // The timers made from `startAt` are read too, for enabled services only.
    expect(moduleError(() => warnings({ enable: true, startAt: 5 })).message).toContain(
      "is not of type",
    );
    expect(warnings({ startAt: 5 })).toEqual([]);
    expect(warnings({ script: "a", serviceConfig: { ExecStart: "/bin/x" } })).toEqual([]);
  });

  // A serviceConfig of higher priority drops NixOS's job-script definitions before their keys
  // merge: the script options are still read (the mkIf conditions), the scripts never made.
  it("leave the job scripts unmade when an mkForce serviceConfig drops them, as NixOS's do", () => {
    const warnings = (name: string, web: object) =>
      evaluate({ systemd: { services: { [name]: { enable: false, ...web } } } }).warnings;
    const forced = { serviceConfig: mkForce({}) };
    const notBool = { enableStrictShellChecks: "yes" };
    expect(warnings("a", { reload: "x", ...notBool, ...forced })).toEqual([]);
    expect(warnings("a", { script: "x", scriptArgs: 5, ...forced })).toEqual([]);
    expect(moduleError(() => warnings("a", { script: 5, ...forced })).message).toContain(
      "is not of type",
    );
    // And an mkDefault serviceConfig loses to them: NixOS never checks it (Nix: warnings [ ]).
    const defaulted = evaluate({
      systemd: {
        services: { web: { script: "x", serviceConfig: mkDefault({ StartLimitInterval: "5" }) } },
      },
    });
    expect(defaulted.warnings).toEqual([]);
    expect(render(defaulted).units["web.service"]).not.toContain("StartLimitInterval");
    // At the plain priority they stay, and fail as before.
    expect(moduleError(() => warnings("a", { reload: "x", ...notBool })).message).toContain(
      "is not of type `boolean'",
    );
  });

  it("are what render() returns, and fail it where they fail, as they fail a NixOS build", () => {
    const evaluation = evaluate({
      systemd: { services: { b: { after: ["network-online.target"] } } },
    });
    expect(render(evaluation).warnings).toEqual([
      "b.service is ordered after 'network-online.target' but doesn't depend on it",
    ]);
    const masked = evaluate({ systemd: { services: { web: { enable: false, script: 5 } } } });
    expect(moduleError(() => render(masked)).message).toContain("is not of type");
  });

  // NixOS's checkService writes every refused value into its message with `toString`.
  it("checkService fails on a refused value that toString cannot write, as NixOS's does", () => {
    const serviceConfig = (value: object) =>
      evaluate({ systemd: { services: { a: { serviceConfig: value } } } }).config.systemd.services.a
        .serviceConfig;
    expect(moduleError(() => serviceConfig({ Type: mkMerge(["simple"]) })).message).toContain(
      "cannot coerce a set to a string",
    );
    // Restart's message is written even though Type was refused first.
    expect(
      moduleError(() => serviceConfig({ Type: "x", Restart: mkMerge(["always"]) })).message,
    ).toContain("cannot coerce a set to a string");
    expect(moduleError(() => serviceConfig({ Type: ["x"] })).message).toContain("is not of type");
  });

  it("a value toString cannot write names the option it is in", () => {
    const service = (a: object) => render(evaluate({ systemd: { services: { a } } }));
    const error = moduleError(() => service({ environment: { X: { type: "derivation" } } }));
    expect(error.loc).toEqual(["systemd", "services", "a", "environment", "X"]);
    expect(error.message).toBe(
      "while evaluating the option `systemd.services.a.environment.X': cannot coerce a set to a string",
    );
    expect(moduleError(() => service({ restartTriggers: [{ a: 1 }] })).message).toBe(
      "while evaluating the option `systemd.services.a.restartTriggers': cannot coerce a set to a string",
    );
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

describe("startAt timers, drop-ins and the options NixOS declares without reading", () => {
  const rendered = (services: object) => render(evaluate({ systemd: { services } }));
  // Real Nix: systemd.units."web.timer".text for startAt = "daily".
  const dailyTimer = "[Unit]\n\n[Timer]\nOnCalendar=daily\n\n\n[Install]\nWantedBy=timers.target\n";

  it("makes the timer NixOS makes for startAt, one OnCalendar= per entry", () => {
    const r = rendered({
      web: { startAt: "daily", script: "true" },
      week: { startAt: ["Mon", "Tue"] },
      off: { startAt: "daily", enable: false },
      "x@": { startAt: "daily" },
      none: {},
    });
    expect(r.timers).toEqual({
      "web.timer": dailyTimer,
      "week.timer": dailyTimer.replace("OnCalendar=daily\n", "OnCalendar=Mon\nOnCalendar=Tue\n"),
      "x@.timer": dailyTimer,
    });
    expect(r.units["web.service"]).toBe(rendered({ web: { script: "true" } }).units["web.service"]);
    // Among the links, as NixOS's generateUnits makes them for every unit, timers too.
    expect(r.links).toMatchObject({
      "timers.target.wants/web.timer": "../web.timer",
      "timers.target.wants/x@.timer": "../x@.timer",
    });
    expect(Object.keys(r.links).filter((l) => l.includes("timer"))).toHaveLength(3);
    const tree = treeEntries(r).filter((e) => e.path.includes("timer"));
    expect(tree.map((e) => e.path)).toContain("etc/systemd/system/timers.target.wants/web.timer");
    expect(tree).toContainEqual({
      path: "etc/systemd/system/timers.target.wants/x@.timer",
      kind: "link",
      target: "../x@.timer",
    });
  });

  it("lays a script out under the name its unit runs, which stdenv leaves unsanitised", () => {
    const r = rendered({ "a:b": { script: "true" } });
    const [path] = Object.keys(r.scripts);
    expect(path).toMatch(/-unit-script-a-b-start$/);
    expect(r.scriptNames).toEqual({ [path!]: "a:b-start" });
    expect(r.units["a:b.service"]).toContain(`ExecStart=${path!}/bin/a:b-start \n`);
    expect(treeEntries(r).map((e) => e.path)).toContain(`${path!.slice(1)}/bin/a:b-start`);
    // A rendering without script names (made before they were given) derives them from the path.
    const { scriptNames: _, ...older } = rendered({ web: { script: "true" } });
    expect(treeEntries(older).map((e) => e.path)).toContainEqual(
      expect.stringMatching(/-unit-script-web-start\/bin\/web-start$/),
    );
  });

  it("refuses a calendar event that would break out of its line", () => {
    expect(moduleError(() => rendered({ web: { startAt: "daily\nx" } })).loc).toEqual([
      "systemd",
      "services",
      "web",
      "startAt",
    ]);
  });

  // Real Nix: the same unit text; NixOS's generateUnits links it as `web.service.d/overrides.conf`.
  it("installs an asDropin unit as a drop-in and leaves enableDefaultPath unread", () => {
    const plain = rendered({ web: {} });
    const r = rendered({ web: { overrideStrategy: "asDropin", enableDefaultPath: false } });
    expect(r.units).toEqual(plain.units);
    expect(r.dropIns).toEqual(["web.service"]);
    expect(treeEntries(r).map((e) => e.path)).toContain(
      "etc/systemd/system/web.service.d/overrides.conf",
    );
    expect(plain.dropIns).toEqual([]);
  });
});

describe("a unit's name", () => {
  // Real Nix: `name` is `web.service` for systemd.services.web (systemd-lib.nix defines it), a
  // user's equal definition merges with it and a different one conflicts.
  it("is defined from the attribute name, as NixOS defines it", () => {
    const config = evaluate({
      systemd: { services: { web: { name: "web.service" }, x: {} }, targets: { t: {} } },
    }).config;
    expect(config.systemd.services.web.name).toBe("web.service");
    expect(config.systemd.services.x.name).toBe("x.service");
    expect(config.systemd.targets.t.name).toBe("t.target");
    const other = evaluate({ systemd: { services: { web: { name: "other.service" } } } }).config;
    expect(moduleError(() => other.systemd.services.web.name).message).toContain(
      "The option `systemd.services.web.name' has conflicting definition values:",
    );
  });
});

describe("what NixOS's generateUnits and warnings read of every unit", () => {
  const rendered = (services: object) => render(evaluate({ systemd: { services } }));

  // Real NixOS: `web.service.d/overrides.conf` → /dev/null, and `web.service` itself untouched.
  it("masks a disabled drop-in at its overrides.conf", () => {
    const r = rendered({ web: { enable: false, overrideStrategy: "asDropin" } });
    expect(r.dropIns).toEqual(["web.service"]);
    const units = treeEntries(r).filter((e) => e.path.startsWith("etc/systemd/system/web"));
    expect(units).toEqual([
      {
        path: "etc/systemd/system/web.service.d/overrides.conf",
        kind: "link",
        target: "/dev/null",
      },
    ]);
  });

  // Real Nix: not of type `one of "asDropinIfExists", "asDropin"', for a masked unit too.
  it("checks overrideStrategy of masked units", () => {
    expect(
      moduleError(() => rendered({ web: { enable: false, overrideStrategy: "bogus" } })).loc,
    ).toEqual(["systemd", "services", "web", "overrideStrategy"]);
  });

  // In NixOS the alias link, made after the units, replaces the unit file of that name.
  it("lets an alias named like another unit replace it in the tree", () => {
    const entries = treeEntries(rendered({ a: {}, web: { aliases: ["a.service"] } }));
    expect(entries.filter((e) => e.path === "etc/systemd/system/a.service")).toEqual([
      { path: "etc/systemd/system/a.service", kind: "link", target: "web.service" },
    ]);
  });

  // Real Nix: warnings [] — `elem` stops at the first match, so the bad name after it is not read.
  it("reads dependency lists only up to the first network-online.target", () => {
    const evaluation = evaluate({
      systemd: {
        services: {
          web: {
            enable: false,
            after: ["network-online.target"],
            requires: ["network-online.target", "[x].service"],
          },
        },
      },
    });
    expect(evaluation.warnings).toEqual([]);
  });
});

describe("a unit's name when rendering", () => {
  it("fails for a name other than the attribute's, as NixOS's conflict or nixmod's refusal", () => {
    const rendered = (web: object) => render(evaluate({ systemd: { services: { web } } }));
    expect(moduleError(() => rendered({ name: "other.service" })).message).toContain(
      "has conflicting definition values",
    );
    expect(moduleError(() => rendered({ name: mkForce("other.service") })).loc).toEqual([
      "systemd",
      "services",
      "web",
      "name",
    ]);
    expect(Object.keys(rendered({ name: "web.service" }).units)).toEqual(["web.service"]);
  });
});
