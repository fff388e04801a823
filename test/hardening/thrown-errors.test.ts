/**
 * User code that throws (a getter, `apply`, a lazy default, an `mkIf` condition, a type's
 * check or coercion, a module function) is reported as a ModuleError that names the option
 * (or module) being evaluated and keeps the original error as `cause`, whatever was thrown.
 */
import { evalModules, mkIf, mkOption, ModuleError, showOption, types, type Module } from "nixmod";
import { describe, expect, it } from "vitest";
import { moduleError } from "../helpers/module-error.ts";

class Original extends Error {}

/** Runs `f`, expecting a ModuleError at `loc` whose cause chain holds `original`. */
function expectWrapped(
  f: () => unknown,
  loc: string[] | undefined,
  original: unknown,
): ModuleError {
  let error: unknown;
  try {
    f();
  } catch (e) {
    error = e;
  }
  if (!(error instanceof ModuleError)) {
    return expect.fail(
      `expected a ModuleError, got ${error instanceof Error ? error.stack : String(error)}`,
    );
  }
  if (loc !== undefined) {
    expect(error.loc).toEqual(loc);
    expect(error.message).toContain("`" + showOption(loc) + "'");
  }
  // The original is the cause (directly, or behind the ModuleError of an inner evaluation).
  const causes: unknown[] = [];
  for (let e: unknown = error; e instanceof Error && causes.length < 10; e = e.cause)
    causes.push(e.cause);
  expect(causes).toContain(original);
  if (original instanceof Error) expect(error.message).toContain(original.message);
  return error;
}

function getterThrowing(original: unknown): PropertyDescriptor {
  return {
    get() {
      throw original;
    },
    enumerable: true,
    configurable: true,
  };
}

function withGetter(name: string, original: unknown, rest: Record<string, unknown> = {}) {
  return Object.defineProperty({ ...rest }, name, getterThrowing(original));
}

const intOption = () => mkOption({ type: types.int });

describe("a throwing getter", () => {
  it("defining a top-level or nested option", () => {
    const o1 = new Original("top");
    expectWrapped(
      () =>
        evalModules({ modules: [{ options: { a: intOption() } }, withGetter("a", o1)] }).config.a,
      ["a"],
      o1,
    );
    const o2 = new Original("nested");
    expectWrapped(
      () =>
        evalModules({
          modules: [
            { options: { n: { m: { a: intOption() } } } },
            { n: { m: withGetter("a", o2) } },
          ],
        }).config.n.m.a,
      ["n", "m", "a"],
      o2,
    );
  });

  it("defining a whole namespace, or a module's `config`", () => {
    const o1 = new Original("namespace");
    expectWrapped(
      () =>
        evalModules({ modules: [{ options: { n: { a: intOption() } } }, withGetter("n", o1)] })
          .config.n.a,
      ["n"],
      o1,
    );
    const o2 = new Original("config");
    expectWrapped(
      () =>
        evalModules({
          modules: [{ options: { a: intOption() } }, withGetter("config", o2, { options: {} })],
        }).config,
      undefined,
      o2,
    );
  });

  it("inside attrsOf, listOf and freeform values", () => {
    const o1 = new Original("attrs element");
    expectWrapped(
      () =>
        evalModules({
          modules: [
            { options: { s: mkOption({ type: types.attrsOf(types.int) }) } },
            { s: withGetter("k", o1, { j: 1 }) },
          ],
        }).config.s.k,
      ["s", "k"],
      o1,
    );
    const o2 = new Original("freeform");
    expectWrapped(
      () =>
        JSON.stringify(
          evalModules({
            modules: [{ freeformType: types.attrsOf(types.int) }, withGetter("f", o2)],
          }).config,
        ),
      ["f"],
      o2,
    );
    const o3 = new Original("anything");
    expectWrapped(
      () =>
        evalModules({
          modules: [
            { options: { x: mkOption({ type: types.anything }) } },
            { x: { deep: withGetter("k", o3) } },
          ],
        }).config.x.deep.k,
      ["x", "deep", "k"],
      o3,
    );
  });

  it("inside submodules: attrsOf submodule and listOf submodule", () => {
    const sub = types.submodule({
      options: { port: intOption(), name: mkOption({ type: types.str, default: "d" }) },
    });
    const o1 = new Original("in attrsOf submodule");
    expectWrapped(
      () =>
        evalModules({
          modules: [
            { options: { hosts: mkOption({ type: types.attrsOf(sub) }) } },
            { hosts: { web: withGetter("port", o1) } },
          ],
        }).config.hosts.web.port,
      ["hosts", "web", "port"],
      o1,
    );
    const o2 = new Original("in listOf submodule");
    const error = expectWrapped(
      () =>
        evalModules({
          modules: [
            { options: { list: mkOption({ type: types.listOf(sub) }) } },
            { list: [{ port: 1 }, withGetter("port", o2)] },
          ],
        }).config.list[1].port,
      undefined,
      o2,
    );
    expect(error.loc?.[0]).toBe("list");
    expect(error.loc?.[error.loc.length - 1]).toBe("port");
  });

  it("that throws a TypeError, a string, a number or undefined", () => {
    for (const original of [new TypeError("x is undefined"), "a string", 42, undefined]) {
      const error = expectWrapped(
        () =>
          evalModules({ modules: [{ options: { a: intOption() } }, withGetter("a", original)] })
            .config.a,
        ["a"],
        original,
      );
      expect(error.message).toContain(
        String(original instanceof Error ? original.message : original),
      );
    }
  });

  it("that throws a value that cannot be shown: no prototype, a throwing toString, a proxy", () => {
    const unshowable = [
      Object.create(null),
      {
        toString(): string {
          throw new Error("toString fails");
        },
      },
      new Proxy(
        {},
        {
          getPrototypeOf() {
            throw new TypeError("the trap fails");
          },
        },
      ),
    ];
    /** The ModuleError `f` throws, whose cause is `original` itself (no instanceof on it: a trap may throw). */
    const wrapped = (f: () => unknown, original: unknown): ModuleError => {
      const error = moduleError(f);
      expect(error.cause === original).toBe(true);
      return error;
    };
    for (const original of unshowable) {
      const modules = [{ options: { a: intOption() } }, withGetter("a", original)];
      const inGetter = wrapped(() => evalModules({ modules }).config.a, original);
      expect(inGetter.loc).toEqual(["a"]);
      expect(inGetter.message).toMatch(/^while evaluating the option `a': /);
      const throwing: Module = () => {
        throw original;
      };
      const inModule = wrapped(() => evalModules({ modules: [throwing] }).config, original);
      expect(inModule.message).toMatch(/^while loading the module `:anon-1' /);
    }
  });
});

describe("a throwing apply", () => {
  it("on a top-level, a nested and a submodule option", () => {
    const o1 = new Original("apply top");
    const apply = (original: unknown) => () => {
      throw original;
    };
    expectWrapped(
      () =>
        evalModules({
          modules: [
            { options: { a: mkOption({ type: types.int, default: 1, apply: apply(o1) }) } },
          ],
        }).config.a,
      ["a"],
      o1,
    );
    const o2 = new Original("apply nested");
    expectWrapped(
      () =>
        evalModules({
          modules: [
            { options: { n: { a: mkOption({ type: types.int, default: 1, apply: apply(o2) }) } } },
          ],
        }).config.n.a,
      ["n", "a"],
      o2,
    );
    const o3 = new Original("apply in submodule");
    const sub = types.submodule({
      options: { x: mkOption({ type: types.int, default: 1, apply: apply(o3) }) },
    });
    expectWrapped(
      () =>
        evalModules({
          modules: [{ options: { s: mkOption({ type: types.attrsOf(sub) }) } }, { s: { one: {} } }],
        }).config.s.one.x,
      ["s", "one", "x"],
      o3,
    );
  });

  it("read through options.<path>.value as well", () => {
    const o = new Original("apply via options");
    expectWrapped(
      () =>
        evalModules({
          modules: [
            {
              options: {
                a: mkOption({
                  type: types.int,
                  default: 1,
                  apply: () => {
                    throw o;
                  },
                }),
              },
            },
          ],
        }).options.a.value,
      ["a"],
      o,
    );
  });
});

describe("other user code that throws", () => {
  it("a lazy default, an mkIf condition, addCheck's check and coercedTo's coercion", () => {
    const o1 = new Original("default");
    const decl = mkOption({ type: types.int });
    Object.defineProperty(decl, "default", getterThrowing(o1));
    expectWrapped(() => evalModules({ modules: [{ options: { a: decl } }] }).config.a, ["a"], o1);

    const o2 = new Original("condition");
    expectWrapped(
      () =>
        evalModules({
          modules: [
            { options: { a: intOption() } },
            {
              a: mkIf(() => {
                throw o2;
              }, 1),
            },
          ],
        }).config.a,
      ["a"],
      o2,
    );

    const o3 = new Original("check");
    const checked = types.addCheck(types.int, () => {
      throw o3;
    });
    expectWrapped(
      () =>
        evalModules({ modules: [{ options: { a: mkOption({ type: checked }) } }, { a: 1 }] }).config
          .a,
      ["a"],
      o3,
    );

    const o4 = new Original("coercion");
    const coerced = types.coercedTo(
      types.int,
      () => {
        throw o4;
      },
      types.str,
    );
    expectWrapped(
      () =>
        evalModules({ modules: [{ options: { a: mkOption({ type: coerced }) } }, { a: 1 }] }).config
          .a,
      ["a"],
      o4,
    );
  });

  it("a type's own error while declarations are merged (submoduleWith with clashing specialArgs)", () => {
    // A module that takes the arguments: Nix reads specialArgs only then.
    const a = types.submoduleWith({
      modules: [(args: any) => ({ config: { _module: { args: { y: args.x } } } })],
      specialArgs: { x: 1 },
    });
    const b = types.submoduleWith({ modules: [], specialArgs: { x: 2 } });
    let error: unknown;
    try {
      JSON.stringify(
        evalModules({
          modules: [
            { options: { s: mkOption({ type: a }) } },
            { options: { s: mkOption({ type: b }) } },
          ],
        }).config,
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ModuleError);
    // Nix's own words, which name no option (test/core/lib-parity.test.ts has the rest).
    expect((error as ModuleError).message).toBe(
      'A submoduleWith option is declared multiple times with the same specialArgs "x"',
    );
  });

  it("a module function, or a module's `options`/`imports` getter, names the module", () => {
    const o1 = new Original("module body");
    const throwing: Module = () => {
      throw o1;
    };
    const e1 = expectWrapped(
      () => evalModules({ modules: [{ _file: "good.nix" }, throwing] }),
      undefined,
      o1,
    );
    expect(e1.message).toContain("module");
    const o2 = new Original("options getter");
    expectWrapped(
      () => evalModules({ modules: [withGetter("options", o2, { config: {} }) as Module] }),
      undefined,
      o2,
    );
    const o3 = new Original("imports getter");
    expectWrapped(
      () => evalModules({ modules: [withGetter("imports", o3, { config: {} }) as Module] }),
      undefined,
      o3,
    );
  });
});

describe("a function-valued option's definition that throws when the merged function is called", () => {
  const original = new Original("no such field");
  const config = evalModules({
    modules: [
      {
        options: {
          f: mkOption({ type: types.functionTo(types.int) }),
          a: mkOption({ type: types.anything }),
          loop: mkOption({ type: types.functionTo(types.int) }),
        },
      },
      {
        f: () => {
          throw original;
        },
        a: () => {
          throw original;
        },
        loop: (x: number): number => (config.loop as (x: number) => number)(x),
      },
    ] as Module[],
  }).config as Record<string, (x: unknown) => unknown>;

  it("names the option's function body and the file, with the original as cause", () => {
    const error = expectWrapped(() => config.f!(1), ["f", "<function body>"], original);
    expect(error.code).toBe("thrown");
    expectWrapped(() => config.a!(1), ["a", "<function body>"], original);
  });

  it("is a stack error at the option when the functions call each other without end", () => {
    const error = moduleError(() => config.loop!(1));
    expect(error.code).toBe("stack");
    expect(error.loc).toEqual(["loop", "<function body>"]);
  });
});
