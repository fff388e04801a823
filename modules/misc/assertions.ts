/**
 * `assertions` and `warnings` (nixos/modules/misc/assertions.nix): what modules
 * report about a configuration. Building a system's toplevel fails when an
 * assertion fails (modules/system/toplevel.ts); `evaluate()` lists both.
 */

import type { Module } from "../../lib/modules/module.ts";
import { mkOption } from "../../lib/options.ts";
import { types } from "../../lib/types/index.ts";

/** One `assertions` entry: a condition and the message shown when it is false. */
export interface Assertion {
  assertion: boolean;
  message: string;
}

const assertionType = types.submodule({
  _file: "modules/misc/assertions.ts",
  options: {
    assertion: mkOption({
      type: types.bool,
      description: "The condition; false makes the assertion fail.",
    }),
    message: mkOption({
      type: types.str,
      description: "What is wrong when the assertion fails.",
    }),
  },
});

/** The `assertions`/`warnings` option module. */
export const assertionsModule: Module = {
  _file: "modules/misc/assertions.ts",
  key: "modules/misc/assertions.ts",
  options: {
    assertions: mkOption({
      type: types.listOf(assertionType),
      internal: true,
      default: [],
      example: [{ assertion: false, message: "you can't enable this for that reason" }],
      description:
        "Conditions the configuration must meet, each with the message shown when it does " +
        "not; building the system fails with every failed message.",
    }),
    warnings: mkOption({
      type: types.listOf(types.str),
      internal: true,
      default: [],
      example: ["The `foo' service is deprecated and will go away soon!"],
      description: "Messages shown to the user when the system is built.",
    }),
  },
};

/** The messages of the assertions that fail, in order (NixOS's `failedAssertions`). */
export function failedAssertions(assertions: readonly Assertion[]): string[] {
  return assertions.filter((a) => !a.assertion).map((a) => a.message);
}
