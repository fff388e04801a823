/** The V8 settings the `nixmod` command runs with (bin/v8-flags.mjs). */
export declare const commandV8Flags: readonly string[];
