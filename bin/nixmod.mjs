#!/usr/bin/env node
// Entry point: nixmod ships TypeScript sources, so register tsx before loading the CLI.
import { setFlagsFromString } from "node:v8";
import { register } from "tsx/esm/api";
import { commandV8Flags } from "./v8-flags.mjs";

// Set before anything is allocated (see bench/README.md).
for (const flag of commandV8Flags) setFlagsFromString(flag);
register();
// A reader that stops early (`nixmod schema | head`) is no failure.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
}
const { main } = await import("./cli.ts");
process.exitCode = await main(process.argv.slice(2));
