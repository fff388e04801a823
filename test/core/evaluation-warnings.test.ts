/**
 * Nix's evaluation warnings (`lib.warn`), as Node.js process warnings: a deprecated type, an
 * `either` whose definitions fit neither type (merged as one value, as lib 26.11 still does),
 * and evalModules' deprecated arguments. Messages are Nix's (Nix 2.8, nixpkgs lib 26.11).
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  evalModules,
  lib,
  mkOption,
  mkRenamedOptionModule,
  mkRenamedOptionModuleWith,
  types,
} from "../../lib/index.ts";
import { moduleError } from "../helpers/module-error.ts";
import { warningsOf } from "../helpers/warnings.ts";

const loaOf = () =>
  evalModules({
    modules: [
      { _file: "decl.nix", options: { x: mkOption({ type: types.loaOf(types.int) }) } },
      { x: { a: 1 } },
    ],
  }).config.x;

const eitherFallback = () =>
  evalModules({
    modules: [
      {
        _file: "decl.nix",
        options: {
          o: mkOption({
            type: types.submodule({ freeformType: types.either(types.int, types.int) }),
          }),
        },
      },
      { _file: "def.nix", o: { int: 42 } },
    ],
  }).config.o.int;

describe("evaluation warnings", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("a deprecated type warns where its option is used, in Nix's words", () => {
    expect(warningsOf(loaOf)).toEqual([
      "The type `types.loaOf' of option `x' defined in `decl.nix' is deprecated. Mixing lists with attribute values is no longer possible; please use `types.attrsOf` instead. See https://github.com/NixOS/nixpkgs/issues/1800 for the motivation.",
    ]);
  });

  it("a deprecated type warns once per value and evaluation, shared declarations too", () => {
    const item = types.submodule({
      options: { x: mkOption({ type: types.loaOf(types.int), default: {} }) },
    });
    const evaluateItems = () => {
      const { config } = evalModules({
        modules: [
          { options: { o: mkOption({ type: types.attrsOf(item) }) } },
          { o: { a: { x: { n: 1 } }, b: {} } },
        ],
      });
      for (let read = 0; read < 2; read++) for (const name of ["a", "b"]) config.o[name].x;
    };
    // Nix: 2 per evaluation (one per value), whichever evaluation comes first.
    expect(warningsOf(evaluateItems)).toHaveLength(2);
    expect(warningsOf(evaluateItems)).toHaveLength(2);
    vi.stubEnv("NIX_ABORT_ON_WARN", "1");
    expect(moduleError(evaluateItems).message).toContain(
      "evaluation warning: The type `types.loaOf'",
    );
  });

  it("an either that merges definitions fitting neither type warns, and merges them", () => {
    let value: unknown;
    const warnings = warningsOf(() => (value = eitherFallback()));
    expect(value).toBe(42);
    expect(warnings).toEqual([
      "One or more definitions did not pass the type-check of the 'either' type.\n" +
        "The option `o` is neither a value of type `signed integer` nor `signed integer`, Definition values: \n" +
        "- In `def.nix':\n    {\n      int = 42;\n    }\n" +
        "If `either`, `oneOf` or similar is used in freeformType, ensure that it is preceded by an 'attrsOf' such as: `freeformType = types.attrsOf (types.either t1 t2)`.\n" +
        "Otherwise consider using the correct type for the option `o`.  This will be an error in Nixpkgs 26.05.\n",
    ]);
  });

  it("evalModules' deprecated arguments warn", () => {
    const warnings = warningsOf(
      () => evalModules({ modules: [], args: { a: 1 }, check: true }).config,
    );
    expect(warnings).toEqual([
      "The args argument to evalModules is deprecated. Please set config._module.args instead.",
      "The check argument to evalModules is deprecated. Please set config._module.check instead.",
    ]);
  });

  it("reading a renamed option under its old name traces, or warns once its release is old", () => {
    const renamed = () =>
      evalModules({
        modules: [
          { options: { b: mkOption({ type: types.int }), d: mkOption({ type: types.int }) } },
          mkRenamedOptionModule(["a"], ["b"]),
          mkRenamedOptionModuleWith({ from: ["c"], to: ["d"], sinceRelease: 2505 }),
          { a: 1, c: 2 },
        ],
      }).config;
    expect(warningsOf(() => renamed().a, "EvaluationTrace")).toEqual([
      "Obsolete option `a' is used. It was renamed to `b'.",
    ]);
    expect(warningsOf(() => renamed().c)).toEqual([
      "Obsolete option `c' is used. It was renamed to `d'.",
    ]);
    // A trace is no warning: NIX_ABORT_ON_WARN leaves it alone.
    vi.stubEnv("NIX_ABORT_ON_WARN", "1");
    expect(renamed().a).toBe(1);
  });

  it.each(["1", "true", "yes"])("NIX_ABORT_ON_WARN=%s makes a warning an error", (setting) => {
    vi.stubEnv("NIX_ABORT_ON_WARN", setting);
    const error = moduleError(loaOf);
    expect(error.message).toContain("evaluation warning: The type `types.loaOf'");
    expect(error.message).toContain(
      "NIX_ABORT_ON_WARN=true; warnings are treated as unrecoverable errors.",
    );
  });

  it("a freeform definition that reads config under such a type is infinite recursion, at once", () => {
    let reads = 0;
    const error = moduleError(
      () =>
        evalModules({
          modules: [
            {
              options: {
                settings: mkOption({
                  type: types.submodule({ freeformType: types.oneOf([types.int, types.str]) }),
                }),
              },
            },
            {
              settings: ({ config }: any) => ({
                port: 80,
                get url() {
                  if (++reads > 100) throw new Error("runaway");
                  return `http://x:${config.port}`;
                },
              }),
            },
          ],
        }).config.settings,
    );
    // Nix: infinite recursion (showing the definition that needs itself), reading the getter a
    // few times, not exponentially many.
    expect(error.message).toContain("infinite recursion encountered");
    expect(reads).toBeLessThan(10);
  });

  it("an evaluation warns once per value, not once per configuration view", () => {
    const entries = Object.fromEntries(
      Array.from({ length: 50 }, (_, i) => [`k${i}`, { int: 42 }]),
    );
    const warnings = warningsOf(() => {
      const { config } = evalModules({
        modules: [
          {
            options: {
              o: mkOption({
                type: types.attrsOf(
                  types.submodule(({ config: own }: any) => ({
                    freeformType: types.either(types.int, types.int),
                    options: {
                      d: mkOption({
                        get default() {
                          return own.int;
                        },
                      }),
                    },
                  })),
                ),
              }),
            },
          },
          { o: entries },
        ],
      });
      for (const name of Object.keys(config.o)) expect(config.o[name].d).toBe(42);
    });
    // Nix: 50.
    expect(warnings).toHaveLength(50);
  });

  it("lib.warn, lib.warnIf and lib.trace give their value after warning or tracing, as Nix's", () => {
    // Nix: trace: evaluation warning: w1 / … w3 / trace: t1 / trace: { a = 1; }, then [1,2,3,4,5].
    let values: unknown[] = [];
    const warnings = warningsOf(() => {
      const traces = warningsOf(() => {
        values = [
          lib.warn("w1", 1),
          lib.warnIf(false, "w2", 2),
          lib.warnIf(true, "w3", 3),
          lib.trace("t1", 4),
          lib.trace({ a: 1 }, 5),
        ];
      }, "EvaluationTrace");
      expect(traces).toEqual(["t1", "{ a = 1; }"]);
    });
    expect(values).toEqual([1, 2, 3, 4, 5]);
    expect(warnings).toEqual(["w1", "w3"]);
    expect(moduleError(() => lib.warn(5 as never, 1)).message).toContain(
      "the message of lib.warn is an integer",
    );
    vi.stubEnv("NIX_ABORT_ON_WARN", "1");
    expect(moduleError(() => lib.warn("w", 1)).message).toContain("evaluation warning: w");
  });

  it("a well-typed value warns of nothing", () => {
    const value = () =>
      evalModules({
        modules: [
          { options: { o: mkOption({ type: types.either(types.int, types.str) }) } },
          { o: 1 },
        ],
      }).config.o;
    expect(warningsOf(value)).toEqual([]);
  });
});
