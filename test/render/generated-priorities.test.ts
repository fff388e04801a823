/**
 * The service options NixOS defines itself (the job scripts' `Exec*=` keys, the `[Unit]` lines,
 * `PATH` and the default `path`) weighed against the user's priorities and orders, as NixOS's
 * service submodule merges them. Expected units and errors were printed by real Nix (see the
 * fixture's description).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { evaluate, mkIf, mkOrder, mkOverride, render } from "../../lib/index.ts";
import { moduleError } from "../helpers/module-error.ts";

interface Case {
  name: string;
  web: unknown;
  defs?: unknown[];
  unit?: string;
  files?: Record<string, string>;
  scripts?: Record<string, string>;
  error?: string;
}

const fixture = JSON.parse(
  readFileSync(new URL("fixtures/generated-priorities.json", import.meta.url), "utf8"),
) as { pkgs: Record<string, string>; cases: Case[] };

/** The fixture's JSON form of `mkOverride`, `mkOrder` and `mkIf`, made into the real properties. */
function decode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decode);
  if (typeof value !== "object" || value === null) return value;
  const v = value as Record<string, unknown>;
  if (v.__mk === "override") return mkOverride(v.priority as number, decode(v.content));
  if (v.__mk === "order") return mkOrder(v.priority as number, decode(v.content));
  if (v.__mk === "if") return mkIf(v.condition as boolean, decode(v.content));
  return Object.fromEntries(Object.entries(v).map(([key, inner]) => [key, decode(inner)]));
}

describe("NixOS's definitions of a service's options against the user's", () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const modules = [{ web: c.web }, ...(c.defs ?? [])].map((services) => ({
        systemd: { services: decode(services) },
      }));
      const run = () => render(evaluate(modules, { pkgs: fixture.pkgs }));
      if (c.error !== undefined) {
        expect(moduleError(run).message).toContain(c.error);
        return;
      }
      const rendered = run();
      expect(rendered.units["web.service"]).toBe(c.unit);
      expect(rendered.files).toEqual(c.files);
      if (c.scripts !== undefined) expect(rendered.scripts).toEqual(c.scripts);
    });
  }
});
