/**
 * One process of `npm run bench:nested` (nested.ts): evaluates container systems one after
 * another, as the seed's module does for each container with a `config`, and prints as JSON
 * the time of each step per system. `nested-job.mjs SYSTEMS` measures the whole system;
 * `nested-job.mjs SYSTEMS I` measures it and the system without the I-th built-in module in
 * alternate batches, so that both see the same machine (the share of a module is their
 * difference), or prints `{ "needed": true }` when another module needs that one;
 * `nested-job.mjs SYSTEMS template` measures systems built from a template, as a host builds
 * all but the first eight of a kind.
 */
import { isModuleError } from "../../lib/errors.ts";
import type { Module } from "../../lib/modules/module.ts";
import { builtinModules } from "../../modules/index.ts";
import { sharedPackageSet } from "../../modules/packages.ts";
import { containerSystem, containerToplevel } from "../../modules/virtualisation/containers.ts";
import { containerName } from "./input.ts";

/** Systems per batch: a batch's mean is one sample; a collection pause falls in a few of them. */
const batch = 500;
/** Batches per variant: the systems asked for, in whole batches, at least three (one of warm-up). */
const batches = Math.max(3, Math.round(Number(process.argv[2] ?? 4000) / batch));
/** The first third of a variant's batches, left out of its samples. */
const warmUp = Math.floor(batches / 3);
const pkgs = sharedPackageSet();

/** The configuration of the mix's nested containers. */
const configuration = (name: string) => ({ networking: { hostName: `host-${name}` } });

/** The steps of one system, each forcing what the ones before left (the toplevel: the rest). */
const steps: readonly [string, (config: any) => unknown][] = [
  ["modules collected", () => undefined],
  ["systemd.services", (config) => config.systemd.services],
  ["assertions", (config) => config.assertions],
  ["system.build.toplevel", (config) => config.system.build.toplevel.outPath],
];

/** One batch of systems: the mean µs per system of each step. */
function runBatch(baseModules: readonly Module[], first: number): number[] {
  const sums = steps.map(() => 0);
  for (let i = first; i < first + batch; i++) {
    const name = containerName(i);
    let t = performance.now();
    const config = containerSystem(baseModules, pkgs, name, configuration(name)).config;
    for (let s = 0; s < steps.length; s++) {
      steps[s]![1](config);
      const now = performance.now();
      sums[s]! += now - t;
      t = now;
    }
  }
  return sums.map((sum) => (sum * 1000) / batch);
}

/**
 * `batches` batches of each variant, taking turns; per variant, the batches' means after the
 * first third (the warm-up), step by step.
 */
function measure(variants: readonly (readonly Module[])[]): number[][][] {
  const samples = variants.map(() => steps.map(() => [] as number[]));
  for (let b = 0; b < batches * variants.length; b++) {
    const v = b % variants.length;
    const means = runBatch(variants[v]!, b * batch);
    if (b >= warmUp * variants.length) {
      means.forEach((mean, s) => samples[v]![s]!.push(mean));
    }
  }
  return samples;
}

/** Whether a system of `baseModules` still builds a toplevel (no module left out is read by others). */
function buildsToplevel(baseModules: readonly Module[]): boolean {
  try {
    return (
      containerSystem(baseModules, pkgs, "probe", {}).config.system.build.toplevel !== undefined
    );
  } catch (error) {
    if (isModuleError(error)) return false;
    throw error;
  }
}

/**
 * Systems built as the host builds every one but the first eight of their kind: their text taken from
 * the template where it is common (modules/system/system-template.ts). Per batch after the
 * warm-up, the mean µs per system.
 */
function measureFromTemplate(): number[][][] {
  const means: number[] = [];
  for (let b = 0; b < batches; b++) {
    const start = performance.now();
    for (let i = b * batch; i < (b + 1) * batch; i++) {
      const name = containerName(i);
      containerToplevel(builtinModules, pkgs, name, configuration(name));
    }
    if (b >= warmUp) means.push(((performance.now() - start) * 1000) / batch);
  }
  return [[means]];
}

const mode = process.argv[3];
const leftOut = mode === undefined || mode === "template" ? undefined : Number(mode);
const without = builtinModules.filter((_, i) => i !== leftOut);
const result =
  mode === "template"
    ? { steps: ["built from a template"], samples: measureFromTemplate() }
    : leftOut === undefined
      ? { samples: measure([builtinModules]) }
      : buildsToplevel(without)
        ? { samples: measure([builtinModules, without]) }
        : { needed: true };
process.stdout.write(
  JSON.stringify({ systems: batches * batch, steps: steps.map(([step]) => step), ...result }) +
    "\n",
);
