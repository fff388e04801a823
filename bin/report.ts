/** How the command line prints errors: the message, the option path, the definitions; colour only on a TTY. */
import { ModuleError } from "../lib/index.ts";
import { thrownMessage } from "../lib/errors.ts";
import { ConfigFileError } from "./load-config.ts";

/** Bad command-line usage (exit status 2). */
export class UsageError extends Error {
  override name = "UsageError";
}

const useColour = (stream: NodeJS.WriteStream) =>
  stream.isTTY === true && process.env.NO_COLOR === undefined;

/** Red bold text on a terminal, plain text elsewhere. */
export function red(text: string, stream: NodeJS.WriteStream = process.stderr): string {
  return useColour(stream) ? `\x1b[1;31m${text}\x1b[0m` : text;
}

/** Bold text on a terminal. */
export function bold(text: string, stream: NodeJS.WriteStream = process.stdout): string {
  return useColour(stream) ? `\x1b[1m${text}\x1b[0m` : text;
}

/**
 * Whether `error` is a ModuleError, of this copy of nixmod or of another: a config loaded from
 * outside the package may import its own copy, whose errors are the same but another class.
 */
function isAnyModuleError(error: unknown): error is ModuleError {
  return (
    error instanceof ModuleError ||
    (error instanceof Error &&
      error.name === "ModuleError" &&
      typeof (error as { code?: unknown }).code === "string")
  );
}

/** Prints an error and returns the exit status: 2 for usage, 1 for config errors. */
export function reportError(error: unknown): number {
  if (error instanceof UsageError) {
    process.stderr.write(`${red("error:")} ${error.message}\nTry \`nixmod --help'.\n`);
    return 2;
  }
  if (isAnyModuleError(error) || error instanceof ConfigFileError) {
    process.stderr.write(`${red("error:")} ${error.message}\n`);
    if (isAnyModuleError(error) && error.cause instanceof Error && error.code === "thrown") {
      // The message usually ends with the cause's own; then it is not said twice.
      const cause = thrownMessage(error.cause);
      if (!error.message.endsWith(cause)) process.stderr.write(`caused by: ${cause}\n`);
    }
    return 1;
  }
  let message: string;
  try {
    message = error instanceof Error ? String(error.stack ?? error.message) : String(error);
  } catch {
    message = thrownMessage(error);
  }
  process.stderr.write(`${red("internal error:")} ${message}\n`);
  return 70;
}
