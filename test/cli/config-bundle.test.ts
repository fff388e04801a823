/**
 * How the command loads TypeScript and JavaScript config modules (bin/config-bundle.ts): bundled
 * with their local imports, each file still sees its own place, packages and nixmod itself are
 * imported from where they are (one copy of nixmod), and errors name the file, line and column.
 */
import { describe, it } from "vitest";
import { runCli } from "./run-cli.ts";
import { scratchFiles } from "../helpers/scratch-files.ts";

const { dir, write } = scratchFiles("cli-bundle");
write("package.json", '{ "type": "module" }\n');

/** The text at `attr` (the host name by default) of a config, as `nixmod eval --attr` prints it. */
async function printed(
  config: string,
  attr = "networking.hostName",
): Promise<{ status: number | null; out: string }> {
  const r = await runCli(["eval", config, "--attr", attr]);
  return { status: r.status, out: r.status === 0 ? (JSON.parse(r.stdout) as string) : r.stderr };
}

/** What `nixmod eval CONFIG` says on stderr when it cannot load the config (exit status 1). */
async function loadError(config: string): Promise<{ status: number | null; stderr: string }> {
  const r = await runCli(["eval", config]);
  return { status: r.status, stderr: r.stderr };
}

describe.concurrent("config modules the command bundles", () => {
  it("gives the config the command's own copy of nixmod", async ({ expect }) => {
    const file = write(
      "same-copy.ts",
      `import { types } from "nixmod";
export default ({ lib }: any) => ({
  networking: { hostName: lib.types.str === types.str ? "same" : "another" },
});
`,
    );
    expect(await printed(file)).toEqual({ status: 0, out: "same" });
  });

  it("each file reads its own import.meta.url, __dirname and __filename", async ({ expect }) => {
    write(
      "sub/part.ts",
      `export const where = [import.meta.url, import.meta.dirname, __dirname, __filename];\n`,
    );
    const file = write(
      "places.ts",
      `import { where } from "./sub/part.ts";
const own = [import.meta.url, import.meta.filename, __filename].map((p) => p.replace(/^.*\\//, ""));
export default { networking: { extraHosts: JSON.stringify({ own, where }) } };
`,
    );
    const { status, out } = await printed(file, "networking.extraHosts");
    expect(status).toBe(0);
    expect(JSON.parse(out)).toEqual({
      own: ["places.ts", "places.ts", "places.ts"],
      where: [`file://${dir}/sub/part.ts`, `${dir}/sub`, `${dir}/sub`, `${dir}/sub/part.ts`],
    });
  });

  it("keeps a config's own __dirname and require bindings", async ({ expect }) => {
    const file = write(
      "own-bindings.ts",
      `import { createRequire } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
const __dirname = dirname(fileURLToPath(import.meta.url)) + "/own";
const require = createRequire(import.meta.url);
const { basename } = require("node:path");
export default { networking: { hostName: basename(__dirname) } };
`,
    );
    expect(await printed(file)).toEqual({ status: 0, out: "own" });
  });

  it("runs a CommonJS config that requires a builtin", async ({ expect }) => {
    const cjs = write("cjs/package.json", "{}\n");
    const file = write(
      "cjs/host.js",
      `const { basename } = require("node:path");
module.exports = { networking: { hostName: basename("/x/from-cjs") } };
`,
    );
    expect(cjs).toMatch(/package\.json$/);
    expect(await printed(file)).toEqual({ status: 0, out: "from-cjs" });
  });

  it("reads a CommonJS file compiled from an ES module as one; an empty one exports nothing", async ({
    expect,
  }) => {
    write("compiled/package.json", "{}\n");
    const compiled = write(
      "compiled/host.js",
      `Object.defineProperty(exports, "__esModule", { value: true });
exports.default = { networking: { hostName: "compiled" } };
`,
    );
    expect(await printed(compiled)).toEqual({ status: 0, out: "compiled" });
    const empty = write("compiled/empty.js", "module.exports = {};\n");
    expect(await loadError(empty)).toEqual({
      status: 1,
      stderr: `error: ${empty}: export a module (or a list of modules) as the default export\n`,
    });
  });

  it("imports a package from the config's folder, not into the bundle", async ({ expect }) => {
    // The repository's own config folder, where node_modules has `yaml`.
    const r = await runCli([
      "eval",
      "test/cli/fixtures/package-import.ts",
      "--attr",
      "networking.hostName",
    ]);
    expect([r.status, r.stderr]).toEqual([0, ""]);
    expect(JSON.parse(r.stdout)).toBe("from-yaml");
  });

  it("resolves a package as node does (no `module` condition or field), and bundles its JSON", async ({
    expect,
  }) => {
    for (const [name, manifest] of [
      ["by-exports", { exports: { module: "./bundler.js", default: "./node.js" } }],
      ["by-fields", { module: "./bundler.js", main: "./node.js" }],
    ] as const) {
      write(`node_modules/${name}/package.json`, JSON.stringify({ name, ...manifest }));
      write(`node_modules/${name}/node.js`, 'module.exports = "node";\n');
      write(`node_modules/${name}/bundler.js`, 'module.exports = "bundler";\n');
    }
    const file = write(
      "conditions.ts",
      `import a from "by-exports";
import b from "by-fields";
import manifest from "by-fields/package.json";
export default { networking: { hostName: \`\${a}-\${b}-\${manifest.name}\` } };
`,
    );
    expect(await printed(file)).toEqual({ status: 0, out: "node-node-by-fields" });
  });

  it("a syntax error on the line that took the place declarations keeps its column", async ({
    expect,
  }) => {
    const file = write("first-line.ts", "export default { x: import.meta.url, };;; )\n");
    expect(await loadError(file)).toEqual({
      status: 1,
      stderr: `error: ${file}:1:43: Unexpected ")"\n`,
    });
  });

  it("an error in an imported file names that file and its line", async ({ expect }) => {
    write("broken/part.ts", "export const x = {\n  a: 1,,\n};\n");
    const file = write("broken/host.ts", 'export { x as default } from "./part.ts";\n');
    expect(await loadError(file)).toEqual({
      status: 1,
      stderr: `error: ${dir}/broken/part.ts:2:8: Expected identifier but found ","\n`,
    });
  });

  it("a config that throws while it loads: the file and the first line of the message", async ({
    expect,
  }) => {
    const file = write("throws.ts", 'throw new Error("no host today\\nsecond line");\n');
    expect(await loadError(file)).toEqual({ status: 1, stderr: `error: ${file}: no host today\n` });
  });

  it("a config that throws something that is no error: the value, shown", async ({ expect }) => {
    const file = write("throws-value.ts", "throw { code: 42 };\n");
    expect(await loadError(file)).toEqual({
      status: 1,
      stderr: `error: ${file}: thrown value {"code":42}\n`,
    });
  });

  it("an import that does not resolve names the importing file", async ({ expect }) => {
    const file = write("missing.ts", 'import x from "./nowhere.ts";\nexport default x;\n');
    expect(await loadError(file)).toEqual({
      status: 1,
      stderr: `error: ${file}:1:15: Could not resolve "./nowhere.ts"\n`,
    });
  });
});
