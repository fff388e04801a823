// `npm run build`: the package's dist/ (or the folder given). The JavaScript is bundled: the
// library and the command share one module graph in three files, which node loads in a third
// of the time it takes for the hundred and fifty files tsc writes (README, "The package and its
// build"). tsc writes the declarations.
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { bundleOptions } from "./bundle-options.mjs";

const root = fileURLToPath(new URL("../", import.meta.url));
const outDir = resolve(root, process.argv[2] ?? "dist");
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

rmSync(outDir, { recursive: true, force: true });
execFileSync(
  process.execPath,
  [tsc, "-p", "tsconfig.build.json", "--emitDeclarationOnly", "--outDir", outDir],
  { cwd: root, stdio: "inherit" },
);
await build({
  ...bundleOptions,
  absWorkingDir: root,
  entryPoints: { nixmod: "lib/index.ts", cli: "bin/cli.ts" },
  outdir: outDir,
  // One copy of the library for the command and the config modules it loads.
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  // Dependencies stay packages of their own: most are loaded only when a command needs them.
  packages: "external",
});
