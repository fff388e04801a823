/** Module-system cases where a differential run against real Nix (nixpkgs lib 26.11) found nixmod different; the expected values are Nix's. */
import { describe, expect, it } from "vitest";
import {
  evaluate,
  lib,
  evalModules,
  mkAfter,
  mkBefore,
  mkForce,
  mkIf,
  mkMerge,
  mkOption,
  mkOrder,
  mkPackage,
  mkPackageOption,
  ModuleError,
  render,
  types,
  type Module,
} from "../../lib/index.ts";
import { moduleError } from "../helpers/module-error.ts";

const ab: Module = {
  options: { a: mkOption({ type: types.int }), b: mkOption({ type: types.int }) },
};

const configOf = (modules: unknown[]) =>
  JSON.parse(JSON.stringify(evalModules({ modules: modules as Module[] }).config)) as unknown;

describe("a module function's result is config when it is a property", () => {
  it("mkMerge, directly, in imports and as a submodule definition", () => {
    const merged = () => mkMerge([{ a: 1 }, { b: 2 }]);
    expect(configOf([ab, merged])).toEqual({ a: 1, b: 2 });
    expect(configOf([ab, { imports: [merged] }])).toEqual({ a: 1, b: 2 });
    const sub = types.submodule({ options: { a: mkOption({ type: types.int }) } });
    expect(
      configOf([{ options: { s: mkOption({ type: sub }) } }, { s: () => mkMerge([{ a: 1 }]) }]),
    ).toEqual({ s: { a: 1 } });
  });

  it("mkIf too; an mkBefore is a set of undeclared options, as in Nix", () => {
    expect(configOf([ab, () => mkIf(true, { a: 1, b: 3 })])).toEqual({ a: 1, b: 3 });
    expect(moduleError(() => configOf([ab, () => mkBefore({ a: 1 })])).message).toMatch(
      /^The option `_type' does not exist\./,
    );
  });

  it("an object that is a property is still not a module", () => {
    expect(moduleError(() => configOf([ab, mkMerge([{ a: 1 }])])).message).toMatch(
      /^Expected a module, but found a value of type "merge"/,
    );
  });
});

describe("mkMerge given something other than a list", () => {
  it.each([
    ["a string", "ab", "value is a string while a list was expected"],
    ["a set", {}, "value is a set while a list was expected"],
    ["an integer", 1, "value is an integer while a list was expected"],
  ])("%s fails as in Nix, when merged", (_, contents, message) => {
    const modules = [
      { options: { a: mkOption({ type: types.lines }) } },
      { a: mkMerge(contents as never) },
    ];
    const evaluation = evalModules({ modules });
    expect(moduleError(() => (evaluation.config as { a: string }).a).message).toBe(message);
  });
});

describe("a submodule's name argument", () => {
  it("specialArgs.name wins over the attribute name", () => {
    const sub = types.submoduleWith({
      specialArgs: { name: "sp" },
      modules: [({ name }: { name: string }) => ({ options: { x: mkOption({ default: name }) } })],
    });
    expect(
      configOf([{ options: { s: mkOption({ type: types.attrsOf(sub) }) } }, { s: { a: {} } }]),
    ).toEqual({ s: { a: { x: "sp" } } });
  });
});

describe("declarations that cannot combine fail where they are used", () => {
  const leaf = types.submodule({ options: { s: mkOption({ type: types.int }) } });
  const parent = types.submodule({ options: { s: { t: mkOption({ type: types.int }) } } });
  const declared = [
    { options: { a: mkOption({ type: leaf }) } },
    { options: { a: mkOption({ type: parent }) } },
  ];

  it("a submodule's description does not read the colliding option", () => {
    const evaluation = evalModules({ modules: [...declared, { a: 1 }] });
    const a = (evaluation.options as unknown as { a: { type: { description: string } } }).a;
    expect(a.type.description).toBe("submodule");
    expect(moduleError(() => (evaluation.config as { a: unknown }).a).message).toMatch(
      /^A definition for option `a' is not of type `submodule'\./,
    );
  });

  it("the collision, once read, names the option where it is used", () => {
    const evaluation = evalModules({ modules: [...declared, { a: { s: 1 } }] });
    const error = moduleError(() => JSON.stringify((evaluation.config as { a: unknown }).a));
    expect(error.message).toMatch(
      /^The option `a\.s' in module `<unknown-file>' would be a parent of the following options, but its type `signed integer' does not support nested options\./,
    );
    expect(error.loc).toEqual(["a", "s"]);
  });

  it("a type where an option belongs fails when that name is read, not its siblings", () => {
    const evaluation = evalModules({
      modules: [{ options: { a: { b: types.str }, c: mkOption({ default: 1 }) } }],
    });
    const config = evaluation.config as { a: { b: unknown }; c: number };
    expect(config.c).toBe(1);
    expect(moduleError(() => config.a.b).message).toMatch(
      /^In module <unknown-file>: expected an option declaration at option path `a\.b`/,
    );
  });

  it("attrTag declared twice with one tag: the tag's declarations merge when it is used", () => {
    const tagged = (type: unknown) =>
      mkOption({ type: types.attrTag({ t: mkOption({ type: type as never }) }) });
    const evaluation = evalModules({
      modules: [
        { options: { o: tagged(types.int) } },
        { options: { o: tagged(types.str) } },
        { o: { t: 1 } },
      ],
    });
    const o = (evaluation.options as unknown as { o: Record<string, unknown> }).o;
    expect([o.highestPrio, o.isDefined, o.definitions]).toEqual([100, true, [{ t: 1 }]]);
    expect((o.type as { description: string }).description).toBe(
      "attribute-tagged union with choices: t",
    );
    expect(moduleError(() => (evaluation.config as { o: unknown }).o).message).toBe(
      "The option `t' in `<attrTag {...}>' is already declared in `<attrTag {...}>'.",
    );
  });
});

describe("a module argument read in a module's body that no earlier module defines", () => {
  it("says both what Nix would say and what to do", () => {
    const message = moduleError(() =>
      configOf([
        { options: { a: mkOption({ type: types.int, default: 1 }) } },
        ({ pkgs }: { pkgs: { x: number } }) => ({ config: { a: pkgs.x } }),
      ]),
    ).message;
    expect(message).toContain("infinite recursion encountered");
    expect(message).toContain("attribute 'pkgs' missing");
    expect(message).toContain("read it inside a getter");
  });
});

describe("types.attrs keeps a package's string form", () => {
  it("a template literal of the merged set gives its outPath, as Nix's string interpolation does", () => {
    const pkg = { type: "derivation", name: "p", outPath: "/nix/store/aaaa-p" };
    const config = evalModules({
      modules: [{ options: { a: mkOption({ type: types.attrs }) } }, { a: pkg }],
    }).config as { a: object };
    expect(`${config.a}`).toBe("/nix/store/aaaa-p");
    // No added keys (the string forms are not enumerable); the names in Nix's order.
    expect(Object.keys(config.a)).toEqual(["name", "outPath", "type"]);
  });
});

describe("config read in a module's body", () => {
  it("is infinite recursion, with what to do instead", () => {
    const message = moduleError(() =>
      configOf([
        { options: { a: mkOption({ type: types.str, default: "x" }) } },
        ({ config }: { config: { a: string } }) => ({ config: { a: `${config.a}y` } }),
      ]),
    ).message;
    expect(message).toMatch(
      /^infinite recursion encountered: a module reads `config' or `options' in its body/,
    );
    expect(message).toContain("read it inside a getter");
  });
});

// Found by the session-13 differential runs (Nix 2.8, lib 26.11); each expectation is Nix's.
describe("a full-form module's meta", () => {
  it("is a definition of the option meta (Nix's addMeta), which must exist", () => {
    const declared = {
      options: { meta: mkOption({ type: types.attrsOf(types.int), default: {} }) },
    };
    const ev = evalModules({
      modules: [
        declared,
        { _file: "m.nix", meta: { x: 1 }, config: {} },
        { _file: "n.nix", meta: { y: 2 }, options: {} },
      ] as Module[],
    });
    expect(JSON.parse(JSON.stringify(ev.config))).toEqual({ meta: { x: 1, y: 2 } });
    expect(ev.options.meta.files).toEqual(["n.nix", "m.nix"]);
    const undeclared = moduleError(() =>
      JSON.stringify(evalModules({ modules: [{ meta: { x: 1 }, config: {} }] as Module[] }).config),
    );
    expect(undeclared.message).toMatch(/^The option `meta' does not exist\./);
  });
});

describe("sets Nix coerces to strings (outPath or __toString)", () => {
  const anything = (...values: unknown[]) =>
    evalModules({
      modules: [
        { options: { a: mkOption({ type: types.anything }) } },
        ...values.map((a, i) => ({ _file: `f${i + 1}.nix`, a })),
      ] as Module[],
    }).config.a;

  it("are single values to types.anything: two are defined multiple times, beside a set they conflict", () => {
    const twice = moduleError(() =>
      anything({ outPath: "/nix/store/x" }, { outPath: "/nix/store/x" }),
    );
    expect(twice.message).toMatch(/^The option `a' is defined multiple times/);
    expect(moduleError(() => anything({ outPath: "/nix/store/x" }, { b: 1 })).message).toBe(
      "The option `a' has conflicting option types in `f2.nix' and `f1.nix'",
    );
    const strings = moduleError(() =>
      anything({ __toString: () => "x" }, { __toString: () => "y" }),
    );
    expect(strings.message).toMatch(/^The option `a' is defined multiple times/);
  });

  it("are packages when they name a store path (Nix's isStorePath), as are names without a hash", () => {
    const store = "/nix/store/0123456789abcdfghijklmnpqrsvwxyz-hello";
    const pkg = evalModules({
      modules: [{ options: { a: mkOption({ type: types.package }) } }, { a: { outPath: store } }],
    }).config.a;
    expect(pkg).toEqual({ outPath: store });
    expect(
      ["/nix/store/abc-hello", "/nix/store/.a", { outPath: "/nix/store/x" }].map((v) =>
        types.package.check(v),
      ),
    ).toEqual([true, true, true]);
    expect(["/nix/store/a/b", "nix/store/a", { outPath: "/usr" }].map(types.package.check)).toEqual(
      [false, false, false],
    );
  });

  it("print as their string in JSON when types.attrs merges them", () => {
    const attrs = (...values: unknown[]) =>
      JSON.stringify(
        evalModules({
          modules: [
            { options: { a: mkOption({ type: types.attrs }) } },
            ...values.map((a) => ({ a })),
          ] as Module[],
        }).config.a,
      );
    const drv = { type: "derivation", name: "hello", outPath: "/nix/store/h-hello" };
    expect(attrs(drv, { extra: 1 })).toBe('"/nix/store/h-hello"');
    expect(attrs({ __toString: () => "x" })).toBe('"x"');
  });
});

describe("laziness of option attributes", () => {
  it("highestPrio reads priorities, not the default's value", () => {
    const failing = {
      options: {
        a: mkOption({
          type: types.int,
          get default(): number {
            throw new Error("boom");
          },
        }),
      },
    };
    const prio = (...modules: unknown[]) =>
      evalModules({ modules: [failing, ...modules] as Module[] }).options.a.highestPrio;
    expect([prio(), prio({ a: mkIf(false, 1) }), prio({ a: 5 })]).toEqual([1500, 1500, 100]);
    expect(moduleError(() => evalModules({ modules: [failing] }).options.a.isDefined).message).toBe(
      "while evaluating the option `a': boom",
    );
  });
});

describe("Nix's words where the differential runs found others", () => {
  it("a pattern Nix cannot read", () => {
    for (const pattern of ["a{2,1}", "(a", "\\w+"]) {
      const error = moduleError(
        () =>
          evalModules({
            modules: [
              { options: { a: mkOption({ type: types.strMatching(pattern) }) } },
              { a: "aa" },
            ],
          }).config.a,
      );
      expect(error.message).toBe(`invalid regular expression '${pattern}'`);
      expect(error.loc).toEqual(["a"]);
      expect(moduleError(() => types.strMatching(pattern).check("a")).code).toBe("invalid");
    }
  });

  it("an mkIf condition that is not a boolean names its option", () => {
    const error = moduleError(
      () => evalModules({ modules: [ab, { a: mkIf("yes" as never, 1) }] }).config.a,
    );
    expect(error.message).toMatch(/^‘mkIf’ called with a non-Boolean condition/);
    expect(error.loc).toEqual(["a"]);
  });

  it("imports that are not a list, a function that returns null, a prefix", () => {
    expect(
      moduleError(() => evalModules({ modules: [{ _file: "1.nix", imports: {} }] as Module[] }))
        .message,
    ).toMatch(/^value is a set while a list was expected/);
    expect(moduleError(() => evalModules({ modules: [() => null] as never })).message).toBe(
      "module <unknown-file> (:anon-1) does not look like a module: its function returned null.",
    );
    const prefixed = moduleError(() =>
      evalModules({ prefix: ["p"], modules: [mkOption({}) as never] }),
    );
    expect(prefixed.message).toContain(", while trying to load a module into p.\n");
  });

  it("float bounds of ints.between, as Nix's toString writes them", () => {
    expect(types.ints.between(-0.5, 2.25).description).toBe(
      "integer between -0.500000 and 2.250000 (both inclusive)",
    );
  });
});

describe("declarations merged as Nix merges them", () => {
  const declare = (type: unknown, file?: string) => ({
    ...(file === undefined ? {} : { _file: file }),
    options: { x: mkOption({ type: type as never }) },
  });

  it("submoduleWith without shorthandOnlyDefinesConfig is false, so it conflicts with submodule's true", () => {
    const sub = types.submodule({ options: { a: mkOption({ type: types.int, default: 0 }) } });
    const error = moduleError(
      () =>
        evalModules({
          modules: [declare(sub), declare(types.submoduleWith({ modules: [] })), { x: { a: 1 } }],
        }).config.x,
    );
    expect(error.message).toBe(
      "A submoduleWith option is declared multiple times with conflicting shorthandOnlyDefinesConfig values",
    );
    const payload = types.submoduleWith({ modules: [] }).functor.payload as {
      shorthandOnlyDefinesConfig: unknown;
    };
    expect(payload.shorthandOnlyDefinesConfig).toBe(false);
  });

  it("the shorthand rule is read for a set only: function definitions merge despite a conflict", () => {
    const y = { options: { y: mkOption({ default: 1 }) } };
    const value = evalModules({
      modules: [
        declare(types.submoduleWith({ modules: [y], shorthandOnlyDefinesConfig: true })),
        declare(types.submoduleWith({ modules: [], shorthandOnlyDefinesConfig: false })),
        { x: () => ({ y: 2 }) },
      ] as Module[],
    }).config.x;
    expect(JSON.parse(JSON.stringify(value))).toEqual({ y: 2 });
  });

  it("deferredModuleWith documents its static modules' options", () => {
    const static_ = { options: { y: mkOption({ type: types.str }) } };
    const sub = evalModules({
      modules: [declare(types.deferredModuleWith({ staticModules: [static_] }))],
    }).options.x.type.getSubOptions(["x"]);
    expect(Object.keys(sub)).toEqual(["_module", "y"]);
    expect(sub.y.loc).toEqual(["x", "y"]);
  });

  it("unique around a submodule loses its message, as Nix's substSubModules makes it uniq", () => {
    const error = moduleError(
      () =>
        evalModules({
          modules: [
            declare(types.unique({ message: "MM" }, types.submodule({}))),
            { _file: "v1.nix", x: {} },
            { _file: "v2.nix", x: {} },
          ] as Module[],
        }).config.x,
    );
    expect(error.message).toMatch(
      /^The option `x' is defined multiple times while it's expected to be unique\.\n\nDefinition values:\n/,
    );
  });

  it("names earlier declarations with Nix's ` and '", () => {
    const error = moduleError(
      () =>
        evalModules({
          modules: [
            { _file: "a.nix", options: { x: mkOption({ default: 1 }) } },
            declare(types.int, "b.nix"),
            { _file: "c.nix", options: { x: mkOption({ default: 2 }) } },
          ] as Module[],
        }).config.x,
    );
    expect(error.message).toBe(
      "The option `x' in `a.nix' is already declared in `c.nix' and `b.nix'.",
    );
  });
});

describe("patterns that backtrack", () => {
  // Nix's matcher answers these at once; a backtracking one would take years for 60 characters.
  it.each(["a**", "(a+)+", "(a|a)*", "(a*)*"])(
    "%s refuses a long value without hanging",
    (pattern) => {
      const error = moduleError(
        () =>
          evalModules({
            modules: [
              { options: { o: mkOption({ type: types.strMatching(pattern) }) } },
              { o: `${"a".repeat(60)}!` },
            ],
          }).config.o,
      );
      expect(error.message).toMatch(/^A definition for option `o' is not of type/);
    },
  );
});

it("a schema's pattern does not hang validate() on a long value", async () => {
  const { createValidator, toJsonSchema } = await import("../../lib/index.ts");
  const check = createValidator(
    toJsonSchema({ o: mkOption({ type: types.strMatching("(a|a)*") }) }),
  );
  const result = check({ o: `${"a".repeat(60)}!` });
  expect(result.valid).toBe(false);
  expect(result.errors[0]!.option).toBe("o");
});

it("an error thrown for two options names each of them, and attrs keeps an attribute called toJSON", () => {
  const shared = new ModuleError("shared failure", { code: "invalid" });
  const failing = {
    get a(): number {
      throw shared;
    },
    get b(): number {
      throw shared;
    },
  };
  const ev = evalModules({ modules: [ab, failing as never] });
  expect(moduleError(() => ev.config.a).loc).toEqual(["a"]);
  expect(moduleError(() => ev.config.b).loc).toEqual(["b"]);
  expect(shared.loc).toBeUndefined();
  const kept = evalModules({
    modules: [
      { options: { s: mkOption({ type: types.attrs }) } },
      { s: { outPath: "/nix/store/x-y", toJSON: "keep" } },
    ],
  }).config.s as Record<string, unknown>;
  expect(Object.keys(kept).sort()).toEqual(["outPath", "toJSON"]);
});

describe("found when the differential runs were repeated after the fixes", () => {
  const pkgOption = (value: unknown) =>
    evalModules({
      modules: [{ options: { a: mkOption({ type: types.package }) } }, { a: value }],
    }).config.a;

  it("a set types.package takes prints as its path; a string must name a store path", () => {
    const store = "/nix/store/0123456789abcdfghijklmnpqrsvwxyz-hello";
    const set = pkgOption({ outPath: store });
    expect(JSON.stringify(set)).toBe(JSON.stringify(store));
    expect(`${set}`).toBe(store);
    expect(moduleError(() => pkgOption("/nix/store/abc-hello")).message).toMatch(
      /^path '\/nix\/store\/abc-hello' is not in the Nix store/,
    );
  });

  // Nix's types.package never reads `name`: NixOS takes such a package in a service's `path`.
  it("a package whose name is no string stays as given and prints as its path", () => {
    const store = "/nix/store/c1917a54hcbg92557axk5797dq6cannj-sqlite-3.46.1-bin";
    for (const name of [[1], 5, true]) {
      const pkg = pkgOption({ type: "derivation", name, outPath: store }) as { name: unknown };
      expect(pkg.name).toEqual(name);
      expect(`${pkg as object}`).toBe(store);
      expect(JSON.stringify(pkg)).toBe(JSON.stringify(store));
    }
    const host = evaluate({
      systemd: {
        services: {
          a: { path: [{ type: "derivation", name: [1], outPath: store }], script: "x" },
        },
      },
    });
    expect(render(host).units["a.service"]).toContain(`PATH=${store}/bin:`);
  });

  it("types.attrs writes a non-string outPath as Nix's JSON does", () => {
    const attrs = (value: unknown) =>
      JSON.stringify(
        evalModules({
          modules: [{ options: { a: mkOption({ type: types.attrs }) } }, { a: value }],
        }).config.a,
      );
    expect(attrs({ outPath: 1 })).toBe("1");
    expect(attrs({ outPath: { x: 1 } })).toBe('{"x":1}');
  });

  it("a module argument's stand-in is its value in imports (nixmod lets a body read arguments) and from a getter", () => {
    const imported = evalModules({
      modules: [
        ({ foo }: { foo: unknown }) => ({ imports: [foo] }),
        { _module: { args: { foo: { options: { x: mkOption({ default: 1 }) } } } } },
      ],
    });
    expect(imported.config.x).toBe(1);
    const fromGetter = evalModules({
      modules: [
        { options: { s: mkOption({ type: types.str }) } },
        ({ foo }: { foo: string }) => ({
          get s() {
            return foo;
          },
        }),
        { _module: { args: { foo: "f" } } },
      ],
    }).config.s;
    expect(fromGetter).toBe("f");
  });
});

describe("found by the differential run of session fourteen", () => {
  it("an undeclared option whose value fails is listed without a value, as Nix's showDefs lists it", () => {
    const error = moduleError(() =>
      JSON.stringify(
        evalModules({
          modules: [
            { options: { a: mkOption({ default: 1 }) } },
            {
              _file: "f",
              get b(): number {
                throw new Error("boom");
              },
            },
          ],
        }).config,
      ),
    );
    expect(error.message).toBe(
      "The option `b' does not exist. Definition values:\n- In `f'\n\nDid you mean `a'?",
    );
  });
});

// An mkIf that reaches a submodule as data (under an mkForce, or as the option's default) is
// that submodule's config; its condition is read where an option under it is merged, as Nix
// pushes it down (real Nix 2.8: each value below).
describe("an mkIf kept as a submodule's definition is pushed down there, its condition unread", () => {
  const decl = {
    options: {
      b: mkOption({ type: types.bool, default: true }),
      f: mkOption({ type: types.int, default: 0 }),
    },
  };
  const boom = (): boolean => {
    throw new Error("cond forced");
  };

  it("whose condition reads the submodule's own other option", () => {
    const { config } = evalModules({
      modules: [
        { options: { s: mkOption({ type: types.submodule(decl) }) } },
        ({ config }: { config: { s: { b: boolean } } }) => ({
          s: mkForce(mkIf(() => config.s.b, { f: 1 })),
        }),
      ],
    });
    expect(JSON.parse(JSON.stringify(config.s))).toEqual({ b: true, f: 1 });
  });

  it("under mkForce, as a default, and in attrsOf and listOf submodules", () => {
    const sub = types.submodule(decl);
    const read = (modules: Module[]) => evalModules({ modules }).config as Record<string, any>;
    expect(
      read([{ options: { s: mkOption({ type: sub }) } }, { s: mkForce(mkIf(boom, { f: 1 })) }]).s.b,
    ).toBe(true);
    expect(
      read([{ options: { s: mkOption({ type: sub, default: mkIf(boom, { f: 1 }) }) } }]).s.b,
    ).toBe(true);
    const attrs = read([
      { options: { s: mkOption({ type: types.attrsOf(sub) }) } },
      { s: { q: mkForce(mkIf(boom, { f: 1 })) } },
    ]);
    expect(attrs.s.q.b).toBe(true);
    const list = read([
      { options: { s: mkOption({ type: types.listOf(sub) }) } },
      { s: [mkForce(mkIf(boom, { f: 1 }))] },
    ]);
    expect(list.s[0].b).toBe(true);
    expect(moduleError(() => list.s[0].f).message).toContain("cond forced");
  });
});

// Nix's coercedTo keeps a definition's other attributes (`def // { value = … }`), so an mkOrder's
// priority reaches the submodule as it does for a value given unconverted (real Nix 2.8).
it("coercedTo keeps an mkOrder's priority on a converted definition", () => {
  const sub = types.submodule({ options: { x: mkOption({ type: types.str }) } });
  const coerced = types.coercedTo(types.str, (s: string) => ({ x: s }), sub);
  const read = (type: typeof sub, value: unknown) =>
    evalModules({ modules: [{ options: { a: mkOption({ type }) } }, { a: value }] }).config.a;
  for (const [type, value] of [
    [coerced, mkAfter("s")],
    [sub, mkAfter({ x: "s" })],
  ] as const) {
    expect(moduleError(() => read(type, value)).message).toContain(
      "called with unexpected argument 'priority'",
    );
  }
  expect(JSON.stringify(read(coerced, "s"))).toBe('{"x":"s"}');
});

// Nix reads the merged declarations' class before it loads a module, and each definition's
// argument pattern and the shorthand rule one definition after the other (real Nix 2.8 reports
// the conflicts below, not the mkOrder's 'priority').
it("a submodule's declaration conflicts come before a later definition's 'priority'", () => {
  const read = (modules: Module[]) => evalModules({ modules }).config.a;
  const withClass = (cls: string) =>
    mkOption({ type: types.submoduleWith({ modules: [], class: cls }) });
  expect(
    moduleError(() =>
      read([
        { options: { a: withClass("x") } },
        { options: { a: withClass("y") } },
        { a: mkOrder(1500, {}) },
      ]),
    ).message,
  ).toContain('declared multiple times with conflicting class values "y" and "x"');
  expect(
    moduleError(() =>
      read([
        { options: { a: mkOption({ type: types.submoduleWith({ modules: [] }) }) } },
        { options: { a: mkOption({ type: types.submodule({}) }) } },
        { a: {} },
        { a: mkOrder(1500, {}) },
      ]),
    ).message,
  ).toContain("declared multiple times with conflicting shorthandOnlyDefinesConfig values");
  // Nix's definition modules are a lazy list: the modules before one load first.
  const sub = mkOption({ type: types.submodule({}) });
  expect(
    moduleError(() =>
      read([{ options: { a: sub } }, { _file: "def0", a: () => null }, { a: mkOrder(1500, {}) }]),
    ).message,
  ).toMatch(/^module def0 \(:anon-4:anon-1\) does not look like a module/);
  const throwing = mkOption({
    type: types.submodule(() => {
      throw new Error("boom");
    }),
  });
  expect(
    moduleError(() => read([{ options: { a: throwing } }, { a: mkOrder(1500, {}) }])).message,
  ).toContain("boom");
});

// Nix's unmatchedDefns does not look into a namespace nothing defines, so an option there that
// would be a parent of others fails only where it is used (real Nix 2.8: `zz' does not exist).
it("an undeclared definition is reported before a parent conflict in a namespace nothing defines", () => {
  const modules: Module[] = [
    {
      _file: "m0",
      options: {
        p: { a: mkOption({ type: types.bool, default: true }) },
        b: mkOption({ type: types.int, default: 1 }),
      },
    },
    { _file: "m1", options: { p: { a: { n: mkOption({ default: 2 }) } } } },
  ];
  const read = (more: Module[]) => evalModules({ modules: [...modules, ...more] }).config.b;
  expect(moduleError(() => read([{ _file: "m2", zz: 1 }])).message).toMatch(
    /^The option `zz' does not exist\./,
  );
  expect(read([])).toBe(1);
});

// Nix shows the class with escapeNixString, which is toJSON with `$` escaped (real Nix 2.8).
it("a module's class that is no string shows as Nix's JSON of it", () => {
  const shown = (cls: unknown) =>
    moduleError(
      () => evalModules({ class: "nixos", modules: [{ _class: cls } as Module] }).config,
    ).message.split("\n")[0];
  const expected: [unknown, string][] = [
    [{ a: 1, b: "x$y" }, '{"a":1,"b":"x\\$y"}'],
    [65536, "65536"],
    [{ outPath: "/x" }, '"/x"'],
    [["x", 1.5], '["x",1.5]'],
    ["ni$x", '"ni\\$x"'],
  ];
  for (const [cls, text] of expected) {
    expect(shown(cls)).toBe(
      `The module \`<unknown-file>\` (class: ${text}) cannot be imported into a module evaluation that expects class "nixos".`,
    );
  }
});

// unifyModuleSyntax converts `key` and `_file` with Nix's `toString`; its message about an
// unsupported attribute names the key collection gave the module, not the module's own.
describe("a module's key and file", () => {
  const decl = { options: { l: mkOption({ type: types.listOf(types.str), default: [] }) } };
  const ev = (modules: unknown[]) => evalModules({ modules: [decl, ...modules] as Module[] });

  it("are Nix's toString of what the module gives", () => {
    const r1 = ev([
      { key: true, l: ["a"] },
      { key: "1", l: ["b"] },
    ]);
    expect(r1.config.l).toEqual(["a"]);
    expect(r1.graph.map((node) => node.key)).toEqual([":anon-1", "1", "1"]);
    const r2 = ev([
      { key: { outPath: "/p" }, l: ["a"] },
      { key: "/p", l: ["b"] },
    ]);
    expect(r2.config.l).toEqual(["a"]);
    const r3 = ev([
      { _file: true, l: ["a"] },
      { _file: ["x", 1], l: ["b"] },
    ]);
    expect(r3.options.l.files).toEqual(["x 1", "1"]);
    expect(moduleError(() => ev([{ key: { a: 1 }, l: ["a"] }]).config.l).message).toContain(
      "cannot coerce a set to a string",
    );
  });

  it("a relative disabledModules path is below Nix's toString of modulesPath", () => {
    const { config } = evalModules({
      specialArgs: { modulesPath: { outPath: "/mods" } },
      modules: [decl, { key: "/mods/x.nix", l: ["x"] }, { disabledModules: ["x.nix"] }],
    });
    expect(config.l).toEqual([]);
  });

  it("an unsupported attribute is reported with the key collection gave", () => {
    expect(
      moduleError(
        () => evalModules({ modules: [{ key: "mykey", config: {}, foo: 1 } as Module] }).config,
      ).message,
    ).toMatch(/^Module `:anon-1' has an unsupported attribute `foo'\./);
  });
});

describe("argument checks Nix's function patterns make", () => {
  const base = evalModules({ modules: [{ options: { a: mkOption({ default: 1 }) } }] });

  it("extendModules takes modules, specialArgs and prefix only, of the right kinds", () => {
    expect(moduleError(() => base.extendModules({ modlues: [] } as never)).message).toBe(
      "'extendModules' called with unexpected argument 'modlues'. Did you mean modules?",
    );
    expect(moduleError(() => base.extendModules({ class: "x" } as never)).message).toBe(
      "'extendModules' called with unexpected argument 'class'",
    );
    expect(moduleError(() => base.extendModules({ modules: null } as never)).message).toMatch(
      /^`modules' is null while a list was expected/,
    );
    expect(moduleError(() => base.extendModules(5 as never)).message).toMatch(
      /^the argument of extendModules is an integer while a set was expected/,
    );
    expect(moduleError(() => base.extendModules({ prefix: [1] } as never)).message).toMatch(
      /^an element of `prefix' is an integer while a string was expected/,
    );
    expect(base.extendModules({ modules: [{ a: 2 }] }).config.a).toBe(2);
  });

  it("mkPackageOption refuses a misspelt setting", () => {
    expect(
      moduleError(() => mkPackageOption({ hello: "h" }, "hello", { nullabel: true } as never))
        .message,
    ).toBe("'mkPackageOption' called with unexpected argument 'nullabel'. Did you mean nullable?");
    expect(moduleError(() => mkPackageOption({}, "hello", null as never)).message).toBe(
      "the third argument of mkPackageOption is null while a set was expected",
    );
  });

  it("separatedString's separator must be a string when definitions are joined", () => {
    const sep = types.separatedString(1 as never);
    const ev = evalModules({
      modules: [{ options: { a: mkOption({ type: sep }) } }, { a: "x" }, { a: "y" }],
    });
    expect(moduleError(() => ev.config.a).message).toBe(
      "value is an integer while a string was expected",
    );
  });
});

// types.package turns a store path into `lib.toDerivation path` (Nix 2.8's attribute names).
it("a package given as a store path is lib.toDerivation of it", () => {
  const long = `/nix/store/00s3h73pd3xhhg5a0kp4drp277m776mp-${"n".repeat(208)}`;
  const { config } = evalModules({
    modules: [
      { options: { p: mkOption({ type: types.package }), q: mkOption({ type: types.package }) } },
      { p: "/nix/store/00040p6dng88r4x86ys28cn104r3qggl-unit-script-x", q: long },
    ],
  });
  expect(Object.keys(config.p).sort()).toEqual([
    "name",
    "out",
    "outPath",
    "outputName",
    "outputs",
    "type",
  ]);
  expect(config.p.out).toBe(config.p);
  expect([config.p.outputName, config.p.outputs, config.p.name]).toEqual([
    "out",
    ["out"],
    "unit-script-x",
  ]);
  expect(config.q.name).toHaveLength(207);
  expect(JSON.stringify(config.p)).toBe(
    '"/nix/store/00040p6dng88r4x86ys28cn104r3qggl-unit-script-x"',
  );
});

// mkOptionType's default functor is Nix's `defaultFunctor name`: its type is `types.${name} or null`.
describe("a type made by mkOptionType, declared twice", () => {
  const twice = (type: unknown, defs: Module[] = []) =>
    evalModules({
      modules: [
        { _file: "m0", options: { a: mkOption({ type: type as never }) } },
        { _file: "m1", options: { a: mkOption({ type: type as never }) } },
        ...defs,
      ],
    });
  const { mkOptionType } = lib.types as unknown as { mkOptionType: (spec: object) => unknown };

  it("conflicts when its name is no type of lib.types", () => {
    const foo = mkOptionType({ name: "foo", check: (x: unknown) => Number.isInteger(x) });
    expect(moduleError(() => twice(foo, [{ a: 1 }]).config.a).message).toBe(
      "The option `a' in `m0' is already declared in `m1'.",
    );
    expect((foo as { functor: { type: unknown } }).functor.type).toBeNull();
    // Nix's `emptyValue ? {}` default: no `value`.
    expect((foo as { emptyValue: unknown }).emptyValue).toEqual({});
    expect(types.nonEmptyListOf(types.int).emptyValue).toEqual({});
    expect(types.listOf(types.int).emptyValue).toEqual({ value: [] });
  });

  it("becomes lib.types' type of its name", () => {
    const mine = mkOptionType({ name: "str", check: () => true, description: "anything, really" });
    expect(twice(mine).options.a.type.description).toBe("string");
    expect(moduleError(() => twice(mine, [{ a: 5 }]).config.a).message).toMatch(
      /^A definition for option `a' is not of type `string'/,
    );
  });
});

// Nix: `attrNames config.p` is [ "a" ] and `config.p ? a` holds; only reading `config.p.a` fails.
it("an attrTag value's tag is known before its value is merged", () => {
  const tagged = types.attrTag({ a: mkOption({ type: types.int }) });
  const { config } = evalModules({
    modules: [
      { options: { p: mkOption({ type: tagged }) } },
      { _file: "f1", p: { a: 1 } },
      { _file: "f2", p: { a: 2 } },
    ],
  });
  expect([Object.keys(config.p), "a" in config.p]).toEqual([["a"], true]);
  expect(moduleError(() => config.p.a).message).toMatch(
    /^The option `p\.a' has conflicting definition values/,
  );
});

// Nix's merge reads `opt.readOnly or false` first: anything but a boolean fails the option.
it("a readOnly that is no boolean fails the option's value, as in Nix", () => {
  const read = (readOnly: unknown, more: object, defs: Module[] = []) =>
    moduleError(
      () =>
        evalModules({
          modules: [{ options: { a: mkOption({ readOnly, ...more } as never) } }, ...defs],
        }).config.a,
    ).message;
  expect(read(null, { default: 1 })).toBe("value is null while a Boolean was expected");
  expect(read("x", {}, [{ a: 2 }])).toBe("value is a string while a Boolean was expected");
  expect(read(null, { type: types.listOf(types.int) })).toBe(
    "value is null while a Boolean was expected",
  );
});

// Found by the differential round of session twenty-two; every expected value is Nix's.
describe("type constructors' flags, read as Nix's patterns read them", () => {
  const value = (type: unknown, definition: unknown) =>
    evalModules({
      modules: [{ options: { a: mkOption({ type: type as never }) } }, { a: definition }],
    }).config.a;

  it("a null or non-Boolean shorthandOnlyDefinesConfig fails a set's definition, not a function's", () => {
    const sub = (shorthandOnlyDefinesConfig: unknown) =>
      types.submoduleWith({
        modules: [{ options: { x: mkOption({ type: types.int }) } }],
        shorthandOnlyDefinesConfig: shorthandOnlyDefinesConfig as never,
      });
    expect(moduleError(() => value(sub(null), { x: 3 })).message).toContain(
      "value is null while a Boolean was expected",
    );
    expect(moduleError(() => value(sub("yes"), { x: 3 })).message).toContain(
      "value is a string while a Boolean was expected",
    );
    expect(JSON.stringify(value(sub(null), () => ({ x: 3 })))).toBe('{"x":3}');
  });

  it("a given null is no missing argument: lazy, staticModules, nullable, inStore and placeholder", () => {
    for (const [make, phrase] of [
      [
        () => types.attrsWith({ elemType: types.int, lazy: null as never }),
        "is null while a Boolean",
      ],
      [
        () => types.attrsWith({ elemType: types.int, lazy: "yes" as never }),
        "is a string while a Boolean",
      ],
      [
        () => types.attrsWith({ elemType: types.int, placeholder: 5 as never }),
        "is an integer while a string",
      ],
      [() => types.deferredModuleWith({ staticModules: null as never }), "is null while a list"],
      [() => types.pathWith({ inStore: "x" as never }), "is a string while a Boolean or null"],
      [() => types.pathWith({ absolute: 1 as never }), "is an integer while a Boolean or null"],
      [
        () => types.serializableValueWith({ typeName: "T", nullable: null as never }),
        "is null while a Boolean",
      ],
    ] as const) {
      expect(moduleError(make).message).toContain(phrase);
    }
    expect(types.pathWith({ inStore: null, absolute: null }).description).toBe("path");
    // JavaScript's undefined is an argument not given, as a left-out attribute in Nix.
    expect(types.attrsWith({ elemType: types.int, lazy: undefined }).description).toBe(
      "attribute set of signed integer",
    );
    expect(types.pathWith({ inStore: undefined, absolute: undefined }).description).toBe("path");
    expect(types.deferredModuleWith({ staticModules: undefined }).description).toBe("module");
    expect(types.serializableValueWith({ typeName: "JSON", nullable: undefined }).description).toBe(
      "JSON value",
    );
  });
});

describe("more found by the differential round of session twenty-two", () => {
  it("an option named _type below the top of options is refused, as Nix takes the set for a typed value", () => {
    const nested = moduleError(
      () =>
        evalModules({ modules: [{ options: { a: { _type: mkOption({ default: 3 }) } } }] }).config,
    );
    expect(nested.message).toMatch(/^cannot coerce a set to a string/);
    const top = evalModules({ modules: [{ options: { _type: mkOption({ default: 3 }) } }] });
    expect(JSON.stringify(top.config)).toBe('{"_type":3}');
  });

  it("optionType's definitions sorted by mkOrder, or made by mkDefinition, fail as Nix's map fails", () => {
    const t = (defs: unknown[]) =>
      (
        evalModules({
          modules: [
            { options: { t: mkOption({ type: types.optionType }) } },
            ...defs.map((d) => ({ t: d })),
          ] as Module[],
        }).config.t as { description: string }
      ).description;
    expect(moduleError(() => t([mkOrder(10, types.int), types.int])).message).toBe(
      "anonymous function at lib/types.nix (optionType's definitions) called with unexpected argument 'priority'",
    );
    expect(
      moduleError(() => t([lib.modules.mkDefinition({ file: "DF", value: types.int }), types.int]))
        .message,
    ).toContain("called with unexpected argument '_type'");
    expect(t([mkBefore(types.int)])).toBe("signed integer");
    expect(t([types.int, types.int])).toBe("signed integer");
  });

  it("pathInStore counts the bytes of the store path's hash part, as builtins.match does", () => {
    const sixteen = "/nix/store/" + "é".repeat(16) + "-x";
    const thirtyThree = "/nix/store/0123456789abcdfghijklmnpqrsvwxyé-x";
    expect([types.pathInStore.check(sixteen), types.externalPath.check(sixteen)]).toEqual([
      true,
      false,
    ]);
    expect([types.pathInStore.check(thirtyThree), types.externalPath.check(thirtyThree)]).toEqual([
      false,
      true,
    ]);
  });

  it("names and separators are written as Nix's toJSON writes them: \\b and \\f as \\u0008 and \\u000c", () => {
    expect(lib.showOption(["p", "a\bb"])).toBe('p."a\\u0008b"');
    expect(lib.showOption(["p", "a\fb"])).toBe('p."a\\u000cb"');
    expect(types.separatedString("a\bb").description).toBe('strings concatenated with "a\\u0008b"');
    expect(types.strMatching("a\fb").name).toBe('strMatching "a\\u000cb"');
  });

  it("mkDefinition needs its file and its value", () => {
    const mk = lib.modules.mkDefinition as (d: object) => unknown;
    expect(moduleError(() => mk({ value: 1 })).message).toBe(
      "'mkDefinition' called without required argument 'file'",
    );
    expect(moduleError(() => mk({ file: "f" })).message).toBe(
      "'mkDefinition' called without required argument 'value'",
    );
    expect(Object.keys(mk({ file: "f", value: 1, extra: 2 }) as object).sort()).toEqual([
      "_type",
      "extra",
      "file",
      "value",
    ]);
  });

  it("a disabledModules item whose key is no string disables nothing", () => {
    const l = (key: unknown, moduleKey: unknown) =>
      configOf([
        { options: { l: mkOption({ type: types.listOf(types.str), default: [] }) } },
        { key: moduleKey, l: ["m"] },
        { disabledModules: [{ key }] },
      ]);
    expect(l(1, "1")).toEqual({ l: ["m"] });
    expect(l(["a"], "a")).toEqual({ l: ["m"] });
    expect(l("a", "a")).toEqual({ l: [] });
  });
});

it("an apply whose parameter has a default or is a rest parameter gets the merged value", () => {
  const applied = (type: unknown, apply: (v: never) => unknown, value: unknown) =>
    evalModules({
      modules: [{ options: { a: mkOption({ type: type as never, apply }) } }, { a: value }],
    }).config.a;
  expect(applied(types.int, ((x = 1) => x + 1) as never, 7)).toBe(8);
  expect(applied(types.int, ((...xs: number[]) => xs[0]! + 1) as never, 7)).toBe(8);
  expect(
    applied(types.listOf(types.str), ((v: string[] = []) => v.join(",")) as never, ["a", "b"]),
  ).toBe("a,b");
  // One that takes no parameter is still called without merging, as Nix's argument is lazy.
  expect(
    evalModules({
      modules: [
        { options: { a: mkOption({ type: types.int, apply: () => 5 }) } },
        { a: "not an int" },
      ],
    }).config.a,
  ).toBe(5);
});

describe("nestedTypes, as Nix's", () => {
  it("a submodule's holds its freeform type, an attrTag's its tag options", () => {
    const freeform = types.submodule({ freeformType: types.attrsOf(types.int) });
    expect(Object.keys(freeform.nestedTypes)).toEqual(["freeformType"]);
    expect((freeform.nestedTypes.freeformType as any).description).toBe(
      "attribute set of signed integer",
    );
    const viaConfig = types.submoduleWith({
      modules: [{ config: { _module: { freeformType: types.attrsOf(types.str) } } }],
    });
    expect(Object.keys(viaConfig.nestedTypes)).toEqual(["freeformType"]);
    expect(types.submodule({}).nestedTypes).toEqual({});
    const tagged = types.attrTag({
      a: mkOption({ type: types.int }),
      b: mkOption({ type: types.str }),
    });
    expect(Object.keys(tagged.nestedTypes)).toEqual(["a", "b"]);
    expect((tagged.nestedTypes.a as any).type.description).toBe("signed integer");
  });
});

describe("optionAttrSetToDocList reads a type's description when it is used", () => {
  // Nix's entries are lazy: listing names walks into the sub-options, whose evaluation names
  // the option's path; the description would evaluate the submodule without it.
  it("so a conflict in a submodule's declarations names the path below the option", () => {
    const declare = (file: string, freeformType: any) => ({
      _file: file,
      options: { o: mkOption({ type: types.submodule({ freeformType }) }) },
    });
    const { options } = evalModules({
      modules: [
        declare("a.nix", types.attrsOf(types.int)),
        declare("b.nix", types.attrsOf(types.str)),
      ],
    });
    const error = moduleError(() => lib.optionAttrSetToDocList(options).map((d: any) => d.name));
    expect(error.message).toBe(
      "The option `o._module.freeformType' in `a.nix' is already declared in `b.nix'.",
    );
  });
});

describe("the names under lib, as Nix's", () => {
  it("has no name Nix's lib lacks at the top, and lib.modules' own there", () => {
    const top = lib as Record<string, any>;
    expect("removedOptionType" in top).toBe(false);
    expect("removedOptionType" in top.modules).toBe(false);
    expect("mkAliasAndWrapDefsWithPriority" in top).toBe(false);
    expect(typeof top.modules.mkAliasAndWrapDefsWithPriority).toBe("function");
    expect(typeof top.mkAliasAndWrapDefinitions).toBe("function");
  });
});

describe("a type's merge called by a custom type, on definitions its check would refuse", () => {
  const d = (file: string, value: unknown) => ({ file, value });
  it("fails as Nix's merge does where Nix's does", () => {
    expect(moduleError(() => types.attrsOf(types.int).merge(["o"], [d("f", 1)])).message).toBe(
      "value is an integer while a set was expected",
    );
    expect(moduleError(() => types.attrs.merge(["o"], [d("f", [1, 2])])).message).toBe(
      "value is a list while a set was expected",
    );
    expect(
      moduleError(() => types.boolByOr.merge(["o"], [d("f", false), d("g", "b")])).message,
    ).toBe("value is a string while a Boolean was expected");
    // `||' reads no further than a true value.
    expect(types.boolByOr.merge(["o"], [d("f", true), d("g", "b")])).toBe(true);
  });
});

describe("mkOptionType's arguments and getSubModules, as Nix's", () => {
  it("refuses an argument it does not take, and gives the sub-modules under Nix's name", () => {
    expect(moduleError(() => types.mkOptionType({ name: "x", bogus: 1 } as any)).message).toBe(
      "'mkOptionType' called with unexpected argument 'bogus'",
    );
    const sub = types.submodule({ options: { x: mkOption({}) } });
    expect(sub.getSubModules).toHaveLength(1);
    expect(types.int.getSubModules).toBeNull();
    const custom = types.mkOptionType({ name: "x", getSubModules: [{}] });
    expect(custom.getSubModules).toEqual([{}]);
    expect(custom.subModules).toEqual([{}]);
  });
});

describe("undeclared `_module` definitions under a freeform type, as Nix's", () => {
  it("go to the freeform type, which computes them whenever the configuration is used", () => {
    const strict = { freeformType: types.attrsOf(types.int) };
    const error = moduleError(() => configOf([strict, { _module: { b: 1 }, a: 2 }]));
    expect(error.message).toContain(
      "A definition for option `_module' is not of type `signed integer'",
    );
    expect(error.loc).toEqual(["_module"]);
    const sub = types.submodule(strict);
    const nested = moduleError(() =>
      configOf([{ options: { x: mkOption({ type: sub }) } }, { x: { _module: { b: 1 } } }]),
    );
    expect(nested.loc).toEqual(["x", "_module"]);
    const loose = evalModules({
      modules: [{ freeformType: types.lazyAttrsOf(types.anything) }, { _module: { b: 1 }, a: 2 }],
    });
    expect([JSON.stringify(loose.config), loose._module.b]).toEqual(['{"a":2}', 1]);
  });
});

describe("a path given as a set Nix coerces to a string, as Nix's isStringLike", () => {
  const store = "/nix/store/00000000000000000000000000000000-x";
  const value = (type: unknown, v: unknown) =>
    configOf([{ options: { p: mkOption({ type: type as never }) } }, { p: v }]);
  it("takes a set with outPath or __toString, and prints it as its path", () => {
    expect(value(types.path, { outPath: store, name: "x" })).toEqual({ p: store });
    expect(value(types.path, { __toString: () => "/etc/foo" })).toEqual({ p: "/etc/foo" });
    expect(value(types.pathInStore, { outPath: store })).toEqual({ p: store });
    expect([types.path.check({ outPath: "/x" }), types.path.check({ foo: 1 })]).toEqual([
      true,
      false,
    ]);
  });
  it("still refuses a relative one, and any set where only a string will do", () => {
    expect(moduleError(() => value(types.path, { __toString: () => "etc" })).message).toContain(
      "is not of type `absolute path'",
    );
    expect(moduleError(() => value(types.externalPath, { outPath: "/etc" })).message).toContain(
      "is not of type `absolute path not in the Nix store'",
    );
  });
  it("reaches a seed container's scripts as that path", () => {
    const ev = evaluate({ systemd: { containers: { a: { path: { __toString: () => store } } } } });
    expect(ev.config.systemd.services["container-a"].serviceConfig.ExecStart).toMatch(
      new RegExp(` ${store}/init$`),
    );
  });
});

describe("a type's check that returns no Boolean fails, as Nix's `&&` and `all` do", () => {
  const value = (type: unknown, v: unknown) =>
    configOf([{ options: { a: mkOption({ type: type as never }) } }, { a: v }]);
  it("in addCheck and mkOptionType, where JavaScript would take it as true or false", () => {
    const matches = types.addCheck(types.str, (x: string) => x.match(/^a.*$/) as never);
    const error = moduleError(() => value(matches, "ab"));
    expect(error.message).toMatch(/^value is a list while a Boolean was expected/);
    expect(error.loc).toEqual(["a"]);
    const custom = types.mkOptionType({ name: "t", check: (() => 1) as never });
    expect(moduleError(() => value(custom, "ab")).message).toMatch(
      /^value is an integer while a Boolean was expected/,
    );
    const nothing = types.addCheck(types.int, (() => null) as never);
    expect(moduleError(() => value(nothing, 1)).message).toMatch(
      /^value is null while a Boolean was expected/,
    );
    expect(
      moduleError(() => types.addCheck(types.int, (() => 1) as never).check(1)).message,
    ).toMatch(/^value is an integer while a Boolean was expected/);
  });
  it("not when the type's own check already failed (Nix's `&&` reads no further)", () => {
    const odd = types.addCheck(types.int, (() => 1) as never);
    expect(moduleError(() => value(odd, "x")).message).toContain("is not of type `signed integer'");
    expect(
      value(
        types.addCheck(types.int, (x: number) => x > 0),
        2,
      ),
    ).toEqual({ a: 2 });
  });
});

describe("a submodule's value used as a freeform value or an `attrs` value, as Nix's", () => {
  const enable = types.submodule({
    options: { enable: mkOption({ type: types.bool, default: false }) },
  });
  it("reads the submodule's options beside declared ones", () => {
    const config = configOf([
      { freeformType: types.attrsOf(enable) },
      { options: { foo: { extra: mkOption({ type: types.int, default: 1 }) } } },
      { foo: { enable: true }, bar: { enable: true } },
    ]);
    expect(config).toEqual({ bar: { enable: true }, foo: { enable: true, extra: 1 } });
    const q = types.submodule({ options: { q: mkOption({ default: 0 }) } });
    expect(
      configOf([{ freeformType: q, options: { a: mkOption({ default: 1 }) } }, { q: 5 }]),
    ).toEqual({ a: 1, q: 5 });
  });
  it("takes a part of config as an attrs value, merged with other definitions", () => {
    const withNs = (type: unknown, more: Module[]) =>
      configOf([
        {
          options: {
            ns: { p: mkOption({ type: types.int, default: 4 }) },
            v: mkOption({ type: type as never }),
          },
        },
        ({ config }: any) => ({
          get v() {
            return config.ns;
          },
        }),
        ...more,
      ]);
    for (const type of [types.attrs, types.nullOr(types.attrs), types.unspecified]) {
      expect(withNs(type, [{ v: { z: 3 } }])).toEqual({ ns: { p: 4 }, v: { p: 4, z: 3 } });
    }
    expect(withNs(types.either(types.int, types.attrs), [])).toEqual({ ns: { p: 4 }, v: { p: 4 } });
    const ns = (
      evalModules({ modules: [{ options: { ns: { p: mkOption({ default: 4 }) } } }] }).config as any
    ).ns;
    expect(JSON.stringify(lib.setType("x", ns))).toBe('{"_type":"x","p":4}');
  });
  it("gives a set merged by attrs or Nix's default merge its names in Nix's order", () => {
    const names = (type: unknown, defs: Module[]) =>
      Object.keys(
        (
          evalModules({ modules: [{ options: { v: mkOption({ type: type as never }) } }, ...defs] })
            .config as any
        ).v,
      );
    expect(names(types.attrs, [{ v: { a: 1 } }, { v: { b: 1 } }])).toEqual(["a", "b"]);
    expect(names(types.unspecified, [{ v: { a: 1 } }, { v: { b: 1 } }])).toEqual(["a", "b"]);
    expect(names(types.attrs, [{ v: { b: 1, a: 2 } }])).toEqual(["a", "b"]);
  });
});

describe("mergeEqualOption and one function defined twice, as Nix's `==`", () => {
  it("conflicts, since Nix never finds a function equal, but the same function in a set is", () => {
    const same = lib.mkOptionType({ name: "t", merge: lib.options.mergeEqualOption });
    const f = (x: unknown) => x;
    const defs = (value: unknown): Module[] => [
      { options: { o: mkOption({ type: same }) } },
      { _file: "1.nix", o: value },
      { _file: "2.nix", o: value },
    ];
    const error = moduleError(() => evalModules({ modules: defs(f) }).config.o);
    expect(error.message).toContain("has conflicting definition values");
    expect(evalModules({ modules: defs({ a: f }) }).config.o).toEqual({ a: f });
  });
});

describe("more found by the differential round of session twenty-seven", () => {
  it("numbers.between writes float bounds as Nix 2.8's toJSON does", () => {
    expect(types.numbers.between(0, 1000000.5).description).toBe(
      "integer or floating point number between 0 and 1e+06 (both inclusive)",
    );
    expect(types.numbers.between(0.000001, 0.3333333333333).description).toBe(
      "integer or floating point number between 1e-06 and 0.333333 (both inclusive)",
    );
    expect(types.numbers.between(-1.5, 123456.7).description).toBe(
      "integer or floating point number between -1.5 and 123457 (both inclusive)",
    );
  });
  it("anything's and attrTag's merge of no definitions fail in Nix's words", () => {
    for (const type of [types.anything, types.attrTag({})]) {
      expect(moduleError(() => type.merge(["o"], [])).message).toBe(
        "list index 0 is out of bounds",
      );
    }
  });
  it("`in` on a module's arguments is Nix's `args ? name`", () => {
    const seen = configOf([
      { options: { b: mkOption({ type: types.listOf(types.bool) }) } },
      { _module: { args: { pkgs: 1 } } },
      (args: object) => ({
        get b() {
          return ["_type" in args, "zzz" in args, "pkgs" in args, "config" in args, "lib" in args];
        },
      }),
    ]);
    expect(seen).toEqual({ b: [false, false, true, true, true] });
  });
});

describe("messages for what cannot be a module or a rename target, in Nix's words", () => {
  const failure = (args: object) => moduleError(() => evalModules(args as never).config).message;
  it("advises on a flake by the evaluation's class, and on a configuration", () => {
    const flake = { prefix: ["p"], modules: [{ _file: "f.nix", imports: [{ _type: "flake" }] }] };
    expect(failure({ ...flake, class: "nixos" })).toMatch(
      /\n\nPerhaps you forgot to select an attribute name\?\nInstead of, for example,\n {4}inputs\.someflake\nyou need to write something like\n {4}inputs\.someflake\.modules\.nixos\.default\nor\n {4}inputs\.someflake\.nixosModules\.default$/,
    );
    expect(failure(flake)).toMatch(/\n {4}inputs\.someflake\.modules\.someApp\.default$/);
    const configuration = evalModules({ modules: [] });
    expect(failure({ modules: [{ imports: [configuration] }] })).toMatch(
      /\n\nIf you really mean to import this configuration, instead please only import the modules that make up the configuration\.\nYou may have to create a `let` binding, file or attribute to give yourself access to the relevant modules\.\nWhile loading a configuration into the module system is a very sensible idea, it can not be done cleanly in practice\.$/,
    );
  });
  it("calls a list a list", () => {
    expect(failure({ modules: [{ _file: "p.nix", imports: [() => [{}]] }] })).toBe(
      "module p.nix (:anon-1:anon-1) does not look like a module: its function returned a list.",
    );
  });
  it("says a rename to a missing option aborted evaluation", () => {
    const entries = types.attrsOf(
      types.submodule({ options: { x: mkOption({ type: types.int, default: 0 }) } }),
    );
    const error = moduleError(
      () =>
        evalModules({
          modules: [
            { options: { s: mkOption({ type: entries, default: {} }) } },
            lib.mkRenamedOptionModule(["old"], ["s", "foo", "x"]),
          ],
        }).config.old,
    );
    expect(error.message).toBe(
      "evaluation aborted with the following error message: 'Renaming error: option `s.foo.x' does not exist.'",
    );
  });
});

describe("a merged functionTo value shows its definitions' set pattern, as Nix's __functionArgs", () => {
  it("every name, optional where every pattern that has it gives a default", () => {
    const error = moduleError(
      () =>
        evalModules({
          modules: [
            {
              options: {
                a: mkOption({ type: types.functionTo(types.int) }),
                b: mkOption({ type: types.int }),
              },
            },
            ({ config }: any) => ({
              a: ({ x, y = 1 }: any) => x + y,
              get b() {
                return config.a;
              },
            }),
            { a: ({ z = 2 }: any) => z },
          ],
        }).config.b,
    );
    expect(error.message).toContain("- In `<unknown-file>': <function, args: {x, y?, z?}>");
  });
});

describe("lib helpers given what Nix refuses, found by the differential round of session twenty-seven", () => {
  it("mkPackageOption finds only a package set's own names", () => {
    expect(moduleError(() => lib.mkPackageOption({}, "toString", {}).default).message).toBe(
      "toString cannot be found in pkgs",
    );
    expect(
      moduleError(() => lib.mkPackageOption({ a: {} }, ["a", "__proto__"], {}).default).message,
    ).toBe("a.__proto__ cannot be found in pkgs");
  });
  it("mkPackageOption refuses a name or path whose parts are no strings", () => {
    expect(moduleError(() => lib.mkPackageOption({}, [1] as never, {})).message).toBe(
      "cannot coerce an integer to a string",
    );
    expect(
      moduleError(() => lib.mkPackageOption({ a: 1 }, "a", { default: [1] as never })).message,
    ).toBe("value is an integer while a string was expected");
  });
  it("the merge functions read each definition's value as Nix's do", () => {
    expect(moduleError(() => lib.mergeEqualOption(["a"], [null as never])).message).toMatch(
      /^value is null while a set was expected/,
    );
    expect(moduleError(() => lib.mergeOneOption(["a"], [1 as never, 2 as never])).message).toMatch(
      /^value is an integer while a set was expected/,
    );
    expect(
      moduleError(() => lib.mergeEqualOption(["a"], [{ file: "x" } as never])).message,
    ).toMatch(/^attribute 'value' missing/);
  });
  it("a rename from or to the empty path is infinite recursion", () => {
    const base = { options: { a: mkOption({ default: 2 }), warnings: mkOption({ default: [] }) } };
    for (const [from, to] of [
      [[], []],
      [[], ["a"]],
      [["x"], []],
    ]) {
      const error = moduleError(() =>
        JSON.stringify(evalModules({ modules: [base, lib.mkAliasOptionModule(from, to)] }).config),
      );
      expect(error.message).toBe("infinite recursion encountered");
    }
  });
  it("enum shows a whole number beyond Nix's integers as a float", () => {
    expect(types.enum([1, 1e21, 0.5]).description).toBe("one of 1, <float>, <float>");
  });
});

describe("text a helper puts into a description or message is interpolated as Nix interpolates it", () => {
  const outPath = { outPath: "/o" };
  it("takes a set with outPath or __toString, and refuses what Nix cannot coerce", () => {
    expect(
      lib.mkPackageOption({ hello: 1 }, "hello", { extraDescription: outPath as never })
        .description,
    ).toBe("The hello package to use. /o");
    expect(
      moduleError(() =>
        lib.mkPackageOption({ hello: 1 }, "hello", { extraDescription: null as never }),
      ).message,
    ).toBe("cannot coerce null to a string");
    expect(lib.mkEnableOption(outPath as never).description).toBe("Whether to enable /o.");
    const described = lib.mkOptionType({
      name: "t",
      description: outPath as never,
      check: () => false,
    });
    expect(described.description).toBe("/o");
    const removed = evalModules({
      modules: [
        lib.mkRemovedOptionModule(["old"], { __toString: () => "use new" } as never),
        { old: 1 },
        { options: { assertions: mkOption({ default: [] }) } },
      ],
    }).config as { assertions: { message: string }[] };
    expect(removed.assertions[0]!.message).toMatch(/please remove it\.\nuse new\n$/);
    expect(
      moduleError(() =>
        configOf([
          { options: { a: mkOption({ type: types.int }) } },
          { a: lib.mkAssert(false, outPath as never, 1) },
        ]),
      ).message,
    ).toBe("\nFailed assertion: /o");
  });
  it("refuses flags that are no Booleans, and a package option's default or example of the wrong kind", () => {
    expect(
      moduleError(() => lib.mkPackageOption({ a: 1 }, "a", { nullable: 1 as never })).message,
    ).toMatch(/is an integer while a Boolean was expected/);
    expect(
      moduleError(() => lib.mkPackageOption({ a: 1 }, "a", { example: outPath as never })).message,
    ).toBe("literalExpression expects a string.");
    expect(
      moduleError(() =>
        lib.doRename({
          from: ["a"],
          to: ["b"],
          visible: true,
          warn: 1 as never,
          use: (x: unknown) => x,
        }),
      ).message,
    ).toMatch(/^value is an integer while a Boolean was expected/);
  });
  it("refuses a release that is no number, and a coerced type with submodules, as ModuleErrors", () => {
    expect(
      moduleError(() =>
        lib.mkRenamedOptionModuleWith({ from: ["a"], to: ["b"], sinceRelease: "x" as never }),
      ).message,
    ).toMatch(/^value is a string while an integer was expected/);
    expect(
      moduleError(() => types.coercedTo(types.submodule({}), (x: unknown) => x, types.attrs))
        .message,
    ).toBe("coercedTo: coercedType must not have submodules (it’s a submodule)");
  });
  it("lets an abort in a shown definition through, as Nix's tryEval does", () => {
    const aborting = {
      file: "f",
      get value() {
        return lib.mergeEqualOption(["a"], []);
      },
    };
    expect(moduleError(() => lib.options.showDefs([aborting])).message).toBe(
      "evaluation aborted with the following error message: 'This case should never happen.'",
    );
  });
});

describe("the sets inside an `anything` list have their names in Nix's order", () => {
  it("at any depth, lazily, leaving packages and properties as they are", () => {
    let reads = 0;
    const pkg = mkPackage("/nix/store/00000000000000000000000000000000-x", "x");
    const itself: Record<string, unknown> = { z: 1, y: 2 };
    itself.self = [itself];
    const value = [
      {
        b: 1,
        get a() {
          reads++;
          return { d: 1, c: 2 };
        },
        e: mkIf(false, 2),
      },
      [{ y: 1, x: 2 }],
      pkg,
      itself,
    ];
    const config = evalModules({
      modules: [{ options: { a: mkOption({ type: types.anything }) } }, { a: value }],
    }).config as { a: unknown[] };
    expect(reads).toBe(0);
    expect(JSON.stringify(config.a.slice(0, 3))).toBe(
      '[{"a":{"c":2,"d":1},"b":1,"e":{"_type":"if","condition":false,"content":2}},[{"x":2,"y":1}],"/nix/store/00000000000000000000000000000000-x"]',
    );
    expect(config.a[2]).toBe(pkg);
    // A set that contains itself is put in order down to where it repeats, then kept as it is.
    const copy = config.a[3] as Record<string, unknown[]>;
    expect([Object.keys(copy), copy.self![0] === itself]).toEqual([["self", "y", "z"], true]);
  });
});

describe("strMatching ranges over the bytes of UTF-8 text, as Nix's matcher compares them", () => {
  const matches = (pattern: string, s: string) => types.strMatching(pattern).check(s);
  it("refuses a range from an ASCII character to a byte of a UTF-8 sequence", () => {
    expect(moduleError(() => matches("[a-é]", "b")).message).toBe(
      "invalid regular expression '[a-é]'",
    );
  });
  it("reads a range from such a byte to an ASCII character as the bytes below and above", () => {
    expect(["a", "Z", "b", "é"].map((s) => matches("[é-a]", s))).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect(["a", "b", "é", "ÿ"].map((s) => matches("[é-a]+", s))).toEqual([
      true,
      false,
      true,
      true,
    ]);
    expect(["a", "é"].map((s) => matches("[à-é]", s))).toEqual([false, false]);
  });
});

describe("a property set written by hand reads its fields where Nix does", () => {
  const int = { options: { a: mkOption({ type: types.int }) } };
  const list = { options: { a: mkOption({ type: types.listOf(types.int) }) } };
  const value = (declaration: Module, ...defs: unknown[]) =>
    evalModules({ modules: [declaration, ...defs.map((a) => ({ a }) as Module)] }).config.a;
  const failure = (declaration: Module, ...defs: unknown[]) =>
    moduleError(() => value(declaration, ...defs));

  // Real Nix: each `attribute '…' missing`, where the field is needed; a lone definition's
  // priority is never compared, nor a lone mkOrder's.
  it("fails with Nix's words for a missing field, naming the option", () => {
    const error = failure(int, { _type: "override", content: 1 }, 1);
    expect(error.message).toBe("while evaluating the option `a': attribute 'priority' missing");
    expect(error.loc).toEqual(["a"]);
    expect(failure(int, { _type: "override", priority: 10 }).message).toContain(
      "attribute 'content' missing",
    );
    expect(failure(int, { _type: "if", content: 1 }).message).toContain(
      "attribute 'condition' missing",
    );
    expect(failure(int, { _type: "merge" }).message).toContain("attribute 'contents' missing");
    expect(failure(list, { _type: "order", content: [1] }, [2]).message).toContain(
      "attribute 'priority' missing",
    );
  });

  it("reads no priority it does not compare", () => {
    expect(value(int, { _type: "override", content: 1 })).toBe(1);
    expect(value(int, { _type: "order", content: 1 })).toBe(1);
  });

  // Real Nix: `[ { a = 1; } ]`, and `attribute 'content' missing`.
  it("reads an attribute list's element orders the same way", () => {
    const attrList = { options: { a: mkOption({ type: types.attrListOf(types.int) }) } };
    expect(value(attrList, [{ _type: "order", content: { a: 1 } }])).toEqual([{ a: 1 }]);
    expect(failure(attrList, [{ _type: "order", priority: 10 }]).message).toBe(
      "while evaluating the option `a': attribute 'content' missing",
    );
  });
});

describe("an option tree prints as JSON, each option as its path (Nix's toJSON of `__toString`)", () => {
  it("gives what Nix printed for the same options", () => {
    const { options } = evalModules({
      modules: [
        {
          options: {
            a: {
              b: mkOption({ type: types.int, default: 1 }),
              "x y": mkOption({
                type: types.attrsOf(
                  types.submodule({ options: { c: mkOption({ type: types.str }) } }),
                ),
              }),
            },
          },
        },
      ],
    });
    expect(JSON.stringify(options)).toBe(
      '{"_module":{"args":"_module.args","check":"_module.check","freeformType":"_module.freeformType","specialArgs":"_module.specialArgs"},"a":{"b":"a.b","x y":"a.\\"x y\\""}}',
    );
    expect(JSON.parse(JSON.stringify(evaluate({}).options)).networking.hostName).toBe(
      "networking.hostName",
    );
  });
});

describe("floats in messages are written as Nix 2.8 writes them: six significant digits", () => {
  it("lists conflicting float definitions as Nix's toPretty printed them", () => {
    const floats = [
      123456789.123,
      0.1 + 0.2,
      1e-7,
      1e20,
      2.5,
      -0.000012345678,
      100000.5,
      1234567.5,
    ];
    // What Nix printed for each (100000.5 is a tie, which C rounds to the even digit).
    const nix = [
      "1.23457e+08",
      "0.3",
      "1e-07",
      "1e+20",
      "2.5",
      "-1.23457e-05",
      "100000",
      "1.23457e+06",
    ];
    floats.forEach((value, i) => {
      const error = moduleError(
        () =>
          evalModules({
            modules: [
              { options: { a: mkOption({ type: types.float }) } },
              { a: value },
              { a: 0.5 },
            ],
          }).config.a,
      );
      expect(error.message).toContain(`\n- In \`<unknown-file>': ${nix[i]}\n`);
    });
  });
});

describe("a set with __functor is a module function, as Nix's lib.isFunction says", () => {
  it("is applied where a module is expected, with its __functionArgs or its function's pattern", () => {
    const functorModule = (module: (args: any) => object, functionArgs?: object) =>
      ({
        __functor: () => module,
        ...(functionArgs && { __functionArgs: functionArgs }),
      }) as Module;
    // Nix gave 3 and 4 for the same modules (a top-level module, one through deferredModule).
    const top = evalModules({
      modules: [{ options: { p: mkOption({ default: 0 }) } }, functorModule(() => ({ p: 3 }))],
    });
    expect(top.config.p).toBe(3);
    const deferred = evalModules({
      modules: [
        { options: { m: mkOption({ type: types.deferredModule }) } },
        { m: functorModule(() => ({ options: { z: mkOption({ default: 4 }) } })) },
      ],
    });
    expect(evalModules({ modules: [deferred.config.m] }).config.z).toBe(4);
    const named = evalModules({
      modules: [
        {
          options: {
            a: mkOption({
              type: types.attrsOf(
                types.submodule(
                  functorModule(({ name }) => ({ options: { n: mkOption({ default: name }) } })),
                ),
              ),
            }),
          },
        },
        { a: { x: {} } },
      ],
    });
    expect(named.config.a.x.n).toBe("x");
    // The arguments a module gets are those its pattern names.
    const declared = evalModules({
      modules: [
        { options: { q: mkOption({ default: "" }) } },
        functorModule((args) => ({ q: Object.keys(args).join(",") }), { config: false }),
      ],
    });
    expect(declared.config.q).toContain("config");
    // A pattern that is no set is none: the module gets every argument, as a function without one.
    const noPattern = evalModules({
      modules: [
        { options: { q: mkOption({ default: "" }) } },
        functorModule((args) => ({ q: typeof args.lib }), 5 as never),
      ],
    });
    expect(noPattern.config.q).toBe("object");
    // A functor that gives no function leaves a set, whose `__functor' is then an option.
    const notFunction = moduleError(
      () => evalModules({ modules: [{ __functor: () => 1 } as Module] }).config,
    );
    expect(notFunction.message).toContain("`__functor' does not exist");
  });
});
