/**
 * `assertions` and `warnings` (nixos/modules/misc/assertions.nix): what modules
 * report about a configuration. Building a system's toplevel fails when an
 * assertion fails (modules/system/toplevel.ts); `evaluate()` lists both.
 */

import { isModuleError, ModuleError, nixValueKind, quoteOption } from "../../lib/errors.ts";
import type { Module } from "../../lib/modules/module.ts";
import { mkOption } from "../../lib/options.ts";
import { interpolate } from "../../lib/render/nix-to-string.ts";
import { asModuleError } from "../../lib/thunk.ts";
import { types } from "../../lib/types/index.ts";
import { extendType } from "../../lib/types/option-type.ts";
import { selectProblem } from "../../lib/util/attrs.ts";

/** One `assertions` entry as modules write it: a condition and the message shown when it is false. */
export interface Assertion {
  assertion: boolean;
  message: string;
}

/**
 * NixOS's entry type, `unspecified`, whose schema says what `failedAssertions` reads: a
 * Boolean `assertion`, and the `message` shown when it is false (a string, or a set Nix
 * interpolates by its `outPath`).
 */
const assertionEntry = extendType(types.unspecified, {
  toJsonSchema: () => ({
    "x-nixmod-type":
      "assertion (a set of a Boolean `assertion' and the `message' when it is false)",
    type: "object",
    properties: {
      assertion: { "x-nixmod-type": "boolean", type: "boolean" },
      message: { "x-nixmod-type": "string", type: ["string", "object"] },
    },
    required: ["assertion"],
    if: { properties: { assertion: { const: false } } },
    then: { properties: { message: true }, required: ["message"] },
  }),
});

/** The `assertions`/`warnings` option module. */
export const assertionsModule: Module = {
  _file: "modules/misc/assertions.ts",
  key: "modules/misc/assertions.ts",
  options: {
    assertions: mkOption({
      // NixOS's type: entries are read only when the system is built, as `failedAssertions` does.
      type: types.listOf(assertionEntry),
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

/**
 * NixOS's `failedAssertions`: the messages of the entries whose `assertion` is false, in
 * order, each as NixOS's toplevel interpolates it into its error. The entries are read as
 * Nix reads them: every `assertion` first, then the messages of the failed ones.
 */
export function failedAssertions(assertions: readonly unknown[], loc: readonly string[]): string[] {
  const failed: number[] = [];
  assertions.forEach((entry, index) => {
    const holds = entryAttribute(entry, "assertion", index, loc);
    if (holds === false) failed.push(index);
    else if (holds !== true) {
      throw entryError(index, loc, `value is ${nixValueKind(holds)} while a Boolean was expected`);
    }
  });
  return failed.map((index) => {
    const message = entryAttribute(assertions[index], "message", index, loc);
    try {
      return interpolate(message);
    } catch (error) {
      // Nix's refusal of the message itself, in Nix's words; what a `__toString` throws is
      // reported at the option.
      if (isModuleError(error) && error.code === "type" && error.loc === undefined) {
        throw entryError(index, loc, error.message);
      }
      throw asModuleError(error, [...loc]);
    }
  });
}

function entryAttribute(
  entry: unknown,
  name: string,
  index: number,
  loc: readonly string[],
): unknown {
  const problem = selectProblem(entry, name);
  if (problem !== undefined) throw entryError(index, loc, problem);
  return (entry as Record<string, unknown>)[name];
}

function entryError(index: number, loc: readonly string[], nixWords: string): ModuleError {
  return new ModuleError(
    `while evaluating entry ${index + 1} of the option ${quoteOption([...loc])}: ${nixWords}`,
    { code: "type", loc: [...loc] },
  );
}
