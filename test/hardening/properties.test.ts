/**
 * Property tests over random module sets: evaluation returns or throws a ModuleError
 * (never a TypeError, RangeError or another error), mkForce beats plain definitions,
 * attrsOf merging follows Nix's order rules, and the output bytes depend only on the input.
 */
import fc from "fast-check";
import { evalModules, mkDefault, mkForce, mkOption, ModuleError, types, type Module } from "nixmod";
import { describe, expect, it } from "vitest";
import {
  canonicalJson,
  expectModuleError,
  expectPrototypeUntouched,
  fuzzParams,
  prototypeSnapshot,
} from "./fuzz.ts";
import {
  buildModules,
  buildType,
  buildVal,
  GetterBoom,
  moduleSetArb,
  nameArb,
  passesThrough,
  typeArb,
  typesOf,
  valArb,
  type ConfigRef,
  type KeyOrder,
  type ModuleSpec,
  type TypeSpec,
} from "./module-specs.ts";

type Outcome = { ok: true; json: string } | { ok: false; error: ModuleError };

/**
 * Whether `error` is a user getter's own error, thrown when JSON.stringify itself read the
 * getter: one inside a value nixmod passes through without evaluating its insides (`raw`,
 * `unspecified`, `attrs`, or an `mk*` record left as data), as Nix leaves such values lazy.
 * nixmod never called that getter, so there is nothing for it to wrap.
 */
function thrownBySerializer(error: unknown): boolean {
  if (!(error instanceof GetterBoom)) return false;
  const frames = (error.stack ?? "").split("\n").filter((l) => l.trimStart().startsWith("at "));
  return frames.length >= 2 && frames[1]!.includes("JSON.stringify");
}

let serializerGetters = 0;

/** Option metadata a tool would read: forcing it must also give values or ModuleErrors only. */
function readOptionRecords(options: unknown, depth = 0): void {
  if (typeof options !== "object" || options === null || depth > 6) return;
  for (const name of Object.keys(options)) {
    let child: unknown;
    try {
      child = (options as Record<string, unknown>)[name];
    } catch (error) {
      expectModuleError(error);
      continue;
    }
    if (typeof child !== "object" || child === null) continue;
    if ((child as { _type?: unknown })._type === "option") {
      for (const field of ["isDefined", "highestPrio", "definitions", "files", "loc", "type"]) {
        try {
          void (child as Record<string, unknown>)[field];
        } catch (error) {
          expectModuleError(error);
        }
      }
    } else readOptionRecords(child, depth + 1);
  }
}

/** Evaluates a module set and serializes its config; any failure must be a ModuleError. */
function evaluateSpecs(specs: readonly ModuleSpec[], order: KeyOrder): Outcome {
  const ref: ConfigRef = { current: () => undefined };
  const modules = buildModules(specs, order, ref);
  let json: string;
  let options: unknown;
  try {
    const result = evalModules({ modules });
    ref.current = () => result.config;
    json = JSON.stringify(result.config);
    options = result.options;
  } catch (error) {
    if (thrownBySerializer(error)) {
      serializerGetters++;
      const wrapped = new ModuleError("a getter read by JSON.stringify threw", {
        code: "thrown",
        cause: error,
      });
      return { ok: false, error: wrapped };
    }
    expectModuleError(error);
    return { ok: false, error };
  }
  readOptionRecords(options);
  return { ok: true, json };
}

function usesPassThrough(specs: readonly ModuleSpec[]): boolean {
  const free = (m: ModuleSpec): boolean => m.freeform || m.imports.some(free);
  return typesOf(specs).some(passesThrough) || specs.some(free);
}

const counts = { modules: 0, ok: 0, failed: 0, thrownGetters: 0 };

describe("random module sets", () => {
  it("evaluate to JSON or throw a ModuleError, never another error, and leave Object.prototype alone", () => {
    const snapshot = prototypeSnapshot();
    fc.assert(
      fc.property(moduleSetArb(), (specs) => {
        counts.modules++;
        const outcome = evaluateSpecs(specs, "as-generated");
        if (outcome.ok) counts.ok++;
        else {
          counts.failed++;
          if (outcome.error.cause instanceof GetterBoom) counts.thrownGetters++;
        }
        expectPrototypeUntouched(snapshot);
      }),
      fuzzParams(400, 12000),
    );
    console.log(
      `random module sets: ${counts.modules} evaluated, ${counts.ok} gave JSON, ${counts.failed} threw a ModuleError (${counts.thrownGetters} from a throwing getter or apply); ${serializerGetters} user getters inside passed-through values were read by JSON.stringify itself`,
    );
    expect(counts.ok).toBeGreaterThan(0);
    expect(counts.failed).toBeGreaterThan(0);
  });

  it("give the same bytes on every run and for every key insertion order", () => {
    let compared = 0;
    fc.assert(
      fc.property(
        moduleSetArb(3),
        fc.constantFrom<KeyOrder>("reversed", "rotated"),
        (specs, other) => {
          const first = evaluateSpecs(specs, "as-generated");
          const again = evaluateSpecs(specs, "as-generated");
          const reordered = evaluateSpecs(specs, other);
          compared++;
          // Same input: same outcome, byte for byte (or the same error).
          if (first.ok) {
            expect(again).toEqual(first);
          } else {
            expect(again.ok).toBe(false);
            if (!again.ok) expect(again.error.message).toBe(first.error.message);
          }
          // Other key insertion order: the same result. Option trees and merged sets come out
          // in Nix's sorted order, so the bytes are equal; values of types that pass the user's
          // own object through (raw, unspecified, attrs, freeform) keep its key order, so those
          // are compared with sorted keys.
          expect(reordered.ok).toBe(first.ok);
          if (first.ok && reordered.ok) {
            if (usesPassThrough(specs)) {
              expect(canonicalJson(reordered.json)).toBe(canonicalJson(first.json));
            } else {
              expect(reordered.json).toBe(first.json);
            }
          }
          if (!first.ok && !reordered.ok) {
            expect(reordered.error.code).toBe(first.error.code);
          }
        },
      ),
      fuzzParams(150, 10000),
    );
    console.log(`determinism: ${compared} module sets evaluated three times each`);
  });
});

/** Types for the priority and order properties: no submodules, so values are easy to compare. */
const simpleTypeArb: fc.Arbitrary<TypeSpec> = typeArb(2).filter(
  (t) => !JSON.stringify(t).includes("submodule"),
);

function evalOne(modules: Module[]): Outcome {
  try {
    const result = evalModules({ modules });
    return { ok: true, json: JSON.stringify(result.config) };
  } catch (error) {
    expectModuleError(error);
    return { ok: false, error };
  }
}

describe("mkForce", () => {
  it("beats any number of plain, mkDefault and option-default definitions, in any module order", () => {
    const none: ConfigRef = { current: () => undefined };
    let forced = 0;
    fc.assert(
      fc.property(
        simpleTypeArb.chain((t) =>
          fc.record({
            type: fc.constant(t),
            forced: valArb(t, 2, { wrong: 0, lazy: false }),
            // Plain definitions may even be of the wrong type: they are dropped before type checks.
            others: fc.array(valArb(t, 2, { wrong: 0.3, lazy: false, strongOverrides: false }), {
              minLength: 1,
              maxLength: 4,
            }),
            defaults: fc.array(valArb(t, 1, { wrong: 0, lazy: false, strongOverrides: false }), {
              maxLength: 2,
            }),
            at: fc.nat(),
            nested: fc.boolean(),
            key: nameArb,
          }),
        ),
        ({ type, forced: forcedSpec, others, defaults, at, nested, key }) => {
          const option = nested ? types.attrsOf(buildType(type)) : buildType(type);
          const decl = { options: { o: mkOption({ type: option }) } };
          const wrap = (v: unknown): Module => {
            const o: Record<string, unknown> = {};
            Object.defineProperty(o, key, { value: v, enumerable: true });
            return { o: nested ? o : v };
          };
          const forcedModule = () => wrap(mkForce(buildVal(forcedSpec, "as-generated", none)));
          const reference = evalOne([decl, forcedModule()]);
          if (!reference.ok) return; // the forced value alone does not evaluate: nothing to compare
          const rest: Module[] = [
            ...others.map((s) => wrap(buildVal(s, "as-generated", none))),
            ...defaults.map((s) => wrap(mkDefault(buildVal(s, "as-generated", none)))),
          ];
          const position = at % (rest.length + 1);
          rest.splice(position, 0, forcedModule());
          const combined = evalOne([decl, ...rest]);
          forced++;
          expect(combined).toEqual(reference);
        },
      ),
      fuzzParams(300, 8000),
    );
    console.log(`mkForce: ${forced} module sets compared`);
  });
});

describe("attrsOf merging", () => {
  const keyArb = fc.uniqueArray(nameArb, { minLength: 1, maxLength: 5 });

  it("gives each name the same value whatever the module order, when each name has one value", () => {
    fc.assert(
      fc.property(
        keyArb
          .chain((keys) =>
            fc.record({
              values: fc.tuple(
                ...keys.map(() => fc.oneof(fc.integer(), fc.string({ maxLength: 4 }))),
              ),
              keys: fc.constant(keys),
              // Which module defines which names (a name may be defined by several modules).
              layout: fc.array(fc.subarray(keys, { minLength: 1 }), { minLength: 1, maxLength: 5 }),
              lazy: fc.boolean(),
            }),
          )
          .chain((c) =>
            fc.record({
              c: fc.constant(c),
              order: fc.shuffledSubarray(c.layout, { minLength: c.layout.length }),
            }),
          ),
        ({ c, order }) => {
          const value = (k: string) => c.values[c.keys.indexOf(k)];
          const make = (layout: string[][]): Module[] => [
            {
              options: {
                o: mkOption({
                  type: (c.lazy ? types.lazyAttrsOf : types.attrsOf)(
                    types.either(types.int, types.str),
                  ),
                }),
              },
            },
            ...layout.map((names) => {
              const set: Record<string, unknown> = {};
              for (const k of names)
                Object.defineProperty(set, k, { value: value(k), enumerable: true });
              return { o: set };
            }),
          ];
          const a = evalOne(make(c.layout));
          const b = evalOne(make(order));
          expect(a.ok).toBe(true);
          expect(b).toEqual(a);
          if (a.ok) {
            const o = JSON.parse(a.json).o as Record<string, unknown>;
            const defined = [...new Set(c.layout.flat())].sort();
            expect(Object.keys(o).sort()).toEqual(defined);
            for (const k of defined) expect(o[k]).toEqual(value(k));
          }
        },
      ),
      fuzzParams(300, 6000),
    );
  });

  it("concatenates each name's lists in Nix's definition order (the reverse of the module order)", () => {
    fc.assert(
      fc.property(
        keyArb.chain((keys) =>
          fc.array(
            fc.dictionary(
              fc.constantFrom(...keys),
              fc.array(fc.integer({ min: 0, max: 99 }), { maxLength: 3 }),
              {
                maxKeys: keys.length,
              },
            ),
            { minLength: 1, maxLength: 5 },
          ),
        ),
        (layout) => {
          const modules: Module[] = [
            { options: { o: mkOption({ type: types.attrsOf(types.listOf(types.int)) }) } },
            ...layout.map((lists) => {
              const set: Record<string, unknown> = {};
              for (const [k, v] of Object.entries(lists))
                Object.defineProperty(set, k, { value: v, enumerable: true });
              return { o: set };
            }),
          ];
          const out = evalOne(modules);
          expect(out.ok).toBe(true);
          if (!out.ok) return;
          const o = JSON.parse(out.json).o as Record<string, number[]>;
          const expected = new Map<string, number[]>();
          for (const lists of [...layout].reverse()) {
            for (const [k, v] of Object.entries(lists))
              expected.set(k, [...(expected.get(k) ?? []), ...v]);
          }
          expect(Object.keys(o).sort()).toEqual([...expected.keys()].sort());
          for (const [k, v] of expected) expect(o[k]).toEqual(v);
        },
      ),
      fuzzParams(300, 6000),
    );
  });
});

describe("a throwing getter or apply inside a random module set", () => {
  it("is a ModuleError whose cause is the original error", () => {
    let seen = 0;
    fc.assert(
      fc.property(moduleSetArb(3), (specs) => {
        const outcome = evaluateSpecs(specs, "as-generated");
        if (outcome.ok) return;
        // Find the original among the causes: a throwing getter or apply is never lost.
        if (outcome.error.cause instanceof GetterBoom && thrownBySerializer(outcome.error.cause))
          return;
        let e: unknown = outcome.error;
        while (e instanceof ModuleError && !(e.cause instanceof GetterBoom)) e = e.cause;
        if (e instanceof ModuleError) {
          seen++;
          expect(e.message).toContain("boom from a getter");
        }
      }),
      fuzzParams(150, 6000),
    );
    console.log(`throwing getters/apply found behind ${seen} ModuleErrors`);
  });
});
