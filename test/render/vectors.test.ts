/**
 * Every render vector (u01–u12, h01–h03) through the real pipeline, as the vectors' README
 * says to run them: `render(evaluate({ systemd: { services } }, { pkgs }))` with the built-in
 * modules and the services' real option declarations (no defaults filled in by the test),
 * compared byte for byte.
 */

import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { evaluate, render, type Rendered } from "../../lib/index.ts";

const dir = new URL("../vectors/render/", import.meta.url);
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .sort();

interface ServiceVector {
  description: string;
  services: Record<string, Record<string, unknown>>;
  pkgs: Record<string, string>;
  expected: {
    units: Record<string, string>;
    masked: string[];
    scripts: Record<string, string>;
    files: Record<string, string>;
    wants: Record<string, string>;
    requires: Record<string, string>;
    upholds: Record<string, string>;
    aliases: Record<string, string>;
    /** Only in vectors with `startAt`: `<name>.timer` → the timer unit's text. */
    timers?: Record<string, string>;
  };
}

interface HostsVector {
  description: string;
  hostName: string;
  extraHosts: string;
  enableIPv6: boolean;
  expected: string;
}

function load<T>(file: string): T {
  return JSON.parse(readFileSync(new URL(file, dir), "utf8")) as T;
}

/** Sorted entries, so that two maps compare equal whatever their key order. */
const entries = (map: Record<string, string>) =>
  Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/**
 * `/etc/hosts` without its empty lines: API.md lets suites compare it that way, because the
 * seed module (always in `evaluate`'s module set) defines `networking.extraHosts` too, and the
 * `lines` merge then leaves a newline NixOS without that module would not have.
 */
const nonEmptyLines = (text: string) => text.split("\n").filter((line) => line !== "");

describe("render vectors through render(evaluate(...))", () => {
  it("are all present", () => {
    expect(files.filter((f) => f.startsWith("u"))).toHaveLength(12);
    expect(files.filter((f) => f.startsWith("h"))).toHaveLength(3);
  });

  for (const file of files.filter((f) => !f.startsWith("h"))) {
    describe(file, () => {
      const v = load<ServiceVector>(file);
      // The vector's JSON as it is: `{ type: "derivation", ... }` objects are packages to the
      // module system, as they are to Nix's.
      const r: Rendered = render(evaluate({ systemd: { services: v.services } }, { pkgs: v.pkgs }));

      it("units: exactly the expected names and texts", () => {
        expect(Object.keys(r.units).sort()).toEqual(Object.keys(v.expected.units).sort());
        for (const [unit, text] of Object.entries(v.expected.units)) {
          expect(r.units[unit], unit).toBe(text);
        }
      });
      it("scripts: exactly the expected store paths and texts", () => {
        expect(entries(r.scripts)).toEqual(entries(v.expected.scripts));
      });
      it("script names: what the units run from each script's bin/", () => {
        const unitTexts = Object.values(r.units).join("\n");
        for (const path of Object.keys(v.expected.scripts)) {
          expect(unitTexts).toContain(`${path}/bin/${r.scriptNames[path]!}`);
        }
      });
      it("trigger files: each path appears in a unit, with the expected text", () => {
        const unitTexts = Object.values(r.units).join("\n");
        for (const path of Object.keys(v.expected.files)) expect(unitTexts).toContain(path);
        expect(entries(r.files)).toEqual(entries(v.expected.files));
      });
      it("links: the union of wants, requires, upholds and aliases", () => {
        const { wants, requires, upholds, aliases } = v.expected;
        expect(entries(r.links)).toEqual(
          entries({ ...wants, ...requires, ...upholds, ...aliases }),
        );
      });
      it("masked", () => {
        expect([...r.masked].sort()).toEqual([...v.expected.masked].sort());
      });
      it("timers", () => {
        expect(entries(r.timers)).toEqual(entries(v.expected.timers ?? {}));
      });
    });
  }

  for (const file of files.filter((f) => f.startsWith("h"))) {
    it(`${file}: /etc/hosts, ignoring empty lines`, () => {
      const v = load<HostsVector>(file);
      const { etcHosts } = render(
        evaluate({
          networking: {
            hostName: v.hostName,
            extraHosts: v.extraHosts,
            enableIPv6: v.enableIPv6,
          },
        }),
      );
      expect(nonEmptyLines(etcHosts)).toEqual(nonEmptyLines(v.expected));
      // More precisely: NixOS's bytes, then nothing but the newline(s) the seed's definition adds.
      expect(etcHosts.slice(0, v.expected.length)).toBe(v.expected);
      expect(etcHosts.slice(v.expected.length)).toMatch(/^\n*$/);
    });
  }
});
