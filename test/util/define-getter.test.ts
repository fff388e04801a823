import { describe, expect, it } from "vitest";
import { defineGetter } from "../../lib/util/define-getter.ts";

describe("defineGetter", () => {
  it("adds the property Object.defineProperty would, with { get, enumerable, configurable }", () => {
    const get = function (this: { base: number }) {
      return this.base + 1;
    };
    const target = { base: 1 };
    defineGetter(target, "next", get as (this: never) => unknown);
    expect(Object.getOwnPropertyDescriptor(target, "next")).toEqual({
      get,
      set: undefined,
      enumerable: true,
      configurable: true,
    });
    expect((target as Record<string, unknown>).next).toBe(2);
    expect(Object.keys(target)).toEqual(["base", "next"]);
  });

  it("makes an own property of a name like __proto__, leaving the prototype alone", () => {
    const target = {};
    defineGetter(target, "__proto__", () => "own");
    expect(Object.getPrototypeOf(target)).toBe(Object.prototype);
    expect(Object.keys(target)).toEqual(["__proto__"]);
    expect(Object.getOwnPropertyDescriptor(target, "__proto__")?.get?.call(target)).toBe("own");
  });
});
