/** Reading what a caller gave a public function, where reading it may throw. */
import { ModuleError, isModuleError, thrownMessage } from "../errors.ts";

/**
 * What reading an argument threw (a revoked proxy, a proxy's trap or a getter that fails), as
 * a ModuleError saying that `what` cannot be read; a ModuleError stays as it is.
 */
export function unreadableArgument(what: string, error: unknown): ModuleError {
  if (isModuleError(error)) return error;
  return new ModuleError(`${what} cannot be read: ${thrownMessage(error)}`, {
    code: "invalid",
    cause: error,
  });
}

/** Runs `check` on an argument, never letting a TypeError out of a check that only looked at it. */
export function readingArgument<T>(what: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    throw unreadableArgument(what, error);
  }
}
