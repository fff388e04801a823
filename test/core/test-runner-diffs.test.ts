/**
 * A failed `expect(config).toEqual(…)` shows a diff: vitest copies both sides first, every own
 * property (hidden symbol ones too) and every getter. nixmod's public objects hold their
 * evaluation's state under hidden properties; the copy must stop there, not walk and force the
 * whole evaluation (which ran out of stack: the diff became a RangeError).
 */
import { printDiffOrStringify } from "@vitest/utils/diff";
import { describe, expect, it } from "vitest";
import { evalModules, evaluate, mkIf, mkOption, types } from "../../lib/index.ts";

const result = evalModules({
  modules: [
    {
      options: {
        x: mkOption({ type: types.int }),
        s: mkOption({
          type: types.attrsOf(
            types.submodule({ options: { a: mkOption({ type: types.str, default: "d" }) } }),
          ),
        }),
        l: mkOption({
          type: types.listOf(
            types.submodule({ options: { b: mkOption({ type: types.int, default: 1 }) } }),
          ),
        }),
      },
    },
    { x: 1, s: { k: {} }, l: [{}] },
  ],
});

describe("diffs of nixmod's objects in a failed assertion", () => {
  it("show a configuration's values", () => {
    const diff = printDiffOrStringify(result.config, { x: 2 }, {});
    expect(diff).toContain('"x": 1');
    expect(printDiffOrStringify(result.config.s.k, { a: "e" }, {})).toContain('"a": "d"');
    expect(printDiffOrStringify(result.config.l, [], {})).toContain('"b": 1');
  });

  it("show option records (as their JSON: the option's path, as Nix's toJSON writes it) and properties", () => {
    expect(printDiffOrStringify(result.options.x, {}, {})).toContain('+ "x"');
    expect(printDiffOrStringify({ ...result.options.s }, {}, {})).toContain('"loc": [');
    expect(
      printDiffOrStringify(
        mkIf(() => true, 1),
        {},
        {},
      ),
    ).toContain('"_type": "if"');
  });

  it("show the built-in modules' configuration, nested container systems included", () => {
    const evaluation = evaluate({
      systemd: { containers: { a: { config: { networking: { hostName: "x" } } } } },
    });
    expect(printDiffOrStringify(evaluation.config.systemd.services, {}, {})).toContain(
      '"container-a"',
    );
    expect(printDiffOrStringify(evaluation.config.systemd.containers.a, {}, {})).toContain(
      '"hostName": "x"',
    );
  });
});
