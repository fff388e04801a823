/**
 * render() of random service configurations against what NixOS wrote for them under real Nix
 * (test/vectors/render-random/README.md).
 */

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { evaluate, render, type Module, type Rendered } from "../../lib/index.ts";
import { decodeProperties } from "../helpers/encoded-properties.ts";

/** What a vector gives of `render()`'s result. */
type Expected = Pick<
  Rendered,
  | "units"
  | "targets"
  | "timers"
  | "links"
  | "masked"
  | "scripts"
  | "files"
  | "warnings"
  | "etcHosts"
>;

interface Case {
  name: string;
  pkgs: number;
  modules: unknown[];
  expected: Expected;
}

const vectors = JSON.parse(
  readFileSync(new URL("../vectors/render-random/services.json", import.meta.url), "utf8"),
) as { pkgs: Record<string, string>[]; cases: Case[] };

const withoutEmptyLines = (text: string) => text.split("\n").filter((line) => line !== "");

describe("random services, as NixOS renders them", () => {
  it.each(vectors.cases.map((c) => [c.name, c] as const))("%s", (_, c) => {
    const modules = c.modules.map(
      (m, i) => ({ _file: `module-${i}`, config: decodeProperties(m) }) as Module,
    );
    const r = render(evaluate(modules, { pkgs: vectors.pkgs[c.pkgs]! }));
    const { etcHosts, files, ...rest } = c.expected;
    expect({
      units: r.units,
      targets: r.targets,
      timers: r.timers,
      links: r.links,
      masked: r.masked,
      scripts: r.scripts,
      warnings: r.warnings,
    }).toEqual(rest);
    // The trigger files; NixOS's other files (/etc/hosts' parts) are not render()'s.
    const triggers = Object.fromEntries(
      Object.entries(files).filter(([path]) => path.includes("-Triggers-")),
    );
    expect(r.files).toEqual(triggers);
    expect(withoutEmptyLines(r.etcHosts)).toEqual(withoutEmptyLines(etcHosts));
  });
});
