import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runInNetnsSource } from "../../modules/virtualisation/run-in-netns.ts";

// `ip` lives in /sbin or /usr/sbin, which a non-root PATH may lack.
const env = { ...process.env, PATH: `${process.env.PATH ?? ""}:/usr/sbin:/sbin`, LC_ALL: "C" };

function run(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { encoding: "utf8", env, timeout: 20000 });
  return { status: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "", error: r.error };
}

function hasCommand(cmd: string, versionArg: string): boolean {
  return run(cmd, [versionArg]).error === undefined;
}

const hasGcc = hasCommand("gcc", "--version");
const hasIp = hasCommand("ip", "-V");
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

describe.skipIf(!hasGcc)(
  `run-in-netns C program${hasGcc ? "" : " (skipped: gcc not found)"}`,
  () => {
    let dir = "";
    let bin = "";
    let compile: ReturnType<typeof run>;

    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), "nixmod-run-in-netns-"));
      const src = join(dir, "run-in-netns.c");
      bin = join(dir, "run-in-netns");
      writeFileSync(src, runInNetnsSource);
      compile = run("gcc", ["-Wall", "-Werror", "-o", bin, src]);
    });

    afterAll(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("compiles with gcc -Wall -Werror and no diagnostics", () => {
      expect(compile.stderr).toBe("");
      expect(compile.status).toBe(0);
    });

    it("prints usage and exits 2 without arguments", () => {
      const r = run(bin, []);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain("missing network namespace name and command");
      expect(r.stderr).toContain("Usage:");
      expect(r.stdout).toBe("");
    });

    it("exits 2 when the command is missing", () => {
      const r = run(bin, ["some-ns"]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain("missing command");
      expect(r.stderr).toContain("Usage:");
    });

    it("prints usage to stdout and exits 0 for --help", () => {
      const r = run(bin, ["--help"]);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain("Usage:");
      expect(r.stdout).toContain("<netns-name> <command> [args...]");
    });

    it("rejects namespace names that are not a single path component", () => {
      for (const name of ["", ".", "..", "../etc", "a/b"]) {
        const r = run(bin, [name, "true"]);
        expect(r.status, name).toBe(2);
        expect(r.stderr, name).toContain("invalid network namespace name");
      }
    });

    it("exits 1 with a clear message when the namespace does not exist", () => {
      const r = run(bin, [`nixmod-no-such-ns-${process.pid}`, "true"]);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`network namespace "nixmod-no-such-ns-${process.pid}" not found`);
      expect(r.stderr).toContain("/var/run/netns");
      expect(r.stderr).toContain("/run/netns");
    });

    const nsReason = !isRoot ? "needs root" : !hasIp ? "needs the `ip` command (iproute2)" : "";
    describe.skipIf(nsReason !== "")(
      `inside a real network namespace${nsReason ? ` (skipped: ${nsReason})` : ""}`,
      () => {
        const ns = `nixmod-test-${process.pid}`;

        beforeAll(() => {
          const add = run("ip", ["netns", "add", ns]);
          if (add.status !== 0) throw new Error(`ip netns add ${ns} failed: ${add.stderr}`);
          // The dummy link type may be missing from the kernel (no dummy module); a bridge is
          // an equally self-contained link to put in the namespace.
          const dummy = run("ip", [
            "netns",
            "exec",
            ns,
            "ip",
            "link",
            "add",
            "d0",
            "type",
            "dummy",
          ]);
          if (dummy.status !== 0) {
            const bridge = run("ip", [
              "netns",
              "exec",
              ns,
              "ip",
              "link",
              "add",
              "d0",
              "type",
              "bridge",
            ]);
            if (bridge.status !== 0) {
              throw new Error(`cannot add link d0 in ${ns}: ${dummy.stderr} ${bridge.stderr}`);
            }
          }
        });

        afterAll(() => {
          run("ip", ["netns", "delete", ns]);
        });

        it("sees only lo and d0 in the namespace", () => {
          const r = run(bin, [ns, "ip", "-o", "link"]);
          expect(r.stderr).toBe("");
          expect(r.status).toBe(0);
          const names = r.stdout
            .split("\n")
            .filter((line) => line.trim() !== "")
            .map((line) => line.split(":")[1]!.trim().split("@")[0]);
          expect(names.sort()).toEqual(["d0", "lo"]);
        });

        it("passes the arguments through and returns the command's exit status", () => {
          const r = run(bin, [ns, "sh", "-c", 'echo "$0 $1"; exit 7', "a b", "c"]);
          expect(r.stdout).toBe("a b c\n");
          expect(r.status).toBe(7);
        });

        it("exits 127 when the command is not found", () => {
          const r = run(bin, [ns, `nixmod-no-such-command-${process.pid}`]);
          expect(r.status).toBe(127);
          expect(r.stderr).toContain("cannot execute");
        });
      },
    );
  },
);
