/**
 * Runs the real command line, `node bin/nixmod.mjs ARGS`, as a child process in the repository,
 * the way a user or a build script does: stdout and stderr are pipes (so no colour), and the
 * exit status is what a shell would see.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The repository, where the CLI runs (config paths in the tests are relative to it). */
export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

/** What a CLI run gave. */
export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `nixmod ...args` in `cwd` (the repository by default), with `extraEnv` added to the environment. */
export function runCli(
  args: readonly string[],
  cwd: string = repoRoot,
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extraEnv };
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [`${repoRoot}bin/nixmod.mjs`, ...args],
      { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, timeout: 60000 },
      (error, stdout, stderr) => {
        if (error !== null && typeof error.code !== "number") {
          reject(error);
          return;
        }
        resolve({ status: error === null ? 0 : (error.code as number), stdout, stderr });
      },
    );
  });
}
