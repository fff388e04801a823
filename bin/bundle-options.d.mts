import type { BuildOptions } from "esbuild";

/** How the package's JavaScript is bundled (bin/bundle-options.mjs). */
export declare const bundleOptions: BuildOptions;
