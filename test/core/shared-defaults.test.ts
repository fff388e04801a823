import { describe, expect, it } from "vitest";
import { evalModules, mkOption, types } from "nixmod";
import { moduleError } from "../helpers/module-error.ts";

// A submodule evaluated for many attributes declares the same options for each; an option with
// nothing but its default then has one value, merged once, for all of them (namespace.ts).
describe("defaults shared by every evaluation of the same declarations", () => {
  const userDefault = { mine: [1] };
  const item = {
    options: {
      tags: mkOption({ type: types.listOf(types.str), default: [] }),
      names: mkOption({ type: types.listOf(types.str), default: ["base"] }),
      raw: mkOption({ type: types.unspecified, default: userDefault }),
      port: mkOption({ type: types.nullOr(types.port), default: null }),
      extra: mkOption({ type: types.attrsOf(types.int), default: { x: 1 } }),
      here: mkOption({
        type: types.mkOptionType({ name: "here", merge: (loc) => loc.join(".") }),
        default: "ignored",
      }),
      child: mkOption({
        type: types.submodule(({ name }: { name: string }) => ({
          options: { id: mkOption({ type: types.str, default: name }) },
        })),
        default: {},
      }),
    },
  };
  const evaluate = (items: Record<string, unknown>) =>
    evalModules({
      modules: [
        { options: { items: mkOption({ type: types.attrsOf(types.submodule(item)) }) } },
        { config: { items } },
      ],
    }).config.items as Record<string, any>;

  it("gives every attribute the same frozen empty list for a path-independent type", () => {
    const items = evaluate({ a: {}, b: {}, c: { port: 80 } });
    expect(items.a.tags).toEqual([]);
    expect(items.b.tags).toBe(items.a.tags);
    expect(Object.isFrozen(items.a.tags)).toBe(true);
    expect(() => items.a.tags.push("more")).toThrow(TypeError);
    expect(items.b.tags).toEqual([]);
    expect([items.a.port, items.b.port, items.c.port]).toEqual([null, null, 80]);
  });

  it("makes a list per attribute when it has elements, and freezes none of the user's objects", () => {
    const items = evaluate({ a: {}, b: {} });
    expect(items.a.names).toEqual(["base"]);
    expect(items.b.names).not.toBe(items.a.names);
    expect(Object.isFrozen(items.a.names)).toBe(false);
    expect(items.a.raw).toBe(userDefault);
    expect(items.b.raw).toBe(userDefault);
    expect(Object.isFrozen(userDefault)).toBe(false);
    expect(Object.isFrozen(userDefault.mine)).toBe(false);
  });

  it("keeps a definition when another attribute read the shared default first, and the other way round", () => {
    const first = evaluate({ a: {}, b: { tags: ["own"] } });
    expect(first.a.tags).toEqual([]);
    expect(first.b.tags).toEqual(["own"]);
    const second = evaluate({ a: { tags: ["own"] }, b: {} });
    expect(second.a.tags).toEqual(["own"]);
    expect(second.b.tags).toEqual([]);
  });

  it("gives the option record the value the config has, whichever is read first", () => {
    const declared = {
      options: { flags: mkOption({ type: types.listOf(types.int), default: [1] }) },
    };
    const first = evalModules({ modules: [declared] });
    const value = first.config.flags;
    expect(first.options.flags.value).toBe(value);
    const second = evalModules({ modules: [declared] });
    expect(second.options.flags.value).toBe(second.config.flags);
    expect(second.options.flags.definitions).toEqual([[1]]);
  });

  it("merges per attribute where the type may depend on the path", () => {
    const items = evaluate({ a: {}, b: {} });
    expect(items.a.here).toBe("items.a.here");
    expect(items.b.here).toBe("items.b.here");
    expect(items.a.child.id).toBe("child");
    expect(items.b.child).not.toBe(items.a.child);
  });

  it("does not freeze or share a value that is not plain data", () => {
    const items = evaluate({ a: {}, b: {} });
    expect(items.a.extra).toEqual({ x: 1 });
    expect(items.b.extra).not.toBe(items.a.extra);
    expect(Object.isFrozen(items.a.extra)).toBe(false);
  });

  it("gives an option without default its type's empty value, and an error where there is none", () => {
    const bare = {
      options: {
        list: mkOption({ type: types.listOf(types.str) }),
        text: mkOption({ type: types.str }),
      },
    };
    const result = evalModules({
      modules: [
        { options: { items: mkOption({ type: types.attrsOf(types.submodule(bare)) }) } },
        { config: { items: { a: {}, b: { list: ["x"] } } } },
      ],
    });
    const items = result.config.items as Record<string, any>;
    expect(items.a.list).toEqual([]);
    expect(items.b.list).toEqual(["x"]);
    const error = moduleError(() => items.a.text);
    expect(error.code).toBe("no-value");
    expect(error.loc).toEqual(["items", "a", "text"]);
    expect(moduleError(() => items.b.text).loc).toEqual(["items", "b", "text"]);
  });

  it("reports a wrong default with each attribute's own path", () => {
    const bad = {
      options: { n: mkOption({ type: types.int, default: "no" }) },
    };
    const items = evalModules({
      modules: [
        { options: { items: mkOption({ type: types.attrsOf(types.submodule(bad)) }) } },
        { config: { items: { a: {}, b: {} } } },
      ],
    }).config.items as Record<string, any>;
    expect(moduleError(() => items.a.n).loc).toEqual(["items", "a", "n"]);
    expect(moduleError(() => items.b.n).loc).toEqual(["items", "b", "n"]);
  });
});
