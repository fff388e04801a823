import { describe, expect, it } from "vitest";
import { typeTag } from "../../lib/properties.ts";
import { lazyProperty, Thunk } from "../../lib/thunk.ts";
import { defineGetter, ownGetter } from "../../lib/util/define-getter.ts";

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

describe("ownGetter and lazyProperty", () => {
  it("find an own property's getter without calling it, and nothing for data or inherited ones", () => {
    let calls = 0;
    const get = () => ++calls;
    const obj: Record<string, unknown> = Object.create({ inherited: 1 });
    obj.data = 2;
    defineGetter(obj, "lazy", get);
    Object.defineProperty(obj, "setterOnly", { set: () => {}, enumerable: true });
    expect(ownGetter(obj, "lazy")).toBe(get);
    expect(ownGetter(obj, "data")).toBeUndefined();
    expect(ownGetter(obj, "setterOnly")).toBeUndefined();
    expect(lazyProperty(obj, "data")).toBe(2);
    expect(lazyProperty(obj, "inherited")).toBeUndefined();
    expect(lazyProperty(obj, "toString")).toBeUndefined();
    expect(lazyProperty(obj, "setterOnly")).toBeUndefined();
    const thunk = lazyProperty(obj, "lazy");
    expect(thunk).toBeInstanceOf(Thunk);
    expect(calls).toBe(0);
    expect((thunk as Thunk).force()).toBe(1);
    // The same thunk for every reader: the getter runs once.
    expect(lazyProperty(obj, "lazy")).toBe(thunk);
    expect(calls).toBe(1);
  });
});

describe("typeTag", () => {
  it("reads a data `_type` and never calls a getter, which counts as no tag", () => {
    let calls = 0;
    const lazy = {};
    defineGetter(lazy, "_type", () => (++calls, "if"));
    expect(typeTag(lazy)).toBeUndefined();
    expect(calls).toBe(0);
    expect(typeTag({ _type: "override" })).toBe("override");
    expect(typeTag({ _type: 1 })).toBeUndefined();
    expect(typeTag(Object.create({ _type: "if" }))).toBeUndefined();
  });
});
