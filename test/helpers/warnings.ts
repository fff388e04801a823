/** The messages of the process warnings of kind `kind` (Nix's evaluation warnings by default) that `run` emits. */
export function warningsOf(run: () => unknown, kind = "EvaluationWarning"): string[] {
  const seen: string[] = [];
  const listener = (warning: Error) => {
    if (warning.name === kind) seen.push(warning.message);
  };
  process.on("warning", listener);
  try {
    run();
  } finally {
    process.off("warning", listener);
  }
  return seen;
}
