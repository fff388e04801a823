/**
 * The example configurations under examples/, as the tests load them: the config file the
 * command line takes, and the package overrides (`--pkgs`) it needs, if any. Shared by the
 * CLI tests and the render tests (file snapshots, systemd-analyze, bash -n).
 */
import { lstatSync, readFileSync, readdirSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { evaluate, type Evaluation, type Module, type TreeEntry } from "../../lib/index.ts";

/** One example config. */
export interface Example {
  /** A short name, also the folder of its snapshots. */
  name: string;
  /** The config file, relative to the repository (what `nixmod eval` is given). */
  config: string;
  /** The `--pkgs` file, relative to the repository, when the example needs one. */
  pkgs?: string;
  /**
   * Whether its rendered tree is checked in (test/render/__snapshots__/examples/<name>/);
   * the `upgrade` pair is checked through `nixmod plan` instead.
   */
  snapshot: boolean;
}

/** Every example config. */
export const examples: readonly Example[] = [
  {
    name: "seed",
    config: "examples/seed/host.ts",
    pkgs: "examples/seed/pkgs.json",
    snapshot: true,
  },
  { name: "private-network", config: "examples/private-network/host.ts", snapshot: true },
  { name: "layered", config: "examples/layered/host.ts", snapshot: true },
  { name: "tour", config: "examples/tour/host.ts", snapshot: true },
  { name: "upgrade-before", config: "examples/upgrade/before.ts", snapshot: false },
  { name: "upgrade-after", config: "examples/upgrade/after.ts", snapshot: false },
];

const root = new URL("../../", import.meta.url);

/** The command-line arguments that evaluate `example` (`CONFIG [--pkgs FILE]`). */
export function exampleArgs(example: Example): string[] {
  return example.pkgs === undefined ? [example.config] : [example.config, "--pkgs", example.pkgs];
}

/** Evaluates an example in this process, as `nixmod eval` would (the module located at its file). */
export async function evaluateExample(example: Example): Promise<Evaluation> {
  const loaded = (await import(new URL(example.config, root).href)) as { default: Module };
  const pkgs =
    example.pkgs === undefined
      ? {}
      : (JSON.parse(readFileSync(new URL(example.pkgs, root), "utf8")) as Record<string, string>);
  return evaluate({ _file: example.config, imports: [loaded.default] }, { pkgs });
}

/** A tree as one line per entry: `<mode> <path>` for a file, `link <path> -> <target>` for a link. */
export function treeListing(entries: readonly TreeEntry[]): string {
  return entries
    .map((e) =>
      e.kind === "link"
        ? `link ${e.path} -> ${e.target}`
        : `${e.mode.toString(8).padStart(4, "0")} ${e.path}`,
    )
    .map((line) => `${line}\n`)
    .join("");
}

/** Reads a directory written by `writeTree` (or `nixmod eval --out`) back into entries, sorted by path. */
export function readTree(dir: string): TreeEntry[] {
  const out: TreeEntry[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel))) {
      const path = rel === "" ? name : `${rel}/${name}`;
      const full = join(dir, path);
      const stat = lstatSync(full);
      if (stat.isSymbolicLink()) out.push({ path, kind: "link", target: readlinkSync(full) });
      else if (stat.isDirectory()) walk(path);
      else
        out.push({ path, kind: "file", mode: stat.mode & 0o777, text: readFileSync(full, "utf8") });
    }
  };
  walk("");
  return out.sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
}
