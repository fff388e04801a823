/**
 * systemd.nix's own definitions for units systemd ships, merged into a unit of the user's with
 * that name. Expected results are real Nix's (fixtures/upstream-overrides.json says how).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { evaluate, render, type Module } from "../../lib/index.ts";
import { decodeProperties } from "../helpers/encoded-properties.ts";
import { moduleError } from "../helpers/module-error.ts";

interface Case {
  description: string;
  modules: unknown[];
  expected?: Record<string, unknown>;
  expectedError?: string;
}

const fixture = JSON.parse(
  readFileSync(new URL("./fixtures/upstream-overrides.json", import.meta.url), "utf8"),
) as { pkgs: Record<string, string>; cases: Case[] };

const renderCase = (c: Case) =>
  render(evaluate(decodeProperties(c.modules) as Module[], { pkgs: fixture.pkgs }));

describe("systemd.nix's definitions of upstream units", () => {
  it.each(fixture.cases.map((c) => [c.description, c] as const))("%s", (_, c) => {
    if (c.expectedError !== undefined) {
      expect(moduleError(() => renderCase(c)).message).toContain(c.expectedError);
      return;
    }
    const r = renderCase(c);
    expect({
      units: r.units,
      targets: r.targets,
      links: r.links,
      masked: r.masked,
      scripts: r.scripts,
    }).toEqual(c.expected);
  });

  it("are definitions of the unit, beside the user's, in the evaluation", () => {
    const config = evaluate({
      systemd: { services: { "systemd-fsck@": { description: "fsck" }, web: {} } },
    }).config as any;
    expect(Object.keys(config.systemd.services)).toEqual(["systemd-fsck@", "web"]);
    const fsck = config.systemd.services["systemd-fsck@"];
    expect([fsck.restartIfChanged, fsck.path.map(String)]).toEqual([
      false,
      ["/nix/store/5x2xa5z4g0siqx2ml9j37bl73fb833cj-util-linux-2.41.2"],
    ]);
    expect(config.systemd.services.web.restartIfChanged).toBe(true);
  });

  it("make no unit the user does not define", () => {
    const r = render(evaluate({}));
    expect([Object.keys(r.units), Object.keys(r.targets), r.dropIns]).toEqual([[], [], []]);
    expect(Object.keys(evaluate({}).config.systemd.targets)).toEqual([]);
  });
});
