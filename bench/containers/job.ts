/** One measured run in its own process: `job.mjs nixmod|baseline N`, printing timings and peak RSS as JSON. */
import { evaluate, render } from "../../lib/index.ts";
import { baseline, seedOutput } from "./baseline.ts";
import { containersInput } from "./input.ts";

const [tool, count] = process.argv.slice(2);
const n = Number(count);
const input = containersInput(n);
const start = performance.now();
let evalMs: number;
let renderMs = 0;
let bytes: number;
if (tool === "baseline") {
  bytes = JSON.stringify(baseline(input)).length;
  evalMs = performance.now() - start;
} else {
  const evaluation = evaluate({ systemd: { containers: input } });
  // The fields the seed sets, as the Nix reference run printed them.
  bytes = JSON.stringify(seedOutput(evaluation.config)).length;
  evalMs = performance.now() - start;
  const r0 = performance.now();
  const rendered = render(evaluation);
  bytes += Object.keys(rendered.units).length;
  renderMs = performance.now() - r0;
}
process.stdout.write(
  JSON.stringify({ tool, n, evalMs, renderMs, bytes, maxRssKB: process.resourceUsage().maxRSS }) +
    "\n",
);
