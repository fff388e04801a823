/**
 * plan() against switch-to-configuration-ng's rules where a review found it different: only
 * units that run are restarted or stopped, the active targets start what they now want, drop-ins
 * amend their unit, templates are planned through their running instances.
 */
import { describe, expect, it } from "vitest";
import { compareUnits, evaluate, formatPlan, plan, render, type Plan } from "nixmod";
import { parseUnit } from "../../lib/plan/unit-ini.ts";
import { moduleError } from "../helpers/module-error.ts";

const host = (services: Record<string, unknown>) => evaluate({ systemd: { services } });
const W = { wantedBy: ["multi-user.target"] };
const rows = (p: Plan) => p.units.map((u) => [u.unit, u.change, u.action]);

describe("units that do not run", () => {
  it("are neither restarted nor stopped: a timer's service, a service nothing wants", () => {
    const timer = plan(
      host({ t: { script: "a", startAt: "daily" } }),
      host({ t: { script: "b", startAt: "daily" } }),
    );
    expect(timer.units).toMatchObject([
      {
        unit: "t.service",
        action: "skip",
        idle: true,
        reason:
          "its unit file changed, but it does not run (t.timer starts it): it takes the change when it is next started",
      },
    ]);
    expect(formatPlan(timer)).toContain("changed units that do not run: t.service");
    expect(formatPlan(timer)).not.toContain("NOT restarting");
    expect(rows(plan(host({ u: { script: "a" } }), host({ u: { script: "b" } })))).toEqual([
      ["u.service", "changed", "skip"],
    ]);
    expect(rows(plan(host({ u: { script: "a" } }), host({})))).toEqual([]);
  });

  it("start when a target now wants them, and a finished oneshot runs again", () => {
    const p = plan(host({ u: { script: "a" } }), host({ u: { script: "a", ...W } }));
    expect(p.units).toEqual([
      {
        unit: "u.service",
        change: "unchanged",
        action: "start",
        reason: "multi-user.target now wants it",
      },
    ]);
    const oneshot = { script: "a", serviceConfig: { Type: "oneshot" }, ...W };
    expect(rows(plan(host({ o: oneshot }), host({ o: oneshot })))).toEqual([
      ["o.service", "unchanged", "start"],
    ]);
    const kept = { ...oneshot, serviceConfig: { Type: "oneshot", RemainAfterExit: true } };
    expect(rows(plan(host({ o: kept }), host({ o: kept })))).toEqual([]);
  });

  it("a new unit starts only when something that runs wants or upholds it", () => {
    const p = plan(
      host({}),
      host({
        hook: { script: "x", wantedBy: ["suspend.target"] },
        up: { script: "x", upheldBy: ["multi-user.target"] },
      }),
    );
    expect(p.units.map((u) => [u.unit, u.action, u.reason])).toEqual([
      [
        "hook.service",
        "skip",
        "it is new; suspend.target wants it, but nothing in this configuration pulls in suspend.target: nixmod takes it to be inactive",
      ],
      ["up.service", "start", "it is new and multi-user.target wants it"],
    ]);
  });
});

describe("drop-ins and templates", () => {
  const dropIn = (extra: Record<string, unknown> = {}) => ({
    sshd: { overrideStrategy: "asDropin", serviceConfig: { ExecStart: "/bin/a" }, ...extra },
  });

  it("a drop-in that comes, goes or is masked changes its unit, which is stopped and started", () => {
    for (const [before, after] of [
      [{}, dropIn()],
      [dropIn(), {}],
      [dropIn(), dropIn({ enable: false })],
    ]) {
      expect(rows(plan(host(before!), host(after!)))).toEqual([
        ["sshd.service", "changed", "stop-start"],
      ]);
    }
  });

  it("a template is never running: its running instances are planned instead", () => {
    const tpl = (script: string) => ({ "foo@": { script, ...W } });
    expect(rows(plan(host(tpl("a")), host(tpl("b"))))).toEqual([]);
    const containers = () => evaluate({ containers: { web: { autoStart: true, config: {} } } });
    expect(rows(plan(evaluate({}), containers()))).toEqual([
      ["container@web.service", "added", "start"],
    ]);
    expect(rows(plan(containers(), evaluate({})))).toEqual([
      ["container@web.service", "removed", "stop"],
    ]);
  });
});

describe("unit comparison and the printed plan", () => {
  it("reloads a mount whose options changed, restarts for a section on one side only", () => {
    const unit = (text: string) => parseUnit(text);
    expect(compareUnits(unit("[Mount]\nOptions=a\n"), unit("[Mount]\nOptions=b\n"))).toBe("reload");
    expect(compareUnits(unit("[Service]\n"), unit("[Service]\n[X-Foo]\n"))).toBe("restart");
    expect(compareUnits(unit("[Unit]\nX-Reload-Triggers=a\n"), unit("[Unit]\n"))).toBe("equal");
  });

  it("prints switch-to-configuration's lines in its order, names sorted by lower case", () => {
    const text = formatPlan(
      plan(
        host({
          B: { script: "1", ...W },
          a: { script: "1", ...W },
          r: { script: "1", reloadIfChanged: true, ...W },
        }),
        host({
          B: { script: "2", ...W },
          a: { script: "2", ...W },
          r: { script: "2", reloadIfChanged: true, ...W },
        }),
      ),
    );
    expect(text.split("\n").slice(0, 3)).toEqual([
      "stopping the following units: a.service, B.service",
      "reloading the following units: r.service",
      "starting the following units: a.service, B.service",
    ]);
  });

  it("refuses what is no plan, no parsed unit, and a rendering's unit that is no unit name", () => {
    expect(moduleError(() => formatPlan(null as never)).message).toContain("formatPlan");
    expect(moduleError(() => compareUnits(null as never, new Map())).message).toContain(
      "compareUnits",
    );
    const r = render(host({}));
    expect(
      moduleError(() => plan({ ...r, units: { "a/b.service": "[Service]\n" } }, r)).message,
    ).toBe(
      '`units\' of the old rendering given to plan names "a/b.service", which is no unit name',
    );
    // A name every object inherits is a name like any other.
    const named = { ...r, units: { constructor: "[Service]\n" } };
    expect(plan(named, r).files.map((f) => f.path)).toEqual(["etc/systemd/system/constructor"]);
  });
});

it("reads unit files as switch-to-configuration does: blanks around `=` do not count", () => {
  expect(
    compareUnits(parseUnit("[Service]\nExecStart = /a\n"), parseUnit("[Service]\nExecStart=/a\n")),
  ).toBe("equal");
});

// Expected values printed by rust-ini 0.21.2 (inline comments on, quotes read, backslashes kept)
// with switch-to-configuration-ng's `parse_systemd_ini` around it.
describe("unit files read with switch-to-configuration's INI reader", () => {
  const asObject = (unit: Map<string, Map<string, string[]>>) =>
    Object.fromEntries([...unit].map(([section, keys]) => [section, Object.fromEntries(keys)]));

  it("unquotes a leading quoted part, ends a value at a blank and `#' or `;', joins a line ending in `\\'", () => {
    const text = [
      "[Service]",
      'Environment="A=1 2"',
      "ExecStart=/bin/x --a #one",
      "ExecStart=/bin/y ;two",
      'User="bob" smith',
      "K:v=w",
      "Long=a \\",
      "b",
      "  Indented = i",
      "[Install]",
      "WantedBy=x",
      "",
    ].join("\n");
    expect(asObject(parseUnit(text))).toEqual({
      Service: {
        Environment: ["A=1 2"],
        // A key written n times gets its values n times over, as parse_systemd_ini gathers them.
        ExecStart: ["/bin/x --a", "/bin/y", "/bin/x --a", "/bin/y"],
        User: ["bob smith"],
        K: ["v=w"],
        Long: ["a b"],
        Indented: ["i"],
      },
    });
  });

  it("clears a key's values at an empty one, and adds a later section's", () => {
    expect(asObject(parseUnit("[Service]\nK=a\nK=b\n[Service]\nK=c\n"))).toEqual({
      Service: { K: ["a", "b", "a", "b", "c"] },
    });
    expect(asObject(parseUnit("[Service]\nK=a\nK=\nK=b\nK=c\n"))).toEqual({
      Service: { K: ["b", "c"] },
    });
  });

  it("refuses what the reader refuses, with its place, as the switch fails on it", () => {
    for (const [text, place] of [
      ['[Service]\nDescription="unclosed\nX=1\n', "line 4, column 1"],
      ["[Service]\n=v\n", "line 2, column 2"],
      ["[Service]\nkey-without-value", "line 2, column 18"],
    ]) {
      expect(moduleError(() => parseUnit(text!)).message).toContain(place);
    }
  });

  it("takes only text", () => {
    expect(moduleError(() => parseUnit(5 as never)).message).toBe(
      "the unit file given to parseUnit is an integer while a string was expected",
    );
  });

  it("fails a plan whose unit that reader refuses, naming the unit", () => {
    const user = (name: string) =>
      host({ u: { script: "x", serviceConfig: { User: name }, ...W } });
    expect(moduleError(() => plan(user("bob"), user('"bob'))).message).toBe(
      'switch-to-configuration cannot read u.service: line 10, column 1: expected "\\"" but found the end of the file',
    );
  });

  it("so a change after ` #' in a value is no change to the switch", () => {
    const at = (comment: string) =>
      host({ u: { serviceConfig: { ExecStart: `/bin/u --flag #${comment}` }, ...W } });
    expect(plan(at("one"), at("two")).units).toEqual([]);
  });
});

describe("found by a second review against switch-to-configuration-ng", () => {
  const T = { "foo@": { script: "tpl" } };

  it("an instance with its own file is stopped when the file goes or is masked, started when unmasked", () => {
    const own = { "foo@x": { script: "own", ...W } };
    const masked = { "foo@x": { script: "own", enable: false, ...W } };
    expect(rows(plan(host({ ...T, ...own }), host(T)))).toEqual([
      ["foo@x.service", "removed", "stop"],
    ]);
    expect(plan(host({ ...T, ...own }), host({ ...T, ...masked })).units).toMatchObject([
      { unit: "foo@x.service", action: "stop", reason: "it is now masked" },
    ]);
    expect(plan(host({ ...T, ...masked }), host({ ...T, ...own })).units).toMatchObject([
      {
        unit: "foo@x.service",
        action: "start",
        reason: "it is no longer masked and multi-user.target wants it",
      },
    ]);
    const two = evaluate({
      containers: { web: { autoStart: true, config: {} }, db: { autoStart: true, config: {} } },
    });
    const one = evaluate({ containers: { web: { autoStart: true, config: {} } } });
    expect(rows(plan(two, one))).toEqual([["container@db.service", "removed", "stop"]]);
  });

  it("an instance's drop-in is planned with its template", () => {
    const di = (tpl: Record<string, unknown>, env: string) =>
      host({
        "foo@": tpl,
        "foo@x": { overrideStrategy: "asDropin", serviceConfig: { Environment: env }, ...W },
      });
    expect(rows(plan(di({ script: "a" }, "X=1"), di({ script: "b" }, "X=1")))).toEqual([
      ["foo@x.service", "changed", "stop-start"],
    ]);
    const keep = { script: "a", restartIfChanged: false };
    expect(rows(plan(di(keep, "X=1"), di(keep, "X=2")))).toEqual([
      ["foo@x.service", "changed", "skip"],
    ]);
  });

  it("a masked unit does not run and pulls in nothing; a unit running under an alias is planned", () => {
    const m = { m: { script: "a", enable: false, ...W } };
    expect(
      rows(plan(host(m), host({ ...m, x: { script: "x", wantedBy: ["m.service"] } }))),
    ).toEqual([["x.service", "added", "skip"]]);
    const aliased = (script: string) =>
      host({
        a: { script, aliases: ["b.service"] },
        c: { script: "c", wants: ["b.service"], ...W },
      });
    expect(rows(plan(aliased("x"), aliased("y")))).toEqual([
      ["a.service", "changed", "stop-start"],
    ]);
  });

  it("a target is never reloaded: it is started again", () => {
    const r = render(host({}));
    const target = (t: string) => ({
      ...r,
      units: { "app.target": `[Unit]\nX-Reload-Triggers=${t}\n` },
      links: { "multi-user.target.wants/app.target": "../app.target" },
    });
    expect(plan(target("1"), target("2")).units).toEqual([]);
  });
});

// switch-to-configuration-ng finds a template by `^(.*)@[^.]*\.(.*)$`: `vpn@.conf.service` here.
it("leaves alone an instance whose name has a dot, whose template the switch does not find", () => {
  const tpl = (script: string) => ({
    "vpn@": { script },
    "vpn@client.conf": {
      overrideStrategy: "asDropin",
      serviceConfig: { Environment: "X=1" },
      ...W,
    },
  });
  const p = plan(host(tpl("a")), host(tpl("b")));
  expect(rows(p)).toEqual([["vpn@client.conf.service", "changed", "skip"]]);
  expect(p.units[0]!.reason).toContain("it looks for vpn@.conf.service");
});

it("names a drop-in's diff by its overrides.conf, and carries the new configuration's warnings", () => {
  const dropIn = (x: string) => ({
    sshd: { overrideStrategy: "asDropin", serviceConfig: { ExecStart: x } },
  });
  const p = plan(host(dropIn("/bin/a")), host(dropIn("/bin/b")));
  expect(p.units[0]!.diff).toContain("--- a/sshd.service.d/overrides.conf");
  expect(p.units[0]!.reason).toMatch(/^its drop-in changed/);
  const warned = evaluate({ warnings: ["deprecated thing"] });
  expect(plan(host({}), warned).warnings).toEqual(["deprecated thing"]);
});

// Found by running switch-to-configuration-ng's own decision code (its main loop, compare_units
// and handle_modified_unit, with systemd's answers stubbed) on the trees nixmod renders.
describe("what switch-to-configuration-ng's code does", () => {
  const system = (systemd: Record<string, unknown>) => evaluate({ systemd });

  it("follows the dependencies of the targets nixmod renders, and of their drop-ins", () => {
    const g1 = { g1: { wantedBy: ["multi-user.target"], wants: ["a.service"] } };
    expect(
      rows(
        plan(
          system({ services: { a: { script: "1" } } }),
          system({ services: { a: { script: "1" } }, targets: g1 }),
        ),
      ),
    ).toEqual([
      ["a.service", "unchanged", "start"],
      ["g1.target", "added", "start"],
    ]);
    const running = plan(
      system({ services: { a: { script: "1" } }, targets: g1 }),
      system({ services: { a: { script: "2" } }, targets: g1 }),
    );
    expect(rows(running)).toEqual([["a.service", "changed", "stop-start"]]);
    const multiUser = { "multi-user": { wants: ["bar.service"] } };
    expect(
      rows(
        plan(
          system({ services: { bar: { script: "1" } } }),
          system({ services: { bar: { script: "1" } }, targets: multiUser }),
        ),
      ),
    ).toEqual([["bar.service", "unchanged", "start"]]);
  });

  it("starts again every target that ran before, wanted or not, with what it now wants", () => {
    const before = system({ targets: { g1: { wantedBy: ["multi-user.target"] } } });
    const after = system({
      services: { b: { script: "1", wantedBy: ["g1.target"] } },
      targets: { g1: { description: "h" } },
    });
    expect(rows(plan(before, after))).toEqual([["b.service", "added", "start"]]);
  });

  it("stops a removed target, and one that sets X-StopOnReconfiguration before starting it again", () => {
    const g1 = (unitConfig = {}) => ({ g1: { wantedBy: ["multi-user.target"], unitConfig } });
    expect(rows(plan(system({ targets: g1() }), system({})))).toEqual([
      ["g1.target", "removed", "stop"],
    ]);
    const reconfigured = system({ targets: g1({ "X-StopOnReconfiguration": true }) });
    expect(rows(plan(reconfigured, reconfigured))).toEqual([
      ["g1.target", "unchanged", "stop-start"],
    ]);
    // Started by hand only: the switch stops it and does not start it.
    const manual = system({
      targets: g1({ "X-StopOnReconfiguration": true, RefuseManualStart: true }),
    });
    expect(rows(plan(reconfigured, manual))).toEqual([["g1.target", "changed", "stop"]]);
  });

  it("stops with a unit what requires it, and starts it again only where a target wants it", () => {
    const b = (script: string) => ({ script, ...W });
    const dropped = plan(
      system({ services: { a: { script: "1", ...W, requires: ["b.service"] }, b: b("1") } }),
      system({ services: { a: { script: "1", requires: ["b.service"] }, b: b("2") } }),
    );
    expect(rows(dropped)).toEqual([
      ["a.service", "unchanged", "stop"],
      ["b.service", "changed", "stop-start"],
    ]);
    expect(dropped.units[0]!.reason).toBe(
      "stopped with b.service, which it requires; nothing in the new configuration starts it again",
    );
    // A reload planned for it becomes a start: the switch finds it stopped.
    const a = { script: "1", ...W, requires: ["b.service"], reloadIfChanged: true };
    const reloaded = plan(
      system({ services: { a, b: b("1") } }),
      system({ services: { a: { ...a, reloadTriggers: ["x"] }, b: b("2") } }),
    );
    expect(rows(reloaded)).toEqual([
      ["a.service", "changed", "stop-start"],
      ["b.service", "changed", "stop-start"],
    ]);
    const restarted = plan(
      system({ services: { a, b: { ...b("1"), stopIfChanged: false } } }),
      system({ services: { a, b: { ...b("2"), stopIfChanged: false } } }),
    );
    expect(rows(restarted)).toEqual([
      ["a.service", "unchanged", "restart"],
      ["b.service", "changed", "restart"],
    ]);
  });

  it("credits a template's dependencies to its running instances", () => {
    const services = (script: string) => ({
      "t@": { script: "t", wants: ["b.service"] },
      "t@x": { overrideStrategy: "asDropin", ...W },
      b: { script },
    });
    expect(
      rows(plan(system({ services: services("1") }), system({ services: services("2") }))),
    ).toEqual([["b.service", "changed", "stop-start"]]);
  });

  it("stops an instance whose template is gone, and leaves one that gets a file of its own", () => {
    const instance = { "t@x": { overrideStrategy: "asDropin", ...W } };
    const before = system({ services: { "t@": { script: "1" }, ...instance } });
    expect(rows(plan(before, system({})))).toEqual([["t@x.service", "removed", "stop"]]);
    const own = plan(
      before,
      system({ services: { "t@": { script: "1" }, "t@x": { script: "2", ...W } } }),
    );
    expect(rows(own)).toEqual([["t@x.service", "changed", "skip"]]);
    expect(own.units[0]!.reason).toMatch(/^it now has a unit file of its own/);
  });
});
