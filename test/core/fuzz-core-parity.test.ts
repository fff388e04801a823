/**
 * Differences from real Nix that a generative differential run of the module-system core found
 * (98,500 generated module sets against Nix 2.8 and nixpkgs lib), each pinned with what
 * `nix-instantiate` printed for the same modules.
 */
import { describe, expect, it } from "vitest";
import {
  evalModules,
  mkBefore,
  mkDefault,
  mkDefinition,
  mkForce,
  mkIf,
  mkOption,
  mkOrder,
  types,
} from "../../lib/index.ts";
import { moduleError } from "../helpers/module-error.ts";

describe("a property that stays a value", () => {
  it("shows its condition's value, not the function that computes it", () => {
    // Nix: {"_type":"if","condition":true,"content":4}
    const result = evalModules({
      modules: [
        { options: { foo: mkOption({ type: types.anything }) } },
        { foo: mkForce(mkIf(() => true, 4)) },
      ],
    });
    expect(JSON.stringify(result.config.foo)).toBe('{"_type":"if","condition":true,"content":4}');
    expect(result.config.foo.condition).toBe(true);
  });

  it("keeps the properties inside it as Nix's sets, in Nix's attribute order", () => {
    const result = evalModules({
      modules: [
        { options: { y: mkOption({ type: types.unspecified }) } },
        { y: mkForce(mkIf(true, mkDefinition({ file: "q", value: mkOrder(5, 1) }))) },
      ],
    });
    // Nix prints exactly this.
    expect(JSON.stringify(result.config.y)).toBe(
      '{"_type":"if","condition":true,"content":{"_type":"definition","file":"q","value":{"_type":"order","content":1,"priority":5}}}',
    );
  });

  it("holds the values push-down moved into it, in config and in definitions", () => {
    // Nix: {"config":{"_type":"if","condition":true,"content":1},"definitions":[{…same…}]}
    const result = evalModules({
      modules: [
        { _file: "m0", options: { y: mkOption({ type: types.unspecified }) } },
        {
          _file: "m1",
          config: mkForce(
            mkIf(true, {
              get y() {
                return 1;
              },
            }),
          ),
        },
      ],
    });
    const expected = { _type: "if", condition: true, content: 1 };
    expect(JSON.parse(JSON.stringify(result.config.y))).toEqual(expected);
    expect(JSON.parse(JSON.stringify(result.options.y.definitions))).toEqual([expected]);
  });

  it("is listed in an error with the values push-down moved into it", () => {
    const typeError = moduleError(
      () =>
        evalModules({
          modules: [
            { _file: "m0", options: { y: mkOption({ type: types.bool }) } },
            {
              _file: "m1",
              config: mkDefault(
                mkDefault({
                  get y() {
                    return true;
                  },
                }),
              ),
            },
          ],
        }).config.y,
    );
    expect(typeError.message).toBe(
      "A definition for option `y' is not of type `boolean'. Definition values:\n- In `m1':\n    {\n      _type = \"override\";\n      content = true;\n      priority = 1000;\n    }",
    );
    const undeclared = moduleError(() =>
      JSON.stringify(
        evalModules({
          modules: [
            { _file: "m0", options: { y: mkOption({ type: types.bool, default: true }) } },
            {
              _file: "m1",
              config: mkIf(true, {
                get bar() {
                  return { c: 1 };
                },
              }),
            },
          ],
        }).config,
      ),
    );
    expect(undeclared.message).toContain(
      '- In `m1\':\n    {\n      _type = "if";\n      condition = true;\n      content = {\n        c = 1;\n    ...',
    );
  });
});

describe("definitions that lose on priority", () => {
  it("are never read, inside an mkDefault set either", () => {
    // Nix: "hi" (mkDefault { bar = throw "boom"; } loses to x.bar = "hi").
    let calls = 0;
    const result = evalModules({
      modules: [
        { options: { x: { bar: mkOption({ type: types.str }) } } },
        {
          x: mkDefault({
            get bar(): string {
              calls++;
              throw new Error("boom");
            },
          }),
        },
        { x: { bar: "hi" } },
      ],
    });
    expect(result.config.x.bar).toBe("hi");
    expect(calls).toBe(0);
  });
});

describe("an option that would be a parent of others", () => {
  it("fails every read of a configuration that defines something at its level, as in Nix", () => {
    const result = evalModules({
      modules: [
        {
          _file: "m0",
          options: {
            x: mkOption({ type: types.int, default: 1 }),
            y: mkOption({ type: types.int }),
          },
        },
        { _file: "m1", options: { x: { n1: mkOption({ default: 2 }) } } },
        { _file: "m2", y: 5 },
      ],
    });
    // Nix reads every name of a level when it checks the level's definitions.
    expect(moduleError(() => result.config.y).message).toBe(
      "The option `x' in module `m0' would be a parent of the following options, but its type `signed integer' does not support nested options.\n - option(s) with prefix `x.n1' in module `m1'",
    );
  });
});

describe("a submodule's definitions", () => {
  const sub = types.submodule({ options: { x: mkOption({ type: types.int }) } });

  it("are taken as { value, file } only: an mkOrder or mkDefinition record fails, as in Nix", () => {
    // Nix: anonymous function at …/lib/types.nix:… called with unexpected argument 'priority'
    const ordered = evalModules({
      modules: [{ options: { s: mkOption({ type: sub }) } }, { s: mkOrder(1000, { x: 1 }) }],
    });
    expect(moduleError(() => ordered.config.s).message).toContain(
      "called with unexpected argument 'priority'",
    );
    const inAttrs = evalModules({
      modules: [
        { options: { s: mkOption({ type: types.attrsOf(sub) }) } },
        { s: { a: mkBefore({ x: 1 }) } },
      ],
    });
    expect(moduleError(() => inAttrs.config.s.a).message).toContain(
      "called with unexpected argument 'priority'",
    );
    // Nix: … called with unexpected argument '_type'
    const defined = evalModules({
      modules: [
        { options: { s: mkOption({ type: sub }) } },
        { s: mkDefinition({ file: "q", value: { x: 1 } }) },
      ],
    });
    expect(moduleError(() => defined.config.s).message).toContain(
      "called with unexpected argument '_type'",
    );
  });

  it("may be ordered inside a list, whose elements are definitions of their own", () => {
    const result = evalModules({
      modules: [
        { options: { l: mkOption({ type: types.listOf(sub) }) } },
        { l: mkBefore([{ x: 1 }]) },
        { l: [{ x: 2 }] },
      ],
    });
    expect(JSON.stringify(result.config.l)).toBe('[{"x":1},{"x":2}]');
  });
});

describe("a definition shown in an error that needs itself", () => {
  it("is infinite recursion, as Nix's tryEval does not catch it", () => {
    // Nix: error: infinite recursion encountered
    const result = evalModules({
      modules: [
        { _file: "m0", options: { x: mkOption({ type: types.int, readOnly: true }) } },
        { _file: "m1", x: 1 },
        (args: { config: { x: number } }) => ({
          _file: "m2",
          get x() {
            return args.config.x;
          },
        }),
      ],
    });
    expect(moduleError(() => result.config.x).message).toContain("infinite recursion encountered");
  });

  it("is left out when it only throws, as Nix's tryEval leaves it out", () => {
    const result = evalModules({
      modules: [
        { _file: "m0", options: { x: mkOption({ type: types.int, readOnly: true }) } },
        { _file: "m1", x: 1 },
        {
          _file: "m2",
          get x(): number {
            throw new Error("boom");
          },
        },
      ],
    });
    // Nix prints exactly this.
    expect(moduleError(() => result.config.x).message).toBe(
      "The option `x' is read-only, but it's set multiple times. Definition values:\n- In `m2'\n- In `m1': 1",
    );
  });
});
