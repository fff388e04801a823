/**
 * Differences from real Nix that differential probes of the module system found, each pinned
 * with what `nix-instantiate` (Nix 2.8, nixpkgs lib 26.11) printed for the same modules.
 */
import { describe, expect, it } from "vitest";
import {
  evalModules,
  evaluate,
  mkAfter,
  mkBefore,
  mkDefault,
  mkDefinition,
  mkForce,
  mkIf,
  mkOption,
  mkOrder,
  types,
  type Module,
  type OptionType,
} from "../../lib/index.ts";
import { moduleError } from "../helpers/module-error.ts";

describe("an undeclared option defined under a pushed-down mkIf", () => {
  const modules = (declareDefault: boolean): Module[] => [
    {
      _file: "m0.nix",
      options: {
        a: declareDefault
          ? mkOption({ type: types.bool, default: true })
          : mkOption({ type: types.bool }),
      },
    },
    ({ config }: any) => ({ _file: "m1.nix", config: mkIf(() => config.a, { u: 1 }) }),
  ];

  it("shows the condition's value, as Nix prints the definition", () => {
    const error = moduleError(() => evalModules({ modules: modules(true) }).config);
    expect(error.message).toContain(
      "The option `u' does not exist. Definition values:\n- In `m1.nix':\n" +
        '    {\n      _type = "if";\n      condition = true;\n      content = 1;\n    }\n',
    );
  });

  it("leaves the value out when the condition fails to evaluate, as Nix's tryEval does", () => {
    const error = moduleError(() => evalModules({ modules: modules(false) }).config);
    expect(error.message).toContain(
      "The option `u' does not exist. Definition values:\n- In `m1.nix'\n",
    );
  });
});

describe("a definition shown in an error, whose value Nix's evaluator refuses", () => {
  // Nix: `anonymous function at lib/types.nix:1380:11 called with unexpected argument
  // 'priority'` for `config.b`, not `b.r' does not exist`: its showDefs uses tryEval, which
  // catches a throw only.
  it("fails the message with that error, as Nix's does", () => {
    const result = evalModules({
      modules: [
        { options: { b: mkOption({ type: types.submodule({}) }) } },
        {
          options: {
            a: mkOption({
              type: types.submodule({ options: { q: mkOption({ type: types.submodule({}) }) } }),
            }),
          },
        },
        { a: { q: mkOrder(1000, {}) } },
        (args: any) => ({
          b: {
            get r() {
              return args.config.a.q;
            },
          },
        }),
      ],
    });
    expect(moduleError(() => result.config.b).message).toMatch(
      /called with unexpected argument 'priority'$/,
    );
  });

  // Nix: `error: attribute 'foo' missing`, for a module argument no module defines, and
  // `attribute 'nopeNope' missing` for a name the package set does not have.
  it("fails the message for a missing module argument or package, wrapped or not", () => {
    const result = evalModules({
      modules: [
        ({ config }: any) => ({
          options: {
            a: mkOption({ default: 1 }),
            sm: mkOption({
              default: {},
              type: types.submodule(({ foo }: any) => ({
                options: {
                  o: mkOption({
                    get default() {
                      return foo.bar;
                    },
                  }),
                },
              })),
            }),
          },
          config: {
            uuu: {
              get x() {
                return config.sm.o;
              },
            },
          },
        }),
      ],
    });
    expect(moduleError(() => result.config.a).message).toMatch(/^attribute 'foo' missing/m);
    const host = evaluate([
      ({ pkgs }: any) => ({
        uuu: {
          get x() {
            return pkgs.nopeNope;
          },
        },
      }),
    ]);
    expect(moduleError(() => host.config.networking.extraHosts).message).toMatch(
      /^attribute 'nopeNope' missing from the package set/,
    );
  });
});

describe("two submoduleWith declarations that disagree", () => {
  const twice = (
    a: Parameters<typeof types.submoduleWith>[0],
    b: Parameters<typeof types.submoduleWith>[0],
  ): Module[] => [
    { options: { s: mkOption({ type: types.submoduleWith(a), default: {} }) } },
    { options: { s: mkOption({ type: types.submoduleWith(b) }) } },
  ];

  it("reports a class conflict in Nix's words, with nothing put in front", () => {
    const result = evalModules({
      modules: twice({ modules: [], class: "nixos" }, { modules: [], class: "darwin" }),
    });
    expect(moduleError(() => result.config.s).message).toBe(
      'A submoduleWith option is declared multiple times with conflicting class values "darwin" and "nixos".',
    );
  });

  it("reports clashing specialArgs once a module takes its arguments", () => {
    const result = evalModules({
      modules: twice(
        {
          modules: [({ foo }: any) => ({ options: { v: mkOption({ default: foo }) } })],
          specialArgs: { foo: 1 },
        },
        { modules: [], specialArgs: { foo: 2 } },
      ),
    });
    expect(moduleError(() => result.config.s).message).toBe(
      'A submoduleWith option is declared multiple times with the same specialArgs "foo"',
    );
  });

  it("reports clashing specialArgs only where a module takes its arguments", () => {
    const result = evalModules({
      modules: twice(
        { modules: [], specialArgs: { foo: 1 } },
        { modules: [], specialArgs: { foo: 2 } },
      ),
    });
    // Nix: { }.
    expect(result.config.s).toEqual({});
  });

  it("reports conflicting shorthand rules once a definition is merged", () => {
    const result = evalModules({
      modules: [
        ...twice(
          { modules: [], shorthandOnlyDefinesConfig: true },
          { modules: [], shorthandOnlyDefinesConfig: false },
        ),
        { s: {} },
      ],
    });
    expect(moduleError(() => result.config.s).message).toBe(
      "A submoduleWith option is declared multiple times with conflicting shorthandOnlyDefinesConfig values",
    );
  });

  it("gives merged specialArgs to _module.specialArgs and to relative disabledModules paths", () => {
    const result = evalModules({
      modules: [
        ...twice(
          {
            modules: [
              ({ config }: any) => ({
                options: {
                  v: mkOption({
                    get default() {
                      return config._module.specialArgs.foo;
                    },
                  }),
                },
              }),
              { key: "/m/x", options: { gone: mkOption({ default: 1 }) } },
              { disabledModules: ["x"], options: { kept: mkOption({ default: 2 }) } },
            ],
            specialArgs: { foo: 1, modulesPath: "/m" },
          },
          { modules: [], specialArgs: { bar: 2 } },
        ),
      ],
    });
    // Nix: { kept = 2; v = 1; }.
    expect(result.config.s).toEqual({ kept: 2, v: 1 });
  });

  it("reports conflicting descriptions only when the description is read", () => {
    const result = evalModules({
      modules: twice({ modules: [], description: "A" }, { modules: [], description: "B" }),
    });
    // Nix: { }.
    expect(result.config.s).toEqual({});
    expect(moduleError(() => result.options.s.type.description).message).toBe(
      "A submoduleWith option is declared multiple times with conflicting descriptions",
    );
  });
});

describe("a declaration that reads config", () => {
  it("is read when its option is used, as in Nix (which printed {} here)", () => {
    const result = evalModules({
      modules: [
        ({ config }: any) => ({
          options: {
            m: mkOption({ type: types.deferredModule, default: {} }),
            get b() {
              return mkOption({ type: types.submoduleWith({ modules: [config.m] }) });
            },
          },
        }),
      ],
    });
    expect(result.config.b).toEqual({});
    expect(result.options.b.type.name).toBe("submodule");
  });

  // Nix printed {"default":5,"description":"signed integer","ns":{"a":3},"x":4} for the same modules.
  it("may declare a namespace or add to another declaration of its option", () => {
    const declaresFromConfig = ({ config }: any) => ({
      options: {
        nsDecls: mkOption({ type: types.attrsOf(types.optionDeclaration) }),
        xDecl: mkOption({ type: types.optionDeclaration }),
        get ns() {
          return config.nsDecls;
        },
        get x() {
          return config.xDecl;
        },
      },
      config: {
        nsDecls: { a: mkOption({ type: types.int, default: 3 }) },
        xDecl: mkOption({ type: types.int }),
        x: 4,
      },
    });
    const result = evalModules({
      modules: [declaresFromConfig, { options: { x: mkOption({ default: 5 }) } }],
    });
    expect(result.config.ns).toEqual({ a: 3 });
    expect(result.options.x.value).toBe(4);
    expect(result.options.x.default).toBe(5);
    expect(result.options.x.type.description).toBe("signed integer");
  });

  // Nix: "The option `t' was accessed but has no value defined. Try setting the option."
  it("that fails fails every read of a configuration defining its level, as Nix's check reads it", () => {
    const result = evalModules({
      modules: [
        ({ config }: any) => ({
          options: {
            x: mkOption({ type: types.int }),
            t: mkOption({ type: types.optionDeclaration }),
            get y() {
              return config.t;
            },
          },
          config: { x: 1 },
        }),
      ],
    });
    expect(moduleError(() => result.config.x).message).toBe(
      "The option `t' was accessed but has no value defined. Try setting the option.",
    );
  });

  it("that needs itself is infinite recursion naming its option, not an exhausted stack", () => {
    const result = evalModules({
      modules: [
        ({ config }: any) => ({
          options: {
            get x() {
              return config.x;
            },
          },
          config: { x: 1 },
        }),
      ],
    });
    const error = moduleError(() => result.config.x);
    expect(error.message).toBe("infinite recursion encountered while evaluating the option `x'");
    expect(error.loc).toEqual(["x"]);
  });

  it("that fails reports its own error each time it is read, not a recursion", () => {
    const result = evalModules({
      modules: [
        {
          options: {
            get b(): never {
              throw new Error("boom");
            },
          },
        },
      ],
    });
    for (let i = 0; i < 2; i++)
      expect(moduleError(() => result.config.b).message).toContain("boom");
  });
});

describe("a submodule's name", () => {
  const withName = types.submodule(({ name }: any) => ({
    options: { n: mkOption({ default: name }) },
  }));
  const valueOf = (type: OptionType, definition: unknown) =>
    (
      evalModules({
        modules: [
          { options: { s: mkOption({ type: types.attrsOf(type) }) } },
          { s: { a: definition } },
        ],
      }).config as any
    ).s.a;

  // Nix printed each of these for the same modules.
  it("is what _module.args.name holds, as in Nix: a definition that wins over the attribute's name changes it", () => {
    expect(valueOf(withName, {})).toEqual({ n: "a" });
    expect(valueOf(withName, { _module: { args: { name: mkForce("x") } } })).toEqual({ n: "x" });
    expect(valueOf(withName, mkIf(true, { _module: { args: { name: mkForce("x") } } }))).toEqual({
      n: "x",
    });
    expect(valueOf(withName, { _module: { args: { name: mkDefault("x") } } })).toEqual({ n: "a" });
    const own = types.submodule(({ name }: any) => ({
      options: { n: mkOption({ default: name }) },
      config: { _module: { args: { name: mkForce("z") } } },
    }));
    expect(valueOf(own, {})).toEqual({ n: "z" });
  });

  // Nix printed {"n":{"x":1}}: a set made afresh by each load of the module is the same name.
  it("may be a set, which each load of the modules makes anew", () => {
    const setNamed = types.submodule(({ name }: any) => ({
      options: { n: mkOption({ default: name }) },
      config: { _module: { args: { name: mkForce({ x: 1 }) } } },
    }));
    expect(valueOf(setNamed, {})).toEqual({ n: { x: 1 } });
  });

  it("is specialArgs' name where the submodule has one", () => {
    const special = types.submoduleWith({
      specialArgs: { name: "sp" },
      modules: [({ name }: any) => ({ options: { n: mkOption({ default: name }) } })],
    });
    expect(valueOf(special, { _module: { args: { name: mkForce("x") } } })).toEqual({ n: "sp" });
  });

  it("is infinite recursion where it defines itself from itself", () => {
    const selfNamed = types.submodule(({ name }: any) => ({
      options: { n: mkOption({ default: name }) },
      config: { _module: { args: { name: mkForce(`${name}x`) } } },
    }));
    expect(moduleError(() => valueOf(selfNamed, {})).message).toContain(
      "infinite recursion encountered",
    );
  });
});

describe("an option's record", () => {
  // Nix's attrNames, but `__toString` (a record's `toString` gives its path instead).
  it("has Nix's attributes, with options always empty", () => {
    const result = evalModules({
      modules: [
        {
          options: {
            a: mkOption({ type: types.int, default: 1 }),
            s: mkOption({ type: types.submodule({}), default: {} }),
            u: mkOption({}),
          },
        },
      ],
    });
    const nixNames = [
      "_type",
      "declarationPositions",
      "declarations",
      "default",
      "definitions",
      "definitionsWithLocations",
      "files",
      "highestPrio",
      "isDefined",
      "loc",
      "options",
      "type",
      "value",
      "valueMeta",
    ];
    expect(Object.keys(result.options.a).sort()).toEqual(nixNames);
    expect(Object.keys(result.options.s).sort()).toEqual(nixNames);
    expect(Object.keys(result.options.u).sort()).toEqual(nixNames.filter((n) => n !== "default"));
    expect(result.options.s.options).toEqual([]);
    expect(`${result.options.a}`).toBe("a");
  });
});

describe("definitionsWithLocations", () => {
  const listOption = { options: { x: mkOption({ type: types.listOf(types.int) }) } };

  it("keeps an mkDefinition's own attributes and an mkOrder's priority, as Nix's records do", () => {
    const result = evalModules({
      modules: [
        listOption,
        { _file: "a.nix", x: mkBefore([1]) },
        { _file: "b.nix", x: [2] },
        { _file: "e.nix", x: mkDefinition({ file: "f.nix", value: [4], extra: "z" } as any) },
      ],
    });
    // Nix printed exactly this JSON text.
    expect(
      JSON.stringify({
        d: result.options.x.definitionsWithLocations,
        defs: result.options.x.definitions,
        files: result.options.x.files,
        x: result.config.x,
      }),
    ).toBe(
      '{"d":[{"file":"a.nix","priority":500,"value":[1]},{"_type":"definition","extra":"z","file":"f.nix","value":[4]},{"file":"b.nix","value":[2]}],"defs":[[1],[4],[2]],"files":["a.nix","f.nix","b.nix"],"x":[1,4,2]}',
    );
  });

  it("keeps them through mkForce and mkAfter inside the mkDefinition", () => {
    const result = evalModules({
      modules: [
        listOption,
        { _file: "a.nix", x: mkBefore([1]) },
        { _file: "b.nix", x: mkForce([2]) },
        { _file: "e.nix", x: mkDefinition({ file: "f.nix", value: mkForce(mkAfter([4])) }) },
      ],
    });
    expect(
      JSON.stringify({ d: result.options.x.definitionsWithLocations, x: result.config.x }),
    ).toBe(
      '{"d":[{"file":"b.nix","value":[2]},{"_type":"definition","file":"f.nix","priority":1500,"value":[4]}],"x":[2,4]}',
    );
  });
});

describe("disabledModules items that Nix's toString takes", () => {
  it('name the module whose key is their text (true is "1", null and [ ] are "")', () => {
    const result = evalModules({
      modules: [
        { key: "1", options: { b: mkOption({ default: 1 }) } },
        { key: "", options: { c: mkOption({ default: 1 }) } },
        { options: { d: mkOption({ default: 1 }) } },
        { _file: "dis.nix", disabledModules: [true, null, [], 2.5] },
      ],
    });
    // Nix: [ "_module" "d" ].
    expect(Object.keys(result.options).sort()).toEqual(["_module", "d"]);
  });

  it("refuse what neither Nix nor nixmod can name a module by", () => {
    const error = moduleError(
      () => evalModules({ modules: [{ _file: "dis.nix", disabledModules: [undefined] }] }).config,
    );
    expect(error.message).toContain(
      "one of the disabledModules items in `dis.nix` is none of that, but is of type undefined.",
    );
  });

  it("refuse a string-like set whose key says otherwise, in Nix's words", () => {
    const error = moduleError(
      () =>
        evalModules({
          modules: [{ _file: "dis.nix", disabledModules: [{ outPath: "/x", key: "y" }] }],
        }).config,
    );
    expect(error.message).toBe(
      "Module `dis.nix` contains a disabledModules item that is an attribute set that can be converted to a string (/x) but also has a `.key` attribute (y) with a different value. This makes it ambiguous which module should be disabled.",
    );
  });
});
