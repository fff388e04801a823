import { describe, expect, it } from "vitest";
import { ModuleError } from "../../lib/errors.ts";
import { Thunk, force, lazyProperty } from "../../lib/thunk.ts";
import { updateLazy } from "../../lib/util/attrs.ts";
import {
  copyDescriptors,
  copyProperty,
  lazyEntryFields,
  lazyField,
  lazyFields,
} from "../../lib/util/lazy-fields.ts";
import { objectMemo } from "../../lib/util/object-memo.ts";

describe("lazy fields", () => {
  it("compute once, on first read, and look like plain enumerable properties", () => {
    let runs = 0;
    const o = lazyFields({ a: () => ++runs, b: () => "b" }, { c: 3 });
    expect(runs).toBe(0);
    expect(Object.keys(o).sort()).toEqual(["a", "b", "c"]);
    expect(o.a).toBe(1);
    expect(o.a).toBe(1);
    expect(runs).toBe(1);
    expect(JSON.stringify(o)).toBe('{"c":3,"a":1,"b":"b"}');
  });

  it("retry a computation that failed", () => {
    let fail = true;
    const o: { x?: number } = {};
    lazyField(o, "x", () => {
      if (fail) throw new Error("not yet");
      return 42;
    });
    expect(() => o.x).toThrow("not yet");
    fail = false;
    expect(o.x).toBe(42);
  });

  // The point of the design: a getter per object would keep what it closes over alive in V8.
  it("share one getter function per name between objects", () => {
    const a = lazyFields({ v: () => 1 });
    const b = lazyFields({ v: () => 2 });
    const getter = (o: object) => Object.getOwnPropertyDescriptor(o, "v")!.get;
    expect(getter(a)).toBe(getter(b));
    expect([a.v, b.v]).toEqual([1, 2]);
  });

  it("stay lazy and shared when copied with updateLazy or copyProperty", () => {
    let runs = 0;
    const source = lazyFields({ v: () => ++runs });
    const copy = updateLazy({}, source) as { v: number };
    const other: { v?: number } = {};
    copyProperty(other, source, "v");
    expect(runs).toBe(0);
    expect([copy.v, other.v, source.v]).toEqual([1, 1, 1]);
    expect(runs).toBe(1);
  });

  it("keep their thunks out of sight: their own keys are their names", () => {
    const o = lazyFields({ a: () => 1 });
    lazyField(o, "b", () => 2);
    expect(Reflect.ownKeys(o)).toEqual(["a", "b"]);
    expect(Reflect.ownKeys(lazyEntryFields(["x"], [new Thunk(() => 3)]))).toEqual(["x"]);
    expect(o).toStrictEqual({ a: 1, b: 2 });
  });

  it("keep their own fields on a copy made by copyDescriptors", () => {
    const source = lazyFields({ v: () => "source" });
    const copy: { v?: string; w?: string } = {};
    copyDescriptors(copy, source);
    lazyField(copy, "w", () => "copy");
    expect([copy.v, copy.w]).toEqual(["source", "copy"]);
    expect(Object.keys(source)).toEqual(["v"]);
    const raw = Object.defineProperties({}, Object.getOwnPropertyDescriptors(source));
    expect(() => (raw as { v: string }).v).toThrow(ModuleError);
  });

  it("add fields to an object that has lazy fields already, keeping those", () => {
    let runs = 0;
    const o = lazyFields({ a: () => ++runs }) as { a: number; b?: number };
    expect(lazyFields({ b: () => 10 * ++runs }, o)).toBe(o);
    const entries = lazyEntryFields(["x"], [new Thunk(() => "x")]) as { x: string; y?: string };
    lazyFields({ y: () => "y" }, entries);
    expect(runs).toBe(0);
    expect([o.b, o.a, o.b]).toEqual([10, 2, 10]);
    expect(entries).toEqual({ x: "x", y: "y" });
  });

  it("are read lazily as their own thunk, computed once however they are read", () => {
    let runs = 0;
    const o = lazyFields({ v: () => ++runs });
    const lazy = lazyProperty(o, "v");
    expect(lazyProperty(o, "v")).toBe(lazy);
    expect(runs).toBe(0);
    expect([force(lazy), o.v, force(lazyProperty(o, "v"))]).toEqual([1, 1, 1]);
    expect(runs).toBe(1);
  });

  it("report a field that needs its own value as infinite recursion", () => {
    const o: { v: unknown } = lazyFields({ v: () => o.v });
    expect(() => o.v).toThrow(ModuleError);
    expect(() => o.v).toThrow("infinite recursion");
  });

  it("fail with a ModuleError when a getter is moved without its value", () => {
    const source = lazyFields({ v: () => 1 });
    const moved = Object.defineProperty({}, "v", Object.getOwnPropertyDescriptor(source, "v")!);
    expect(() => (moved as { v: number }).v).toThrow(ModuleError);
  });
});

describe("attribute sets of lazy entries", () => {
  const counted = () => {
    const runs: string[] = [];
    const thunk = (name: string) => new Thunk(() => (runs.push(name), name.toUpperCase()));
    return { runs, thunk };
  };

  it("compute each entry once, on first read, as plain enumerable properties", () => {
    const { runs, thunk } = counted();
    const o = lazyEntryFields(["a", "b"], [thunk("a"), thunk("b")]);
    expect(Object.keys(o)).toEqual(["a", "b"]);
    expect(runs).toEqual([]);
    expect([o.b, o.b, o.a]).toEqual(["B", "B", "A"]);
    expect(runs).toEqual(["b", "a"]);
    expect(JSON.stringify(o)).toBe('{"a":"A","b":"B"}');
    expect({ ...o }).toEqual({ a: "A", b: "B" });
  });

  // Names are data: sets of different names share the getters, which go by position.
  it("share getters by position, whatever the names", () => {
    const { thunk } = counted();
    const x = lazyEntryFields(["web"], [thunk("web")]);
    const y = lazyEntryFields(["db"], [thunk("db")]);
    const getter = (o: object, k: string) => Object.getOwnPropertyDescriptor(o, k)!.get;
    expect(getter(x, "web")).toBe(getter(y, "db"));
    expect([x.web, y.db]).toEqual(["WEB", "DB"]);
  });

  it("are read lazily as their own thunk, and stay lazy and shared when copied by name", () => {
    const { runs, thunk } = counted();
    const t = thunk("v");
    const o = lazyEntryFields(["u", "v"], [thunk("u"), t]);
    expect(lazyProperty(o, "v")).toBe(t);
    const copy: { v?: string } = {};
    copyProperty(copy, o, "v");
    const updated = updateLazy({ w: 1 }, o) as unknown as { v: string };
    expect(runs).toEqual([]);
    expect([copy.v, updated.v, o.v]).toEqual(["V", "V", "V"]);
    expect(runs).toEqual(["v"]);
  });

  it("fail with a ModuleError when a getter is moved without its values", () => {
    const o = lazyEntryFields(["v"], [new Thunk(() => 1)]);
    const moved = Object.defineProperty({}, "v", Object.getOwnPropertyDescriptor(o, "v")!);
    expect(() => (moved as { v: number }).v).toThrow(ModuleError);
  });
});

describe("object memos", () => {
  it("keep a value per object, hidden from keys and JSON", () => {
    const memo = objectMemo<number>();
    const a = { x: 1 };
    memo.set(a, 7);
    expect(memo.get(a)).toBe(7);
    expect(memo.get({ x: 1 })).toBeUndefined();
    expect(Reflect.ownKeys(a)).toEqual(["x"]);
    expect(JSON.stringify(a)).toBe('{"x":1}');
  });

  it("work for objects that cannot take a property", () => {
    const memo = objectMemo<string>();
    const frozen = Object.freeze({ x: 1 });
    const refusing = new Proxy({}, { defineProperty: () => false });
    memo.set(frozen, "f");
    memo.set(refusing, "p");
    expect([memo.get(frozen), memo.get(refusing)]).toEqual(["f", "p"]);
  });
});
