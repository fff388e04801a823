/**
 * One measured run in its own process, printing timings and peak RSS as JSON:
 * `job.mjs nixmod|baseline N`, or `job.mjs change N` (a full evaluation, then the
 * same input with one container's nested configuration changed, through the public API).
 */
import { PerformanceObserver } from "node:perf_hooks";
import { evaluate, render } from "../../lib/index.ts";
import { baseline, seedOutput } from "./baseline.ts";
import { containerName, containersInput, type ContainerInput } from "./input.ts";

const [tool, count] = process.argv.slice(2);

// The collector's pauses, by when they started: node reports them after the fact.
const pauses: { start: number; ms: number }[] = [];
const collections = new PerformanceObserver((list) => {
  for (const entry of list.getEntries())
    pauses.push({ start: entry.startTime, ms: entry.duration });
});
collections.observe({ entryTypes: ["gc"] });

/** The collector's pause time between `from` and `to` (performance.now() times). */
function pausedMs(from: number, to: number): number {
  return pauses.reduce((sum, p) => (p.start >= from && p.start < to ? sum + p.ms : sum), 0);
}

const n = Number(count);
const input = containersInput(n);

/** Evaluates and renders `containers` as the benchmark's output. */
function evaluateAndRender(containers: Record<string, ContainerInput>) {
  const start = performance.now();
  const evaluation = evaluate({ systemd: { containers } });
  // The fields the seed sets, as the Nix reference run printed them.
  let bytes = JSON.stringify(seedOutput(evaluation.config)).length;
  const evalMs = performance.now() - start;
  const r0 = performance.now();
  bytes += Object.keys(render(evaluation).units).length;
  return { evalMs, renderMs: performance.now() - r0, bytes, start, end: performance.now() };
}

/** A run's figures, and when its measured part started and ended. */
let result: Record<string, number> & { start: number; end: number };
if (tool === "baseline") {
  const start = performance.now();
  const bytes = JSON.stringify(baseline(input)).length;
  result = { evalMs: performance.now() - start, renderMs: 0, bytes, start, end: performance.now() };
} else if (tool === "change") {
  const cold = evaluateAndRender(input);
  const changed = containerName(1);
  const warm = evaluateAndRender({
    ...input,
    [changed]: { config: { networking: { hostName: "changed" } } },
  });
  result = { ...warm, coldEvalMs: cold.evalMs, coldRenderMs: cold.renderMs };
} else {
  result = evaluateAndRender(input);
}
// Node delivers the pauses' entries on a later turn of its event loop: turn until none come.
for (let seen = -1; seen !== pauses.length;) {
  seen = pauses.length;
  await new Promise((resolve) => setTimeout(resolve, 0));
}
collections.disconnect();
const { start, end, ...measured } = result;
process.stdout.write(
  JSON.stringify({
    tool,
    n,
    ...measured,
    gcMs: pausedMs(start, end),
    maxRssKB: process.resourceUsage().maxRSS,
  }) + "\n",
);
