#!/usr/bin/env node
// Entry point: nixmod ships TypeScript sources, so register tsx before loading the CLI.
import { setFlagsFromString } from "node:v8";
import { register } from "tsx/esm/api";

// V8 moves objects from an allocation site straight to its old generation once most of them
// outlive a collection. An evaluation's option records survive and a nested container
// system's records (made by the same code) do not, so with that on, large configurations
// spend most of their time collecting; set before anything is allocated (see bench/README.md).
setFlagsFromString("--no-allocation-site-pretenuring");
register();
const { main } = await import("./cli.ts");
process.exitCode = await main(process.argv.slice(2));
