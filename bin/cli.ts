/** The nixmod command line: `nixmod <command> [options]`. */
import { readFileSync } from "node:fs";
import { packageFile } from "./package-root.ts";
import { commands } from "./commands/index.ts";
import { reportError, UsageError } from "./report.ts";

const usage = `Usage: nixmod <command> [options]

Commands:
${Object.entries(commands)
  .map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`)
  .join("\n")}

Run \`nixmod <command> --help' (or \`nixmod help <command>') for a command's options;
\`nixmod --version' prints the version.
Exit status: 0 on success, 1 for a configuration error, 2 for bad usage, 70 for a bug in nixmod.
`;

/** The package's version, from its package.json. */
function version(): string {
  const manifest = JSON.parse(readFileSync(packageFile("package.json"), "utf8"));
  return String((manifest as { version?: unknown }).version);
}

/** How Nix prefixes what evaluation prints on stderr, by the process warning's type. */
const evaluationPrefixes: Record<string, string> = {
  EvaluationWarning: "evaluation warning: ",
  EvaluationTrace: "trace: ",
};

/**
 * Prints evaluation warnings and traces as Nix prints them (`evaluation warning: …`, `trace: …`)
 * rather than as Node's process-warning line; other process warnings are printed as before.
 */
function printEvaluationWarnings(): void {
  const others = process.listeners("warning");
  process.removeAllListeners("warning");
  process.on("warning", (warning) => {
    const prefix = Object.hasOwn(evaluationPrefixes, warning.name)
      ? evaluationPrefixes[warning.name]
      : undefined;
    if (prefix !== undefined) process.stderr.write(`${prefix}${warning.message.trimEnd()}\n`);
    else for (const listener of others) listener(warning);
  });
}

/** Runs the command line with `argv` (without node and script), returning the exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  printEvaluationWarnings();
  const [name, ...rest] = argv;
  if (name === undefined) {
    process.stderr.write(usage);
    return 2;
  }
  if (name === "--help" || name === "-h" || name === "help") {
    // `nixmod help eval` is `nixmod eval --help`.
    const topic = name === "help" && rest[0] !== undefined ? commands[rest[0]] : undefined;
    process.stdout.write(topic?.help ?? usage);
    return 0;
  }
  if (name === "--version") {
    process.stdout.write(`nixmod ${version()}\n`);
    return 0;
  }
  const command = commands[name];
  try {
    if (command === undefined) throw new UsageError(`unknown command \`${name}'`);
    if (rest.includes("--help") || rest.includes("-h")) {
      process.stdout.write(command.help);
      return 0;
    }
    return await command.run(rest);
  } catch (error) {
    return reportError(error);
  }
}
