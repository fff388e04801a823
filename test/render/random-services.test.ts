/**
 * render() of random service configurations against what NixOS wrote for them under real Nix
 * (test/vectors/render-random/README.md).
 */

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  evaluate,
  mkAfter,
  mkBefore,
  mkDefault,
  mkForce,
  mkIf,
  mkMerge,
  mkOrder,
  mkOverride,
  render,
  type Module,
  type Rendered,
} from "../../lib/index.ts";

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

/** A vector's plain data as nixmod's: `{ __mk }` is a property, `{ __float }` a number. */
function decode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decode);
  if (typeof value !== "object" || value === null) return value;
  const record = value as Record<string, any>;
  if ("__float" in record) return record.__float;
  if (typeof record.__mk === "string") {
    const content = decode(record.v);
    switch (record.__mk) {
      case "force":
        return mkForce(content);
      case "default":
        return mkDefault(content);
      case "before":
        return mkBefore(content);
      case "after":
        return mkAfter(content);
      case "merge":
        return mkMerge(content as unknown[]);
      case "override":
        return mkOverride(record.p, content);
      case "order":
        return mkOrder(record.p, content);
      case "if":
        return mkIf(record.c, content);
    }
    throw new Error(`unknown property ${record.__mk}`);
  }
  const out: Record<string, unknown> = {};
  // Defined, not assigned: a name such as `__proto__` stays a key.
  for (const [key, item] of Object.entries(record))
    Object.defineProperty(out, key, { value: decode(item), enumerable: true, writable: true });
  return out;
}

const withoutEmptyLines = (text: string) => text.split("\n").filter((line) => line !== "");

describe("random services, as NixOS renders them", () => {
  it.each(vectors.cases.map((c) => [c.name, c] as const))("%s", (_, c) => {
    const modules = c.modules.map(
      (m, i) => ({ _file: `module-${i}`, config: decode(m) }) as Module,
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
