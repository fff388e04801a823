/** Loads a config module file: TypeScript or JavaScript (default export), JSON or YAML (plain data). */
import { existsSync, readFileSync, statSync } from "node:fs";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { ModuleError, type Module } from "../lib/index.ts";
import { thrownMessage } from "../lib/errors.ts";
import { ConfigBundleError, importConfigModule } from "./config-bundle.ts";
import { detectFormat, parseConfigText } from "../lib/schema/parse-config.ts";
import { withoutSchemaKey } from "../lib/schema/schema-key.ts";

/**
 * Run from a checkout (as TypeScript), its tsconfig maps `nixmod` to the sources the command
 * runs, wherever the config is; installed, the config's own tsconfig applies.
 */
const checkoutTsconfig = import.meta.url.endsWith(".ts")
  ? fileURLToPath(new URL("../tsconfig.json", import.meta.url))
  : undefined;

/** A config file that could not be read or parsed: a config error (exit status 1). */
export class ConfigFileError extends Error {
  override name = "ConfigFileError";
}

/**
 * Reads JSON or YAML text as `validate` reads it (JSON by JSON's rules, a repeated key refused
 * in both, an empty YAML file an empty module); a syntax error names the file, line and column.
 */
export function parseDataFile(path: string, text: string): unknown {
  const parsed = parseConfigText(text, detectFormat(text, path));
  if (!parsed.ok) {
    const { line, column, message } = parsed.error;
    throw new ConfigFileError(`${path}:${line}:${column}: ${message}`);
  }
  return parsed.value;
}

/** Why a file could not be read, in words (the system's error code when there are none). */
const readProblems: Record<string, string> = {
  ENOENT: "no such file",
  EISDIR: "it is a directory, not a config file",
  EACCES: "permission denied",
  EPERM: "permission denied",
};

function readError(path: string, error: unknown): ConfigFileError {
  const code = (error as NodeJS.ErrnoException).code;
  const problem = (code !== undefined ? readProblems[code] : undefined) ?? code ?? String(error);
  return new ConfigFileError(`cannot read ${path}: ${problem}`);
}

function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw readError(path, error);
  }
}

/** Loads `path` as a list of modules, each located at the file for error messages. */
export async function loadConfig(path: string): Promise<Module[]> {
  let isDirectory = false;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    // A file that cannot be looked at is reported below, where it is read.
  }
  if (isDirectory) throw new ConfigFileError(`cannot read ${path}: ${readProblems.EISDIR}`);
  const ext = extname(path);
  if ([".json", ".yaml", ".yml"].includes(ext)) {
    const data = parseDataFile(path, readText(path));
    const modules = Array.isArray(data) ? data : [data];
    return modules.map((m) => ({ _file: path, imports: [withoutSchemaKey(m) as Module] }));
  }
  if (![".ts", ".mts", ".js", ".mjs"].includes(ext)) {
    throw new ConfigFileError(
      `${path}: unsupported config file type (use .ts, .mts, .js, .mjs, .json, .yaml or .yml)`,
    );
  }
  if (!existsSync(path)) throw new ConfigFileError(`cannot read ${path}: ${readProblems.ENOENT}`);
  let loaded: Record<string, unknown>;
  try {
    loaded = await importConfigModule(path, checkoutTsconfig);
  } catch (error) {
    if (error instanceof ModuleError) throw error;
    if (error instanceof ConfigBundleError) throw new ConfigFileError(error.message);
    throw new ConfigFileError(`${path}: ${thrownMessage(error).split("\n")[0]}`);
  }
  // A CommonJS file compiled from an ES module (`exports.__esModule' set) arrives as
  // { default: its exports }: read its exports as an ES module's.
  const exports = esModuleExports(loaded.default) ?? loaded;
  const value = exports.default ?? exports.modules;
  // A CommonJS file that sets nothing arrives as an empty `module.exports'.
  if (value === undefined || isEmptyExports(loaded)) {
    throw new ConfigFileError(
      `${path}: export a module (or a list of modules) as the default export`,
    );
  }
  const modules = Array.isArray(value) ? value : [value];
  return modules.map((m) => ({ _file: path, imports: [m as Module] }));
}

/** The exports of an ES module compiled to CommonJS (`__esModule' set), or undefined. */
function esModuleExports(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  return Object.getOwnPropertyDescriptor(value, "__esModule")?.value === true
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Whether a loaded file exported nothing: only an empty CommonJS `module.exports'. */
function isEmptyExports(loaded: Record<string, unknown>): boolean {
  const keys = Object.keys(loaded);
  const only = loaded.default;
  return (
    keys.length === 1 &&
    keys[0] === "default" &&
    typeof only === "object" &&
    only !== null &&
    Object.getPrototypeOf(only) === Object.prototype &&
    Reflect.ownKeys(only).length === 0
  );
}

/** Reads a package override file: a JSON or YAML map of attribute names to store paths. */
export function loadPkgs(path: string): Record<string, string> {
  const data = parseDataFile(path, readText(path));
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new ConfigFileError(`${path}: expected a map of package names to store paths`);
  }
  return data as Record<string, string>;
}
