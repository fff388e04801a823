/** Validation benchmark: configs with N containers, each with a typo and a wrong value, checked as objects and as JSON and YAML text. */
import { stringify } from "yaml";
import { validate } from "../lib/index.ts";
import { median } from "./median.ts";

/** N containers, each with an unknown option and a `null or string` given a number. */
function config(n: number): Record<string, unknown> {
  const containers: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) containers[`c${i}`] = { hostAdress: "10.0.0.1", localAddress: i };
  return { containers };
}

function time(run: () => number, expected: number): number {
  const times: number[] = [];
  for (let r = 0; r < 3; r++) {
    const start = performance.now();
    const errors = run();
    times.push(performance.now() - start);
    if (errors !== expected) throw new Error(`expected ${expected} errors, got ${errors}`);
  }
  return median(times);
}

validate({});
console.log("containers  errors  input   median ms  µs/error");
for (const n of [1_000, 10_000, 100_000]) {
  const data = config(n);
  const inputs: [string, unknown][] = [
    ["object", data],
    ["JSON", JSON.stringify(data, null, 2)],
    ["YAML", stringify(data)],
  ];
  for (const [kind, input] of inputs) {
    const format = kind === "YAML" ? "yaml" : "json";
    const ms = time(() => validate(input, { format }).errors.length, 2 * n);
    console.log(
      `${String(n).padStart(10)}  ${String(2 * n).padStart(6)}  ${kind.padEnd(6)}  ${ms.toFixed(0).padStart(9)}  ${((ms * 1000) / (2 * n)).toFixed(1).padStart(8)}`,
    );
  }
}
