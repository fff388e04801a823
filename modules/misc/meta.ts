/**
 * `meta` (nixos/modules/misc/meta.nix and modules/generic/meta-maintainers.nix): what a
 * module says about itself, for NixOS's documentation and its maintainers' lists. NixOS
 * modules set it, so modules written for NixOS must be able to; it is no part of the system
 * (the toplevel leaves it out). nixmod has no `lib.maintainers`, so the list holds only what
 * the configuration's own modules define, and an unset `meta.doc` reads as `undefined`, where
 * Nix's fails, so that every configuration prints as JSON.
 */

import type { Module } from "../../lib/modules/module.ts";
import { literalExpression, mkOption } from "../../lib/options.ts";
import { types } from "../../lib/types/index.ts";
import {
  extendType,
  mkOptionType,
  unsetReadsUndefined,
  type Def,
  type JsonSchema,
  type OptionType,
  type SchemaContext,
} from "../../lib/types/option-type.ts";
import { sortNames } from "../../lib/util/attrs.ts";

/**
 * `type` with Nix's `// { merge = … }`: the given merge, which checks no more than `type.check`,
 * and whose value `output` describes (as JSON Schema, from the schema of `type`).
 */
const withMerge = (
  type: OptionType,
  merge: (loc: string[], defs: Def[]) => unknown,
  output: (ctx: SchemaContext) => JsonSchema,
) =>
  extendType(type, {
    merge,
    mergeV2: null,
    toJsonSchema: (ctx) => (ctx.output ? output(ctx) : type.toJsonSchema(ctx)),
  });

/** The schema of a list of definitions of `type`, as `definitionList` gives them, whose values are `valueTs`. */
const definitionListSchema = (type: OptionType, valueTs: string) => (ctx: SchemaContext) => ({
  type: "array",
  items: {
    type: "object",
    properties: { file: { type: "string" }, value: type.toJsonSchema(ctx) },
    required: ["file", "value"],
  },
  // The option's default is its input, not this list: the type is said outright.
  tsType: `{ file: string; value: ${valueTs} }[]`,
});

/** The definitions themselves as the value, each as `{ file, value }` (Nix's `merge = loc: defs: defs`). */
const definitionList = (_loc: string[], defs: Def[]) =>
  defs.map(({ file, value }) => ({ file, value }));

/**
 * One maintainer. NixOS checks it against `lib.maintainers`, but only the list's own check
 * (a list) runs when the option merges, so any value is taken, as it is here.
 */
const maintainer = mkOptionType({
  name: "maintainer",
  toJsonSchema: () => ({ "x-nixmod-type": "maintainer" }),
});

/** The maintainers of every module that names some, by the module's file, in definition order. */
function maintainersByFile(_loc: string[], defs: Def[]): Record<string, unknown[]> {
  const byFile = new Map<string, unknown[]>();
  for (const { file, value } of defs) {
    let list = byFile.get(file);
    if (list === undefined) byFile.set(file, (list = []));
    list.push(...(value as unknown[]));
  }
  const out: Record<string, unknown[]> = {};
  for (const file of sortNames(byFile.keys())) out[file] = byFile.get(file)!;
  return out;
}

// Shared by every evaluation: the declarations depend on nothing of one.
const metaOptions = {
  meta: {
    maintainers: mkOption({
      type: withMerge(types.listOf(maintainer), maintainersByFile, () => ({
        type: "object",
        additionalProperties: { type: "array" },
      })),
      default: [],
      example: [{ name: "Alice", github: "alice" }],
      description:
        "The maintainers of each module, at most one definition per module. The value is not " +
        "a list but a set mapping each module's file to its maintainers.",
    }),
    doc: mkOption({
      type: unsetReadsUndefined(
        withMerge(types.path, definitionList, definitionListSchema(types.path, "string | Package")),
      ),
      internal: true,
      // A path next to the module, as Nix writes one.
      example: literalExpression("./meta.chapter.md"),
      description:
        "The documentation prologue of a module's options, at most one definition per module.",
    }),
    buildDocsInSandbox: mkOption({
      type: withMerge(types.bool, definitionList, definitionListSchema(types.bool, "boolean")),
      internal: true,
      default: true,
      description:
        "Whether a module's options can be documented on their own: false for a module whose " +
        "options read `config`, `pkgs` or other arguments that are not constants. At most one " +
        "definition per module.",
    }),
  },
};

/** The `meta` option module. */
export const metaModule: Module = {
  _file: "modules/misc/meta.ts",
  key: "modules/misc/meta.ts",
  options: metaOptions,
};
