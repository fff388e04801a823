/** Module-system cases where a differential run against real Nix (nixpkgs lib 26.11) found nixmod different; the expected values are Nix's. */
import { describe, expect, it } from "vitest";
import {
  evalModules,
  mkBefore,
  mkIf,
  mkMerge,
  mkOption,
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
    expect(Object.keys(config.a)).toEqual(["type", "name", "outPath"]);
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
