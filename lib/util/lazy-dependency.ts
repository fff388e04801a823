/**
 * Dependencies loaded on first use. `import "nixmod"` is in every build script, most of which
 * only evaluate and render; YAML parsing, JSON Schema validation and unit diffs would add
 * about 100 ms to each of those processes' start-up (yaml 45, ajv 40, diff 14, measured).
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

function lazyDependency<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(id) as T);
}

/** The `yaml` package (config files, source positions). */
export const yaml = lazyDependency<typeof import("yaml")>("yaml");

/** ajv's JSON Schema 2020-12 validator (`validate`). */
export const ajv = lazyDependency<typeof import("ajv/dist/2020.js")>("ajv/dist/2020.js");

/** The `smol-toml` package (`importTOML`). */
export const toml = lazyDependency<typeof import("smol-toml")>("smol-toml");

/** Babel's parser (where a TypeScript or JavaScript module writes a definition). */
export const babelParser = lazyDependency<typeof import("@babel/parser")>("@babel/parser");

/** The `diff` package (unit diffs in `plan`). */
export const diff = lazyDependency<typeof import("diff")>("diff");
