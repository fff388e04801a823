import { describe, expect, it } from "vitest";
import {
  evalModules,
  mkDefault,
  mkIf,
  mkMerge,
  mkOption,
  mkOrder,
  mkOverride,
  types,
} from "nixmod";
import { moduleError as thrown } from "../helpers/module-error.ts";

function chain(n: number) {
  const options: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) options[`o${i}`] = mkOption({ type: types.int });
  const defs = ({ config }: { config: Record<string, number> }) => {
    const d: Record<string, unknown> = { o0: 0 };
    for (let i = 1; i < n; i++) {
      Object.defineProperty(d, `o${i}`, { get: () => config[`o${i - 1}`]! + 1, enumerable: true });
    }
    return d;
  };
  return evalModules({ modules: [{ options }, defs] });
}

describe("laziness", () => {
  it("evaluates a chain of 250 options, each defined from the previous one", () => {
    expect(chain(250).config.o249).toBe(249);
  });

  it("turns stack exhaustion on a very deep chain into a ModuleError saying so", () => {
    const error = thrown(() => chain(20000).config.o19999);
    expect(error.message).toContain("stack exhausted");
    expect(error.code).toBe("stack");
  });

  it("names the option path of a real cycle", () => {
    const error = thrown(
      () =>
        evalModules({
          modules: [
            { options: { a: mkOption({ type: types.int }), b: mkOption({ type: types.int }) } },
            ({ config }: { config: { a: number; b: number } }) => ({
              get a() {
                return config.b;
              },
              get b() {
                return config.a;
              },
            }),
          ],
        }).config.a,
    );
    expect(error.message).toContain("infinite recursion");
    expect(error.loc).toEqual(["a"]);
  });

  it("reports a throwing getter as a ModuleError naming the option, with the original as cause", () => {
    const original = new Error("boom");
    const error = thrown(
      () =>
        evalModules({
          modules: [
            { options: { a: mkOption({ type: types.int }) } },
            {
              get a(): number {
                throw original;
              },
            },
          ],
        }).config.a,
    );
    expect(error.loc).toEqual(["a"]);
    expect(error.message).toContain("boom");
    expect(error.cause).toBe(original);
  });

  it("reading config in a module body is infinite recursion, as in Nix", () => {
    const error = thrown(() =>
      evalModules({
        modules: [
          { options: { a: mkOption({ type: types.int, default: 1 }) } },
          ({ config }: { config: { a: number } }) => ({ imports: config.a > 0 ? [] : [] }),
        ],
      }),
    );
    expect(error.message).toContain("infinite recursion");
  });

  // Checked with Nix: `config = if config.a then { b = 1; } else { };` is infinite recursion.
  it.each(["a", "b"])(
    "a definition whose shape reads an option it defines is infinite recursion, as in Nix (reading %s)",
    (first) => {
      const ev = evalModules({
        modules: [
          ({ config }: { config: { a: boolean } }) => ({
            options: {
              a: mkOption({ type: types.bool, default: false }),
              b: mkOption({ type: types.int, default: 0 }),
            },
            get config() {
              return config.a ? { b: 1 } : {};
            },
          }),
          { a: true },
        ],
      });
      const error = thrown(() => (ev.config as Record<string, unknown>)[first]);
      expect(error.message).toContain("infinite recursion");
      expect(error.code).toBe("recursion");
    },
  );

  it("leaves definition objects as they were: same keys, same JSON", () => {
    const definition = {
      get a() {
        return 1;
      },
      b: mkIf(() => true, 2),
    };
    const before = [Object.keys(definition), JSON.stringify(definition)];
    const ev = evalModules({
      modules: [
        {
          options: {
            a: mkOption({ type: types.int }),
            b: mkOption({ type: types.int }),
          },
        },
        definition,
      ],
    });
    expect(ev.config).toEqual({ a: 1, b: 2 });
    expect([Object.keys(definition), JSON.stringify(definition)]).toEqual(before);
  });

  it("calls a getter and an mkIf condition at most once", () => {
    let getterCalls = 0;
    let conditionCalls = 0;
    const result = evalModules({
      modules: [
        {
          options: {
            a: mkOption({ type: types.int }),
            b: mkOption({ type: types.int }),
            c: mkOption({ type: types.int, default: 0 }),
          },
        },
        {
          get a() {
            getterCalls++;
            return 1;
          },
        },
        {
          config: mkIf(
            () => {
              conditionCalls++;
              return true;
            },
            { b: 2, c: 3 },
          ),
        },
      ],
    });
    expect(JSON.parse(JSON.stringify(result.config))).toEqual({ a: 1, b: 2, c: 3 });
    expect(result.config.a).toBe(1);
    expect(getterCalls).toBe(1);
    expect(conditionCalls).toBe(1);
  });

  it("module arguments from _module.args can be read in a module's body", () => {
    const result = evalModules({
      modules: [
        { options: { url: mkOption({ type: types.str }) } },
        ({ site }: { site: { domain: string } }) => ({ url: `https://${site.domain}/` }),
        { _module: { args: { site: { domain: "example.org" } } } },
      ],
    });
    expect(result.config.url).toBe("https://example.org/");
  });
});

describe("module arguments read in a module's body", () => {
  const url = { options: { url: mkOption({ type: types.str }) } };

  it("is infinite recursion when only the reading module defines the argument", () => {
    const error = thrown(
      () =>
        evalModules({
          modules: [
            url,
            ({ site }: { site: { domain: string } }) => ({
              _module: { args: { site: { domain: "a" } } },
              url: site.domain,
            }),
          ],
        }).config.url,
    );
    expect(error.message).toContain("infinite recursion");
    expect(error.loc).toEqual(["_module", "args", "site"]);
  });

  it("reports a later module that changes an argument already read", () => {
    const error = thrown(
      () =>
        evalModules({
          modules: [
            url,
            { _module: { args: { site: { domain: "a" } } } },
            ({ site }: { site: { domain: string } }) => ({
              url: site.domain,
              imports: [{ _module: { args: { site: { domain: "b" } } } }],
            }),
          ],
        }).config.url,
    );
    expect(error.loc).toEqual(["_module", "args", "site"]);
  });
});

describe("list elements", () => {
  // Nix merges each element of a `listOf` lazily: the list's length and its other elements can
  // be read when one element does not fit (values from nix-instantiate, nixpkgs lib 26.11).
  const listOption = (type: unknown, value: unknown[]) =>
    (
      evalModules({
        modules: [{ options: { a: mkOption({ type: type as any }) } }, { a: value }],
      }).config as { a: any[] }
    ).a;
  const sub = types.submodule({ options: { x: mkOption({ type: types.int }) } });

  it("keeps the length and the good elements when one element is not of the type", () => {
    const list = listOption(types.listOf(types.int), [1, "x"]);
    expect(list.length).toBe(2);
    expect(list[0]).toBe(1);
    const error = thrown(() => list[1]);
    expect(error.message).toContain(
      "A definition for option `a.\"[definition 1-entry 2]\"' is not of type `signed integer'.",
    );
    expect(error.loc).toEqual(["a", "[definition 1-entry 2]"]);
    expect(() => JSON.stringify(list)).toThrow("is not of type");
  });

  it("keeps the other submodule values when one has an undeclared option", () => {
    const list = listOption(types.listOf(sub), [{ x: 1 }, { zz: 1 }]);
    expect(list.length).toBe(2);
    expect(list[0].x).toBe(1);
    expect(thrown(() => list[1]).message).toContain(
      'The option `a."[definition 1-entry 2]".zz\' does not exist.',
    );
  });

  it("defers any failure of an element's merge, and reports it as a ModuleError when read", () => {
    const failing = types.addCheck(types.int, (n: number) => {
      if (n === 2) throw new Error("check failed");
      return true;
    });
    const list = listOption(types.listOf(failing), [1, 2, 3]);
    expect(list.length).toBe(3);
    expect([list[0], list[2]]).toEqual([1, 3]);
    const error = thrown(() => list[1]);
    expect(error.message).toContain("check failed");
    expect(error.loc).toEqual(["a", "[definition 1-entry 2]"]);
  });

  it("still knows which elements exist first: an mkIf condition that fails fails the list", () => {
    const list = () =>
      listOption(types.listOf(types.int), [
        1,
        mkIf(() => {
          throw new Error("condition");
        }, 2),
      ]);
    expect(thrown(list).message).toContain("condition");
  });
});

describe("the read-only error", () => {
  // Each definition is shown merged on its own, and Nix leaves out the value of one that
  // fails to merge instead of failing with its error (messages from nixpkgs lib 26.11).
  const readOnly = (withDefault: boolean, values: unknown[]) => () =>
    evalModules({
      modules: [
        {
          _file: "m1.nix",
          options: {
            c: mkOption({
              type: types.int,
              readOnly: true,
              ...(withDefault ? { default: 1 } : {}),
            }),
          },
        },
        ...values.map((c, i) => ({ _file: `m${i + 2}.nix`, c })),
      ],
    }).config.c;

  it("shows a definition an mkIf turned off without a value", () => {
    expect(thrown(readOnly(true, [mkIf(false, 2)])).message).toBe(
      "The option `c' is read-only, but it's set multiple times. Definition values:\n- In `m1.nix': 1\n- In `m2.nix'",
    );
  });

  it("shows a definition that is not of the type without a value", () => {
    const error = thrown(readOnly(false, [2, "x"]));
    expect(error.message).toBe(
      "The option `c' is read-only, but it's set multiple times. Definition values:\n- In `m3.nix'\n- In `m2.nix': 2",
    );
    expect(error.code).toBe("read-only");
  });
});

describe("an mkIf left as data", () => {
  it("shows the value of a function condition in JSON, as Nix's strict output does", () => {
    // Under mkDefault, an option of type `unspecified` keeps the mkIf itself as its value.
    let calls = 0;
    const condition = () => {
      calls++;
      return false;
    };
    const { config } = evalModules({
      modules: [
        { options: { a: mkOption({ type: types.unspecified }) } },
        { a: mkDefault(mkIf(condition, {})) },
      ],
    });
    expect(calls).toBe(0);
    expect(JSON.stringify(config)).toBe('{"a":{"_type":"if","condition":false,"content":{}}}');
    expect(JSON.stringify(config)).toBe('{"a":{"_type":"if","condition":false,"content":{}}}');
    expect(calls).toBe(1);
    expect(Object.keys(mkIf(condition, 1))).toEqual(["_type", "condition", "content"]);
  });
});

describe("a module argument nothing provides", () => {
  it("is Nix's `attribute '…' missing`, saying where the argument could come from", () => {
    const error = thrown(
      () =>
        evalModules({
          modules: [
            { options: { a: mkOption({ type: types.int }) } },
            ({ missing }: { missing: number }) => ({
              get a() {
                return missing + 1;
              },
            }),
          ],
        }).config.a,
    );
    expect(error.message).toContain(
      "attribute 'missing' missing: the module argument `missing' is neither in specialArgs nor defined in `_module.args.missing'.",
    );
    expect(error.loc).toEqual(["_module", "args", "missing"]);
  });
});

// Nix passes `apply` the merged value lazily (`apply = x: 42;` never merges the definitions).
describe("an apply that takes no parameter", () => {
  it("is called without merging the definitions, which may be missing or wrong", () => {
    const r = evalModules({
      modules: [
        {
          options: {
            a: mkOption({ type: types.int, apply: () => 42 }),
            b: mkOption({ type: types.int, apply: () => 42 }),
          },
        },
        { b: "not an int" },
      ],
    });
    expect(r.config.a).toBe(42);
    expect(r.config.b).toBe(42);
  });
});

describe("a destructured module argument used as a value", () => {
  // Nix (2.8, lib 26.11) gives the argument's value: `({ foo, ... }: { s = foo; })`.
  const defined = (type: unknown, module: unknown, foo: unknown) =>
    evalModules({
      modules: [
        { options: { s: mkOption({ type: type as never }) } },
        module as never,
        { _module: { args: { foo } } },
      ],
    }).config.s;

  it("is the argument's value in a definition, directly or inside lists and sets", () => {
    const direct = ({ foo }: { foo: unknown }) => ({ s: foo });
    expect(defined(types.anything, direct, 5)).toBe(5);
    expect(defined(types.str, direct, "ma")).toBe("ma");
    expect(defined(types.bool, direct, false)).toBe(false);
    expect(defined(types.attrsOf(types.int), direct, { a: 1 })).toEqual({ a: 1 });
    const inList = ({ foo }: { foo: unknown }) => ({ s: [foo, 2] });
    expect(defined(types.listOf(types.int), inList, 5)).toEqual([5, 2]);
    const inSet = ({ foo }: { foo: unknown }) => ({ s: { x: foo } });
    expect(JSON.stringify(defined(types.anything, inSet, 5))).toBe('{"x":5}');
  });

  // Values Nix printed: `{ foo, ... }: { s = [ foo ]; }` and the like.
  it("is the argument's value to JSON and to Nix's == inside a list kept as it is", () => {
    const inList = ({ foo }: { foo: unknown }) => ({ s: [foo] });
    for (const type of [types.anything, types.raw, types.unspecified]) {
      expect(JSON.stringify(defined(type, inList, 1))).toBe("[1]");
      expect(JSON.stringify(defined(type, inList, [1, 2]))).toBe("[[1,2]]");
    }
    const equal = evalModules({
      modules: [
        { options: { s: mkOption({ type: types.anything }) } },
        inList as never,
        { s: [1] },
        { _module: { args: { foo: 1 } } },
      ],
    }).config.s;
    expect(JSON.stringify(equal)).toBe("[1]");
  });

  // Values Nix printed for `{ flag, ... }: { a = if flag then 1 else 2; }` and the like.
  it("is the argument's value when the body tests it, compares it or calls it", () => {
    const args = {
      _module: { args: { flag: false, n: 0, s: "", host: "x", f: (x: number) => x + 1 } },
    };
    const a = (module: unknown) =>
      (
        evalModules({
          modules: [args, { options: { a: mkOption({ type: types.int }) } }, module as never],
        }).config as { a: number }
      ).a;
    expect(a(({ flag }: { flag: boolean }) => ({ a: flag ? 1 : 2 }))).toBe(2);
    expect(a((all: { flag: boolean }) => ({ a: all.flag ? 1 : 2 }))).toBe(2);
    expect(a(({ n }: { n: number }) => ({ a: n ? 1 : 2 }))).toBe(2);
    expect(a(({ s }: { s: string }) => ({ a: s ? 1 : 2 }))).toBe(2);
    expect(a(({ host }: { host: string }) => ({ a: host === "x" ? 1 : 2 }))).toBe(1);
    expect(a(({ f }: { f: (x: number) => number }) => ({ a: f(1) }))).toBe(2);
    expect(a(({ f }: { f: (x: number) => number }) => ({ a: f(1) === 2 ? 5 : 6 }))).toBe(5);
    // Defined after the module that reads it, as in Nix.
    const later = evalModules({
      modules: [
        { options: { a: mkOption({ type: types.int }) } },
        ({ flag }: { flag: boolean }) => ({ a: flag ? 1 : 2 }),
        { _module: { args: { flag: true } } },
      ],
    }).config as { a: number };
    expect(later.a).toBe(1);
  });

  // Found by the regression round after that change; Nix's values and key phrases.
  it("is loaded again until the arguments it reads are known, and fails where Nix fails", () => {
    const a = (...modules: unknown[]) =>
      (
        evalModules({
          modules: [
            { options: { a: mkOption({ type: types.int, default: 0 }) } },
            ...(modules as never[]),
          ],
        }).config as { a: number }
      ).a;
    type Flag = { flag: boolean };
    // Defined by the module that tests it, or by one that also names it.
    expect(a(({ flag }: Flag) => ({ a: flag ? 1 : 2, _module: { args: { flag: false } } }))).toBe(
      2,
    );
    expect(
      a(
        ({ flag }: Flag) => ({ a: flag ? 1 : 2 }),
        ({ flag: _named }: Flag) => ({ _module: { args: { flag: false } } }),
      ),
    ).toBe(2);
    // Defined from another argument, before or after the reader.
    const b = ({ a: x }: { a: number }) => ({ _module: { args: { b: x + 1 } } });
    const reader = ({ b: y }: { b: number }) => ({ a: y * 2 });
    expect(a({ _module: { args: { a: 1 } } }, b, reader)).toBe(4);
    expect(a(reader, { _module: { args: { a: 1 } } }, b)).toBe(4);
    expect(
      a(
        { _module: { args: { q: 1 } } },
        ({ q }: { q: number }) => ({ _module: { args: { p: q > 2 } } }),
        ({ p }: { p: boolean }) => ({ a: p ? 1 : 2 }),
      ),
    ).toBe(2);
    // An argument destructured but never used, that nothing defines, is no error.
    expect(a(({ utils: _unused }: { utils: unknown }) => ({ a: 3 }))).toBe(3);
    // A body that needs, to run at all, an argument only it defines: the documented error.
    expect(
      thrown(() => a(({ n }: { n: number }) => ({ a: n + 1, _module: { args: { n: 1 } } })))
        .message,
    ).toBe(
      "infinite recursion encountered: a module reads the module argument `n' in its body, and no module loaded without it defines `_module.args.n'. If none defines it at all, this is Nix's attribute 'n' missing; if the module itself defines it, read it inside a getter instead of in the body",
    );
    // Conflicting definitions, no value, and a cycle through the reading module.
    const tested = ({ flag }: Flag) => ({ a: flag ? 1 : 2 });
    expect(
      thrown(() =>
        a({ _module: { args: { flag: true } } }, { _module: { args: { flag: false } } }, tested),
      ).message,
    ).toContain("is defined multiple times while it's expected to be unique");
    expect(
      thrown(() => a({ _module: { args: { flag: mkIf(false, true) } } }, tested)).message,
    ).toContain("has no value defined");
    expect(
      thrown(() =>
        a(({ flag }: Flag) => ({
          a: flag ? 1 : 2,
          _module: { args: { flag: mkMerge([mkIf(flag, true), mkDefault(false)]) } },
        })),
      ).message,
    ).toContain("infinite recursion");
  });

  // Found by the next regression round; Nix's values.
  it("stays lazy when its value reads config, and is made again from values derived by a test", () => {
    const x = (...modules: unknown[]) =>
      (
        evalModules({
          modules: [
            {
              options: {
                x: mkOption({ type: types.anything }),
                y: mkOption({ type: types.int, default: 4 }),
              },
            },
            ...(modules as never[]),
          ],
        }).config as { x: unknown }
      ).x;
    const fromConfig = (args: { config: { y: number } }) => ({
      _module: {
        args: {
          get n() {
            return args.config.y;
          },
        },
      },
    });
    expect(
      x(fromConfig, ({ n }: { n: number }) => ({
        get x() {
          return n + 1;
        },
      })),
    ).toBe(5);
    expect(x(fromConfig, ({ n: _unused }: { n: number }) => ({ x: 1 }))).toBe(1);
    expect(x(fromConfig, ({ n }: { n: number }) => ({ x: n }))).toBe(4);
    // `a` made by testing `b`: first from b's stand-in, then again from b's value.
    const reader = ({ a }: { a: unknown }) => ({ x: a });
    const definer = ({ b }: { b: boolean }) => ({ _module: { args: { a: b ? 1 : 2 } } });
    expect(x(reader, definer, { _module: { args: { b: false } } })).toBe(2);
    expect(x({ _module: { args: { b: false } } }, definer, reader)).toBe(2);
    const notB = ({ b }: { b: boolean }) => ({ _module: { args: { a: !b } } });
    expect(x(reader, notB, { _module: { args: { b: false } } })).toBe(true);
    // Arguments that change each other on every attempt: Nix's cycle.
    const flips = ({ a }: { a: boolean }) => ({ x: a, _module: { args: { b: a ? 1 : 2 } } });
    const fromB = ({ b }: { b: number }) => ({ _module: { args: { a: b === 2 } } });
    expect(thrown(() => x(flips, fromB)).message).toBe(
      "infinite recursion encountered: the module argument `b' (option `_module.args.b') was read while the modules were being collected, and modules collected afterwards changed it",
    );
    // A list holding another argument, its element tested in a body.
    const listed = ({ b }: { b: boolean }) => ({ _module: { args: { a: [b] } } });
    const tests = ({ a }: { a: boolean[] }) => ({ x: a[0] ? 1 : 2 });
    expect(x(listed, tests, { _module: { args: { b: false } } })).toBe(2);
  });

  it("is the argument's value as a priority, an enum's values, bounds, a pattern and a separator", () => {
    const args = { _module: { args: { prio: 10, choices: ["a", "b"], one: 1, s: "a" } } };
    const value = (modules: unknown[]) =>
      (evalModules({ modules: [args, ...(modules as never[])] }).config as { x: unknown }).x;
    const declared = (type: unknown, dflt: unknown) => ({
      options: { x: mkOption({ type: type as never, default: dflt }) },
    });
    const int = { options: { x: mkOption({ type: types.int }) } };
    expect(
      value([
        int,
        ({ prio }: { prio: number }) => ({ x: mkMerge([mkOverride(prio, 1), mkDefault(2)]) }),
      ]),
    ).toBe(1);
    const ints = { options: { x: mkOption({ type: types.listOf(types.int) }) } };
    expect(
      value([ints, ({ prio }: { prio: number }) => ({ x: mkMerge([mkOrder(prio, [1]), [2]]) })]),
    ).toEqual([1, 2]);
    expect(
      value([({ choices }: { choices: string[] }) => declared(types.enum(choices), "a")]),
    ).toBe("a");
    expect(value([({ s }: { s: string }) => declared(types.enum([s]), "a")])).toBe("a");
    expect(value([({ one }: { one: number }) => declared(types.ints.between(0, one), 1)])).toBe(1);
    expect(value([({ s }: { s: string }) => declared(types.strMatching(s), "a")])).toBe("a");
    const joined = ({ s }: { s: string }) => ({
      options: { x: mkOption({ type: types.separatedString(s) }) },
    });
    expect(value([joined, { x: "b" }, { x: "c" }])).toBe("cab");
  });
});

it("a destructured module argument keeps an attribute called force", () => {
  const value = evalModules({
    modules: [
      { options: { t: mkOption({ type: types.bool }) } },
      ({ settings }: { settings: { force: boolean } }) => ({
        get t() {
          return settings.force;
        },
      }),
      { _module: { args: { settings: { force: true } } } },
    ],
  }).config.t;
  expect(value).toBe(true);
});

describe("module arguments a body reads, where Nix's lazy arguments decide (expected values from Nix)", () => {
  const o = { options: { o: mkOption({ type: types.listOf(types.str), default: [] }) } };
  const run = (...modules: unknown[]) =>
    (evalModules({ modules: [o, ...modules] as never[] }).config as { o: string[] }).o;

  it("finds an argument defined in what the reading module itself imports", () => {
    const definer = ({ a0: _a0 }: { a0: string }) => ({
      imports: [{ _module: { args: { a0: "s3" } } }],
    });
    const reader = ({ a0 }: { a0: string }) => ({ o: [a0 === "s3" ? "eq" : "ne"] });
    expect(run(definer, reader)).toEqual(["eq"]);
    expect(run(reader, definer)).toEqual(["eq"]);
  });

  it("calls a function argument whose closure a module loaded again makes anew", () => {
    const f = ({ b }: { b: string }) => ({ _module: { args: { f: (y: string) => y + b } } });
    const caller = ({ f }: { f: (y: string) => string }) => ({ o: [f("a")] });
    expect(run(f, caller, { _module: { args: { b: "1" } } })).toEqual(["a1"]);
    const b = ({ c }: { c: string }) => ({ _module: { args: { b: "1" + c } } });
    expect(run(f, caller, b, { _module: { args: { c: "2" } } })).toEqual(["a12"]);
  });

  it("tests a Boolean argument computed from config as its value, not as a stand-in", () => {
    const flag = { options: { flag: mkOption({ type: types.bool, default: false }) } };
    const from = ({ config }: { config: { flag: boolean } }) => ({
      _module: {
        args: {
          get c() {
            return config.flag;
          },
        },
      },
    });
    const reader = ({ c }: { c: boolean }) => ({ o: [c ? "yes" : "no"] });
    expect(run(flag, from, reader)).toEqual(["no"]);
    expect(run(flag, from, reader, { flag: true })).toEqual(["yes"]);
  });

  it("reports the argument nothing defines behind one a body tests, as Nix does", () => {
    const error = thrown(() =>
      run(
        ({ a2 }: { a2: boolean }) => ({ o: a2 ? ["t"] : ["f"] }),
        ({ a3 }: { a3: boolean }) => ({ _module: { args: { a2: a3 } } }),
      ),
    );
    expect(error.message).toContain("attribute 'a3' missing");
    expect(error.message).not.toContain("thrown value");
    expect(error.loc).toEqual(["_module", "args", "a3"]);
  });

  it("says which argument had no value when a body fails on its stand-in", () => {
    const error = thrown(() => run(({ f }: { f: (x: string) => string }) => ({ o: [f("a")] })));
    expect(error.message).toContain("f is not a function");
    expect(error.message).toContain("Nix's attribute 'f' missing");
    expect(error.loc).toEqual(["_module", "args", "f"]);
  });
});

describe("a cycle through an option's own record", () => {
  it("names the option in the message, whichever field of the record closes it", () => {
    for (const field of ["isDefined", "highestPrio", "files", "definitions", "value"]) {
      const error = thrown(
        () =>
          evalModules({
            modules: [
              { options: { a: mkOption({ type: types.bool, default: false }) } },
              ({ options }: { options: Record<string, Record<string, unknown>> }) => ({
                a: mkIf(() => Boolean(options.a![field]), true),
              }),
            ],
          }).config.a,
      );
      expect(error.code).toBe("recursion");
      expect(error.message).toBe("infinite recursion encountered while evaluating the option `a'");
    }
  });
});

describe("function-valued module arguments given before the modules are all known (expected values from Nix)", () => {
  const O = { options: { o: mkOption({}), p: mkOption({}) } };
  const L = (args: Record<string, unknown>) => ({ _module: { args } });
  // `k` comes out 10 only once the module waiting for `t` is loaded: `f`'s first closure saw 1.
  const late = [
    ({ k }: { k: number }) => L({ f: (x: number) => x + k }),
    L({ k: mkDefault(1) }),
    ({ t }: { t: number }) => L({ k: t + 0 }),
    L({ t: 10 }),
  ];
  const run = (...modules: unknown[]) =>
    evalModules({ modules: [O, ...modules] as never[] }).config as { o: unknown; p: unknown };

  it("calls the final closure, not the one made from provisional values", () => {
    const kept = ({ f }: { f: (x: number) => number }) => ({
      get o() {
        return f(1);
      },
    });
    const read = ({ config }: { config: { _module: { args: { f: (x: number) => number } } } }) => ({
      get p() {
        return config._module.args.f(1);
      },
    });
    const config = run(kept, read, ...late);
    expect([config.o, config.p]).toEqual([11, 11]);
    expect(run(({ f }: { f: (x: number) => number }) => ({ o: f(1) }), ...late).o).toBe(11);
  });

  it("takes lists holding closures made anew by a module loaded again", () => {
    const k = L({ k: 10 });
    const list = ({ k }: { k: number }) => L({ l: [(x: number) => x + k] });
    expect(run(k, list, ({ l }: { l: unknown[] }) => ({ o: l.length })).o).toBe(1);
    expect(run(k, list, ({ l }: { l: ((x: number) => number)[] }) => ({ o: l[0]!(1) })).o).toBe(11);
    const set = ({ k }: { k: number }) => L({ l: [{ f: (x: number) => x + k }] });
    expect(run(k, set, ({ l }: { l: unknown[] }) => ({ o: l.length })).o).toBe(1);
  });
});

describe("a module argument standing for a module's own shape", () => {
  const O = { options: { o: mkOption({}) } };
  const L = (args: Record<string, unknown>) => ({ _module: { args } });
  const run = (...modules: unknown[]) =>
    (evalModules({ modules: [O, ...modules] as never[] }).config as { o: unknown }).o;

  it("as the whole module or its `imports`, is read from the modules collected so far (as `imports = [ m ]` is)", () => {
    expect(run(L({ c: { o: 3 } }), ({ c }: { c: object }) => c)).toBe(3);
    expect(run(L({ l: [{ o: 3 }] }), ({ l }: { l: object[] }) => ({ imports: l }))).toBe(3);
  });

  it("as its `config`, is Nix's infinite recursion, never an internal value in the message", () => {
    const error = thrown(() => run(L({ c: { o: 3 } }), ({ c }: { c: object }) => ({ config: c })));
    expect(error.code).toBe("recursion");
    expect(error.loc).toEqual(["_module", "args", "c"]);
    expect(error.message).toMatch(/^infinite recursion encountered: the module argument `c'/);
  });
});

describe("a module argument computed from config, used in another module's body (NixOS's `pkgs`; expected values from Nix)", () => {
  const base = { options: { system: mkOption({ default: "x86_64-linux" }), o: mkOption({}) } };
  const pkgsFromConfig = ({ config }: { config: { system: string } }) => ({
    _module: {
      args: {
        get pkgs() {
          return { hello: `hello-${config.system}` };
        },
      },
    },
  });
  const run = (...modules: unknown[]) =>
    evalModules({ modules: [base, ...modules] as never[] }).config as Record<string, unknown>;

  it("is read as its value: a field, an option's default, arithmetic", () => {
    const reader = ({ pkgs }: { pkgs: { hello: string } }) => ({ o: pkgs.hello });
    expect(run(pkgsFromConfig, reader).o).toBe("hello-x86_64-linux");
    expect(run(pkgsFromConfig, reader, { system: "aarch64-linux" }).o).toBe("hello-aarch64-linux");
    const declarer = ({ pkgs }: { pkgs: { hello: string } }) => ({
      options: { p: mkOption({ default: pkgs.hello }) },
    });
    expect(run(pkgsFromConfig, declarer).p).toBe("hello-x86_64-linux");
    const flag = { options: { e: mkOption({ default: true }) } };
    const a = ({ config }: { config: { e: boolean } }) => ({
      _module: { args: { a: mkIf(() => config.e, 1) } },
    });
    expect(run(flag, a, ({ a }: { a: number }) => ({ o: a + 1 })).o).toBe(2);
  });
});

describe("a module argument whose definitions conflict until a waiting module disables one (expected value from Nix)", () => {
  it("waits for that module instead of failing", () => {
    const O = { options: { o: mkOption({}) } };
    const L = (args: Record<string, unknown>) => ({ _module: { args } });
    const config = evalModules({
      modules: [
        O,
        ({ s }: { s: number }) => ({ o: s * 1 }),
        { key: "A", ...L({ s: 1 }) },
        L({ s: 2 }),
        ({ t }: { t: number }) => ({ disabledModules: [{ key: "A" }], ...L({ u: t + 1 }) }),
        L({ t: 1 }),
      ] as never[],
    }).config as { o: number };
    expect(config.o).toBe(2);
    // With no module to disable one, the conflict fails the reading module once nothing waits.
    const error = thrown(
      () =>
        evalModules({
          modules: [
            O,
            ({ s }: { s: number }) => ({ o: s * 1 }),
            L({ s: 1 }),
            L({ s: 2 }),
          ] as never[],
        }).config.o,
    );
    expect(error.message).toContain("`_module.args.s' is defined multiple times");
  });
});
