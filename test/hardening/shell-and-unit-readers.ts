/**
 * Readers for what the host would read back: unit files as systemd parses them, shell
 * scripts as bash parses them (`bash -n`, `printf %q`), /etc/hosts lines. Bash runs in a
 * temporary directory with an empty environment; nothing it reads is executed except
 * `printf` on words nixmod quoted.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";

/** Where bash is, from the test's PATH (bash itself then runs with an empty PATH). */
export const bashPath: string | undefined = (process.env.PATH ?? "")
  .split(delimiter)
  .map((dir) => join(dir, "bash"))
  .find((candidate) => existsSync(candidate));

function bash(): string {
  if (bashPath === undefined) throw new Error("bash is not on PATH");
  return bashPath;
}

/** The bytes of a text written to a file and read back as UTF-8. */
export function throughFile(text: string): string {
  return Buffer.from(text, "utf8").toString("utf8");
}

/** One `Key=value` of a unit file, with the section it is in. */
export interface UnitEntry {
  section: string;
  key: string;
  value: string;
}

// systemd's WHITESPACE: what it strips around keys and values.
const systemdTrim = (s: string) => s.replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, "");
export { systemdTrim };

/**
 * A unit file as systemd's config parser reads it: lines end at LF, CR, CRLF or NUL; a line
 * ending in an odd number of backslashes continues on the next; `#`/`;` lines are comments;
 * `[Name]` starts a section; `Key=value` splits at the first `=`, both sides trimmed.
 * `problems` lists everything a well-formed rendered unit should not contain.
 */
export function readUnit(text: string): { entries: UnitEntry[]; problems: string[] } {
  const entries: UnitEntry[] = [];
  const problems: string[] = [];
  let section = "";
  let pending: string | null = null;
  for (const raw of throughFile(text).split(/\r\n|[\n\r\0]/)) {
    let line: string = pending === null ? raw : pending + raw;
    const run = /\\*$/.exec(line)![0].length;
    if (run % 2 === 1) {
      problems.push(`line continues onto the next: ${JSON.stringify(line)}`);
      pending = line.slice(0, -1) + " ";
      continue;
    }
    pending = null;
    line = systemdTrim(line);
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    if (line.startsWith("[")) {
      if (!line.endsWith("]")) problems.push(`bad section header: ${JSON.stringify(line)}`);
      section = line.slice(1, -1);
      continue;
    }
    const eq = line.indexOf("=");
    if (eq < 0) {
      problems.push(`line without '=': ${JSON.stringify(line)}`);
      continue;
    }
    entries.push({
      section,
      key: systemdTrim(line.slice(0, eq)),
      value: systemdTrim(line.slice(eq + 1)),
    });
  }
  if (pending !== null) problems.push("file ends in a continued line");
  return { entries, problems };
}

/** The values of `key` in `section`, in order. */
export function unitValues(entries: readonly UnitEntry[], section: string, key: string): string[] {
  return entries.filter((e) => e.section === section && e.key === key).map((e) => e.value);
}

/** `Environment=` lines read back: NixOS writes each as a JSON string `"NAME=value"`. */
export function unitEnvironment(entries: readonly UnitEntry[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const value of unitValues(entries, "Service", "Environment")) {
    const assignment = JSON.parse(value) as string;
    const eq = assignment.indexOf("=");
    out.set(assignment.slice(0, eq), assignment.slice(eq + 1));
  }
  return out;
}

function withTempDir<T>(f: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "nixmod-hardening-"));
  try {
    return f(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const bashEnv = { PATH: "/nonexistent", LC_ALL: "C.UTF-8", HOME: "/nonexistent" };

/** Whether `bash -n` accepts each text as a script file (one bash process for all of them). */
export function bashSyntaxOk(texts: readonly string[]): boolean[] {
  // Each check is a bash process: check every distinct text once.
  const unique = [...new Set(texts)];
  const results = bashSyntaxOkFiles(unique);
  const ok = new Map(unique.map((t, i) => [t, results[i]!] as const));
  return texts.map((t) => ok.get(t)!);
}

function bashSyntaxOkFiles(texts: readonly string[]): boolean[] {
  if (texts.length === 0) return [];
  return withTempDir((dir) => {
    const files = texts.map((t, i) => {
      const f = join(dir, `${i}.sh`);
      writeFileSync(f, t);
      return f;
    });
    const loop =
      'for f in "$@"; do if "$BASH" -n "$f" 2>/dev/null; then echo 0; else echo 1; fi; done';
    const r = spawnSync(bash(), ["-c", loop, "bash", ...files], {
      cwd: dir,
      env: bashEnv,
      encoding: "utf8",
      timeout: 60000,
    });
    const out = r.stdout.trim().split("\n");
    if (out.length !== texts.length) throw new Error(`bash -n loop failed: ${r.stderr}`);
    return out.map((x) => x === "0");
  });
}

/**
 * Whether each value is a literal bash word: `printf %q` leaves it unchanged exactly when
 * bash would read it back as itself, unquoted or in double quotes (no expansion, no
 * splitting, no globbing, no quotes).
 */
export function literalBashWords(values: readonly string[]): boolean[] {
  const usable = values.map((v) => !v.includes("\0"));
  const input = values
    .filter((_, i) => usable[i])
    .map((v) => v + "\0")
    .join("");
  const r = spawnSync(bash(), ["-c", 'while IFS= read -r -d "" v; do printf "%q\\0" "$v"; done'], {
    input,
    env: bashEnv,
    encoding: "utf8",
    timeout: 60000,
  });
  const quoted = r.stdout.split("\0");
  let j = 0;
  return values.map((v, i) => (usable[i] ? quoted[j++] === v : false));
}

/** The words bash reads from each quoted text (run as `set -- <text>`; only printf runs). */
export function bashWords(quotedTexts: readonly string[]): string[][] {
  if (quotedTexts.length === 0) return [];
  return withTempDir((dir) => {
    const script = quotedTexts.map((t) => `set -- ${t}\nprintf '%s\\0' "$#" "$@"\n`).join("");
    const file = join(dir, "words.sh");
    writeFileSync(file, script);
    const r = spawnSync(bash(), ["--norc", "--noprofile", file], {
      cwd: dir,
      env: bashEnv,
      encoding: "utf8",
      timeout: 60000,
    });
    const parts = r.stdout.split("\0");
    const out: string[][] = [];
    let i = 0;
    for (let n = 0; n < quotedTexts.length; n++) {
      const count = Number(parts[i++]);
      out.push(parts.slice(i, i + count));
      i += count;
    }
    return out;
  });
}
