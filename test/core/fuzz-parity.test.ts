/**
 * Differences from real Nix that differential fuzzing of the container modules found, each
 * pinned with what `nix-instantiate` (nixpkgs lib 26.11) printed for the same input.
 */
import { describe, expect, it } from "vitest";
import { evalModules, evaluate, mkOption, mkOrder, mkOverride, types } from "../../lib/index.ts";
import { moduleError } from "../helpers/module-error.ts";

const listOption = { options: { l: mkOption({ type: types.listOf(types.str) }) } };

describe("priorities given as plain data", () => {
  // Nix: `error: cannot compare a string with an integer`.
  it("refuses an mkOverride priority that is not a number, as Nix's comparison does", () => {
    const evaluation = evaluate({
      systemd: {
        containers: {
          web: { path: "/p", root: { _type: "override", priority: "50", content: "/r" } },
        },
      },
    });
    const error = moduleError(() => evaluation.config.systemd.containers.web.root);
    expect(error.message).toContain("cannot compare a string with an integer");
    expect(error.loc).toEqual(["systemd", "containers", "web", "root"]);
  });

  it("compares mkOrder priorities as Nix does: strings only with strings", () => {
    const mixed = evalModules({
      modules: [listOption, { l: { _type: "order", priority: "a", content: ["x"] } }, { l: ["y"] }],
    });
    expect(moduleError(() => mixed.config.l).message).toContain(
      "cannot compare a string with an integer",
    );
    // Nix: [ "y" "x" ].
    const strings = evalModules({
      modules: [
        listOption,
        { l: { _type: "order", priority: "b", content: ["x"] } },
        { l: { _type: "order", priority: "a", content: ["y"] } },
      ],
    });
    expect(strings.config.l).toEqual(["y", "x"]);
  });
});

describe("priorities compared as Nix compares them", () => {
  const option = (type: unknown, ...defs: unknown[]) =>
    evalModules({
      modules: [{ options: { x: mkOption({ type: type as never }) } }, ...defs.map((x) => ({ x }))],
    }).config.x;

  // Nix: a single definition is not compared (`"a"`); several are folded from 9999, so all
  // above it are dropped (`[ ]`, and `has no value defined` for a str).
  it("takes one definition as it is and folds several from 9999", () => {
    expect(option(types.str, { _type: "override", priority: "50", content: "a" })).toBe("a");
    expect(option(types.str, mkOverride(10000, "a"))).toBe("a");
    expect(
      option(types.listOf(types.str), mkOverride(10000, ["a"]), mkOverride(10000, ["b"])),
    ).toEqual([]);
    expect(
      moduleError(() => option(types.str, mkOverride(10000, "a"), mkOverride(10000, "b"))).message,
    ).toContain("has no value defined");
  });

  // Nix: [ "b" "a" ] (lessThan compares lists element by element).
  it("orders list-valued mkOrder priorities element by element", () => {
    expect(
      option(types.listOf(types.str), mkOrder([1] as never, ["a"]), mkOrder([0] as never, ["b"])),
    ).toEqual(["b", "a"]);
  });
});

describe("function definitions merged by Nix's default merge", () => {
  const functions = (results: [(x: number) => unknown, (x: number) => unknown]) =>
    evalModules({
      modules: [
        { options: { f: mkOption({ type: types.unspecified }) } },
        { f: results[0] },
        { f: results[1] },
      ],
    }).config.f as (x: number) => unknown;

  // Nix's mergeDefaultOption reads the results' `value` (Nix: [ 10 5 ] for 5).
  it("merges what the functions return as if it were definitions", () => {
    expect(functions([(x) => ({ value: [x] }), (x) => ({ value: [x * 2] })])(5)).toEqual([10, 5]);
  });

  // Nix: `error: attribute 'value' missing`, as for a seed container's `config` given as a
  // function in two modules.
  it("fails when called, as in Nix, when they return anything else", () => {
    const merged = functions([(x) => ({ a: x }), (x) => ({ b: x })]);
    const error = moduleError(() => merged(5));
    expect(error.message).toMatch(/^attribute 'value' missing/);
    expect(error.loc).toEqual(["f"]);
  });

  // Nix: `error: value is an integer while a set was expected`, and for `[ 1 ]` then `true`
  // (read in definition order, the later module first) `value is a Boolean while …`.
  it("says what they returned where that is no set, in Nix's words", () => {
    expect(moduleError(() => functions([() => 1, () => 1])(5)).message).toMatch(
      /^value is an integer while a set was expected: the option `f' has several function definitions/,
    );
    expect(moduleError(() => functions([() => [1], () => true])(5)).message).toMatch(
      /^value is a Boolean while a set was expected/,
    );
  });
});

describe("container systems", () => {
  // Nix: `…-nixos-system-/init`, the reference evaluation's `nixos-system-<hostName>`.
  it("names a system with an empty host name nixos-system-", () => {
    const evaluation = evaluate({
      systemd: { containers: { web: { config: { networking: { hostName: "" } } } } },
    });
    expect(evaluation.config.systemd.services["container-web"].serviceConfig.ExecStart).toMatch(
      /\/nix\/store\/[0-9a-z]{32}-nixos-system-\/init$/,
    );
  });

  // Nix: `error: value is an integer while a string was expected` (builtins.compareVersions).
  it("needs the host's kernel version as a string", () => {
    const evaluation = evaluate([
      { containers: { web: { config: {} } } },
      { boot: { kernelPackages: { kernel: { version: 5 } } } },
    ]);
    expect(moduleError(() => evaluation.config.containers.web.path).message).toContain(
      "value is an integer while a string was expected",
    );
  });

  // Nix's words for each step of `kernelPackages.kernel.version` that is no set or lacks the
  // attribute (real Nix 2.8); a JavaScript TypeError reached the message before.
  it.each([
    [0, "value is an integer while a set was expected", ["boot", "kernelPackages"]],
    [null, "value is null while a set was expected", ["boot", "kernelPackages"]],
    [{}, "attribute 'kernel' missing", ["boot", "kernelPackages"]],
    [
      { kernel: null },
      "value is null while a set was expected",
      ["boot", "kernelPackages", "kernel"],
    ],
    [{ kernel: {} }, "attribute 'version' missing", ["boot", "kernelPackages", "kernel"]],
    [(x: unknown) => x, "value is a function while a set was expected", ["boot", "kernelPackages"]],
  ])(
    "reads the host's kernel version from kernelPackages %j as Nix does",
    (kernelPackages, phrase, loc) => {
      const evaluation = evaluate([
        { containers: { web: { config: {} } } },
        { boot: { kernelPackages } },
      ]);
      const error = moduleError(() => evaluation.config.containers.web.path);
      expect(error.message).toMatch(
        new RegExp(`^${phrase}: the host's \`boot\.kernelPackages\.kernel\.version'`),
      );
      expect(error.message).not.toContain("Cannot read properties");
      expect(error.loc).toEqual(loc);
    },
  );
});
