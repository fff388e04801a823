/**
 * `npm run bench:nested`: where a nested container system's time goes. Half the containers of
 * the benchmark's mix are built from a `config`, each an evaluation of every built-in module;
 * this measures such systems alone, each step, then each built-in module's share: the system's
 * time less that of the system without it (where no other module needs it). Each measurement
 * is its own process with the `nixmod` command's V8 settings (nested-job.ts).
 */
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { commandV8Flags } from "../../bin/v8-flags.mjs";
import type { Module } from "../../lib/modules/module.ts";
import { builtinModules } from "../../modules/index.ts";
import { bundleJob } from "./bundle.ts";
import { median } from "../median.ts";

/** What a job prints: per variant, per step, the batches' mean µs per system. */
interface JobResult {
  /** Systems per variant: the ones asked for, in whole batches. */
  systems: number;
  steps: string[];
  samples?: number[][][];
}

const systems = Number(process.env.BENCH_SYSTEMS ?? 4000);
const here = dirname(fileURLToPath(import.meta.url));
const script = await bundleJob(join(here, "nested-job.ts"), "nested-job");

function runJob(variant?: number | "template"): JobResult {
  const args = [...commandV8Flags, script, String(systems)];
  if (variant !== undefined) args.push(String(variant));
  return JSON.parse(execFileSync(process.execPath, args, { encoding: "utf8" })) as JobResult;
}

/** A built-in module's name: its function's, or its key (the file). */
function moduleName(m: Module): string {
  return typeof m === "function" ? m.name : String((m as { key?: unknown }).key);
}

/** Per batch, the sum of its steps' means. */
const batchTotals = (steps: number[][]) =>
  steps[0]!.map((_, b) => steps.reduce((t, s) => t + s[b]!, 0));
const µs = (x: number) => x.toFixed(1).padStart(8);

const whole = runJob();
const [steps] = whole.samples!;
console.log(`Nested container systems (${whole.systems} per measurement): µs per system`);
console.log("step                        min   median");
whole.steps.forEach((step, s) => {
  console.log(`${step.padEnd(22)} ${µs(Math.min(...steps![s]!))} ${µs(median(steps![s]!))}`);
});
const totals = batchTotals(steps!);
console.log(`${"total".padEnd(22)} ${µs(Math.min(...totals))} ${µs(median(totals))}`);
// A host builds all but the first eight systems of a kind from their template.
const [[fromTemplate]] = runJob("template").samples!;
console.log(
  `${"built from a template".padEnd(22)} ${µs(Math.min(...fromTemplate!))} ${µs(median(fromTemplate!))}`,
);

// The batches of the two systems take turns: a share is the median of the differences of
// neighbouring batches, which the machine's changes of speed touch alike.
console.log("\nbuilt-in module                               share µs");
const shares = builtinModules.map((m, i) => {
  const { samples } = runJob(i);
  if (samples === undefined) return { name: moduleName(m), share: undefined };
  const [withIt, withoutIt] = samples.map(batchTotals);
  return { name: moduleName(m), share: median(withIt!.map((t, b) => t - withoutIt![b]!)) };
});
for (const { name, share } of shares.sort((a, b) => (b.share ?? -1e9) - (a.share ?? -1e9))) {
  console.log(`${name.padEnd(42)} ${share === undefined ? "needed by others" : µs(share)}`);
}
