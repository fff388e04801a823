import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { evalModules, ModuleError } from "nixmod";

const dir = new URL("./conformance/", import.meta.url);
const cases = readdirSync(dir)
  .filter((f) => f.endsWith(".case.ts"))
  .sort();

describe("conformance cases from real Nix", () => {
  it("has every case", () => {
    expect(cases.length).toBe(53);
  });
  for (const file of cases) {
    it(file.replace(/\.case\.ts$/, ""), async () => {
      const c = (await import(/* @vite-ignore */ new URL(file, dir).href)).default;
      const run = () => {
        const result = evalModules(
          c.specialArgs
            ? { modules: c.modules, specialArgs: c.specialArgs }
            : { modules: c.modules },
        );
        const selected = c.select ? c.select(result) : result.config;
        return JSON.parse(JSON.stringify(selected));
      };
      if ("expected" in c) {
        expect(run()).toEqual(c.expected);
      } else {
        let thrown: unknown;
        try {
          run();
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(ModuleError);
        expect((thrown as ModuleError).message).toContain(c.expectedError.phrase);
        if (c.expectedError.loc) expect((thrown as ModuleError).loc).toEqual(c.expectedError.loc);
      }
    });
  }
});
