/**
 * A count of what evaluation does besides computing values from values: failures (every
 * ModuleError made, caught or not), warnings and traces given, and reads of an option's path
 * (an option record's `loc` and string, the `_prefix` argument, a `deferredModule` value), which
 * no value otherwise holds. A computation during which the count stays the same
 * depends only on the option values it read and the definitions behind them, so its result
 * can stand for the same computation in another evaluation whose definitions of those
 * options are the same (modules/system/system-template.ts relies on this).
 */

let effects = 0;
let quiet = 0;

/** Counts one effect. */
export function noteEffect(): void {
  effects++;
}

/** The number of effects so far; compare two readings to learn whether any happened between them. */
export function effectCount(): number {
  return effects;
}

/**
 * Runs `f` with warnings and traces counted but not shown: for evaluations made only to learn
 * what other evaluations share, whose warnings those evaluations give themselves.
 */
export function withoutWarnings<T>(f: () => T): T {
  quiet++;
  try {
    return f();
  } finally {
    quiet--;
  }
}

/** Whether warnings are shown now (see `withoutWarnings`). */
export function warningsShown(): boolean {
  return quiet === 0;
}
