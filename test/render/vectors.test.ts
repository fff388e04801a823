/** Every render vector (u01–u10, h01–h03), compared byte for byte. */

import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderEtcHosts } from "../../lib/render/etc-hosts.ts";
import type { RenderPackages } from "../../lib/render/service.ts";
import { renderServices } from "../../lib/render/unit-file.ts";
import { servicesWithDefaults } from "./service-defaults.ts";

const dir = new URL("../vectors/render/", import.meta.url);
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .sort();

interface ServiceVector {
  description: string;
  services: Record<string, Record<string, unknown>>;
  pkgs: RenderPackages;
  expected: {
    units: Record<string, string>;
    masked: string[];
    scripts: Record<string, string>;
    files: Record<string, string>;
    wants: Record<string, string>;
    requires: Record<string, string>;
    upholds: Record<string, string>;
    aliases: Record<string, string>;
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

describe("render vectors", () => {
  it("are all present", () => {
    expect(files.filter((f) => f.startsWith("u"))).toHaveLength(10);
    expect(files.filter((f) => f.startsWith("h"))).toHaveLength(3);
  });

  for (const file of files.filter((f) => !f.startsWith("h"))) {
    describe(file, () => {
      const v = load<ServiceVector>(file);
      const r = renderServices(servicesWithDefaults(v.services), { pkgs: v.pkgs });

      it("units", () => {
        expect(Object.keys(r.units).sort()).toEqual(Object.keys(v.expected.units).sort());
        for (const [unit, text] of Object.entries(v.expected.units))
          expect(r.units[unit]).toBe(text);
      });
      it("scripts", () => expect(r.scripts).toEqual(v.expected.scripts));
      it("trigger files", () => expect(r.files).toEqual(v.expected.files));
      it("links", () =>
        expect(r.links).toEqual({
          ...v.expected.wants,
          ...v.expected.requires,
          ...v.expected.upholds,
          ...v.expected.aliases,
        }));
      it("masked", () => expect([...r.masked].sort()).toEqual([...v.expected.masked].sort()));
    });
  }

  for (const file of files.filter((f) => f.startsWith("h"))) {
    it(file, () => {
      const v = load<HostsVector>(file);
      expect(
        renderEtcHosts({
          hostName: v.hostName,
          extraHosts: v.extraHosts,
          enableIPv6: v.enableIPv6,
          domain: null,
        }),
      ).toBe(v.expected);
    });
  }
});
