/**
 * Offline `systemd-analyze verify` for generated unit files.
 *
 * Generated units point into /nix/store, which does not exist on the test host, so the units are
 * verified against a throw-away root directory (`--root=`) holding:
 *   - the units under etc/systemd/system (keys containing "/" such as "foo.service.d/x.conf" are
 *     written there too, as drop-ins, but not verified on their own; nor are units whose names
 *     have a colon, which systemd-analyze would read as `FILE:ALIAS`),
 *   - a copy of the host's unit directory under usr/lib/systemd/system, so targets such as
 *     multi-user.target and units such as dbus.service resolve (a symlink does not work: with
 *     --root, systemd resolves the host's absolute symlinks inside the root),
 *   - a `#!/bin/sh` + `exit 0` stub (mode 755) at every absolute executable path the units'
 *     Exec*= lines start with, plus the extra `executables` given.
 * `--man=no` stops it from running `man` for Documentation= entries.
 *
 * systemd-analyze exits 0 but still warns on stderr for recoverable problems (e.g. "Unknown key
 * 'Foo' in section [Service], ignoring."), so a unit only counts as ok when the exit status is 0
 * AND stderr is empty. The temp root prefix is removed from stderr, so messages name paths such as
 * "/etc/systemd/system/foo.service:5".
 */
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, posix } from "node:path";

export interface VerifyResult {
  /** true when systemd-analyze exited 0 and printed nothing on stderr. */
  ok: boolean;
  /** systemd-analyze's stderr, with the temporary root prefix stripped. */
  stderr: string;
  /** systemd-analyze's exit status (null if it was killed). */
  status: number | null;
}

const HOST_UNIT_DIRS = ["/usr/lib/systemd/system", "/lib/systemd/system"];

function hostUnitDir(): string | undefined {
  return HOST_UNIT_DIRS.find((d) => existsSync(join(d, "multi-user.target")));
}

let available: boolean | undefined;

/** Whether `systemd-analyze` runs here and a host unit directory (with multi-user.target) exists. */
export function systemdAnalyzeAvailable(): boolean {
  if (available === undefined) {
    const r = spawnSync("systemd-analyze", ["--version"], { encoding: "utf8" });
    available = r.error === undefined && r.status === 0 && hostUnitDir() !== undefined;
  }
  return available;
}

/** Joins continuation lines (trailing backslash) of a unit file. */
function logicalLines(text: string): string[] {
  return text.replace(/\\\r?\n/g, " ").split(/\r?\n/);
}

/** First word of a command line, with surrounding quotes removed. */
function firstWord(command: string): string {
  const m = /^\s*(?:"([^"]*)"|'([^']*)'|(\S+))/.exec(command);
  return m ? (m[1] ?? m[2] ?? m[3] ?? "") : "";
}

/**
 * Absolute executable paths the Exec*= lines of a unit start with (after systemd's command
 * prefixes `-@:+!|`). Commands separated by a lone ";" are all considered.
 */
export function referencedExecutables(unitText: string): string[] {
  const found = new Set<string>();
  for (const line of logicalLines(unitText)) {
    const m = /^\s*Exec[A-Za-z]*\s*=(.*)$/.exec(line);
    if (!m) continue;
    for (const command of m[1]!.split(/\s;\s/)) {
      const word = firstWord(command.trim().replace(/^[-@:+!|]+/, ""));
      if (word.startsWith("/")) found.add(word);
    }
  }
  return [...found];
}

/** Resolves an absolute path inside `root`, refusing paths that would escape it. */
function inRoot(root: string, absPath: string): string {
  const norm = posix.normalize(absPath);
  if (!norm.startsWith("/") || norm.split("/").includes("..")) {
    throw new Error(`not an absolute path inside the root: ${absPath}`);
  }
  return join(root, norm);
}

/**
 * Runs `systemd-analyze verify` on `units` (file name → contents) in a temporary root; see the
 * module comment. `executables` are extra absolute paths to stub. Throws if systemd-analyze is
 * not available (check systemdAnalyzeAvailable() first).
 */
export function verifyUnits(
  units: Record<string, string>,
  executables: readonly string[] = [],
): VerifyResult {
  const hostDir = hostUnitDir();
  if (!systemdAnalyzeAvailable() || hostDir === undefined) {
    throw new Error("systemd-analyze (and a host systemd unit directory) is not available");
  }
  const root = mkdtempSync(join(tmpdir(), "nixmod-systemd-verify-"));
  try {
    const unitDir = join(root, "etc/systemd/system");
    mkdirSync(unitDir, { recursive: true });
    cpSync(hostDir, join(root, "usr/lib/systemd/system"), {
      recursive: true,
      verbatimSymlinks: true,
    });

    const toVerify: string[] = [];
    const stubs = new Set(executables);
    for (const [name, text] of Object.entries(units)) {
      const file = inRoot(unitDir, `/${name}`);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
      // systemd-analyze reads `FILE:ALIAS` in its arguments, so a unit whose name has a colon is
      // written (others may load it) but not named.
      if (!name.includes("/") && !name.includes(":")) toVerify.push(file);
      for (const exe of referencedExecutables(text)) stubs.add(exe);
    }
    for (const exe of stubs) {
      const file = inRoot(root, exe);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, "#!/bin/sh\nexit 0\n");
      chmodSync(file, 0o755);
    }

    const r = spawnSync("systemd-analyze", ["verify", "--man=no", `--root=${root}`, ...toVerify], {
      encoding: "utf8",
      env: { ...process.env, LC_ALL: "C", SYSTEMD_LOG_COLOR: "0", SYSTEMD_PAGER: "" },
      timeout: 60000,
    });
    if (r.error) throw r.error;
    const stderr = (r.stderr ?? "").split(root).join("");
    return { ok: r.status === 0 && stderr.trim() === "", stderr, status: r.status };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
