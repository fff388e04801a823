/**
 * Depth and size: 1,000-deep imports, option nesting and definition nesting evaluate (and
 * serialize), 100,000-element lists and sets evaluate, and past the supported depth the error
 * is a ModuleError saying the stack was exhausted, never a RangeError or a crash.
 */
import {
  evalModules,
  mkAfter,
  mkBefore,
  mkIf,
  mkMerge,
  mkOption,
  ModuleError,
  types,
  type Module,
  type ModuleObject,
  type OptionType,
  validate,
} from "nixmod";
import { describe, expect, it } from "vitest";
import { maxImportDepth } from "../../lib/modules/collect.ts";
import { maxYamlDepth } from "../../lib/schema/parse-config.ts";
import { isStackOverflow, maxOptionDepth } from "../../lib/thunk.ts";

/** Runs `f` and returns the ModuleError it throws (failing on any other outcome). */
function thrown(f: () => unknown): ModuleError {
  try {
    f();
  } catch (error) {
    if (!(error instanceof ModuleError)) {
      expect.fail(
        `expected a ModuleError, got ${error instanceof Error ? error.stack : String(error)}`,
      );
    }
    return error;
  }
  return expect.fail("expected a ModuleError, but evaluation succeeded");
}

/** The stack error: a ModuleError with code `stack` whose message says the stack was exhausted. */
function expectStackError(f: () => unknown): ModuleError {
  const error = thrown(f);
  expect(error.code).toBe("stack");
  expect(error.message).toContain("stack exhausted");
  // Long paths are abbreviated, so the message stays readable.
  expect(error.message.length).toBeLessThan(1000);
  return error;
}

/** `{ a: { a: … value … } }`, `n` levels deep. */
function nest(n: number, value: unknown, key = "a"): unknown {
  let out = value;
  for (let i = 0; i < n; i++) {
    const layer: Record<string, unknown> = {};
    layer[key] = out;
    out = layer;
  }
  return out;
}

/** Reads `.a` `n` times, one level per read (no recursion in the reader). */
function walk(value: unknown, n: number): unknown {
  let v = value;
  for (let i = 0; i < n; i++) v = (v as Record<string, unknown>).a;
  return v;
}

function typeNest(n: number, wrap: (t: OptionType) => OptionType, leaf: OptionType): OptionType {
  let t = leaf;
  for (let i = 0; i < n; i++) t = wrap(t);
  return t;
}

describe("1,000 levels deep", () => {
  it("imports: a chain of 1,000 object modules and one of 1,000 function modules", () => {
    let objects: Module = {
      options: { x: mkOption({ type: types.listOf(types.int), default: [] }) },
    };
    for (let i = 0; i < 1000; i++) objects = { imports: [objects], config: { x: [i] } };
    const xs = evalModules({ modules: [objects] }).config.x as number[];
    expect(xs).toHaveLength(1000);
    // Nix's order: modules are collected breadth first and their definitions merged in reverse.
    expect(xs.slice(0, 3)).toEqual([0, 1, 2]);

    let functions: Module = { options: { y: mkOption({ type: types.int, default: 7 }) } };
    for (let i = 0; i < 1000; i++) {
      const inner: Module = functions;
      functions = (): ModuleObject => ({ imports: [inner] });
    }
    expect(JSON.stringify(evalModules({ modules: [functions] }).config)).toBe('{"y":7}');
  });

  it("imports: 30,000 levels still load (collection needs no call frame per level)", () => {
    let m: Module = { options: { x: mkOption({ type: types.int, default: 1 }) } };
    for (let i = 0; i < 30000; i++) m = { imports: [m] };
    expect(evalModules({ modules: [m] }).config.x).toBe(1);
  });

  it("options: 1,000 nested namespaces, declared and defined, serialize", () => {
    const r = evalModules({
      modules: [
        { options: nest(1000, mkOption({ type: types.int })) as ModuleObject["options"] },
        nest(1000, 5) as Module,
      ],
    });
    expect(walk(r.config, 1000)).toBe(5);
    expect(JSON.stringify(r.config)).toBe(JSON.stringify(nest(1000, 5)));
    expect((walk(r.options, 1000) as { loc: string[] }).loc).toHaveLength(1000);
  });

  it("definitions: 1,000-deep values of anything, freeform, attrsOf^1000 and submodule^1000", () => {
    const value = nest(1000, 5);
    const expected = JSON.stringify({ r: value });
    const anything = evalModules({
      modules: [
        { options: { r: mkOption({ type: types.anything }) } },
        { r: value },
        { r: nest(1000, 5) },
      ],
    });
    expect(JSON.stringify(anything.config)).toBe(expected);
    const freeform = evalModules({
      modules: [{ freeformType: types.attrsOf(types.anything) }, { r: value }],
    });
    expect(JSON.stringify(freeform.config)).toBe(expected);
    const attrs = evalModules({
      modules: [
        { options: { r: mkOption({ type: typeNest(1000, types.attrsOf, types.int) }) } },
        { r: value },
      ],
    });
    expect(JSON.stringify(attrs.config)).toBe(expected);
    const submodules = evalModules({
      modules: [
        {
          options: {
            r: mkOption({
              type: typeNest(
                1000,
                (t) => types.submodule({ options: { a: mkOption({ type: t }) } }),
                types.int,
              ),
            }),
          },
        },
        { r: value },
      ],
    });
    expect(walk(submodules.config.r, 1000)).toBe(5);
  });

  it("lists of lists and mkMerge/mkIf wrappers, 1,000 deep", () => {
    const r = evalModules({
      modules: [
        {
          options: {
            l: mkOption({ type: typeNest(1000, types.listOf, types.int) }),
            m: mkOption({ type: types.int }),
          },
        },
        {
          l: JSON.parse("[".repeat(1000) + "1" + "]".repeat(1000)),
          m: typeNest(1000, (t) => mkMerge([t]) as never, mkIf(true, 3) as never),
        },
      ],
    });
    expect(r.config.m).toBe(3);
    expect(JSON.stringify(r.config.l)).toBe("[".repeat(1000) + "1" + "]".repeat(1000));
  });
});

describe("100,000 elements", () => {
  const N = 100000;
  const range = (n: number, f: (i: number) => unknown = (i) => i) =>
    Array.from({ length: n }, (_, i) => f(i));

  it("listOf int and str, concatenated from 100 modules with mkBefore/mkAfter", () => {
    const modules: Module[] = [
      {
        options: {
          ints: mkOption({ type: types.listOf(types.int) }),
          strs: mkOption({ type: types.listOf(types.str) }),
        },
      },
      { ints: range(N) },
    ];
    for (let m = 0; m < 100; m++) {
      const l = range(N / 100, (i) => `m${m}-${i}`);
      modules.push({ strs: m % 3 === 0 ? mkBefore(l) : m % 3 === 1 ? mkAfter(l) : l });
    }
    const c = evalModules({ modules }).config;
    expect(c.ints).toHaveLength(N);
    expect(c.ints[N - 1]).toBe(N - 1);
    expect(c.strs).toHaveLength(N);
    expect(c.strs[0]).toBe("m99-0"); // mkBefore (order 500), last module first
    expect(JSON.stringify(c).length).toBeGreaterThan(N * 5);
  });

  it("lists of sets: anything, listOf (attrsOf int); and attrsOf with 100,000 names", () => {
    const sets = range(N, (i) => ({ x: i }));
    const names: Record<string, number> = {};
    for (let i = 0; i < N; i++) names[`k${i}`] = i;
    const c = evalModules({
      modules: [
        {
          options: {
            any: mkOption({ type: types.anything }),
            typed: mkOption({ type: types.listOf(types.attrsOf(types.int)) }),
            named: mkOption({ type: types.attrsOf(types.int) }),
          },
        },
        { any: sets, typed: sets, named: names },
      ],
    }).config;
    expect(c.any).toHaveLength(N);
    expect(c.typed[N - 1]).toEqual({ x: N - 1 });
    expect(Object.keys(c.named)).toHaveLength(N);
    expect(c.named.k99999).toBe(99999);
  });

  it("lines merged from 100,000 definitions", () => {
    const modules: Module[] = [{ options: { text: mkOption({ type: types.lines }) } }];
    for (let i = 0; i < N; i++) modules.push({ text: `line ${i}` });
    const text = evalModules({ modules }).config.text as string;
    expect(text.split("\n")).toHaveLength(N);
  });

  it("listOf submodule with 10,000 elements (each element is a module evaluation)", () => {
    const c = evalModules({
      modules: [
        {
          options: {
            subs: mkOption({
              type: types.listOf(
                types.submodule({ options: { a: mkOption({ type: types.int, default: 1 }) } }),
              ),
            }),
          },
        },
        { subs: range(10000, (i) => ({ a: i })) },
      ],
    }).config;
    expect(c.subs).toHaveLength(10000);
    expect(c.subs[9999].a).toBe(9999);
  });
});

describe("past the supported depth: a ModuleError saying the stack was exhausted", () => {
  const deeper = maxOptionDepth + 500;

  it(`option paths nested more than ${maxOptionDepth} levels (namespaces, attrsOf, freeform)`, () => {
    const options = evalModules({
      modules: [
        { options: nest(deeper, mkOption({ type: types.int })) as ModuleObject["options"] },
        nest(deeper, 1) as Module,
      ],
    });
    expectStackError(() => walk(options.config, deeper));
    const attrs = evalModules({
      modules: [
        { options: { a: mkOption({ type: typeNest(deeper, types.attrsOf, types.int) }) } },
        nest(deeper + 1, 1) as Module,
      ],
    });
    expectStackError(() => walk(attrs.config, deeper + 1));
    const free = evalModules({
      modules: [{ freeformType: types.attrsOf(types.anything) }, nest(deeper, 1) as Module],
    });
    expectStackError(() => walk(free.config, deeper));
  });

  it("a chain of 20,000 options, each defined from the previous one", () => {
    const options: Record<string, unknown> = {};
    for (let i = 0; i < 20000; i++) options[`o${i}`] = mkOption({ type: types.int });
    const defs = ({ config }: { config: Record<string, number> }) => {
      const d: Record<string, unknown> = { o0: 0 };
      for (let i = 1; i < 20000; i++)
        Object.defineProperty(d, `o${i}`, {
          get: () => config[`o${i - 1}`]! + 1,
          enumerable: true,
        });
      return d;
    };
    expectStackError(() => evalModules({ modules: [{ options }, defs] }).config.o19999);
  });

  it("values and wrappers nested 100,000 deep", () => {
    const deep = (n: number) => JSON.parse("[".repeat(n) + "1" + "]".repeat(n));
    const option = (type: OptionType) => ({ options: { a: mkOption({ type }) } });
    // Equal deep lists: comparing them recurses.
    expectStackError(
      () =>
        evalModules({ modules: [option(types.anything), { a: deep(100000) }, { a: deep(100000) }] })
          .config.a,
    );
    // listOf nested 10,000 deep: merging recurses.
    expectStackError(
      () =>
        evalModules({
          modules: [option(typeNest(10000, types.listOf, types.int)), { a: deep(10000) }],
        }).config.a,
    );
    // mkMerge around a module's whole config, and mkIf around a value.
    expectStackError(
      () =>
        evalModules({
          modules: [
            option(types.int),
            { config: typeNest(100000, (t) => mkMerge([t]) as never, { a: 1 } as never) },
          ],
        }).config.a,
    );
    expectStackError(
      () =>
        evalModules({
          modules: [
            option(types.int),
            { a: typeNest(100000, (t) => mkIf(true, t) as never, 1 as never) },
          ],
        }).config.a,
    );
    // A type nested 30,000 deep: checking a value recurses.
    expectStackError(
      () =>
        evalModules({ modules: [option(typeNest(30000, types.nullOr, types.int)), { a: 1 }] })
          .config.a,
    );
  });

  it("a module set whose definitions' attribute sets nest 100,000 deep, when checked", () => {
    // Every level is a namespace with no options below: the check for undeclared options walks it.
    const error = thrown(
      () =>
        evalModules({
          modules: [
            { options: { b: mkOption({ type: types.int, default: 1 }) } },
            nest(100000, 1) as Module,
          ],
        }).config,
    );
    expect(error.code).toBe("undeclared");
  });
});

describe("imports that never end: a ModuleError, never a hang", () => {
  // Nix overflows its stack on all of these ("stack overflow (possible infinite recursion)"),
  // keyed or not: it collects every module's `disabledModules` before it dedups by key.
  it("a module that imports itself, directly or through others, keyed or not", () => {
    const direct: ModuleObject = { config: {} };
    direct.imports = [direct];
    const keyed: ModuleObject = { key: "k", options: { a: mkOption({ default: 1 }) } };
    keyed.imports = [{ imports: [keyed] }];
    const fn: Module = () => ({ imports: [fn] });
    for (const [module, message] of [
      [direct, "infinite recursion encountered: the module `:anon-1' imports itself"],
      [keyed, "infinite recursion encountered: the module `k' imports itself (through `k:anon-1')"],
      [fn, "infinite recursion encountered: the module `:anon-1' imports itself"],
    ] as const) {
      const error = thrown(() => evalModules({ modules: [module] }).config);
      expect(error.code).toBe("recursion");
      expect(error.message).toBe(message);
    }
  });

  it(`a module function that imports a new function each time, past ${maxImportDepth} levels`, () => {
    const next = (): Module => () => ({ imports: [next()] });
    const error = thrown(() => evalModules({ modules: [next()] }).config);
    expect(error.code).toBe("stack");
    expect(error.message).toContain(`imports nest more than ${maxImportDepth} levels deep`);
  });

  it("a module imported twice, not through itself, is no cycle (its key dedups it)", () => {
    const shared: ModuleObject = { key: "shared", options: { a: mkOption({ default: 1 }) } };
    const result = evalModules({ modules: [{ imports: [shared, { imports: [shared] }] }] });
    expect((result.config as { a: number }).a).toBe(1);
  });

  it("many modules given twice are each taken once, in the order first given", () => {
    // Past sixteen modules the keys taken are kept in a set; before, the modules are searched.
    // A list's definitions are merged last module first, as Nix merges them.
    const keyed = Array.from({ length: 40 }, (_, i) => ({ key: `m${i}`, xs: [i] }));
    const declaration = { options: { xs: mkOption({ type: types.listOf(types.int) }) } };
    for (const modules of [
      [declaration, ...keyed, ...keyed],
      [declaration, ...keyed.slice(0, 20), ...keyed, ...keyed.slice(10)],
      [declaration, { imports: keyed.slice(0, 5) }, ...keyed],
    ]) {
      const result = evalModules({ modules });
      expect((result.config as { xs: number[] }).xs).toEqual(keyed.map((_, i) => 39 - i));
    }
  });
});

describe("config text nested too deep", () => {
  // The yaml package's composer recurses: its stack ran out before 1,000 levels, and a second
  // such parse could abort the process inside V8. YAML nesting is measured before it composes.
  it("is refused with its place, as often as it is given, however the nesting is written", () => {
    const flow = "[".repeat(1000) + "]".repeat(1000);
    const block = `${"- ".repeat(1000)}x\n`;
    const anchored = `a: ${"&x[".repeat(50000)}${"]".repeat(50000)}\n`;
    const tagged = `a: ${"!t[".repeat(5000)}${"]".repeat(5000)}\n`;
    const afterQuote = `a: rock 'n roll\nb: ${flow}\n`;
    const afterBlockQuote = `a: |\n  say "hi\nb: ${flow}\n`;
    let indented = "";
    for (let i = 0; i < 300; i++) indented += `${" ".repeat(i)}a:\n`;
    for (let round = 0; round < 3; round++) {
      for (const text of [flow, block, anchored, tagged, afterQuote, afterBlockQuote, indented]) {
        const result = validate(text, { format: "yaml" });
        expect(result.valid).toBe(false);
        expect(result.errors[0]!.message).toBe(
          `Invalid YAML: the value nests more than ${maxYamlDepth} levels deep`,
        );
      }
    }
    expect(validate(flow, { format: "json" }).errors[0]!.message).not.toMatch(/stack/);
  });

  it("counts levels, not characters: wide indentation, comments and block text are no nesting", () => {
    let wide = "";
    for (let i = 0; i < 70; i++) wide += `${" ".repeat(4 * i)}a:\n`;
    wide += `${" ".repeat(280)}# a comment far to the right\n`;
    const text = `${wide}b: |\n${" ".repeat(300)}text [[[[ far to the right\n`;
    const messages = validate(text, { format: "yaml" }).errors.map((e) => e.message);
    expect(messages.some((m) => m.includes("levels deep"))).toBe(false);
  });
});

describe("telling a stack overflow at the stack's very end", () => {
  it("counts an overflow whose check itself runs out of stack as one", () => {
    // Caught at the deepest frame, the check has almost no stack left; each frame above retries.
    const atTheEnd = (): boolean => {
      try {
        return atTheEnd();
      } catch (error) {
        return isStackOverflow(error);
      }
    };
    for (let i = 0; i < 20; i++) expect(atTheEnd()).toBe(true);
  });
});
