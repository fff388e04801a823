/**
 * Arguments of the wrong kind given to the public functions (evalModules, evaluate, mkOption,
 * the type constructors, the properties) are ModuleErrors in Nix's words, raised where they are
 * given, never a TypeError from deep inside a later evaluation.
 */
import { describe, expect, it } from "vitest";
import {
  doRename,
  evalModules,
  evaluate,
  explain,
  formatExplanation,
  literalMD,
  mkEnableOption,
  mkOption,
  mkOrder,
  mkOverride,
  mkPackage,
  mkRenamedOptionModuleWith,
  render,
  treeEntries,
  ModuleError,
  types,
  validate,
  type Module,
  type OptionType,
} from "../../lib/index.ts";
import { isOptionType } from "../../lib/types/option-type.ts";
import { moduleError } from "../helpers/module-error.ts";

/** The message of the ModuleError `f` throws (code `type`, `invalid` or `thrown`). */
function message(f: () => unknown): string {
  const error = moduleError(f);
  expect(["type", "invalid", "thrown"]).toContain(error.code);
  return error.message;
}

const evalArgs = "(evalModules takes { modules, specialArgs?, prefix?, class? })";

describe("evalModules and evaluate", () => {
  it("refuse arguments of the wrong kind, as Nix does", () => {
    const cases: [() => unknown, string][] = [
      [
        () => evalModules(null as never),
        `the argument of evalModules is null while a set was expected ${evalArgs}`,
      ],
      [() => evalModules({} as never), "'evalModules' called without required argument 'modules'"],
      [
        () => evalModules({ modules: 5 as never }),
        `\`modules' is an integer while a list was expected ${evalArgs}`,
      ],
      [
        () => evalModules({ modules: [], prefix: 5 as never }),
        `\`prefix' is an integer while a list was expected ${evalArgs}`,
      ],
      [
        () => evalModules({ modules: [], prefix: [Symbol() as never] }),
        `an element of \`prefix' is a symbol while a string was expected ${evalArgs}`,
      ],
      [
        () => evalModules({ modules: [], specialArgs: 5 as never }),
        `\`specialArgs' is an integer while a set was expected ${evalArgs}`,
      ],
      [
        () => evalModules({ modules: [], class: 5 as never }),
        `\`class' is an integer while a string was expected ${evalArgs}`,
      ],
      [
        () => evaluate({}, { pkgs: 5 as never }),
        "`pkgs' is an integer while a set was expected (evaluate()'s package overrides)",
      ],
      [
        () => evaluate({}, 5 as never),
        "the second argument of evaluate() is an integer while a set was expected ({ pkgs? })",
      ],
    ];
    for (const [f, text] of cases) expect(message(f)).toBe(text);
    expect(
      evaluate({ networking: { hostName: "h" } }, null as never).config.networking.hostName,
    ).toBe("h");
  });

  it("report what a proxy given as the module list throws, as the cause", () => {
    const trap = new TypeError("the trap fails");
    const modules = new Proxy([], {
      get() {
        throw trap;
      },
    });
    const error = moduleError(() => evalModules({ modules }).config);
    expect(error.message).toBe("while collecting the modules: the trap fails");
    expect(error.cause).toBe(trap);
  });

  it("refuse an async or generator function, or a promise, as a module, which would define nothing", () => {
    const decl = { options: { o: mkOption({ default: 1 }) } };
    const asyncModule = (async () => ({ o: 3 })) as unknown as Module;
    const generator = function* () {
      yield { o: 3 };
    } as unknown as Module;
    expect(message(() => evalModules({ modules: [decl, asyncModule] }).config)).toBe(
      "module <unknown-file> (:anon-2) does not look like a module: its function returned a Promise (the module system is synchronous: an async function cannot be a module).",
    );
    expect(
      message(() => evalModules({ modules: [decl, Promise.resolve({ o: 3 }) as never] }).config),
    ).toBe(
      "module <unknown-file> (:anon-2) does not look like a module: got a Promise (the module system is synchronous: an async function cannot be a module).",
    );
    expect(message(() => evalModules({ modules: [decl, generator] }).config)).toBe(
      "module <unknown-file> (:anon-2) does not look like a module: its function returned a generator (a generator function cannot be a module).",
    );
  });

  // Nix takes such a value for a module file's path: these are its first words, as it printed them.
  it("refuse a value that is no module in Nix's words first", () => {
    const first = (module: unknown) =>
      message(() => evalModules({ modules: [module as Module] }).config).split(": module ")[0];
    expect([null, 5, true, 1.5, "foo"].map(first)).toEqual([
      "cannot coerce null to a string",
      "cannot coerce an integer to a string",
      "cannot coerce a Boolean to a string",
      "cannot coerce a float to a string",
      "string 'foo' doesn't represent an absolute path",
    ]);
    expect(message(() => evalModules({ modules: ["/etc/x" as never] }).config)).toBe(
      "cannot import '/etc/x': a string is no module in nixmod (there are no module files): module <unknown-file> (:anon-1) does not look like a module: got string.",
    );
  });
});

describe("options, types and properties", () => {
  it("refuse arguments of the wrong kind where they are given", () => {
    const cases: [() => unknown, string][] = [
      [() => mkOption(null as never), "the argument of mkOption is null while a set was expected"],
      // Nix interpolates the name: a set with `outPath` would do.
      [() => mkEnableOption(5 as never), "cannot coerce an integer to a string"],
      [() => mkOverride(NaN, 1), "the priority given to mkOverride is NaN, which is no Nix value"],
      [() => mkOrder(NaN, 1), "the priority given to mkOrder is NaN, which is no Nix value"],
      [
        () => types.enum(null as never),
        "the argument of types.enum is null while a list was expected",
      ],
      [
        () => types.attrsOf(null as never),
        "the argument of types.attrsOf is null while an option type was expected",
      ],
      [
        () => types.lazyAttrsOf({} as never),
        "the argument of types.lazyAttrsOf is a set while an option type was expected",
      ],
      [
        () => types.listOf(undefined as never),
        "the argument of types.listOf is null while an option type was expected",
      ],
      [
        () => types.nullOr("str" as never),
        "the argument of types.nullOr is a string while an option type was expected",
      ],
      [
        () => types.either(types.int, null as never),
        "the argument of types.either is null while an option type was expected",
      ],
      [
        () => types.oneOf(null as never),
        "the argument of types.oneOf is null while a list was expected",
      ],
      [() => types.oneOf([]), "types.oneOf needs to get at least one type in its argument"],
      [
        () => types.oneOf([5 as never]),
        "the argument of types.oneOf is an integer while an option type was expected",
      ],
      [
        () => types.unique(null as never, types.int),
        "the argument of types.unique is null while a set was expected",
      ],
      [
        () => types.unique({ message: null } as never, types.int),
        "the `message' of types.unique is null while a string was expected",
      ],
      [
        () => types.coercedTo(types.int, 5 as never, types.str),
        "the function argument of types.coercedTo is an integer while a function was expected",
      ],
      [
        () => types.addCheck(types.int, null as never),
        "the function argument of types.addCheck is null while a function was expected",
      ],
      [
        () => types.functionTo(null as never),
        "the argument of types.functionTo is null while an option type was expected",
      ],
      [() => types.ints.between(10, 0), "ints.between: lowest must be smaller than highest"],
      [
        () => types.ints.between(NaN, 0),
        "the lowest value of types.ints.between is a float while a number was expected",
      ],
      [
        () => types.ints.between(0, "9" as never),
        "the highest value of types.ints.between is a string while a number was expected",
      ],
    ];
    for (const [f, text] of cases) expect(message(f)).toBe(text);
  });
});

describe("JavaScript's own collections given as attribute sets", () => {
  it("are refused by the attribute-set types instead of losing their entries", () => {
    const option = (type: unknown) => ({ options: { o: mkOption({ type: type as never }) } });
    for (const [type, value, description] of [
      [types.attrsOf(types.int), new Map([["a", 1]]), "attribute set of signed integer"],
      [types.attrs, new Set([1]), "attribute set"],
      [types.submodule({}), new Date(0), "submodule"],
      [types.deferredModule, Promise.resolve({}), "module"],
    ] as const) {
      expect(
        message(() => evalModules({ modules: [option(type), { o: value }] }).config.o),
      ).toContain(`A definition for option \`o' is not of type \`${description}'.`);
    }
    const plain = evalModules({ modules: [option(types.attrsOf(types.int)), { o: { a: 1 } }] });
    expect(plain.config.o).toEqual({ a: 1 });
  });

  it("are refused where options are grouped, and as modules", () => {
    expect(
      message(
        () => evaluate({ networking: new Map([["hostName", 5]]) } as never).config.networking,
      ),
    ).toContain(
      "you're trying to define a value of type `Map'\nrather than an attribute set for the option\n`networking'!",
    );
    expect(message(() => evaluate(new Set() as never).config.networking)).toMatch(
      /does not look like a module: got a Set \(not an attribute set\)\.$/,
    );
  });
});

describe("validate", () => {
  it("takes null options as no options", () => {
    expect(validate("{}", null as never).valid).toBe(true);
    expect(validate('{ "networking": { "hostName": 5 } }', null as never).valid).toBe(false);
  });
});

// Found by fuzzing the public API: each of these was a raw TypeError.
describe("more arguments of the wrong kind", () => {
  it.each([
    [
      () =>
        evalModules({ modules: [{ options: { o: mkOption({ apply: null as never }) } }, { o: 1 }] })
          .config.o,
      "The apply of option `o' is null, not a function.",
    ],
    [
      () =>
        evalModules({ modules: [{ options: { o: mkOption({ type: 5 as never }) } }, { o: 1 }] })
          .config.o,
      "The type of option `o' in `<unknown-file>' is an integer, not an option type (types.str, …).",
    ],
    [
      () => types.submoduleWith(null as never),
      "the argument of types.submoduleWith is null while a set was expected",
    ],
    [
      () => types.deferredModuleWith({ staticModules: 5 as never }),
      "the `staticModules' of types.deferredModuleWith is an integer while a list was expected",
    ],
    [
      () => mkPackage(5 as never),
      "the store path given to mkPackage is an integer while a string was expected",
    ],
    [
      () => validate("a: [", { format: "toml" as never }),
      'the `format\' given to validate is a string while "json" or "yaml" was expected',
    ],
    [
      () => render(evalModules({ modules: [] }) as never),
      "render() takes the result of evaluate(), not an object without evaluate()'s `failedAssertions' (evalModules' result, say)",
    ],
    [
      () => treeEntries(null as never),
      "the rendering given to treeEntries is null while a set was expected (what render() returns)",
    ],
    [
      () =>
        treeEntries({
          ...render(evaluate({})),
          scriptNames: { "/nix/store/x-unit-script-a-start": "../a" },
        }),
      "`scriptNames./nix/store/x-unit-script-a-start' of the rendering given to treeEntries is a string while a file name was expected",
    ],
    [
      () => treeEntries({ ...render(evaluate({})), scriptNames: [] as never }),
      "`scriptNames' of the rendering given to treeEntries is a list while a set was expected",
    ],
    [
      () => treeEntries({ ...render(evaluate({})), targets: "x" as never }),
      "`targets' of the rendering given to treeEntries is a string while a set was expected",
    ],
    [
      () => treeEntries({ ...render(evaluate({})), targets: { "../evil.target": "[Unit]\n" } }),
      '`targets\' of the rendering given to treeEntries names "../evil.target", which is no unit name',
    ],
    [
      () => formatExplanation({} as never),
      "the explanation given to formatExplanation is a set while an explanation was expected (what explain() returns)",
    ],
    [() => explain(evaluate({}), "."), "empty attribute name in selection path '.'"],
  ] as const)("%#", (f, expected) => {
    expect(message(f)).toBe(expected);
  });

  it("a declaration with a wrong type or apply fails where it is used, as in Nix", () => {
    const unused = evalModules({
      modules: [
        {
          options: {
            bad: mkOption({ type: 5 as never, apply: null as never }),
            good: mkOption({ default: 1 }),
          },
        },
      ],
    });
    expect(unused.config.good).toBe(1);
  });

  it("explain reads a Markdown description by its text, and wraps what a proxy throws", () => {
    const ev = evalModules({
      modules: [
        { options: { o: mkOption({ type: types.int, description: literalMD("x *y*") as never }) } },
        { o: 1 },
      ],
    });
    expect(explain(ev, "o").description).toBe("x *y*");
    const proxy = new Proxy(
      {},
      {
        has: () => {
          throw new Error("trap");
        },
      },
    );
    expect(message(() => explain(proxy, "a"))).toBe("while evaluating the configuration: trap");
  });
});

// Nix's functions take fixed sets of names (no `...`): what `nix-instantiate` says for each
// call against lib 26.11 (Nix 2.8), without its `at FILE:LINE`.
describe("named arguments, checked as Nix checks them", () => {
  it("refuses a name the function does not take, suggesting the one meant", () => {
    const cases: [() => unknown, string][] = [
      [
        () => mkOption({ defualt: 2 } as never),
        "'mkOption' called with unexpected argument 'defualt'. Did you mean default?",
      ],
      [
        () => types.submoduleWith({ modules: [], foo: 1 } as never),
        "'submoduleWith' called with unexpected argument 'foo'",
      ],
      [
        () => types.attrsWith({ elemType: types.int, foo: 1 } as never),
        "'attrsWith' called with unexpected argument 'foo'",
      ],
      [
        () => types.unique({ message: "x", foo: 1 } as never, types.int),
        "'unique' called with unexpected argument 'foo'",
      ],
      [
        () => types.pathWith({ foo: 1 } as never),
        "'pathWith' called with unexpected argument 'foo'",
      ],
      [
        () => evalModules({ modules: [], foo: 1 } as never),
        "'evalModules' called with unexpected argument 'foo'",
      ],
    ];
    for (const [f, expected] of cases) expect(message(f)).toBe(expected);
  });

  it("refuses a call without a name the function needs", () => {
    const cases: [() => unknown, string][] = [
      [
        () => types.submoduleWith({} as never),
        "'submoduleWith' called without required argument 'modules'",
      ],
      [
        () => types.mkOptionType({} as never),
        "'mkOptionType' called without required argument 'name'",
      ],
      [
        () => types.unique({} as never, types.int),
        "'unique' called without required argument 'message'",
      ],
      [
        () => mkRenamedOptionModuleWith({ from: ["a"], to: ["b"] } as never),
        "'mkRenamedOptionModuleWith' called without required argument 'sinceRelease'",
      ],
      [
        () => doRename({ from: ["a"], to: ["b"], visible: true, warn: false } as never),
        "'doRename' called without required argument 'use'",
      ],
    ];
    for (const [f, expected] of cases) expect(message(f)).toBe(expected);
  });

  it("refuses what is no set, where a TypeError escaped before", () => {
    const cases: [() => unknown, string][] = [
      [
        () => types.attrsWith(null as never),
        "the argument of types.attrsWith is null while a set was expected",
      ],
      [
        () => types.attrsWith({ elemType: null } as never),
        "the `elemType' of types.attrsWith is null while an option type was expected",
      ],
      [
        () => types.attrTag(null as never),
        "the argument of types.attrTag is null while a set was expected",
      ],
      [
        () => types.pathWith(null as never),
        "the argument of types.pathWith is null while a set was expected",
      ],
      [
        () => types.mkOptionType(null as never),
        "the argument of mkOptionType is null while a set was expected",
      ],
      [() => doRename(null as never), "the argument of doRename is null while a set was expected"],
      [() => types.strMatching(null as never), "cannot coerce null to a string"],
      [() => types.strMatching((() => "a") as never), "cannot coerce a function to a string"],
    ];
    for (const [f, expected] of cases) expect(message(f)).toBe(expected);
  });

  it("takes evalModules' deprecated args and check as Nix does", () => {
    const withArgs = evalModules({
      modules: [({ q }: { q: number }) => ({ options: { y: mkOption({ default: q }) } })],
      args: { q: 5 },
    });
    expect(withArgs.config).toEqual({ y: 5 });
    const unchecked = evalModules({ modules: [{ x: 1 }], check: false });
    expect(JSON.parse(JSON.stringify(unchecked.config))).toEqual({});
  });
});

describe("JavaScript's own collections given where Nix values go", () => {
  it("are named as what they are, not as sets", () => {
    const anything = { options: { a: mkOption({ type: types.anything }) } };
    for (const [value, name] of [
      [new Map(), "Map"],
      [new Set(), "Set"],
      [new Date(0), "Date"],
    ] as const) {
      const error = moduleError(() => evalModules({ modules: [anything, { a: value }] }).config.a);
      expect(error.loc).toEqual(["a"]);
      expect(error.message).toBe(`value is a JavaScript ${name} while a set was expected`);
    }
  });
});

describe("every public function given arguments of the wrong kind", () => {
  it("returns, or throws a ModuleError (or ConfigValidationError), never a TypeError", async () => {
    const nixmod = await import("../../lib/index.ts");
    const functions: [string, (...args: unknown[]) => unknown][] = [];
    const collect = (prefix: string, from: object) => {
      for (const [name, value] of Object.entries(from)) {
        if (typeof value === "function" && !/^[A-Z]/.test(name))
          functions.push([prefix + name, value as (...args: unknown[]) => unknown]);
      }
    };
    collect("", nixmod);
    collect("types.", nixmod.types);
    collect("lib.", nixmod.lib);
    expect(functions.length).toBeGreaterThan(150);
    const values: unknown[] = [{}, 42, "x", null, [], undefined, () => 1];
    const raw: string[] = [];
    const note = (name: string, args: unknown[], error: unknown) => {
      if (error instanceof nixmod.ModuleError || error instanceof nixmod.ConfigValidationError)
        return;
      raw.push(`${name}(${args.map((a) => typeof a).join(", ")}): ${String(error)}`);
    };
    const pending: Promise<unknown>[] = [];
    const silenced = process.listeners("warning");
    process.removeAllListeners("warning");
    try {
      for (const [name, fn] of functions) {
        for (const first of values) {
          for (const args of [[first], ...values.map((second) => [first, second])]) {
            try {
              const out = fn(...args);
              if (out instanceof Promise) pending.push(out.catch((e) => note(name, args, e)));
            } catch (error) {
              note(name, args, error);
            }
          }
        }
      }
      await Promise.all(pending);
    } finally {
      for (const listener of silenced) process.on("warning", listener);
    }
    expect(raw).toEqual([]);
  });
});

describe("an argument that cannot be read (a revoked proxy)", () => {
  it("is a ModuleError naming the argument, at evaluate, evalModules, mkOption and the type constructors", () => {
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    const cases: [string, () => unknown][] = [
      ["the modules given to evaluate()", () => evaluate(revoked.proxy)],
      ["the modules given to evaluate()", () => evaluate([revoked.proxy] as never)],
      ["the argument of evalModules", () => evalModules(revoked.proxy as never)],
      ["the argument of mkOption", () => mkOption(revoked.proxy)],
      ["the argument of types.attrsOf", () => types.attrsOf(revoked.proxy as never)],
      [
        "the argument of mkOption",
        () =>
          mkOption(
            new Proxy(
              {},
              {
                ownKeys() {
                  throw new Error("trap");
                },
              },
            ),
          ),
      ],
    ];
    for (const [what, run] of cases) {
      const error = moduleError(run);
      expect(error.code).toBe("invalid");
      expect(error.message).toMatch(
        new RegExp(`^${what.replace(/[()]/g, "\\$&")} cannot be read: `),
      );
    }
  });
});

describe("a type's methods called by a custom type with arguments of the wrong kind", () => {
  const t = types as unknown as Record<string, unknown>;
  const built = Object.entries(t).filter(([, v]) => isOptionType(v)) as [string, OptionType][];
  const composite: [string, OptionType][] = [
    ["listOf", types.listOf(types.int)],
    ["attrsOf", types.attrsOf(types.int)],
    ["nullOr", types.nullOr(types.int)],
    ["either", types.either(types.int, types.str)],
    ["submodule", types.submodule({})],
    ["coercedTo", types.coercedTo(types.int, String, types.str)],
    ["functionTo", types.functionTo(types.int)],
    ["attrTag", types.attrTag({ a: mkOption({ type: types.int }) })],
  ];
  const wrong: unknown[] = [undefined, null, 1, "s", () => 1, [null], [1]];
  it.each([...built, ...composite])(
    "%s: merge, typeMerge and getSubOptions fail as ModuleErrors",
    (_, type) => {
      const calls = [
        (a: unknown) => type.merge(["o"], a as never),
        (a: unknown) => type.typeMerge(a as never),
        (a: unknown) => type.getSubOptions(a as never),
      ];
      for (const call of calls) {
        for (const arg of wrong) {
          try {
            call(arg);
          } catch (error) {
            expect(error).toBeInstanceOf(ModuleError);
          }
        }
      }
    },
  );
  it("in Nix's words", () => {
    expect(() => types.int.typeMerge(null as never)).toThrow(
      "value is null while a set was expected",
    );
    expect(() => types.lines.merge(["o"], null as never)).toThrow(
      "value is null while a list was expected",
    );
    expect(() => types.listOf(types.int).merge(["o"], [null] as never)).toThrow(
      "value is null while a set was expected",
    );
    expect(() => types.submodule({}).getSubOptions(null as never)).toThrow(
      "value is null while a list was expected",
    );
  });
});

describe("a configuration's getters moved to another object", () => {
  const config = () =>
    evalModules({
      modules: [{ options: { a: { b: mkOption({ default: 1 }) } } }],
    }).config as Record<string, Record<string, unknown>>;

  it("are refused with a ModuleError, not a TypeError", () => {
    for (const source of [config(), config().a!]) {
      const copy = Object.defineProperties({}, Object.getOwnPropertyDescriptors(source));
      const name = Object.keys(copy)[0]!;
      expect(() => (copy as Record<string, unknown>)[name]).toThrow(ModuleError);
      expect(() => (copy as Record<string, unknown>)[name]).toThrow(
        `the getter of \`${name}' was read from an object it was copied to; copy the configuration's values instead`,
      );
    }
  });

  it("keep nothing but the option names on the view itself", () => {
    expect(Reflect.ownKeys(config())).toEqual(["a"]);
    expect(Reflect.ownKeys(config().a!)).toEqual(["b"]);
  });
});
