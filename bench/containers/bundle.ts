/** Bundling of the benchmark's jobs, each run in its own process. */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { bundleOptions } from "../../bin/bundle-options.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * Bundles `entry` into `bench/dist/<name>.mjs` with the package's settings, so that a job runs
 * the library as it ships, and returns the bundle's path.
 */
export async function bundleJob(entry: string, name: string): Promise<string> {
  const out = join(root, "bench/dist", `${name}.mjs`);
  await build({
    ...bundleOptions,
    entryPoints: [entry],
    outfile: out,
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  });
  return out;
}
