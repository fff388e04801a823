#!/usr/bin/env node
// Entry point: nixmod ships TypeScript sources, so register tsx before loading the CLI.
import { setFlagsFromString } from "node:v8";
import { register } from "tsx/esm/api";

// V8 allocates an allocation site's objects straight in its old generation once most of them
// outlive a collection. An evaluation's records survive and a nested container system's
// (made by the same code) do not; the module system avoids most such sites, and this turns
// the decision off for the rest. Set before anything is allocated (see bench/README.md).
setFlagsFromString("--no-allocation-site-pretenuring");
register();
const { main } = await import("./cli.ts");
process.exitCode = await main(process.argv.slice(2));
