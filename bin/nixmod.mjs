#!/usr/bin/env node
// Entry point: nixmod ships TypeScript sources, so register tsx before loading the CLI.
import { register } from "tsx/esm/api";

register();
const { main } = await import("./cli.ts");
process.exitCode = await main(process.argv.slice(2));
