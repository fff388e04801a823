import { describe, expect, it } from "vitest";
import { evalModules, mkIf, mkOptionDefault, mkOption, mkOverride, types } from "nixmod";
import { moduleError } from "../helpers/module-error.ts";

// An option's default takes part in the merge at option-default priority (1500), before its
// definitions; nixmod adds it only when no definition outranks it. Expected values from Nix.
describe("an option's default beside its definitions", () => {
  const declared = {
    options: {
      a: mkOption({ type: types.listOf(types.str), default: ["d"] }),
      b: mkOption({ type: types.listOf(types.str), default: ["d"] }),
      c: mkOption({ type: types.listOf(types.str), default: ["d"] }),
      e: mkOption({ type: types.str, default: "d" }),
    },
  };
  const { config, options } = evalModules({
    modules: [
      declared,
      {
        a: mkOverride(1600, ["low"]),
        b: mkOptionDefault(["same"]),
        c: ["plain"],
        e: mkOverride(1600, "low"),
      },
    ],
  }) as { config: any; options: any };

  it("wins over a definition of lower priority", () => {
    expect(config.a).toEqual(["d"]);
    expect(config.e).toBe("d");
    expect(options.a.highestPrio).toBe(1500);
    expect(options.a.definitions).toEqual([["d"]]);
  });

  it("merges with a definition of the same priority, coming first", () => {
    expect(config.b).toEqual(["d", "same"]);
    expect(options.b.highestPrio).toBe(1500);
    expect(options.b.definitions).toEqual([["d"], ["same"]]);
    expect(options.b.files).toEqual(["<unknown-file>", "<unknown-file>"]);
  });

  it("is left out when a definition outranks it", () => {
    expect(config.c).toEqual(["plain"]);
    expect(options.c.highestPrio).toBe(100);
    expect(options.c.definitions).toEqual([["plain"]]);
  });

  it("is the value when the only definition is an mkIf that is off", () => {
    const { config: c, options: o } = evalModules({
      modules: [declared, { c: mkIf(false, ["off"]) }],
    }) as { config: any; options: any };
    expect(c.c).toEqual(["d"]);
    expect(o.c.highestPrio).toBe(1500);
  });

  it("counts for read-only options, which it makes set twice", () => {
    const error = moduleError(
      () =>
        evalModules({
          modules: [
            { options: { r: mkOption({ type: types.int, default: 1, readOnly: true }) } },
            { r: 2 },
          ],
        }).config.r,
    );
    expect(error.message).toContain("is read-only, but it's set multiple times");
  });

  it("evaluates a lazy definition once, and shows its value", () => {
    let reads = 0;
    const { config: c, options: o } = evalModules({
      modules: [
        declared,
        {
          get c() {
            reads++;
            return ["lazy"];
          },
        },
      ],
    }) as { config: any; options: any };
    expect(c.c).toEqual(["lazy"]);
    expect(o.c.definitions).toEqual([["lazy"]]);
    expect(o.c.definitionsWithLocations[0].value).toEqual(["lazy"]);
    expect(reads).toBe(1);
  });
});

describe("option records", () => {
  it("share their getters, and refuse to be read from a copy of their getters", () => {
    const { options } = evalModules({
      modules: [
        { options: { a: mkOption({ type: types.int, default: 1 }) } },
        { options: { b: mkOption({ type: types.int, default: 2 }) } },
      ],
    }) as { options: any };
    const getter = (o: object, k: string) => Object.getOwnPropertyDescriptor(o, k)!.get;
    expect(getter(options.a, "value")).toBe(getter(options.b, "value"));
    expect([options.a.value, options.b.value, options.b.isDefined]).toEqual([1, 2, true]);
    const copy = Object.defineProperty(
      {},
      "value",
      Object.getOwnPropertyDescriptor(options.a, "value")!,
    );
    expect(moduleError(() => (copy as { value: number }).value).code).toBe("invalid");
    const whole = Object.defineProperties({}, Object.getOwnPropertyDescriptors(options.b));
    expect(moduleError(() => (whole as { value: number }).value).code).toBe("invalid");
    expect({ ...options.b }.value).toBe(2);
  });

  it("results likewise: a copy of their getters fails with a ModuleError, a copy of their values works", () => {
    const result = evalModules({ modules: [{ options: { a: mkOption({ default: 1 }) } }] });
    const whole = Object.defineProperties({}, Object.getOwnPropertyDescriptors(result));
    expect(moduleError(() => (whole as { config: unknown }).config).code).toBe("invalid");
    expect(Reflect.ownKeys(result).filter((key) => typeof key === "symbol")).toEqual([]);
    expect({ ...result }.config).toEqual({ a: 1 });
  });
});
