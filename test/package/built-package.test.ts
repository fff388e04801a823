/**
 * The package as it is installed: the build of the sources (`npm run build`, into a
 * temporary folder) with the files package.json ships, used from a project beside it by plain
 * node, by the `nixmod` command and by the TypeScript compiler, as a user would.
 */
import { execFile } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as sources from "nixmod";
import { evaluate, render } from "nixmod";
import { runCli } from "../cli/run-cli.ts";

const run = promisify(execFile);
const repo = new URL("../../", import.meta.url).pathname;
const manifest = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as {
  version: string;
  files: string[];
  exports: Record<string, unknown>;
};

/** The temporary folder: `package/` is the installed nixmod, `project/` the user's project. */
let root: string;
let project: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "nixmod-package-"));
  const pkg = join(root, "package");
  mkdirSync(pkg);
  await run(process.execPath, [join(repo, "bin/build.mjs"), join(pkg, "dist")], { cwd: repo });
  for (const entry of [
    "package.json",
    ...manifest.files.filter((f) => !f.startsWith("dist") && !f.startsWith("!")),
  ]) {
    cpSync(join(repo, entry), join(pkg, entry), { recursive: true });
  }
  symlinkSync(join(repo, "node_modules"), join(pkg, "node_modules"), "dir");
  project = join(root, "project");
  mkdirSync(join(project, "node_modules"), { recursive: true });
  symlinkSync(pkg, join(project, "node_modules/nixmod"), "dir");
  symlinkSync(join(repo, "node_modules/@types"), join(project, "node_modules/@types"), "dir");
  writeFileSync(join(project, "package.json"), JSON.stringify({ type: "module" }));
}, 120000);

afterAll(() => {
  if (root !== undefined) rmSync(root, { recursive: true, force: true });
});

/** The tour's host (README), importing nixmod by its package name as a user's module does. */
const tourHost = readFileSync(join(repo, "examples/tour/host.ts"), "utf8").replace(
  '"../../lib/index.ts"',
  '"nixmod"',
);

describe("the built package", () => {
  test("ships no TypeScript sources, so its command runs the build", () => {
    expect(manifest.files.some((f) => /^(lib|modules|bin\/cli)/.test(f))).toBe(false);
    expect(existsSync(join(root, "package/bin/cli.ts"))).toBe(false);
  });

  test("ships its JavaScript bundled: the library and the command share one module graph", () => {
    const scripts = readdirSync(join(root, "package/dist"), { recursive: true, encoding: "utf8" })
      .filter((file) => file.endsWith(".js"))
      .map((file) => file.replace(/chunk-\w+\.js$/, "chunk.js"))
      .sort();
    expect(scripts).toEqual(["chunks/chunk.js", "cli.js", "nixmod.js"]);
    const entry = readFileSync(join(root, "package/dist/nixmod.js"), "utf8");
    expect(entry).toMatch(/from "\.\/chunks\/chunk-\w+\.js"/);
  });

  test("evaluates and renders under plain node, as the sources do", async () => {
    const config = {
      systemd: {
        containers: {
          web: {
            path: "/nix/var/nix/profiles/web",
            privateNetwork: true,
            hostAddress: "10.0.0.1",
            localAddress: "10.0.0.2",
          },
          db: { config: { networking: { hostName: "database" } } },
        },
      },
    };
    writeFileSync(
      join(project, "build.mjs"),
      `import { evaluate, render, ModuleError } from "nixmod";
const rendered = render(evaluate(${JSON.stringify(config)}));
let error;
try { render(evaluate({ systemd: { containers: { x: { bogus: 1 } } } })); } catch (e) { error = e instanceof ModuleError ? e.message : "not a ModuleError"; }
process.stdout.write(JSON.stringify({ rendered, error }));
`,
    );
    const { stdout } = await run(process.execPath, ["build.mjs"], { cwd: project });
    const built = JSON.parse(stdout) as { rendered: unknown; error: string };
    expect(built.rendered).toEqual(JSON.parse(JSON.stringify(render(evaluate(config)))));
    expect(built.error).toContain("The option `systemd.containers.x.bogus' does not exist.");
  });

  test("its command loads a TypeScript module that imports nixmod by name", async () => {
    writeFileSync(join(project, "host.ts"), tourHost);
    const { stdout } = await run(
      process.execPath,
      [join(root, "package/bin/nixmod.mjs"), "eval", "host.ts", "--attr", "systemd.services"],
      { cwd: project },
    );
    const fromSources = await runCli([
      "eval",
      "examples/tour/host.ts",
      "--attr",
      "systemd.services",
    ]);
    expect(fromSources.status).toBe(0);
    expect(stdout).toBe(fromSources.stdout);
    const version = await run(process.execPath, [
      join(root, "package/bin/nixmod.mjs"),
      "--version",
    ]);
    expect(version.stdout).toMatch(/^nixmod \d+\.\d+\.\d+\n$/);
  });

  test("its command loads a module that imports a package's JSON (bundled: node wants an attribute)", async () => {
    writeFileSync(
      join(project, "versioned.ts"),
      `import manifest from "nixmod/package.json";
export default { networking: { hostName: \`nixmod-\${manifest.version.replace(/\\W/g, "-")}\` } };
`,
    );
    const { stdout } = await run(
      process.execPath,
      [
        join(root, "package/bin/nixmod.mjs"),
        "eval",
        "versioned.ts",
        "--attr",
        "networking.hostName",
      ],
      { cwd: project },
    );
    expect(JSON.parse(stdout)).toBe(`nixmod-${manifest.version.replace(/\W/g, "-")}`);
  });

  test("its command reads a CommonJS module compiled from an ES module by its default export", async () => {
    mkdirSync(join(project, "compiled"), { recursive: true });
    writeFileSync(join(project, "compiled/package.json"), "{}\n");
    writeFileSync(
      join(project, "compiled/host.js"),
      `Object.defineProperty(exports, "__esModule", { value: true });
exports.default = { networking: { hostName: "compiled" } };
`,
    );
    const { stdout } = await run(
      process.execPath,
      [
        join(root, "package/bin/nixmod.mjs"),
        "eval",
        "compiled/host.js",
        "--attr",
        "networking.hostName",
      ],
      { cwd: project },
    );
    expect(JSON.parse(stdout)).toBe("compiled");
  });

  test("its declarations type a user's module and the results", async () => {
    writeFileSync(
      join(project, "typed.ts"),
      `import { evaluate, render, types, mkOption, type Module } from "nixmod";
const host: Module = { systemd: { containers: { web: { path: "/p" } } } };
const units: Record<string, string> = render(evaluate(host)).units;
const option = mkOption({ type: types.listOf(types.str), default: [] });
const wrong: number = units;
export { option, wrong };
`,
    );
    writeFileSync(
      join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          module: "nodenext",
          strict: true,
          noEmit: true,
          types: ["node"],
          skipLibCheck: false,
        },
        files: ["typed.ts"],
      }),
    );
    const result = await run(
      process.execPath,
      [join(repo, "node_modules/typescript/bin/tsc"), "-p", "."],
      {
        cwd: project,
      },
    ).then(
      () => "",
      (error: { stdout: string }) => error.stdout,
    );
    // The one error is the line that misuses a result: the declarations resolved, and typed it.
    expect(result.trim().split("\n")).toEqual([
      expect.stringMatching(
        /^typed\.ts\(5,7\): error TS2322: Type 'Record<string, string>' is not assignable to type 'number'\.$/,
      ),
    ]);
  });

  test("bundles: the bundle needs no file of nixmod's beside it, only its dependencies", async () => {
    const entry = join(project, "bundle-entry.mjs");
    writeFileSync(
      entry,
      `import { evaluate, render, validate } from "nixmod";
const host = { systemd: { containers: { web: { path: "/nix/var/nix/profiles/web" } } } };
const { units } = render(evaluate(host));
const { errors } = validate({ systemd: { containers: { web: { pth: "/p" } } } });
process.stdout.write(JSON.stringify({ units, errors: errors.map((e) => e.message) }));
`,
    );
    const bundle = join(project, "bundle", "out.mjs");
    await run(
      join(repo, "node_modules/.bin/esbuild"),
      [
        entry,
        "--bundle",
        "--platform=node",
        "--format=esm",
        `--outfile=${bundle}`,
        "--log-level=error",
      ],
      { cwd: project },
    );
    // ajv is loaded when validate() first needs it, from beside the bundle.
    symlinkSync(join(repo, "node_modules/ajv"), join(project, "node_modules/ajv"), "dir");
    const { stdout } = await run(process.execPath, [bundle], { cwd: project });
    const result = JSON.parse(stdout) as { units: Record<string, string>; errors: string[] };
    expect(Object.keys(result.units)).toEqual(["container-web.service"]);
    expect(result.errors).toEqual([
      expect.stringContaining("The option `systemd.containers.web.pth' does not exist."),
    ]);
  });

  test("its public functions keep the names the sources give them", async () => {
    // The bundle keeps no names of its own (bin/bundle-options.mjs): one that two modules share
    // would be renamed (`between2`).
    writeFileSync(
      join(project, "names.mjs"),
      `import * as nixmod from "nixmod";
const functionNames = ${functionNames.toString()};
process.stdout.write(JSON.stringify(functionNames(nixmod)));
`,
    );
    const { stdout } = await run(process.execPath, ["names.mjs"], { cwd: project });
    const built = JSON.parse(stdout) as Record<string, string>;
    expect(built["types.ints.between"]).toBe("intBetween");
    expect(built).toEqual(functionNames(sources));
  });

  test("exports its package.json and JSON Schema", () => {
    expect(Object.keys(manifest.exports).sort()).toEqual([
      ".",
      "./package.json",
      "./schema/nixmod.schema.json",
    ]);
    expect(existsSync(join(root, "package/schema/nixmod.schema.json"))).toBe(true);
  });
});

/**
 * The name of every function reachable from a module's `exports` through data properties
 * (getters below them are not run), by path; written to run both here and, as its source text, beside the built package.
 */
function functionNames(exports: object): Record<string, string> {
  const names: Record<string, string> = {};
  const seen = new Set<unknown>();
  const walk = (value: unknown, path: string, depth: number): void => {
    if ((typeof value !== "object" && typeof value !== "function") || value === null) return;
    if (seen.has(value) || depth > 5) return;
    seen.add(value);
    if (typeof value === "function") names[path] = value.name;
    for (const key of Object.keys(value).sort()) {
      const desc = Object.getOwnPropertyDescriptor(value, key);
      if (desc !== undefined && "value" in desc)
        walk(desc.value, path ? `${path}.${key}` : key, depth + 1);
    }
  };
  // A module's exports are bindings (getters, as vitest loads the sources): read them all.
  for (const key of Object.keys(exports).sort())
    walk((exports as Record<string, unknown>)[key], key, 1);
  return names;
}
