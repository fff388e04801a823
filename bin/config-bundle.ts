/**
 * A TypeScript or JavaScript config module, loaded without a module loader of its own: esbuild
 * bundles the file and the local files it imports into one ES module in memory, which node
 * imports as a `data:` URL. Packages and nixmod itself stay outside the bundle, imported by
 * their resolved paths, so the config gets the copy of nixmod the command runs. Loading hooks
 * (tsx's) run in a thread of their own in node 20, which made a TypeScript config cost about
 * 0.3 s more than a JSON one; a bundle costs about a quarter of that.
 */
import { readFileSync } from "node:fs";
import { isBuiltin } from "node:module";
import { dirname, extname, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { BuildFailure, Loader, Message, Plugin } from "esbuild";
import { packageFile } from "./package-root.ts";

/** Where nixmod's code is: a file below these is the command's copy, never bundled again. */
const ownFolders = ["lib", "modules", "bin", "schema", "dist"].map((folder) =>
  fileURLToPath(packageFile(`${folder}/`)),
);

/**
 * A package's files that node imports as they are. Others are bundled: TypeScript (a workspace
 * package's sources), and JSON, which node imports only with a `type: "json"` attribute.
 */
const plainFiles = new Set([".js", ".mjs", ".cjs"]);

const loaders: Record<string, Loader> = {
  ".ts": "ts",
  ".mts": "ts",
  ".cts": "ts",
  ".tsx": "tsx",
  ".js": "js",
  ".mjs": "js",
  ".cjs": "js",
  ".jsx": "jsx",
};

/**
 * What a file's code reads of its own place, as names the bundle's `define` puts in their stead:
 * each file declares them with its own values (bundled, every file would see the bundle's).
 */
const placeNames = {
  "import.meta.url": "__nixmod_import_meta_url",
  "import.meta.dirname": "__nixmod_import_meta_dirname",
  "import.meta.filename": "__nixmod_import_meta_filename",
  __dirname: "__nixmod_dirname",
  __filename: "__nixmod_filename",
} as const;

/** The declarations of a file's place, or "" when its text names none of them. */
function placeDeclarations(file: string, text: string): string {
  if (!text.includes("import.meta") && !text.includes("__dirname") && !text.includes("__filename"))
    return "";
  const values: Record<keyof typeof placeNames, string> = {
    "import.meta.url": pathToFileURL(file).href,
    "import.meta.dirname": dirname(file),
    "import.meta.filename": file,
    __dirname: dirname(file),
    __filename: file,
  };
  return Object.entries(placeNames)
    .map(([key, name]) => `const ${name} = ${JSON.stringify(values[key as keyof typeof values])};`)
    .join("");
}

/** Where the declarations went in a file: its line (1-based) and their length, to mend error columns. */
interface Inserted {
  readonly line: number;
  readonly length: number;
}

/**
 * Puts the declarations on the file's first line (after a `#!` line), without a line break of
 * their own, so that every line keeps its number in esbuild's messages.
 */
function withDeclarations(text: string, declarations: string): { text: string; line: number } {
  if (!text.startsWith("#!")) return { text: declarations + text, line: 1 };
  const end = text.indexOf("\n");
  if (end < 0) return { text: `${text}\n${declarations}`, line: 2 };
  return { text: text.slice(0, end + 1) + declarations + text.slice(end + 1), line: 2 };
}

/** Resolves imports: builtins, nixmod's own files and packages' JavaScript are left out of the bundle. */
function externals(inserted: Map<string, Inserted>): Plugin {
  return {
    name: "nixmod-config-externals",
    setup(build) {
      const resolving = Symbol("resolving");
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind === "entry-point" || args.pluginData === resolving) return undefined;
        if (isBuiltin(args.path)) return { path: args.path, external: true };
        const found = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: resolving,
        });
        if (found.errors.length > 0) return { errors: found.errors };
        if (found.external) return { path: found.path, external: true };
        const own = ownFolders.some((folder) => found.path.startsWith(folder));
        const bare = !/^(\.{1,2}(\/|$)|\/)/.test(args.path);
        if (own || (bare && plainFiles.has(extname(found.path)))) {
          return { path: pathToFileURL(found.path).href, external: true };
        }
        return { path: found.path, namespace: found.namespace };
      });
      build.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, (args) => {
        const text = readFileSync(args.path, "utf8");
        const declarations = placeDeclarations(args.path, text);
        const loader = loaders[extname(args.path)];
        if (declarations === "") return { contents: text, loader };
        const placed = withDeclarations(text, declarations);
        inserted.set(args.path, { line: placed.line, length: declarations.length });
        return { contents: placed.text, loader };
      });
    },
  };
}

/** A config module's syntax or import error, at the place in its file where it is. */
export class ConfigBundleError extends Error {
  override name = "ConfigBundleError";
}

/** esbuild's first error, as `FILE:LINE:COLUMN: text` with the file named as the user named it. */
function bundleError(
  failure: BuildFailure,
  entry: string,
  given: string,
  inserted: Map<string, Inserted>,
): ConfigBundleError {
  const first: Message | undefined = failure.errors[0];
  const location = first?.location;
  if (first === undefined || location === null || location === undefined) {
    return new ConfigBundleError(`${given}: ${first?.text ?? failure.message.split("\n")[0]}`);
  }
  const file = resolve(location.file);
  const shift = inserted.get(file);
  const column = location.column - (shift?.line === location.line ? shift.length : 0);
  const below = relative(process.cwd(), file);
  const name = file === entry ? given : below.startsWith("..") ? file : below;
  return new ConfigBundleError(`${name}:${location.line}:${column + 1}: ${first.text}`);
}

/**
 * Imports the config module at `given` (a path as the user gave it), bundled with the local
 * files it imports; `tsconfig` overrides the tsconfig.json esbuild would find beside the file.
 */
export async function importConfigModule(
  given: string,
  tsconfig: string | undefined,
): Promise<Record<string, unknown>> {
  const { build } = await import("esbuild");
  const entry = resolve(given);
  const inserted = new Map<string, Inserted>();
  let code: string;
  try {
    const result = await build({
      entryPoints: [entry],
      absWorkingDir: process.cwd(),
      bundle: true,
      write: false,
      format: "esm",
      platform: "node",
      target: `node${process.versions.node}`,
      // Node's own resolution: no `module` condition or field, which only bundlers read.
      conditions: [],
      mainFields: ["main"],
      define: placeNames,
      logLevel: "silent",
      ...(tsconfig === undefined ? {} : { tsconfig }),
      plugins: [externals(inserted)],
    });
    code = result.outputFiles[0]!.text;
  } catch (error) {
    if (isBuildFailure(error)) throw bundleError(error, entry, given, inserted);
    throw error;
  }
  // A `require` of what stays outside the bundle (a builtin, a package) reads a global
  // `require`, which an ES module has not: it gets one that resolves from the config's folder.
  if (code.includes('typeof require !== "undefined"')) {
    code =
      `import { createRequire as __nixmodCreateRequire } from "node:module";` +
      `const require = __nixmodCreateRequire(${JSON.stringify(pathToFileURL(entry).href)});\n` +
      code;
  }
  return (await import(
    `data:text/javascript;base64,${Buffer.from(code).toString("base64")}`
  )) as Record<string, unknown>;
}

function isBuildFailure(error: unknown): error is BuildFailure {
  return error instanceof Error && Array.isArray((error as Partial<BuildFailure>).errors);
}
