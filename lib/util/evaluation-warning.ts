/**
 * Nix's evaluation warnings (`lib.warn`) and traces: where nixpkgs' lib warns and goes on, nixmod
 * emits a Node.js process warning of type `EvaluationWarning` (printed on stderr unless the process
 * is run with `--no-warnings`; `process.on("warning")` receives it). With `NIX_ABORT_ON_WARN` set
 * to 1, true or yes, the warning fails the evaluation instead, as Nix's does. A trace is an
 * `EvaluationTrace` warning, which never fails.
 */
import { ModuleError, prettyValue, showValue, wrongArgument } from "../errors.ts";
import { noteEffect, warningsShown } from "./evaluation-effects.ts";

/** Warns with `message`, or fails with it under `NIX_ABORT_ON_WARN`. */
export function evaluationWarning(message: string): void {
  if (abortsOnWarn()) {
    throw new ModuleError(
      `evaluation warning: ${message}\nNIX_ABORT_ON_WARN=true; warnings are treated as unrecoverable errors.`,
      { code: "thrown" },
    );
  }
  emit(message, "EvaluationWarning");
}

/** Whether `NIX_ABORT_ON_WARN` makes warnings errors (1, true or yes, as Nix reads it). */
function abortsOnWarn(): boolean {
  const abort = process.env.NIX_ABORT_ON_WARN;
  return abort === "1" || abort === "true" || abort === "yes";
}

/** Nix's `builtins.trace` of a message: a process warning of type `EvaluationTrace`, never an error. */
export function evaluationTrace(message: string): void {
  emit(message, "EvaluationTrace");
}

/** Nix's `lib.warn message value`: `value`, after warning with `message` (a string, as Nix requires). */
export function warn<T>(message: string, value: T): T {
  if (typeof message !== "string")
    throw wrongArgument("the message of lib.warn", message, "a string");
  evaluationWarning(message);
  return value;
}

const warnedOnce = new Set<string>();

/**
 * Warns with `message` the first time only: nixpkgs' deprecated lib functions warn where their
 * attribute is first read, once per evaluation of lib. Under `NIX_ABORT_ON_WARN` every use fails.
 */
export function warnOnce(message: string): void {
  if (warnedOnce.has(message) && !abortsOnWarn()) return;
  evaluationWarning(message);
  // One not shown (lib/util/evaluation-effects.ts) is still to be given.
  if (warningsShown()) warnedOnce.add(message);
}

/** Nix's `lib.warnIf condition message value`: `value`, after warning with `message` if `condition` holds. */
export function warnIf<T>(condition: boolean, message: string, value: T): T {
  if (typeof condition !== "boolean")
    throw wrongArgument("the condition of lib.warnIf", condition, "a Boolean");
  return condition ? warn(message, value) : value;
}

/** Nix's `lib.trace message value` (`builtins.trace`): `value`, after tracing `message`. */
export function trace<T>(message: unknown, value: T): T {
  evaluationTrace(typeof message === "string" ? message : traceText(message));
  return value;
}

/** A value as `builtins.trace` prints one that is no string: Nix's syntax, on one line. */
function traceText(value: unknown): string {
  try {
    return prettyValue(value, { readGetters: false }).replace(/\s*\n\s*/g, " ");
  } catch {
    return showValue(value);
  }
}

/**
 * Emits a process warning now, where `process.emitWarning` would on a later tick: a warning is
 * then printed before an error the same evaluation reports, in the order Nix prints them.
 */
function emit(message: string, name: string): void {
  noteEffect();
  if (!warningsShown()) return;
  const warning = new Error(message);
  warning.name = name;
  process.emit("warning", warning);
}
