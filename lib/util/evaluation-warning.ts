/**
 * Nix's evaluation warnings (`lib.warn`) and traces: where nixpkgs' lib warns and goes on, nixmod
 * emits a Node.js process warning of type `EvaluationWarning` (printed on stderr unless the process
 * is run with `--no-warnings`; `process.on("warning")` receives it). With `NIX_ABORT_ON_WARN` set
 * to 1, true or yes, the warning fails the evaluation instead, as Nix's does. A trace is an
 * `EvaluationTrace` warning, which never fails.
 */
import { ModuleError } from "../errors.ts";

/** Warns with `message`, or fails with it under `NIX_ABORT_ON_WARN`. */
export function evaluationWarning(message: string): void {
  const abort = process.env.NIX_ABORT_ON_WARN;
  if (abort === "1" || abort === "true" || abort === "yes") {
    throw new ModuleError(
      `evaluation warning: ${message}\nNIX_ABORT_ON_WARN=true; warnings are treated as unrecoverable errors.`,
      { code: "thrown" },
    );
  }
  emit(message, "EvaluationWarning");
}

/** Nix's `builtins.trace` of a message: a process warning of type `EvaluationTrace`, never an error. */
export function evaluationTrace(message: string): void {
  emit(message, "EvaluationTrace");
}

/**
 * Emits a process warning now, where `process.emitWarning` would on a later tick: a warning is
 * then printed before an error the same evaluation reports, in the order Nix prints them.
 */
function emit(message: string, name: string): void {
  const warning = new Error(message);
  warning.name = name;
  process.emit("warning", warning);
}
