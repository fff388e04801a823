/**
 * Modules tied to a file (nixpkgs' `setDefaultModuleLocation`, `importJSON` and `importTOML`):
 * the file is what error messages and `options.<path>.files` name for the module's definitions.
 */
import { readFileSync } from "node:fs";
import { ModuleError, wrongArgument } from "../errors.ts";
import { parseJson } from "../schema/parse-config.ts";
import { toml } from "../util/lazy-dependency.ts";
import { setOwn } from "../util/attrs.ts";
import type { Module, ModuleObject } from "./module.ts";

/** Nix's `setDefaultModuleLocation`: `module`, reported as coming from `file` unless it names its own. */
export function setDefaultModuleLocation(file: string, module: Module): ModuleObject {
  if (typeof file !== "string")
    throw wrongArgument("the file given to setDefaultModuleLocation", file, "a string");
  return { _file: file, imports: [module] };
}

/** Nix's words for a file it cannot read. */
function readFailure(file: string, code: string | undefined, error: unknown): string {
  if (code === "EISDIR") return "reading from file: Is a directory";
  const reason =
    code === "ENOENT"
      ? "No such file or directory"
      : code === "EACCES"
        ? "Permission denied"
        : String(error);
  return `opening file '${file}': ${reason}`;
}

/** The text of `file`, which `importer` was given; a file that cannot be read fails in Nix's words. */
function readText(importer: string, file: unknown): string {
  if (typeof file !== "string")
    throw wrongArgument(`the file given to ${importer}`, file, "a string");
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new ModuleError(readFailure(file, (error as NodeJS.ErrnoException).code, error), {
      code: "invalid",
    });
  }
}

/**
 * Nix's `lib.modules.importJSON`: the JSON file `file` as a module of config definitions, read
 * as `builtins.fromJSON` reads it: of repeated names the last counts, and a number beyond a
 * float's range or a `\u` escape of half a surrogate pair is refused.
 */
export function importJSON(file: string): ModuleObject {
  const read = readText("importJSON", file);
  // Nix's JSON reader skips a byte-order mark, as config files do.
  const text = read.charCodeAt(0) === 0xfeff ? read.slice(1) : read;
  const parsed = parseJson(text);
  if (!parsed.ok) {
    const { line, column, message } = parsed.error;
    throw new ModuleError(`${file}:${line}:${column}: ${message}`, { code: "invalid" });
  }
  const problem = jsonRangeProblem(text) ?? surrogateProblem(parsed.value);
  if (problem !== undefined) throw new ModuleError(`${file}: ${problem}`, { code: "invalid" });
  return { _file: file, config: parsed.value as ModuleObject["config"] };
}

/** Nix's refusal of the first number of JSON text that no float holds (`1e400`). */
function jsonRangeProblem(text: string): string | undefined {
  for (const [token] of text.matchAll(/"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/g)) {
    if (!token.startsWith('"') && !Number.isFinite(Number(token)))
      return `number overflow parsing '${token}'`;
  }
  return undefined;
}

const loneHigh = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])/;
const loneLow = /(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Nix's refusal of a string (or name) holding half a surrogate pair, which JSON.parse keeps. */
function surrogateProblem(value: unknown): string | undefined {
  if (typeof value === "string") {
    if (loneHigh.test(value))
      return "invalid string: surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF";
    if (loneLow.test(value))
      return "invalid string: surrogate U+DC00..U+DFFF must follow U+D800..U+DBFF";
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const problem =
      (Array.isArray(value) ? undefined : surrogateProblem(key)) ?? surrogateProblem(item);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/** Nix's words for a TOML file it cannot read, with what went wrong. */
function tomlError(detail: string): ModuleError {
  return new ModuleError(`while parsing a TOML string: ${detail}`, { code: "invalid" });
}

/** A parsed TOML value as Nix's `fromTOML` gives it, with tables as plain sets. */
function tomlValue(value: unknown, file: string): unknown {
  // As Nix without its experimental `parse-toml-timestamps`.
  if (value instanceof Date) throw tomlError("Dates and times are not supported");
  if (typeof value === "bigint") {
    // Nix's integers have 64 bits; a JavaScript number would silently change this one.
    throw tomlError(
      `${file}: the integer ${value} is beyond the whole numbers JavaScript holds exactly (2^53)`,
    );
  }
  if (Array.isArray(value)) return value.map((item) => tomlValue(item, file));
  if (typeof value !== "object" || value === null) return value;
  const table: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) setOwn(table, key, tomlValue(item, file));
  return table;
}

/** Nix's `lib.modules.importTOML`: the TOML file `file` as a module of config definitions. */
export function importTOML(file: string): ModuleObject {
  const text = readText("importTOML", file);
  let parsed: unknown;
  try {
    parsed = toml().parse(text, { integersAsBigInt: "asNeeded", useLegacyDate: true });
  } catch (error) {
    // smol-toml's errors give the line and column, then an excerpt of the text below them.
    const { line, column } = error as { line?: unknown; column?: unknown };
    const message = error instanceof Error ? error.message : String(error);
    const where = typeof line === "number" ? `${file}:${line}:${column}` : file;
    throw tomlError(`${where}: ${message.split("\n")[0]}`);
  }
  return { _file: file, config: tomlValue(parsed, file) as ModuleObject["config"] };
}
