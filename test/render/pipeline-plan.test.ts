/**
 * `plan(before, after)` on evaluations: each of switch-to-configuration's rules for a changed,
 * removed or added unit (nixpkgs' switch-to-configuration-ng, `compare_units` and
 * `handle_modified_unit`), one case each.
 */

import { describe, expect, it } from "vitest";
import { evaluate, plan, render, type Plan } from "../../lib/index.ts";

type Services = Record<string, Record<string, unknown>>;

const planOf = (before: Services, after: Services): Plan =>
  plan(evaluate({ systemd: { services: before } }), evaluate({ systemd: { services: after } }));

/** The one unit action of a plan, as [unit, action]. */
const actions = (p: Plan) => p.units.map((u) => [u.unit, u.action]);

const svc = (extra: Record<string, unknown> = {}) => ({
  wantedBy: ["multi-user.target"],
  serviceConfig: { ExecStart: "/bin/app --one", ...(extra.serviceConfig as object) },
  ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== "serviceConfig")),
});
const changed = { serviceConfig: { ExecStart: "/bin/app --two" } };

describe("plan: a changed unit", () => {
  it("is stopped and started by default (restartIfChanged, stopIfChanged)", () => {
    const p = planOf({ app: svc() }, { app: svc(changed) });
    expect(actions(p)).toEqual([["app.service", "stop-start"]]);
    expect([p.stop, p.start, p.restart]).toEqual([["app.service"], ["app.service"], []]);
    expect(p.units[0]!.reason).toContain("stopped before the new configuration is activated");
    expect(p.units[0]!.diff).toContain("+ExecStart=/bin/app --two");
    expect(p.files).toEqual([{ path: "etc/systemd/system/app.service", change: "changed" }]);
  });

  it("is reloaded with reloadIfChanged", () => {
    const p = planOf(
      { app: svc({ reloadIfChanged: true }) },
      { app: svc({ ...changed, reloadIfChanged: true }) },
    );
    expect(p.reload).toEqual(["app.service"]);
  });

  it("is reloaded with reloadIfChanged even when it sets notSocketActivated", () => {
    const both = { reloadIfChanged: true, notSocketActivated: true };
    const p = planOf({ app: svc(both) }, { app: svc({ ...changed, ...both }) });
    expect(p.reload).toEqual(["app.service"]);
  });

  it("is restarted in place with stopIfChanged = false", () => {
    const p = planOf(
      { app: svc({ stopIfChanged: false }) },
      { app: svc({ ...changed, stopIfChanged: false }) },
    );
    expect(actions(p)).toEqual([["app.service", "restart"]]);
    expect(p.units[0]!.reason).toContain("restarted in place");
  });

  it("is skipped with restartIfChanged = false", () => {
    const p = planOf(
      { app: svc({ restartIfChanged: false }) },
      { app: svc({ ...changed, restartIfChanged: false }) },
    );
    expect(p.skip).toEqual(["app.service"]);
  });

  it.each(["RefuseManualStop", "X-OnlyManualStart"])("is skipped when it sets %s", (key) => {
    const unitConfig = { [key]: true };
    const p = planOf({ app: svc({ unitConfig }) }, { app: svc({ ...changed, unitConfig }) });
    expect(p.skip).toEqual(["app.service"]);
    expect(p.units[0]!.reason).toContain(key);
  });

  it("is reloaded when only its reload triggers changed, restarted for restart triggers", () => {
    expect(
      planOf({ app: svc({ reloadTriggers: ["a"] }) }, { app: svc({ reloadTriggers: ["b"] }) })
        .reload,
    ).toEqual(["app.service"]);
    expect(
      planOf({ app: svc({ restartTriggers: ["a"] }) }, { app: svc({ restartTriggers: ["b"] }) })
        .stop,
    ).toEqual(["app.service"]);
    // Triggers that are gone ask for nothing (switch-to-configuration's compare_units).
    expect(planOf({ app: svc({ reloadTriggers: ["a"] }) }, { app: svc() }).units).toEqual([]);
  });

  it("is left alone when only ignored [Unit] keys or [Install] changed", () => {
    const p = planOf(
      { app: svc({ description: "One" }) },
      { app: svc({ description: "Two", wantedBy: ["multi-user.target", "graphical.target"] }) },
    );
    expect(p.units).toEqual([]);
    expect(p.files.map((f) => `${f.change} ${f.path}`)).toEqual([
      "changed etc/systemd/system/app.service",
      "added etc/systemd/system/graphical.target.wants/app.service",
    ]);
  });

  it("is restarted when a key with an empty value appears or goes (`WorkingDirectory=`)", () => {
    const p = planOf({ app: svc({ serviceConfig: { WorkingDirectory: null } }) }, { app: svc() });
    expect(actions(p)).toEqual([["app.service", "stop-start"]]);
  });
});

describe("plan: a unit that goes or comes", () => {
  it("stops a removed unit, and a unit now masked", () => {
    const p = planOf({ a: svc(), b: svc() }, { b: svc({ enable: false }) });
    expect(p.units.map((u) => [u.unit, u.action, u.reason])).toEqual([
      ["a.service", "stop", "it was removed"],
      ["b.service", "stop", "it is now masked"],
    ]);
  });

  it("leaves a removed unit running when it sets X-StopOnRemoval = false", () => {
    const p = planOf({ a: svc({ unitConfig: { "X-StopOnRemoval": false } }) }, {});
    expect(actions(p)).toEqual([["a.service", "skip"]]);
    expect(p.stop).toEqual([]);
  });

  it("starts a new unit a target wants, and only lists one nothing wants", () => {
    const p = planOf({}, { a: svc(), b: { serviceConfig: { ExecStart: "/bin/b" } } });
    expect(actions(p)).toEqual([
      ["a.service", "start"],
      ["b.service", "skip"],
    ]);
  });

  it("takes renderings as well as evaluations", () => {
    const before = render(evaluate({ systemd: { services: { app: svc() } } }));
    const after = evaluate({ systemd: { services: { app: svc(changed) } } });
    expect(plan(before, after).stop).toEqual(["app.service"]);
  });
});
