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
