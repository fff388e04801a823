/** Core benchmark: evaluate N options (each with a few definitions) and report time per definition. */
import { evalModules, mkDefault, mkIf, mkOption, types } from "../lib/index.ts";
import { median } from "./median.ts";

const defsPerOption = 3;

function run(n: number): { ms: number; defs: number } {
  const options: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) {
    options[`o${i}`] =
      i % 2 === 0 ? mkOption({ type: types.int }) : mkOption({ type: types.listOf(types.str) });
  }
  const a: Record<string, unknown> = {};
  const b: Record<string, unknown> = {};
  const c: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) {
    const even = i % 2 === 0;
    a[`o${i}`] = mkDefault(even ? 1 : ["a"]);
    b[`o${i}`] = even ? 2 : ["b"];
    c[`o${i}`] = mkIf(true, even ? 2 : ["c"]);
  }
  const start = performance.now();
  const result = evalModules({ modules: [{ options }, a, b, c] });
  const json = JSON.stringify(result.config);
  const ms = performance.now() - start;
  if (json.length === 0) throw new Error("empty result");
  return { ms, defs: n * defsPerOption };
}

console.log("options  definitions  median ms  µs/definition");
for (const n of [1_000, 10_000, 100_000]) {
  const runs = n >= 100_000 ? 3 : 7;
  const times: number[] = [];
  let defs = 0;
  for (let r = 0; r < runs; r++) {
    const res = run(n);
    times.push(res.ms);
    defs = res.defs;
  }
  const ms = median(times);
  console.log(
    `${String(n).padStart(7)}  ${String(defs).padStart(11)}  ${ms.toFixed(1).padStart(9)}  ${((ms * 1000) / defs).toFixed(2).padStart(13)}`,
  );
}
