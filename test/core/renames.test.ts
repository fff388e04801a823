/**
 * Renamed, removed and changed options (lib/modules.nix's `mkRenamedOptionModule`,
 * `mkRemovedOptionModule`, `mkChangedOptionModule`, …) beyond the modules.sh checks. Every
 * expected value was printed by real Nix (2.8, nixpkgs lib 26.11) for the same modules.
 */
import { describe, expect, it } from "vitest";
import {
  evalModules,
  mkChangedOptionModule,
  mkDefault,
  mkForce,
  mkMergedOptionModule,
  mkOption,
  mkRemovedOptionModule,
  mkRenamedOptionModule,
  mkRenamedOptionModuleWith,
  types,
  type Module,
} from "../../lib/index.ts";
import { moduleError } from "../helpers/module-error.ts";

const base: Module = {
  options: {
    warnings: mkOption({ type: types.listOf(types.str), default: [] }),
    assertions: mkOption({ type: types.listOf(types.unspecified), default: [] }),
    new: {
      a: mkOption({ type: types.int, default: 1 }),
      s: mkOption({ type: types.str, default: "x" }),
    },
  },
};
const evaluate = (...modules: Module[]) => evalModules({ modules: [base, ...modules] });
const renamed = (from: string) =>
  `The option \`${from}' defined in \`u.nix' has been renamed to \`new.a'.`;
const changed = (from: string) =>
  `The option \`${from}' defined in \`u.nix' has been changed to \`new.s' that has a different type. Please read \`new.s' documentation and update your configuration accordingly.`;

describe("mkRenamedOptionModule", () => {
  const rename = mkRenamedOptionModule(["old", "a"], ["new", "a"]);

  it("moves definitions at their priority and warns", () => {
    const r = evaluate(rename, { _file: "u.nix", old: { a: mkDefault(3) } }, { new: { a: 4 } });
    expect(r.config.new.a).toBe(4);
    expect(r.config.old.a).toBe(4);
    expect(r.options.new.a.highestPrio).toBe(100);
    expect(r.config.warnings).toEqual([renamed("old.a")]);
    expect(
      evaluate(rename, { _file: "u.nix", old: { a: mkForce(3) } }, { new: { a: 4 } }).config.new.a,
    ).toBe(3);
  });

  it("declares the old option hidden, as an alias", () => {
    const r = evaluate(rename);
    expect(r.options.old.a.description).toBe("Alias of {option}`new.a`.");
    expect(r.options.old.a.visible).toBe(false);
    expect(r.config.warnings).toEqual([]);
  });

  it("warns for a rename since a release no longer supported, only", () => {
    const since = (sinceRelease: number) =>
      evaluate(mkRenamedOptionModuleWith({ from: ["old", "a"], to: ["new", "a"], sinceRelease }), {
        _file: "u.nix",
        old: { a: 9 },
      }).config;
    expect(since(2511)).toMatchObject({ new: { a: 9 }, warnings: [renamed("old.a")] });
    expect(since(2605)).toMatchObject({ new: { a: 9 }, warnings: [] });
  });
});

describe("a rename to an option nobody declares", () => {
  // The alias's definition names the new option even when the old one is not defined.
  it("is Nix's undeclared-option error", () => {
    const r = evalModules({ modules: [mkRenamedOptionModule(["old"], ["x", "y"])] });
    expect(moduleError(() => r.config.old).message).toContain("The option `x' does not exist.");
  });
});

describe("a rename from inside a submodule's option", () => {
  // doRename declares `from' at the top level; reading it there finds no option, as in Nix.
  it("is Nix's getAttrFromPath error", () => {
    const r = evalModules({
      modules: [
        mkRenamedOptionModule(["s", "old"], ["b"]),
        {
          options: {
            s: mkOption({
              type: types.submodule({ options: { x: mkOption({ default: 1 }) } }),
              default: {},
            }),
            b: mkOption({ default: 0 }),
          },
        },
      ],
    });
    expect(moduleError(() => r.config.b).message).toContain("cannot find attribute `s.old'");
  });
});

describe("mkRemovedOptionModule", () => {
  const removed = mkRemovedOptionModule(["old", "x"], "Use new.a instead.");

  it("fails an assertion for a definition, and reading it throws", () => {
    const r = evaluate(removed, { _file: "u.nix", old: { x: 5 } });
    expect(r.config.assertions).toEqual([
      {
        assertion: false,
        message:
          "The option definition `old.x' in `u.nix' no longer has any effect; please remove it.\nUse new.a instead.\n",
      },
    ]);
    expect(moduleError(() => r.config.old.x).message).toContain(
      "The option `old.x' can no longer be used since it's been removed. Use new.a instead.",
    );
  });
});

describe("mkChangedOptionModule and mkMergedOptionModule", () => {
  const change = mkChangedOptionModule(["old", "n"], ["new", "s"], (c) => `n=${c.old.n}`);

  it("defines the new option from the old one's value and warns", () => {
    const r = evaluate(change, { _file: "u.nix", old: { n: 7 } });
    expect(r.config.new.s).toBe("n=7");
    expect(r.config.warnings).toEqual([changed("old.n")]);
  });

  it("leaves the new option alone when the old one is not defined", () => {
    expect(evaluate(change).config).toMatchObject({ new: { s: "x" }, warnings: [] });
  });

  // The undefined old option reads as the marker `_mkMergedOptionModule`, as in Nix.
  it("gives the merge function every old option", () => {
    const merge = mkMergedOptionModule([["o1"], ["o2"]], ["new", "s"], (c) => `${c.o1}-${c.o2}`);
    const r = evaluate(merge, { _file: "u.nix", o2: 2 });
    expect(r.config.new.s).toBe("_mkMergedOptionModule-2");
    expect(r.config.warnings).toEqual([changed("o2")]);
  });
});
