#!/usr/bin/env node
// Entry point. A checkout runs the TypeScript sources through tsx; an installed package (which
// ships no sources) runs their build in dist/, which starts faster.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { commandV8Flags } from "./v8-flags.mjs";

// Set before anything is allocated (see bench/README.md).
for (const flag of commandV8Flags) setFlagsFromString(flag);
// A reader that stops early (`nixmod schema | head`) is no failure.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
}
const source = new URL("./cli.ts", import.meta.url);
let cli;
if (existsSync(source)) {
  const { register } = await import("tsx/esm/api");
  // The checkout's tsconfig maps `nixmod` to the sources, so a config module imports the same
  // copy of nixmod as the command, wherever it is run from.
  register({ tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) });
  cli = await import(source.href);
} else {
  cli = await import(new URL("../dist/cli.js", import.meta.url).href);
}
process.exitCode = await cli.main(process.argv.slice(2));
