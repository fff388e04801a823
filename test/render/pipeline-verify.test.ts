/**
 * What real tools say about the generated files: every unit of every render vector and every
 * example passes `systemd-analyze verify` with nothing on stderr (offline, under a temporary
 * `--root=`; see test/helpers/systemd-verify.ts), and every generated script passes `bash -n`.
 *
 * Units are verified in as few `systemd-analyze` runs as unit names allow (each run costs about
 * a second). Some vectors depend on units that exist on a NixOS host but not here
 * (`dovecot2.service`, `zfs-import.target`): those get a minimal stub unit in the root, as the
 * referenced executables get stub programs, and the test name lists them.
 */

import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { evaluate, render, type Evaluation, type Rendered } from "../../lib/index.ts";
import { systemdAnalyzeAvailable, verifyUnits } from "../helpers/systemd-verify.ts";
import { evaluateExample, examples } from "../cli/examples.ts";

interface Source {
  name: string;
  rendered: Rendered;
  /** Other generated scripts of the host (e.g. `nixos-container-shell`): label → text. */
  extraScripts: Record<string, string>;
}

const vectorDir = new URL("../vectors/render/", import.meta.url);

function vectorSources(): Source[] {
  return readdirSync(vectorDir)
    .filter((f) => /^u\d+.*\.json$/.test(f))
    .sort()
    .map((file) => {
      const v = JSON.parse(readFileSync(new URL(file, vectorDir), "utf8")) as {
        services: Record<string, unknown>;
        pkgs: Record<string, string>;
      };
      const evaluation = evaluate({ systemd: { services: v.services } }, { pkgs: v.pkgs });
      return { name: file, rendered: render(evaluation), extraScripts: {} };
    });
}

/** Scripts a host gets besides the job scripts: the seed's `nixos-container-shell`, when installed. */
function packageScripts(evaluation: Evaluation): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pkg of evaluation.config.environment.systemPackages as unknown[]) {
    const text = (pkg as { text?: unknown }).text;
    if (typeof text === "string") out[String(pkg)] = text;
  }
  return out;
}

const sources: Source[] = [
  ...vectorSources(),
  ...(await Promise.all(
    examples.map(async (example) => {
      const evaluation = await evaluateExample(example);
      return {
        name: example.config,
        rendered: render(evaluation),
        extraScripts: packageScripts(evaluation),
      };
    }),
  )),
];

/** Groups the sources so that no two in a group render a unit of the same name. */
function batches(all: readonly Source[]): Source[][] {
  const groups: { sources: Source[]; names: Set<string> }[] = [];
  for (const source of all) {
    const names = Object.keys(source.rendered.units);
    let group = groups.find((g) => names.every((n) => !g.names.has(n)));
    if (group === undefined) groups.push((group = { sources: [], names: new Set() }));
    group.sources.push(source);
    for (const n of names) group.names.add(n);
  }
  return groups.map((g) => g.sources);
}

const dependencyKeys = new Set([
  "Requires",
  "Requisite",
  "Wants",
  "BindsTo",
  "PartOf",
  "Upholds",
  "Conflicts",
  "OnFailure",
  "OnSuccess",
]);
const hostUnitDirs = ["/usr/lib/systemd/system", "/lib/systemd/system"];

function onHost(unit: string): boolean {
  const template = unit.replace(/@[^.]*\./, "@.");
  return hostUnitDirs.some((d) => existsSync(`${d}/${unit}`) || existsSync(`${d}/${template}`));
}

/** Minimal stand-ins for the units `units` depend on that neither they nor the host have. */
function stubUnits(units: Record<string, string>): Record<string, string> {
  const stubs: Record<string, string> = {};
  for (const text of Object.values(units)) {
    for (const line of text.split("\n")) {
      const eq = line.indexOf("=");
      if (eq < 0 || !dependencyKeys.has(line.slice(0, eq))) continue;
      for (const unit of line.slice(eq + 1).split(/\s+/)) {
        if (unit === "" || unit in units || unit in stubs || onHost(unit)) continue;
        if (unit.endsWith(".target")) stubs[unit] = "[Unit]\nDescription=Test stub\n";
        else if (unit.endsWith(".service")) {
          stubs[unit] =
            "[Unit]\nDescription=Test stub\n\n[Service]\nType=oneshot\nExecStart=/bin/true\n";
        } else throw new Error(`no stub for ${unit}`);
      }
    }
  }
  return stubs;
}

const available = systemdAnalyzeAvailable();

describe.skipIf(!available)(
  `systemd-analyze verify${available ? "" : " (skipped: systemd-analyze or a host unit directory is missing; install systemd)"}`,
  () => {
    it("has units to verify from every vector and example", () => {
      expect(sources).toHaveLength(12 + examples.length);
      for (const s of sources)
        expect(Object.keys(s.rendered.units).length, s.name).toBeGreaterThan(0);
    });

    for (const batch of batches(sources)) {
      const units: Record<string, string> = Object.assign(
        {},
        ...batch.map((s) => s.rendered.units),
      );
      const stubs = stubUnits(units);
      const stubNote =
        Object.keys(stubs).length === 0 ? "" : ` (stubs: ${Object.keys(stubs).join(", ")})`;
      it(`passes with empty stderr: ${batch.map((s) => s.name).join(", ")}${stubNote}`, () => {
        const result = verifyUnits({ ...units, ...stubs });
        expect(result.stderr).toBe("");
        expect(result.status).toBe(0);
      });
    }
  },
);

describe("bash -n", () => {
  const scriptsOf = (source: Source) => ({ ...source.rendered.scripts, ...source.extraScripts });
  it("has scripts to check", () => {
    expect(sources.filter((s) => Object.keys(scriptsOf(s)).length > 0).length).toBeGreaterThan(5);
  });
  for (const source of sources.filter((s) => Object.keys(scriptsOf(s)).length > 0)) {
    it(`accepts every generated script of ${source.name}`, () => {
      const scripts = scriptsOf(source);
      for (const [path, text] of Object.entries(scripts)) {
        const r = spawnSync("bash", ["-n"], { input: text, encoding: "utf8" });
        expect(r.error).toBeUndefined();
        expect({ path, stderr: r.stderr, status: r.status }).toEqual({
          path,
          stderr: "",
          status: 0,
        });
      }
    });
  }
});
