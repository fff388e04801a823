/**
 * TypeScript types from an option schema, with json-schema-to-typescript (a dev tool: only
 * the generator uses it). The schema is adjusted for TypeScript first: the root `$schema`
 * key is dropped (it is not an option), and each option's default and example are added to
 * its description, so hovering an option shows them too.
 */
import { compile } from "json-schema-to-typescript";
import * as prettier from "prettier";
import type { JsonSchema } from "../lib/schema/json-schema.ts";

/** What `schemaToTypeScript` takes besides the schema. */
export interface TypeScriptOptions {
  /** Name of the root type (when the schema has no `title`). */
  name: string;
  /** The first comment of the file. */
  banner: string;
  /** Module specifier that exports the `Module`, `OptionType` and `Package` types `tsType` may name. */
  libImport: string;
  /** A path inside the project, to pick up its prettier configuration. */
  formatAs: string;
}

const valueKeywords = new Set(["default", "examples", "const", "enum"]);

/** Keywords that describe a schema without constraining its values. */
const annotationKeywords = new Set([
  "description",
  "default",
  "examples",
  "title",
  "readOnly",
  "$schema",
  "$id",
  "$comment",
]);

function annotate(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(annotate);
  if (typeof node !== "object" || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    // `properties` and `$defs` map names to schemas: keep the names, annotate the schemas.
    // `default`, `examples`, `const` and `enum` hold values, not schemas.
    out[k] =
      (k === "properties" || k === "$defs") && typeof v === "object" && v !== null
        ? Object.fromEntries(Object.entries(v).map(([name, s]) => [name, annotate(s)]))
        : valueKeywords.has(k)
          ? v
          : annotate(v);
  }
  // json-schema-to-typescript writes a schema that says nothing of its values (`unspecified`,
  // `anything`) as an object type; any value is `unknown`. A union from `tsType` gets
  // parentheses, so a list of them stays a list (`(string | Package)[]`).
  const says = Object.keys(out).some((k) => !k.startsWith("x-") && !annotationKeywords.has(k));
  if (!says) out.tsType = "unknown";
  else if (typeof out.tsType === "string" && /[|&]|=>/.test(out.tsType)) {
    out.tsType = `(${out.tsType})`;
  }
  const tags: string[] = [];
  if ("default" in out) tags.push(`@default ${JSON.stringify(out.default)}`);
  if (Array.isArray(out.examples) && out.examples.length > 0) {
    tags.push(`@example ${JSON.stringify(out.examples[0])}`);
  }
  if (tags.length > 0 && typeof out.description === "string") {
    out.description = `${out.description}\n\n${tags.join("\n")}`;
  }
  return out;
}

/** TypeScript declarations for the values `schema` accepts, formatted with the project's prettier settings. */
export async function schemaToTypeScript(
  schema: JsonSchema,
  opts: TypeScriptOptions,
): Promise<string> {
  const copy = annotate(structuredClone(schema)) as JsonSchema;
  const props = copy.properties as Record<string, unknown> | undefined;
  if (props !== undefined) delete props.$schema;
  const text = JSON.stringify(copy);
  const imports = ["Module", "OptionType", "Package"].filter((t) =>
    new RegExp(`"tsType":"[^"]*\\b${t}\\b`).test(text),
  );
  const banner =
    opts.banner +
    (imports.length === 0
      ? ""
      : `\nimport type { ${imports.join(", ")} } from ${JSON.stringify(opts.libImport)};`);
  const ts = await compile(copy as never, opts.name, {
    bannerComment: banner,
    format: false,
    unknownAny: true,
    strictIndexSignatures: false,
    declareExternallyReferenced: true,
  });
  const config = (await prettier.resolveConfig(opts.formatAs)) ?? {};
  return prettier.format(ts, { ...config, filepath: opts.formatAs });
}
