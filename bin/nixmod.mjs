#!/usr/bin/env node
// Entry point: nixmod ships TypeScript sources, so register tsx before loading the CLI.
import { setFlagsFromString } from "node:v8";
import { register } from "tsx/esm/api";

// V8 allocates an allocation site's objects straight in its old generation once most of them
// outlive a collection. An evaluation's records survive and a nested container system's
// (made by the same code) do not; the module system avoids most such sites, and this turns
// the decision off for the rest. Set before anything is allocated (see bench/README.md).
setFlagsFromString("--no-allocation-site-pretenuring");
// The optimising compiler inlines up to 920 bytes of bytecode into each hot function; the
// evaluator's hot paths reach that, and their compiles (on the one other core a small machine
// has, beside the collector's helpers) kept them unoptimised for much of a short run. A quarter
// of it made 1,000 containers 10-15% faster and 10,000 about 5% (bench/README.md).
setFlagsFromString("--max-inlined-bytecode-size-cumulative=230");
register();
const { main } = await import("./cli.ts");
process.exitCode = await main(process.argv.slice(2));
