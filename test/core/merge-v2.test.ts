// Nix's v2 merge (nixpkgs lib 25.11 on): types that check their own definitions while merging.
// Every expected value and message below is what nix-instantiate printed for the same modules
// with nixpkgs lib 26.11 (messages without the indentation Nix adds when it prints them).
import { describe, expect, it } from "vitest";
import { ModuleError, evalModules, mkOption, types, type OptionType } from "nixmod";

const t = types as any;

/** `config.x` of an option of `type` defined once per value, the n-th in file `f<n>.nix`. */
function evalX(type: OptionType, ...values: unknown[]): unknown {
  const defs = values.map((value, i) => ({ _file: `f${i + 1}.nix`, config: { x: value } }));
  const { config } = evalModules({ modules: [{ options: { x: mkOption({ type }) } }, ...defs] });
  return JSON.parse(JSON.stringify((config as any).x));
}

function errorOf(run: () => unknown): ModuleError {
  try {
    run();
  } catch (error) {
    if (error instanceof ModuleError) return error;
    throw error;
  }
  throw new Error("no error");
}

describe("either with definitions that do not all fit one of its types", () => {
  it("is a type error naming both types and every definition", () => {
    const error = errorOf(() => evalX(t.either(t.int, t.str), 1, "x"));
    expect(error.message).toBe(
      "A definition for option `x' is not of type `signed integer or string'. TypeError: " +
        "The option `x` is neither a value of type `signed integer` nor `string`, " +
        "Definition values: \n- In `f2.nix': \"x\"\n- In `f1.nix': 1",
    );
    expect(error.loc).toEqual(["x"]);
  });

  it("is checked per name inside attrsOf, and through addCheck and coercedTo", () => {
    expect(
      errorOf(() => evalX(t.attrsOf(t.either(t.int, t.str)), { a: 1 }, { a: "x" })).message,
    ).toContain(
      "option `x.a' is not of type `signed integer or string'. TypeError: The option `x.a` is neither",
    );
    expect(
      errorOf(() =>
        evalX(
          t.addCheck(t.either(t.int, t.str), () => true),
          1,
          "x",
        ),
      ).message,
    ).toContain("is not of type `signed integer or string'. TypeError: The option `x` is neither");
    const coerced = t.coercedTo(t.int, (n: number) => String(n), t.either(t.str, t.bool));
    expect(errorOf(() => evalX(coerced, 1, true)).message).toBe(
      "A definition for option `x' is not of type `(string or boolean) or signed integer convertible to it'. " +
        "TypeError: The option `x` is neither a value of type `string` nor `boolean`, " +
        "Definition values: \n- In `f2.nix': true\n- In `f1.nix': \"1\"",
    );
  });

  it("names the inner either when an either in an either does not fit", () => {
    const type = t.either(t.either(t.int, t.str), t.bool);
    expect(errorOf(() => evalX(type, 1, "x")).message).toContain(
      "TypeError: The option `x` is neither a value of type `signed integer or string` nor `boolean`",
    );
  });

  it("goes on to the next type when an inner either does not fit", () => {
    const type = t.oneOf([t.int, t.str, t.coercedTo(t.int, (n: number) => String(n), t.lines)]);
    expect(evalX(type, 1, "a")).toBe("a\n1");
  });

  it("is merged as one value under types without v2 merge (nullOr, uniq)", () => {
    for (const type of [t.nullOr(t.either(t.int, t.str)), t.uniq(t.either(t.int, t.str))]) {
      expect(errorOf(() => evalX(type, 1, "x")).message).toContain(
        "The option `x' is defined multiple times while it's expected to be unique.",
      );
    }
  });

  it("still merges definitions that all fit one type by that type", () => {
    expect(errorOf(() => evalX(t.either(t.int, t.str), 1, 2)).message).toContain(
      "The option `x' has conflicting definition values:",
    );
    expect(evalX(t.either(t.listOf(t.int), t.str), [1], [2])).toEqual([2, 1]);
  });
});

describe("the type error of a type with v2 merge", () => {
  it.each([
    ["list of signed integer", t.listOf(t.int), '"x"'],
    ["non-empty (list of signed integer)", t.nonEmptyListOf(t.int), "[ ]"],
    ["submodule", t.submodule({}), "3"],
  ])("%s says `TypeError: Definition values:`", (description, type, shown) => {
    const value = shown === "[ ]" ? [] : JSON.parse(shown);
    expect(errorOf(() => evalX(type, value)).message).toBe(
      `A definition for option \`x' is not of type \`${description}'. TypeError: Definition values: \n- In \`f1.nix': ${shown}`,
    );
  });

  it("stays the old message for a type checked value by value", () => {
    expect(errorOf(() => evalX(t.int, "x")).message).toBe(
      "A definition for option `x' is not of type `signed integer'. Definition values:\n- In `f1.nix': \"x\"",
    );
  });
});

describe("either's choice of type", () => {
  it("checks each definition against each type once, for the head error and the merge together", () => {
    let calls = 0;
    const counted = t.addCheck(t.int, () => {
      calls++;
      return true;
    });
    expect(evalX(t.oneOf([counted, t.str, t.bool]), 1)).toBe(1);
    expect(calls).toBe(1);
  });
});
