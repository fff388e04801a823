/**
 * The check NixOS's build runs on every job script (`writeShellScriptBin`'s check phase,
 * `stdenv.shellDryRun`): `bash -n -O extglob`, which fails the build on a syntax error.
 * nixmod runs no shell while it evaluates or renders; this runs the same check with a bash
 * found here, for a build tool that wants the failure NixOS's build would give.
 */
import { ModuleError, wrongArgument } from "../errors.ts";
import { isAttrs } from "../util/attrs.ts";
import { compareBytes } from "./byte-order.ts";
import type { Rendered } from "./render.ts";

/** How `checkScripts` runs the check. */
export interface CheckScriptsOptions {
  /** The bash to run (`bash` from PATH by default). */
  bash?: string;
  /** How many checks run at once (the machine's parallelism by default). */
  jobs?: number;
}

/** One script's failure: where NixOS would install it, and what bash said. */
interface ScriptFailure {
  path: string;
  output: string;
}

function checkedOptions(options: unknown): Required<CheckScriptsOptions> {
  if (!isAttrs(options)) throw wrongArgument("the options of checkScripts", options, "a set");
  const { bash = "bash", jobs } = options as CheckScriptsOptions;
  if (typeof bash !== "string" || bash === "")
    throw wrongArgument("the `bash' option of checkScripts", bash, "a command name");
  if (jobs !== undefined && !(Number.isInteger(jobs) && jobs > 0))
    throw wrongArgument("the `jobs' option of checkScripts", jobs, "a positive integer");
  return { bash, jobs: jobs ?? 0 };
}

/**
 * Runs NixOS's check of each job script of `rendered` (its `scripts`) and fails, as the
 * build would, with a `ModuleError` listing every script bash finds a syntax error in, each
 * with bash's words and the path the script would have. Scripts with strict shell checks
 * also go through shellcheck in NixOS; that is not run here.
 */
export async function checkScripts(
  rendered: Pick<Rendered, "scripts" | "scriptNames">,
  options: CheckScriptsOptions = {},
): Promise<void> {
  if (!isAttrs(rendered) || !isAttrs(rendered.scripts) || !isAttrs(rendered.scriptNames))
    throw wrongArgument("the rendering given to checkScripts", rendered, "a rendering");
  const { bash, jobs } = checkedOptions(options);
  const { execFile } = await import("node:child_process");
  const { availableParallelism } = await import("node:os");
  const scripts = Object.entries(rendered.scripts);
  const failures: ScriptFailure[] = [];
  let missing: Error | undefined;

  const check = (path: string, text: string) =>
    new Promise<void>((resolve) => {
      const child = execFile(
        bash,
        ["-n", "-O", "extglob"],
        { encoding: "utf8", maxBuffer: 1 << 20 },
        (error, _stdout, stderr) => {
          if (error !== null && typeof error.code === "string") missing ??= error;
          else if (error !== null) {
            const name = rendered.scriptNames[path] ?? "";
            const installed = name === "" ? path : `${path}/bin/${name}`;
            // bash names its input `bash: line 3: …` when it reads it from stdin.
            const output = stderr.replace(/^[^\n:]*: line /gm, `${installed}: line `).trimEnd();
            failures.push({ path: installed, output });
          }
          resolve();
        },
      );
      // A bash that stops reading early (one that could not start) closes the pipe: its exit says why.
      child.stdin?.on("error", () => {});
      child.stdin?.end(text);
    });

  let next = 0;
  const worker = async () => {
    while (next < scripts.length && missing === undefined) {
      const [path, text] = scripts[next++]!;
      await check(path, text);
    }
  };
  const count = Math.min(scripts.length, jobs || availableParallelism());
  await Promise.all(Array.from({ length: count }, worker));
  if (missing !== undefined) {
    throw new ModuleError(
      `checkScripts could not run ${bash} (${missing.message}): NixOS's check of job scripts needs bash`,
      { code: "invalid", cause: missing },
    );
  }
  if (failures.length === 0) return;
  failures.sort((a, b) => compareBytes(a.path, b.path));
  const listed = failures.map((f) => `  ${f.output.replace(/\n/g, "\n  ")}`).join("\n");
  throw new ModuleError(
    `${failures.length === 1 ? "A job script fails" : `${failures.length} job scripts fail`} NixOS's build check (bash -n -O extglob), so the system would not build:\n${listed}`,
    { code: "invalid" },
  );
}
