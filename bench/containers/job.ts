/**
 * One measured run in its own process, printing timings and peak RSS as JSON:
 * `job.mjs nixmod|baseline N`, or `job.mjs change N` (a full evaluation, then the
 * same input with one container's nested configuration changed, through the public API).
 */
import { evaluate, render } from "../../lib/index.ts";
import { baseline, seedOutput } from "./baseline.ts";
import { containerName, containersInput, type ContainerInput } from "./input.ts";

const [tool, count] = process.argv.slice(2);
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
  return { evalMs, renderMs: performance.now() - r0, bytes };
}

let result: Record<string, number>;
if (tool === "baseline") {
  const start = performance.now();
  const bytes = JSON.stringify(baseline(input)).length;
  result = { evalMs: performance.now() - start, renderMs: 0, bytes };
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
process.stdout.write(
  JSON.stringify({ tool, n, ...result, maxRssKB: process.resourceUsage().maxRSS }) + "\n",
);
