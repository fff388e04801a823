/**
 * `options.<path>.valueMeta`, what a type's merge reports beside the value (nixpkgs lib 25.11 on),
 * for the types that have one and the compositions of them. Expected: what `nix-instantiate --eval
 * --strict --json` printed for the same options (Nix 2.8, nixpkgs lib 26.11), with `_internal`
 * written as its type's name and a submodule's `configuration` as its config and option names.
 */
import { describe, expect, it } from "vitest";
import { evalModules, mkForce, mkIf, mkOption, types, type Module } from "../../lib/index.ts";
import { moduleError } from "../helpers/module-error.ts";

/** The metadata as JSON can show it, as the Nix side wrote it. */
function normalised(meta: unknown): unknown {
  if (Array.isArray(meta)) return meta.map(normalised);
  if (meta === null || typeof meta !== "object") return meta;
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(meta as Record<string, any>).sort(([a], [b]) =>
    a < b ? -1 : 1,
  )) {
    if (name === "_internal") out[name] = `internal:${value.type.name}`;
    else if (name === "configuration") {
      out[name] = {
        config: JSON.parse(JSON.stringify(value.config)),
        optionNames: Object.keys(value.options)
          .filter((key) => key !== "_module")
          .sort(),
      };
    } else if (name === "headError") out[name] = "headError";
    else out[name] = normalised(value);
  }
  return out;
}

const sub = types.submodule({ options: { bar: mkOption({ type: types.int, default: 1 }) } });
const cases: Record<string, { type: any; def?: unknown; def2?: unknown }> = {
  str: { type: types.str, def: "x" },
  strUndef: { type: types.str },
  attrsStr: { type: types.attrsOf(types.str), def: { a: "1", b: mkIf(false, "2"), c: "3" } },
  lazyAttrs: { type: types.lazyAttrsOf(types.str), def: { a: "1", b: mkIf(false, "2") } },
  listStr: { type: types.listOf(types.str), def: ["a", mkIf(false, "b"), "c"] },
  listUndef: { type: types.listOf(types.str) },
  subm: { type: sub, def: { bar: 5 } },
  submUndef: { type: sub },
  attrsSub: { type: types.attrsOf(sub), def: { x: { bar: 2 }, y: {} } },
  listSub: { type: types.listOf(sub), def: [{ bar: 3 }, {}] },
  eitherStrAttrs: { type: types.either(types.str, types.attrsOf(types.int)), def: { a: 1 } },
  eitherListStr: { type: types.either(types.listOf(types.int), types.str), def: [1, 2] },
  eitherStrList: { type: types.either(types.str, types.listOf(types.int)), def: "s" },
  eitherSub: { type: types.either(types.str, sub), def: { bar: 9 } },
  coerced: {
    type: types.coercedTo(types.str, (s: string) => [s], types.listOf(types.str)),
    def: "q",
  },
  coercedSub: { type: types.coercedTo(types.int, (n: number) => ({ bar: n }), sub), def: 7 },
  nonEmpty: { type: types.nonEmptyListOf(types.int), def: [1] },
  addCheckList: { type: types.addCheck(types.listOf(types.int), () => true), def: [4] },
  nullOrList: { type: types.nullOr(types.listOf(types.int)), def: [1] },
  uniqSub: { type: types.uniq(sub), def: { bar: 4 } },
  nested: { type: types.attrsOf(types.listOf(types.attrsOf(types.int))), def: { k: [{ z: 1 }] } },
  oneOf: { type: types.oneOf([types.int, types.listOf(types.str), sub]), def: { bar: 8 } },
  multiDef: { type: types.listOf(types.int), def: [1], def2: [2, 3] },
  attrsMulti: {
    type: types.attrsOf(sub),
    def: { x: { bar: 1 } },
    def2: { x: mkForce({ bar: 2 }), w: {} },
  },
};

const expected: Record<string, unknown> = {
  addCheckList: { _internal: "internal:listOf", list: [{}] },
  attrsMulti: {
    _internal: "internal:attrsOf",
    attrs: {
      w: {
        _internal: "internal:submodule",
        configuration: { config: { bar: 1 }, optionNames: ["bar"] },
      },
      x: {
        _internal: "internal:submodule",
        configuration: { config: { bar: 2 }, optionNames: ["bar"] },
      },
    },
  },
  attrsStr: { _internal: "internal:attrsOf", attrs: { a: {}, c: {} } },
  attrsSub: {
    _internal: "internal:attrsOf",
    attrs: {
      x: {
        _internal: "internal:submodule",
        configuration: { config: { bar: 2 }, optionNames: ["bar"] },
      },
      y: {
        _internal: "internal:submodule",
        configuration: { config: { bar: 1 }, optionNames: ["bar"] },
      },
    },
  },
  coerced: { _internal: "internal:coercedTo", list: [{}] },
  coercedSub: {
    _internal: "internal:coercedTo",
    configuration: { config: { bar: 7 }, optionNames: ["bar"] },
  },
  eitherListStr: { _internal: "internal:either", list: [{}, {}] },
  eitherStrAttrs: { _internal: "internal:either", attrs: { a: {} } },
  eitherStrList: { _internal: "internal:either" },
  eitherSub: {
    _internal: "internal:either",
    configuration: { config: { bar: 9 }, optionNames: ["bar"] },
  },
  lazyAttrs: { _internal: "internal:lazyAttrsOf", attrs: { a: {}, b: {} } },
  listStr: { _internal: "internal:listOf", list: [{}, {}] },
  listSub: {
    _internal: "internal:listOf",
    list: [
      {
        _internal: "internal:submodule",
        configuration: { config: { bar: 3 }, optionNames: ["bar"] },
      },
      {
        _internal: "internal:submodule",
        configuration: { config: { bar: 1 }, optionNames: ["bar"] },
      },
    ],
  },
  listUndef: { _internal: "internal:listOf", list: [] },
  multiDef: { _internal: "internal:listOf", list: [{}, {}, {}] },
  nested: {
    _internal: "internal:attrsOf",
    attrs: {
      k: {
        _internal: "internal:listOf",
        list: [{ _internal: "internal:attrsOf", attrs: { z: {} } }],
      },
    },
  },
  nonEmpty: { _internal: "internal:listOf", list: [{}] },
  nullOrList: {},
  oneOf: {
    _internal: "internal:either",
    configuration: { config: { bar: 8 }, optionNames: ["bar"] },
  },
  str: {},
  strUndef: {},
  subm: {
    _internal: "internal:submodule",
    configuration: { config: { bar: 5 }, optionNames: ["bar"] },
  },
  submUndef: {
    _internal: "internal:submodule",
    configuration: { config: { bar: 1 }, optionNames: ["bar"] },
  },
  uniqSub: {},
};

describe("valueMeta, as Nix's", () => {
  for (const [name, c] of Object.entries(cases)) {
    it(name, () => {
      const modules: Module[] = [{ options: { o: mkOption({ type: c.type }) } }];
      if ("def" in c) modules.push({ o: c.def });
      if ("def2" in c) modules.push({ o: c.def2 });
      const { options } = evalModules({ modules });
      expect(normalised(options.o.valueMeta)).toEqual(expected[name]);
    });
  }

  it("refers to the option's own value: a submodule's configuration gives the same config", () => {
    const { config, options } = evalModules({
      modules: [
        { options: { o: mkOption({ type: types.attrsOf(cases.subm!.type) }) } },
        { o: { a: {} } },
      ],
    });
    expect(options.o.valueMeta.attrs.a.configuration.config).toBe(config.o.a);
  });

  // Nix computes the metadata from the definitions, each element's from its own merge: it never
  // needs the option's checked value, nor a value where nothing is defined.
  it("describes an option with no definition, and elements of a value that fails its check", () => {
    const S = () => types.submodule({ options: { x: mkOption({ default: 1 }) } });
    const meta = (type: any, ...defs: Module[]) =>
      evalModules({ modules: [{ options: { o: mkOption({ type }) } }, ...defs] }).options.o
        .valueMeta;
    expect(meta(types.either(S(), types.int)).configuration.config.x).toBe(1);
    expect(meta(types.oneOf([S(), types.int])).configuration.config.x).toBe(1);
    expect(
      meta(types.either(S(), types.int), { o: mkIf(false, {}) }).configuration.options.x.loc,
    ).toEqual(["o", "x"]);
    const lazy = meta(types.lazyAttrsOf(types.either(S(), types.int)), {
      o: { k: mkIf(false, {}) },
    });
    expect(lazy.attrs.k.configuration.config.x).toBe(1);
    const nonEmpty = meta(types.nonEmptyListOf(S()), { o: [] }, { o: [{}] });
    expect(nonEmpty.list.map((m: any) => m.configuration.config.x)).toEqual([1]);
    const nested = meta(types.nonEmptyListOf(types.attrsOf(S())), { o: [] }, { o: [{ k: {} }] });
    expect(nested.list.map((m: any) => m.attrs.k.configuration.config.x)).toEqual([1]);
  });

  describe("reads what Nix reads, where Nix reads it", () => {
    const metaOf = (type: any, def: unknown) =>
      evalModules({ modules: [{ options: { o: mkOption({ type }) } }, { o: def }] }).options.o
        .valueMeta;

    it("a value of the wrong shape fails where its elements are read, with Nix's message", () => {
      const meta = metaOf(types.attrsOf(types.int), "ab");
      expect(Object.keys(meta).sort()).toEqual(["_internal", "attrs"]);
      expect(moduleError(() => meta.attrs).message).toBe(
        "value is a string while a set was expected",
      );
      expect(moduleError(() => metaOf(types.listOf(types.int), "s").list).message).toBe(
        "value is a string while a list was expected",
      );
    });

    it("a type without v2 merge reads no definition", () => {
      const failing = mkIf(
        (() => {
          throw new Error("cond");
        }) as never,
        1,
      );
      expect(metaOf(types.int, failing)).toEqual({});
    });

    it("an element's keys need not its configuration, nor its neighbours", () => {
      const sub = metaOf(types.attrsOf(types.submodule({})), { b: { bogus: 1 } });
      expect(Object.keys(sub.attrs.b).sort()).toEqual(["_internal", "configuration"]);
      const list = metaOf(types.listOf(types.attrsOf(types.int)), [
        {
          get k() {
            throw new Error("x");
          },
        },
        { m: 1 },
      ]);
      expect([list.list.length, Object.keys(list.list[1].attrs)]).toEqual([2, ["m"]]);
      expect(metaOf(types.listOf(types.submodule({})), [5]).list).toHaveLength(1);
    });
  });

  it("a submodule's configuration lists its modules as Nix's does (the name's default has no file)", () => {
    const { options } = evalModules({
      modules: [
        {
          options: {
            x: mkOption({
              type: types.attrsOf(
                types.submodule(({ name }: any) => ({
                  options: { n: mkOption({ default: name }) },
                })),
              ),
            }),
          },
          config: { x: { a: {} } },
        },
      ],
    });
    const configuration = options.x.valueMeta.attrs.a.configuration;
    // Nix: [["lib/modules.nix","<unknown-file>","<unknown-file>"], 4 modules of <unknown-file>]
    expect(configuration.options._module.args.files).toEqual([
      "lib/modules.nix",
      "<unknown-file>",
      "<unknown-file>",
    ]);
    expect(configuration.graph.map((g: any) => [g.key, g.file])).toEqual([
      [":anon-1", "<unknown-file>"],
      [":anon-2", "<unknown-file>"],
      [":anon-3", "<unknown-file>"],
      [":anon-4", "<unknown-file>"],
    ]);
  });

  it("is read lazily: an element's metadata does not evaluate the others", () => {
    let reads = 0;
    const counted = types.submodule({
      options: {
        bar: mkOption({
          type: types.int,
          get default() {
            reads++;
            return 1;
          },
        }),
      },
    });
    const { options } = evalModules({
      modules: [
        { options: { o: mkOption({ type: types.attrsOf(counted) }) } },
        { o: { a: {}, b: {} } },
      ],
    });
    expect(options.o.valueMeta.attrs.a.configuration.config.bar).toBe(1);
    expect(reads).toBe(1);
  });
});
