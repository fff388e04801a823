// How the package's JavaScript is bundled (bin/build.mjs); the benchmark bundles its job with the
// same settings, so that it measures the code users run.
export const bundleOptions = {
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  // No `keepNames`: it gives every function a `name` property defined at run time, which turns
  // each closure made by the evaluator (a lazy field's, a getter's) into a slow-mode object of
  // about 360 bytes instead of 100. At 10,000 containers that was 45 MB more memory and 15% more
  // evaluation time. The public functions keep their names without it (a test checks).
  keepNames: false,
  logLevel: "warning",
};
