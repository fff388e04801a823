/**
 * The generated TypeScript types at work: `tsc --noEmit` on fixtures. A misspelt option and
 * a value of the wrong type are compile errors, a correct config compiles, and an option's
 * description is what the editor shows on hover.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evalModules, mkOption, toJsonSchema, types, type Module, type OptionType } from "nixmod";
import { schemaToTypeScript } from "../../bin/gen-typescript.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const fixture = fileURLToPath(new URL("./fixtures/typed-config.ts", import.meta.url));
const tscBin = createRequire(import.meta.url).resolve("typescript/bin/tsc");

/** Lines (from 1) that follow an `@ts-expect-error` marker. */
function expectedErrorLines(text: string): number[] {
  return text.split("\n").flatMap((line, i) => (/\/\/ @ts-expect-error/.test(line) ? [i + 2] : []));
}

// A sample option tree with what the built-in one lacks: a recursive submodule, a freeform
// submodule, a function, a module and a non-empty list.
let nodeModule: Module = {};
const node: OptionType = types.mkOptionType({
  name: "node",
  toJsonSchema: (ctx) => ctx.options(evalModules({ modules: [nodeModule] }).options, null),
});
nodeModule = {
  options: {
    label: mkOption({ type: types.str, description: "The node's label." }),
    children: mkOption({ type: types.attrsOf(node), default: {} }),
  },
};
const sampleSchema = toJsonSchema(
  evalModules({
    modules: [
      {
        options: {
          tree: mkOption({ type: node, description: "A tree." }),
          settings: mkOption({
            type: types.submodule({
              freeformType: types.attrsOf(types.either(types.str, types.int)),
              options: { port: mkOption({ type: types.port, default: 80 }) },
            }),
            default: {},
          }),
          hook: mkOption({ type: types.functionTo(types.str) }),
          extra: mkOption({ type: types.deferredModule }),
          servers: mkOption({ type: types.nonEmptyListOf(types.str) }),
        },
      },
    ],
  }).options,
  { title: "SampleConfig" },
);

const sampleFixture = `import type { SampleConfig } from "./sample-config.ts";

export const ok: SampleConfig = {
  tree: { label: "a", children: { b: { label: "b", children: {} } } },
  settings: { port: 8080, name: "x", workers: 4 },
  hook: (x: unknown) => String(x),
  extra: { config: {} },
  servers: ["a"],
};
export const bad: SampleConfig = {
  tree: { label: "a", children: { b: { lable: "b" } } },
  settings: { port: "80" },
  hook: "not a function",
  servers: [],
};
`;

let dir = "";
let output = "";

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "nixmod-types-"));
  const text = readFileSync(fixture, "utf8");
  copyFileSync(fixture, join(dir, "fixture.ts"));
  writeFileSync(
    join(dir, "stripped.ts"),
    text.replace(/\/\/ @ts-expect-error.*/g, "// (marker removed)"),
  );
  writeFileSync(
    join(dir, "sample-config.ts"),
    await schemaToTypeScript(sampleSchema, {
      name: "SampleConfig",
      banner: "/* sample */",
      libImport: join(root, "lib/index.ts"),
      formatAs: join(root, "schema/config.ts"),
    }),
  );
  writeFileSync(join(dir, "sample-fixture.ts"), sampleFixture);
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      extends: join(root, "tsconfig.json"),
      compilerOptions: { typeRoots: [join(root, "node_modules/@types")] },
      include: ["fixture.ts", "stripped.ts", "sample-config.ts", "sample-fixture.ts"],
    }),
  );
  try {
    output = execFileSync(process.execPath, [tscBin, "--noEmit", "--pretty", "false", "-p", dir], {
      encoding: "utf8",
    });
  } catch (error) {
    output = String((error as { stdout?: unknown }).stdout ?? "");
  }
}, 120_000);

afterAll(() => {
  if (dir !== "") rmSync(dir, { recursive: true, force: true });
});

/** The errors `tsc` reported in `file`: line and code. */
function errorsIn(file: string): { line: number; code: string; text: string }[] {
  return [...output.matchAll(/^(.*?)\((\d+),\d+\): error (TS\d+): (.*)$/gm)]
    .filter((m) => m[1]!.endsWith(file))
    .map((m) => ({ line: Number(m[2]), code: m[3]!, text: m[4]! }));
}

describe("tsc --noEmit on the built-in config types (schema/config.ts)", () => {
  it("compiles the correct modules (every expected error present)", () => {
    expect(errorsIn("/fixture.ts")).toEqual([]);
  });

  it("fails exactly on the misspelt names and wrong types", () => {
    const text = readFileSync(fixture, "utf8");
    const errors = errorsIn("/stripped.ts");
    expect(errors.map((e) => e.line)).toEqual(expectedErrorLines(text));
    const byLine = new Map(errors.map((e) => [e.line, e]));
    const [misspelt, namespace, wrong, wrongWrapped] = expectedErrorLines(text);
    expect(byLine.get(misspelt!)).toMatchObject({ code: "TS2353" });
    expect(byLine.get(misspelt!)!.text).toContain("'privatNetwork' does not exist");
    expect(byLine.get(namespace!)!.text).toContain("'networkin' does not exist");
    expect(byLine.get(wrong!)).toMatchObject({ code: "TS2322" });
    expect(byLine.get(wrong!)!.text).toContain("Type 'string' is not assignable");
    expect(byLine.get(wrongWrapped!)!.text).toContain(
      "'OverrideProperty<number>' is not assignable",
    );
  });
});

describe("tsc --noEmit on types generated from a sample schema", () => {
  it("compiles recursive, freeform, function and module options", () => {
    expect(errorsIn("/sample-config.ts")).toEqual([]);
    const errors = errorsIn("/sample-fixture.ts");
    expect(errors.map((e) => e.line)).toEqual([11, 12, 13, 14]);
  });
});

describe("hover", () => {
  it("shows an option's description, default and example", () => {
    const text = readFileSync(fixture, "utf8");
    const options = ts.parseJsonConfigFileContent(
      ts.readConfigFile(join(root, "tsconfig.json"), ts.sys.readFile).config,
      ts.sys,
      root,
    ).options;
    const service = ts.createLanguageService({
      getCompilationSettings: () => options,
      getScriptFileNames: () => [fixture],
      getScriptVersion: () => "1",
      getScriptSnapshot: (f) => {
        const content = ts.sys.readFile(f);
        return content === undefined ? undefined : ts.ScriptSnapshot.fromString(content);
      },
      getCurrentDirectory: () => root,
      getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
      fileExists: ts.sys.fileExists,
      readFile: ts.sys.readFile,
      readDirectory: ts.sys.readDirectory,
      directoryExists: ts.sys.directoryExists,
      getDirectories: ts.sys.getDirectories,
    });
    const hover = (word: string) => {
      const info = service.getQuickInfoAtPosition(fixture, text.indexOf(word) + 1)!;
      return [
        ts.displayPartsToString(info.documentation),
        ...(info.tags ?? []).map((t) => `@${t.name} ${ts.displayPartsToString(t.text)}`),
      ].join("\n");
    };
    expect(hover("hostName:")).toContain("The machine's host name");
    const privateNetwork = hover("privateNetwork:");
    expect(privateNetwork).toContain("Whether to give the container its own private virtual");
    expect(privateNetwork).toContain("@default false");
  }, 60_000);
});
