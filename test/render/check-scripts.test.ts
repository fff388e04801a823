/**
 * checkScripts: NixOS's build check of job scripts (`bash -n -O extglob`, writeShellScriptBin's
 * check phase), run with the bash found here.
 */
import { describe, expect, it } from "vitest";
import { checkScripts, evaluate, render } from "nixmod";

const rendered = (services: Record<string, unknown>) => render(evaluate({ systemd: { services } }));

async function failure(promise: Promise<void>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("checkScripts passed");
}

describe("checkScripts", () => {
  it("passes scripts bash reads, extended globs included", async () => {
    const r = rendered({
      a: { script: "case $1 in @(start|stop)) echo ok ;; esac", preStart: "true" },
      b: { serviceConfig: { Type: "oneshot" }, postStop: "for f in *; do :; done" },
    });
    expect(Object.keys(r.scripts)).toHaveLength(3);
    await expect(checkScripts(r)).resolves.toBeUndefined();
  });

  it("lists every script with a syntax error, in byte order, with bash's words and its path", async () => {
    const r = rendered({
      a: { script: "echo )" },
      b: { script: "if true; then echo", preStart: "echo fine" },
    });
    const path = (name: string) => {
      const store = Object.keys(r.scriptNames).find((p) => r.scriptNames[p] === name)!;
      return `${store}/bin/${name}`;
    };
    const error = await failure(checkScripts(r, { jobs: 1 }));
    expect(error.name).toBe("ModuleError");
    const [a, b] = [path("a-start"), path("b-start")];
    const said: Record<string, string[]> = {
      [a]: [`  ${a}: line 4: syntax error near unexpected token \`)'`, `  ${a}: line 4: \`echo )'`],
      [b]: [`  ${b}: line 6: syntax error: unexpected end of file`],
    };
    expect(error.message).toBe(
      [
        "2 job scripts fail NixOS's build check (bash -n -O extglob), so the system would not build:",
        ...[a, b].sort().flatMap((p) => said[p]!),
      ].join("\n"),
    );
  });

  it("says so when it cannot run bash, and refuses options it cannot use", async () => {
    const r = rendered({ a: { script: "true" } });
    const missing = await failure(checkScripts(r, { bash: "/nonexistent/bash" }));
    expect(missing.message).toContain(
      "checkScripts could not run /nonexistent/bash (spawn /nonexistent/bash ENOENT)",
    );
    await expect(checkScripts(null as never)).rejects.toThrow(
      "the rendering given to checkScripts is null while a rendering was expected",
    );
    await expect(checkScripts(r, { jobs: 0 })).rejects.toThrow(
      "the `jobs' option of checkScripts is an integer while a positive integer was expected",
    );
    await expect(checkScripts(r, { bash: "" })).rejects.toThrow(
      "the `bash' option of checkScripts is a string while a command name was expected",
    );
  });
});
