/** The ModuleError a test expects: what `fn` throws, failing the test if it throws anything else or nothing. */
import { expect } from "vitest";
import { ModuleError } from "../../lib/index.ts";

/** Runs `fn` and returns the ModuleError it throws. */
export function moduleError(fn: () => unknown): ModuleError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ModuleError);
    return error as ModuleError;
  }
  throw new Error("expected a ModuleError, but nothing was thrown");
}
