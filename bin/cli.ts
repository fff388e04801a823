/** The nixmod command line: `nixmod <command> [options]`. */
import { commands } from "./commands/index.ts";
import { reportError, UsageError } from "./report.ts";

const usage = `Usage: nixmod <command> [options]

Commands:
${Object.entries(commands)
  .map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`)
  .join("\n")}

Run \`nixmod <command> --help' for a command's options.
Exit status: 0 on success, 1 for a configuration error, 2 for bad usage, 70 for a bug in nixmod.
`;

/** Runs the command line with `argv` (without node and script), returning the exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    process.stderr.write(usage);
    return 2;
  }
  if (name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(usage);
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
