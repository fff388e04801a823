/** Shared settings and checks for the hardening tests. */
import type fc from "fast-check";
import { ModuleError } from "nixmod";
import { expect } from "vitest";

/**
 * fast-check settings: a fixed seed so runs are reproducible (set NIXMOD_FUZZ_SEED to explore
 * others), a run count scaled by NIXMOD_FUZZ_SCALE, and a time limit so no property can hang.
 */
export function fuzzParams<T>(numRuns: number, timeLimitMs: number): fc.Parameters<T> {
  const scale = Number(process.env.NIXMOD_FUZZ_SCALE ?? "1");
  const seedText = process.env.NIXMOD_FUZZ_SEED;
  return {
    numRuns: Math.max(1, Math.round(numRuns * scale)),
    interruptAfterTimeLimit: timeLimitMs * Math.max(1, scale),
    markInterruptAsFailure: false,
    ...(seedText === undefined ? { seed: 20251129 } : { seed: Number(seedText) }),
  };
}

/** The codes a ModuleError may carry. */
export const errorCodes = new Set([
  "undeclared",
  "type",
  "declared-twice",
  "conflict",
  "multiple",
  "no-value",
  "recursion",
  "stack",
  "read-only",
  "assertion",
  "invalid",
  "thrown",
]);

/** Fails unless `error` is a well-formed ModuleError (message, code, and loc when present). */
export function expectModuleError(error: unknown): asserts error is ModuleError {
  if (!(error instanceof ModuleError)) {
    // Show the stray error itself: its class and stack are what needs fixing.
    const shown =
      error instanceof Error ? `${error.constructor.name}: ${error.stack}` : String(error);
    expect.fail(`expected a ModuleError, got ${shown}`);
  }
  expect(typeof error.message).toBe("string");
  expect(error.message.length).toBeGreaterThan(0);
  expect(errorCodes.has(error.code)).toBe(true);
  if (error.loc !== undefined) {
    expect(Array.isArray(error.loc)).toBe(true);
    for (const part of error.loc) expect(typeof part).toBe("string");
  }
}

/** JSON with every object's keys sorted, to compare values regardless of key order. */
export function canonicalJson(text: string): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (typeof v === "object" && v !== null) {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) {
        Object.defineProperty(out, k, {
          value: sort((v as Record<string, unknown>)[k]),
          enumerable: true,
          configurable: true,
          writable: true,
        });
      }
      return out;
    }
    return v;
  };
  return JSON.stringify(sort(JSON.parse(text)));
}

/** The own property names of Object.prototype, to check that nothing was added to it. */
export function prototypeSnapshot(): string {
  return Object.getOwnPropertyNames(Object.prototype).sort().join(",");
}

/** Fails if Object.prototype changed since `snapshot` or carries a sentinel property. */
export function expectPrototypeUntouched(snapshot: string): void {
  expect(prototypeSnapshot()).toBe(snapshot);
  const probe = {} as Record<string, unknown>;
  for (const name of ["polluted", "x", "a", "applied", "free"]) expect(probe[name]).toBeUndefined();
  expect(Object.getPrototypeOf(probe)).toBe(Object.prototype);
  expect(typeof probe.toString).toBe("function");
  expect(typeof probe.hasOwnProperty).toBe("function");
}
