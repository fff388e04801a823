/**
 * `npm run bench`: evaluates N seed containers with nixmod and with the hand-written baseline,
 * each in its own process (medians of several runs), and with real Nix when NIXPKGS_LIB names
 * a nixpkgs lib folder and nix-instantiate is installed.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { commandV8Flags } from "../../bin/v8-flags.mjs";
import { bundleJob } from "./bundle.ts";
import { containersInput } from "./input.ts";
import { median } from "../median.ts";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const sizes = (process.env.BENCH_SIZES ?? "1000,3000,10000").split(",").map(Number);
const runs = Number(process.env.BENCH_RUNS ?? 3);

interface Job {
  evalMs: number;
  renderMs: number;
  /** The collector's pauses during evaluation and rendering (node's runs, not Nix's). */
  gcMs?: number;
  maxRssKB: number;
  wallMs: number;
  /** For `change` runs: the first evaluation, before the change. */
  coldEvalMs?: number;
  coldRenderMs?: number;
}

function job(script: string, tool: string, n: number, flags: readonly string[] = []): Job {
  const start = performance.now();
  const out = execFileSync(
    process.execPath,
    ["--max-old-space-size=16000", ...flags, script, tool, String(n)],
    {
      encoding: "utf8",
      maxBuffer: 1 << 20,
    },
  );
  const wallMs = performance.now() - start;
  return { ...(JSON.parse(out) as Job), wallMs };
}

function nixRun(n: number): Job | undefined {
  const libDir = process.env.NIXPKGS_LIB;
  const seed = process.env.NIXMOD_SEED ?? resolve(root, "../shared/seed/containers-2013.nix");
  if (!libDir || !existsSync(seed)) return undefined;
  const tree = mkdtempSync(join(tmpdir(), "nixmod-bench-"));
  mkdirSync(join(tree, "nixos/modules/virtualisation"), { recursive: true });
  mkdirSync(join(tree, "nixos/lib"), { recursive: true });
  copyFileSync(seed, join(tree, "nixos/modules/virtualisation/containers.nix"));
  copyFileSync(
    join(here, "../nix/container-login.nix"),
    join(tree, "nixos/modules/virtualisation/container-login.nix"),
  );
  writeFileSync(join(tree, "nixos/modules/virtualisation/run-in-netns.c"), "");
  copyFileSync(join(here, "../nix/eval-config.nix"), join(tree, "nixos/lib/eval-config.nix"));
  const input = join(tree, "input.json");
  writeFileSync(input, JSON.stringify(containersInput(n)));
  const harness = join(here, "../nix/harness.nix");
  const seedCopy = join(tree, "nixos/modules/virtualisation/containers.nix");
  const r = spawnSync(
    "/usr/bin/time",
    [
      "-f",
      "%e %M",
      "nix-instantiate",
      "--eval",
      "--strict",
      "--json",
      harness,
      "--arg",
      "seed",
      seedCopy,
      "--arg",
      "input",
      input,
    ],
    { encoding: "utf8", maxBuffer: 1 << 30, env: { ...process.env, NIXPKGS_LIB: resolve(libDir) } },
  );
  if (r.status !== 0) {
    process.stderr.write(`nix failed for ${n}: ${r.stderr.split("\n").slice(-5).join("\n")}\n`);
    return undefined;
  }
  const [secs, kb] = r.stderr.trim().split("\n").pop()!.split(" ").map(Number);
  return { evalMs: secs! * 1000, renderMs: 0, maxRssKB: kb!, wallMs: secs! * 1000 };
}

const script = await bundleJob(join(here, "job.ts"), "job");
const nixAvailable =
  process.env.NIXPKGS_LIB !== undefined && spawnSync("nix-instantiate", ["--version"]).status === 0;
const header = [
  "N",
  "nixmod ms",
  "render ms",
  "gc ms",
  "process ms",
  "baseline ms",
  "ratio",
  "peak RSS MiB",
  "ms/container",
  ...(nixAvailable ? ["nix ms", "nix RSS MiB", "nix/nixmod"] : []),
];
const rows: string[][] = [];
/** Nix's median time by N, for the floors below. */
const nixTimes = new Map<number, number>();
const tunedRows: string[][] = [];
for (const n of sizes) {
  const nix: Job[] = [];
  const ours: Job[] = [];
  const tuned: Job[] = [];
  const base: Job[] = [];
  for (let r = 0; r < runs; r++) {
    ours.push(job(script, "nixmod", n));
    tuned.push(job(script, "nixmod", n, commandV8Flags));
    base.push(job(script, "baseline", n));
    if (nixAvailable && n <= 3000) {
      const j = nixRun(n);
      if (j) nix.push(j);
    }
  }
  // Each round runs both back to back: the ratio of a round is less touched by a slow spell of
  // the machine than the ratio of the medians.
  const ratioTo = (jobs: Job[]) => median(jobs.map((j, r) => j.evalMs / base[r]!.evalMs));
  const baseMs = median(base.map((j) => j.evalMs));
  const nixMs = nix.length > 0 ? median(nix.map((j) => j.wallMs)) : undefined;
  if (nixMs !== undefined) nixTimes.set(n, nixMs);
  const nixRss = nix.length > 0 ? median(nix.map((j) => j.maxRssKB)) / 1024 : undefined;
  for (const [jobs, table] of [
    [ours, rows],
    [tuned, tunedRows],
  ] as const) {
    const row = tableRow(n, jobs, baseMs, ratioTo(jobs), nixMs, nixRss);
    table.push(row);
    console.log(row.join("\t"));
  }
}

/** One row of the main table: medians of `jobs` beside the baseline and Nix. */
function tableRow(
  n: number,
  jobs: Job[],
  baseMs: number,
  ratio: number,
  nixMs: number | undefined,
  nixRss: number | undefined,
): string[] {
  const evalMs = median(jobs.map((j) => j.evalMs));
  const renderMs = median(jobs.map((j) => j.renderMs));
  const gcMs = median(jobs.map((j) => j.gcMs!));
  const wall = median(jobs.map((j) => j.wallMs));
  const rss = median(jobs.map((j) => j.maxRssKB)) / 1024;
  const row = [
    String(n),
    evalMs.toFixed(0),
    renderMs.toFixed(0),
    gcMs.toFixed(0),
    wall.toFixed(0),
    baseMs.toFixed(0),
    ratio.toFixed(1),
    rss.toFixed(0),
    ((evalMs + renderMs) / n).toFixed(3),
  ];
  if (nixAvailable) {
    if (nixMs !== undefined && nixRss !== undefined) {
      row.push(nixMs.toFixed(0), nixRss.toFixed(0), (nixMs / wall).toFixed(1));
    } else row.push("-", "-", "-");
  }
  return row;
}
// What no evaluation can go below: node starting and stopping, and the job's process with one
// container (node, the bundle loaded, one evaluation), beside Nix's 1,000-container time over 20.
const nodeAlone = median(
  Array.from({ length: runs }, () => {
    const start = performance.now();
    execFileSync(process.execPath, ["-e", "0"]);
    return performance.now() - start;
  }),
);
const oneContainer = median(
  Array.from({ length: runs }, () => job(script, "nixmod", 1, commandV8Flags).wallMs),
);
const nixAt1000 = nixTimes.get(1000);
console.log(
  `\nFloors: node alone (\`node -e 0\`) ${nodeAlone.toFixed(0)} ms; the job's process with one container ${oneContainer.toFixed(0)} ms` +
    (nixAt1000 === undefined
      ? ""
      : `; Nix at 1,000 containers / 20: ${(nixAt1000 / 20).toFixed(0)} ms`),
);

console.log("\nnode with its default settings (a build script calling evaluate()):");
printTable(header, rows);
console.log(`\nnode ${commandV8Flags.join(" ")} (what the nixmod command runs with):`);
printTable(header, tunedRows);

// Reuse: the same input again with one container's nested configuration changed, in the
// process that evaluated the first one (what a build tool re-running on an edit does).
const changeHeader = ["N", "first ms", "after one change ms", "ratio"];
const changeRows: string[][] = [];
for (const n of sizes) {
  const runsOf = Array.from({ length: runs }, () => job(script, "change", n, commandV8Flags));
  const first = median(runsOf.map((j) => j.coldEvalMs! + j.coldRenderMs!));
  const again = median(runsOf.map((j) => j.evalMs + j.renderMs));
  changeRows.push([String(n), first.toFixed(0), again.toFixed(0), (first / again).toFixed(1)]);
}
console.log(
  `\nOne container's config changed, evaluated again in the same process (node ${commandV8Flags.join(" ")}):`,
);
printTable(changeHeader, changeRows);

function printTable(head: string[], body: string[][]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join("  ");
  console.log(`\n${line(head)}\n${body.map(line).join("\n")}`);
}
