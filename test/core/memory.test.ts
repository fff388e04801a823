import * as v8 from "node:v8";
import * as vm from "node:vm";
import { describe, expect, it } from "vitest";
import { evalModules, evaluate, mkOption, types } from "../../lib/index.ts";

// A full collection on demand: node offers `gc` only to processes started with --expose-gc.
v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

/** Whether the objects behind `refs` are gone once nothing but the module system could hold them. */
async function collected(refs: readonly WeakRef<object>[]): Promise<boolean[]> {
  // A WeakRef keeps its target until the job that made or read it has ended.
  await new Promise((resolve) => setTimeout(resolve, 0));
  gc();
  gc();
  return refs.map((ref) => ref.deref() === undefined);
}

// Declarations that live as long as the process, as a build script's own modules do.
const longLived = {
  _file: "long-lived.ts",
  options: { site: { port: mkOption({ type: types.port, default: 8080 }) } },
};

describe("a dropped evaluation is collected", () => {
  // The first case of the file is the process's first sight of these declarations, which is
  // when the level cache had to choose where to keep a level made of new objects.
  it("evalModules: a long-lived module beside one that declares options per evaluation", async () => {
    const once = (n: number): WeakRef<object> => {
      const perEvaluation = ({ config }: { config: any }) => ({
        _file: "per-evaluation.ts",
        options: {
          site: {
            url: mkOption({
              type: types.str,
              get default() {
                return `http://localhost:${config.site.port}/${n}`;
              },
            }),
          },
        },
      });
      const result = evalModules({ modules: [longLived, perEvaluation] });
      expect((result.config as any).site.url).toBe(`http://localhost:8080/${n}`);
      return new WeakRef(result.config as object);
    };
    const refs = [once(1), once(2), once(3)];
    expect(await collected(refs)).toEqual([true, true, true]);
  });

  it("evaluate: host and container systems", async () => {
    const once = (name: string): WeakRef<object> => {
      const evaluation = evaluate({
        systemd: { containers: { [name]: { config: { networking: { hostName: name } } } } },
        containers: { [`m${name}`]: { config: { networking: { hostName: name } } } },
      });
      expect(evaluation.config.systemd.containers[name].path.name).toBe(`nixos-system-${name}`);
      return new WeakRef(evaluation.config as object);
    };
    const refs = [once("a"), once("b"), once("c")];
    expect(await collected(refs)).toEqual([true, true, true]);
  });
});
