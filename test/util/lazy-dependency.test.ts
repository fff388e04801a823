import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const tsx = fileURLToPath(new URL("../../node_modules/.bin/tsx", import.meta.url));
const index = fileURLToPath(new URL("../../lib/index.ts", import.meta.url));

/** Runs `body` in a fresh process after `import * as nixmod from "lib/index.ts"`; prints the packages loaded. */
function loadedAfter(body: string): string[] {
  const script = `
    import { createRequire } from "node:module";
    import * as nixmod from ${JSON.stringify(index)};
    ${body}
    const cache = createRequire(import.meta.url)("node:module")._cache;
    const names = Object.keys(cache).flatMap((f) => {
      const m = /node_modules\\/(yaml|ajv|diff|@babel\\/parser)\\//.exec(f);
      return m ? [m[1]] : [];
    });
    console.log(JSON.stringify([...new Set(names)].sort()));
  `;
  const run = spawnSync(tsx, ["--input-type=module", "-e", script], {
    encoding: "utf8",
    timeout: 60000,
  });
  expect(run.stderr).toBe("");
  return JSON.parse(run.stdout) as string[];
}

describe("dependencies loaded on first use", () => {
  it("evaluating and rendering loads neither YAML, ajv, diff nor Babel's parser", () => {
    expect(loadedAfter(`nixmod.render(nixmod.evaluate({}));`)).toEqual([]);
  });

  it("validating YAML text and planning a change load them when asked", () => {
    const loaded = loadedAfter(`
      const v = nixmod.validate("networking:\\n  hostName: web\\n");
      if (!v.valid || v.config.networking.hostName !== "web") throw new Error(JSON.stringify(v));
      const web = (script) =>
        nixmod.evaluate({
          systemd: { services: { web: { script, wantedBy: ["multi-user.target"] } } },
        });
      const changes = nixmod.plan(web("true"), web("false"));
      if (!changes.units.some((u) => u.diff !== undefined)) throw new Error("no diff");
    `);
    expect(loaded).toEqual(["ajv", "diff", "yaml"]);
  });

  it("a definition's position loads Babel's parser", () => {
    const loaded = loadedAfter(`
      const config = { _file: ${JSON.stringify(index)}, networking: { hostName: "web" } };
      const found = nixmod.explain(nixmod.evaluate(config), ["networking", "hostName"]);
      if (found.definitions.length === 0) throw new Error(JSON.stringify(found));
    `);
    expect(loaded).toEqual(["@babel/parser"]);
  });
});
