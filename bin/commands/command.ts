/** The shape of a CLI command, and argument parsing that reports bad usage as exit status 2. */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "../report.ts";

/** A command: a one-line summary, its help text, and what it runs. */
export interface Command {
  summary: string;
  help: string;
  run(args: readonly string[]): Promise<number>;
}

/** Parses `args` strictly; unknown options and missing values are usage errors. */
export function parse<T extends NonNullable<ParseArgsConfig["options"]>>(
  args: readonly string[],
  options: T,
  positionals: { min: number; max: number; names: string },
) {
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

/** Follows a dotted attribute path (`systemd.services`) into a value. */
export function selectAttr(value: unknown, attr: string): unknown {
  let current = value;
  for (const part of attr.split(".")) {
    if (typeof current !== "object" || current === null || !(part in current)) {
      throw new UsageError(`attribute \`${attr}' not found (no \`${part}')`);
    }
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}
