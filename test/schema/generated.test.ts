/**
 * The checked-in generated files (schema/nixmod.schema.json, schema/config.ts,
 * schema/evaluated.ts, docs/options.md) are what `npm run generate` makes from the built-in modules now, and agree
 * with each other. CI also runs `npm run generate:check`.
 */
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { builtinSchema, evaluate, jsonSchemaDialect, optionsDoc, toJsonSchema } from "nixmod";
import { artifactPaths, generateArtifacts } from "../../bin/gen-artifacts.ts";
import vectors from "./fixtures/vector-inputs.json" with { type: "json" };

const root = new URL("../../", import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), "utf8");

describe("generated files", async () => {
  const files = await generateArtifacts();

  it.each(Object.values(artifactPaths))("%s is current (run `npm run generate` if not)", (path) => {
    expect(read(path) === files.get(path), `${path} is out of date: run \`npm run generate\``).toBe(
      true,
    );
  });

  it("every default and example in the schema is valid for its own option", () => {
    const schema = builtinSchema();
    expect(schema.$schema).toBe(jsonSchemaDialect);
    const ajv = new Ajv2020({ strict: false, unicodeRegExp: false });
    ajv.addSchema(schema, "nixmod");
    const defaults: string[] = [];
    const walk = (node: unknown, pointer: string, names = false): void => {
      if (typeof node !== "object" || node === null) return;
      const at = (key: string) => `${pointer}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`;
      if (names) {
        // `properties`/`$defs`: every value is a schema, whatever its name.
        for (const [key, value] of Object.entries(node)) walk(value, at(key));
        return;
      }
      if (!Array.isArray(node)) {
        const { default: value, examples } = node as { default?: unknown; examples?: unknown[] };
        const samples = [...("default" in node ? [value] : []), ...(examples ?? [])];
        if ("default" in node) defaults.push(pointer);
        for (const sample of samples) {
          const ok = ajv.validate({ $ref: `nixmod#${pointer}` }, sample);
          expect(ok, `${JSON.stringify(sample)} at ${pointer}: ${ajv.errorsText()}`).toBe(true);
        }
      }
      for (const [key, value] of Object.entries(node)) {
        if (["default", "examples", "enum", "const"].includes(key)) continue;
        walk(value, at(key), key === "properties" || key === "$defs");
      }
    };
    walk(schema, "");
    expect(defaults.length).toBeGreaterThan(10);
  });

  // The runtime side of schema/evaluated.ts (test/schema/fixtures/evaluated-config.ts is the
  // compile-time side): what evaluation gives has the shape the type describes.
  it("EvaluatedConfig describes what evaluate() gives, for every vector input", () => {
    const schema = toJsonSchema(evaluate([]).options as Record<string, unknown>, { output: true });
    const check = new Ajv2020({ strict: false, allErrors: true }).compile(schema);
    const cases = { ...vectors.containers, ...vectors.modern } as Record<
      string,
      { input: unknown; expectedError?: string }
    >;
    let checked = 0;
    for (const [name, { input, expectedError }] of Object.entries(cases)) {
      if (expectedError !== undefined) continue;
      const json = JSON.parse(JSON.stringify(evaluate(input as never).config)) as unknown;
      expect(check(json), `${name}: ${JSON.stringify(check.errors?.slice(0, 3))}`).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(15);
  });

  it("the reference documents every option of the built-in system", () => {
    const md = read(artifactPaths.docs);
    const docs = optionsDoc(evaluate([]).options);
    expect(docs.length).toBeGreaterThan(10);
    for (const doc of docs) expect(md).toContain(`## \`${doc.name}\``);
  });

  it("the TypeScript types name the root type and carry descriptions", () => {
    const ts = read(artifactPaths.types);
    expect(ts).toContain("export interface NixmodConfig {");
    expect(ts).toContain("do not edit");
  });
});
