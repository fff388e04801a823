// The V8 settings the `nixmod` command runs with; the benchmark's "command" rows use the same
// list (bench/README.md gives the measurements behind each).
export const commandV8Flags = [
  // V8 allocates an allocation site's objects straight in its old generation once most of them
  // outlive a collection. An evaluation's records survive and a nested container system's
  // (made by the same code) do not; the module system avoids most such sites, and this turns
  // the decision off for the rest.
  "--no-allocation-site-pretenuring",
  // The optimising compiler inlines up to 920 bytes of bytecode into each hot function; the
  // evaluator's hot paths reach that, and their compiles (on the one other core a small machine
  // has, beside the collector's helpers) kept them unoptimised for much of a short run.
  "--max-inlined-bytecode-size-cumulative=230",
];
