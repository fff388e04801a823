/**
 * The groupings of declarations that evaluations share (cached levels, level templates, the
 * levels kept on namespace entries) must give what grouping the same modules from scratch
 * gives. Random option trees are declared by modules shared between evaluations and by module
 * functions that declare afresh in each; an evaluation met again, after others have filled the
 * caches, must give what its first run gave, when every object was new.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evalModules, mkOption, ModuleError, types } from "../../lib/index.ts";

type Tree = { [name: string]: Tree | number };

const names = ["a", "b", "c"];

/** An option tree: nested namespaces whose leaves are options (the number is a default). */
const treeArb: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.dictionary(
    fc.constantFrom(...names),
    fc.oneof({ maxDepth: 2 }, fc.integer({ min: 0, max: 9 }), tie("tree")),
    { maxKeys: 3 },
  ),
})).tree;

/** The options `tree` declares; an option's type is a list of integers when its default is even. */
function declare(tree: Tree, offset: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, node] of Object.entries(tree)) {
    out[name] =
      typeof node === "number"
        ? node % 2 === 0
          ? mkOption({ type: types.listOf(types.int), default: [node + offset] })
          : mkOption({ type: types.int, default: node + offset })
        : declare(node, offset);
  }
  return out;
}

/** Definitions for the leaves of `tree` that `pick` chooses (a list where a list is wanted). */
function define(tree: Tree, pick: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, node] of Object.entries(tree)) {
    if (typeof node !== "number") out[name] = define(node, pick + 1);
    else if ((node + pick) % 3 === 0) out[name] = node % 2 === 0 ? [100 + node] : 100 + node;
  }
  return out;
}

/** The evaluation's whole configuration as text, or the error it gives. */
function outcome(modules: unknown[], tag: number): string {
  try {
    return JSON.stringify(
      evalModules({ modules: modules as never[], specialArgs: { tag } }).config,
    );
  } catch (error) {
    if (error instanceof ModuleError) return `error: ${error.message}`;
    throw error;
  }
}

describe("declarations shared between evaluations", () => {
  it("give each evaluation what grouping its modules from scratch gives", () => {
    fc.assert(
      fc.property(
        fc.array(treeArb, { minLength: 1, maxLength: 3 }),
        fc.array(treeArb, { minLength: 1, maxLength: 2 }),
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 4, maxLength: 8 }),
        fc.integer({ min: 0, max: 3 }),
        (sharedTrees, freshShapes, tags, position) => {
          // Made here, so that the first evaluation meets every object for the first time.
          const shared = sharedTrees.map((tree, i) => ({
            _file: `shared-${i}.nix`,
            options: declare(tree, 0),
          }));
          const perEvaluation = ({ tag }: { tag: number }) => ({
            _file: "own.nix",
            options: declare(freshShapes[tag % freshShapes.length]!, tag * 10),
          });
          const definitions = { _file: "defs.nix", config: define(sharedTrees[0]!, 0) };
          const modules = [...shared];
          modules.splice(Math.min(position, modules.length), 0, perEvaluation as never);
          modules.push(definitions as never);
          const first = new Map<number, string>();
          for (const tag of tags) {
            const result = outcome(modules, tag);
            if (!first.has(tag)) first.set(tag, result);
            else expect(result).toBe(first.get(tag));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
