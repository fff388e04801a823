/** The shape of a CLI command, and argument parsing that reports bad usage as exit status 2. */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { isModuleError, ModuleError, thrownMessage } from "../../lib/errors.ts";
import { selectionPath } from "../../lib/util/attr-path.ts";
import { nixSuggestions } from "../../lib/util/suggest.ts";
import { UsageError } from "../report.ts";

/** A command: a one-line summary, its help text, and what it runs. */
export interface Command {
  summary: string;
  help: string;
  run(args: readonly string[]): Promise<number>;
}

/** What `parse` gives for the options `T`: node's parseArgs result (named, for the built declarations). */
type ParsedArgs<T extends NonNullable<ParseArgsConfig["options"]>> = ReturnType<
  typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>
>;

/** Parses `args` strictly; unknown options and missing values are usage errors. */
export function parse<T extends NonNullable<ParseArgsConfig["options"]>>(
  args: readonly string[],
  options: T,
  positionals: { min: number; max: number; names: string },
): ParsedArgs<T> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const count = parsed.positionals.length;
  if (count < positionals.min || count > positionals.max) {
    throw new UsageError(`expected ${positionals.names}`);
  }
  return parsed;
}

/**
 * Follows an attribute path (`systemd.services."container@web"`, quoted as Nix's `-A` takes it)
 * into a value; a number indexes a list.
 */
export function selectAttr(value: unknown, attr: string): unknown {
  let parts: string[];
  try {
    parts = selectionPath(attr);
  } catch (error) {
    throw new UsageError(thrownMessage(error));
  }
  let current = value;
  for (const part of parts) {
    // Own attributes only: `constructor` or `__proto__` are no part of a configuration.
    if (
      typeof current !== "object" ||
      current === null ||
      !Object.prototype.hasOwnProperty.call(current, part) ||
      (Array.isArray(current) && !/^(0|[1-9][0-9]*)$/.test(part))
    ) {
      // Nix's words for each way a selection fails.
      if (!Array.isArray(current)) {
        const names = typeof current === "object" && current !== null ? Object.keys(current) : [];
        const suggestion = nixSuggestions(part, names);
        throw new UsageError(
          `attribute '${part}' in selection path '${attr}' not found` +
            (suggestion === "" ? "" : `\n       ${suggestion}`),
        );
      }
      throw new UsageError(
        /^(0|[1-9][0-9]*)$/.test(part)
          ? `list index ${part} in selection path '${attr}' is out of range`
          : `the expression selected by the selection path '${attr}' should be a set but is a list`,
      );
    }
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/**
 * `value` as indented JSON text. A bigint is written as a string of its digits (JSON has no
 * integers past 2^53 that JavaScript can write); a value that contains itself (a YAML alias
 * cycle) is a ModuleError.
 */
export function jsonText(value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(
      value,
      (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v),
      2,
    );
  } catch (error) {
    if (isModuleError(error)) throw error;
    throw new ModuleError(`cannot print the value as JSON: ${thrownMessage(error)}`, {
      code: "invalid",
      cause: error,
    });
  }
  if (text === undefined) {
    // JSON has nothing for these (inside a set, JSON.stringify leaves such attributes out).
    const what =
      typeof value === "function" ? "a function" : "undefined (an option that has no value)";
    throw new ModuleError(`cannot print the value as JSON: it is ${what}`, { code: "invalid" });
  }
  return text;
}
