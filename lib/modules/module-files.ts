/**
 * Modules tied to a file (nixpkgs' `setDefaultModuleLocation` and `importJSON`): the file is
 * what error messages and `options.<path>.files` name for the module's definitions.
 */
import { readFileSync } from "node:fs";
import { ModuleError, wrongArgument } from "../errors.ts";
import { parseConfigText } from "../schema/parse-config.ts";
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

/** Nix's `lib.modules.importJSON`: the JSON file `file` as a module of config definitions. */
export function importJSON(file: string): ModuleObject {
  if (typeof file !== "string")
    throw wrongArgument("the file given to importJSON", file, "a string");
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ModuleError(readFailure(file, (error as NodeJS.ErrnoException).code, error), {
      code: "invalid",
    });
  }
  const parsed = parseConfigText(text, "json");
  if (!parsed.ok) {
    const { line, column, message } = parsed.error;
    throw new ModuleError(`${file}:${line}:${column}: ${message}`, { code: "invalid" });
  }
  return { _file: file, config: parsed.value as ModuleObject["config"] };
}
