// modules.sh:408, `graph/test.nix`: an evaluation's `graph` lists every module given and
// imported, with its key, file and whether it is disabled.
import { describe, expect, it } from "vitest";
import { evalModules } from "nixmod";
import { fixture, modulesPath } from "./helpers.ts";

describe("the evaluation's graph attribute", () => {
  const a = `${modulesPath}/graph/a.nix`;
  const b = `${modulesPath}/graph/b.nix`;
  const evaluation = evalModules({
    modules: [
      {},
      () => ({}),
      fixture("graph/a.nix", { imports: [{ imports: [{}] }], disabledModules: [b] }),
      fixture("graph/b.nix", () => ({ imports: [{ key: "explicit-key" }] })),
    ],
  });

  it("modules.sh:408 graph/test.nix", () => {
    const leaf = (key: string, file: string) => ({ key, file, imports: [], disabled: false });
    expect(evaluation.graph).toEqual([
      leaf(":anon-1", "<unknown-file>"),
      leaf(":anon-2", "<unknown-file>"),
      {
        key: a,
        file: a,
        imports: [
          {
            key: `${a}:anon-1`,
            file: a,
            imports: [leaf(`${a}:anon-1:anon-1`, a)],
            disabled: false,
          },
        ],
        disabled: false,
      },
      { key: b, file: b, imports: [leaf("explicit-key", b)], disabled: true },
    ]);
  });

  it("gives the attributes in Nix's order, so its JSON is Nix's", () => {
    expect(JSON.stringify(evaluation.graph[0])).toBe(
      '{"disabled":false,"file":"<unknown-file>","imports":[],"key":":anon-1"}',
    );
  });

  it("is made once per evaluation", () => {
    expect(evaluation.graph).toBe(evaluation.graph);
  });
});
