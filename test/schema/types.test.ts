/**
 * Schema ↔ type agreement, for every type: the JSON Schema of an option accepts exactly the
 * JSON values the module system accepts for it (the type's `check`, then its merge, which
 * checks nested values). Hand-picked accepted and rejected samples for each type, then
 * fast-check properties over arbitrary JSON and over values shaped like the type's.
 *
 * Where a type cannot be fully expressed (`addCheck`'s function), the schema is a superset
 * and says so with `x-nixmod-unrepresentable`: that is tested in its own direction.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mkOption, mkPackage, types, type OptionType } from "nixmod";
import { optionSchema, schemaAccepts, typeAccepts } from "./helpers.ts";

const store = "/nix/store/k5jd53yyqvy66hjmhhwgg7zyfzgj0h1c-bash-4.2-p45";

interface TypeCase {
  name: string;
  type: OptionType;
  accepted: unknown[];
  rejected: unknown[];
  /** Values shaped like the type's, some valid and some not. */
  arbitrary?: fc.Arbitrary<unknown>;
}

const smallInts = fc.integer({ min: -70000, max: 70000 });
const stringsWithSpace = fc.string({
  unit: fc.constantFrom("a", "Z", "-", " ", "\t", "\n", "\r", ".", "/"),
});

const sub = types.submodule({
  options: {
    a: mkOption({ type: types.int, default: 0 }),
    b: mkOption({ type: types.nullOr(types.str), default: null }),
  },
});

const cases: TypeCase[] = [
  { name: "bool", type: types.bool, accepted: [true, false], rejected: [0, "true", null, []] },
  {
    name: "boolByOr",
    type: types.boolByOr,
    accepted: [true, false],
    rejected: [1, "false", {}],
  },
  {
    name: "int",
    type: types.int,
    accepted: [0, -5, 9007199254740991, -9007199254740991],
    rejected: [1.5, "1", 9007199254740992, true, null],
    arbitrary: fc.oneof(fc.integer(), fc.double(), fc.constant(2 ** 60)),
  },
  {
    name: "float",
    type: types.float,
    accepted: [1.5, 0, -3, 1e300],
    rejected: ["1.5", null, [1]],
    arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }),
  },
  { name: "number", type: types.number, accepted: [1, 2.5], rejected: ["1", false] },
  { name: "str", type: types.str, accepted: ["", "x y"], rejected: [1, null, ["a"]] },
  { name: "string (legacy)", type: types.string, accepted: ["a"], rejected: [1] },
  { name: "lines", type: types.lines, accepted: ["a\nb", ""], rejected: [["a"], 1] },
  { name: "commas", type: types.commas, accepted: ["a,b"], rejected: [{}] },
  { name: "envVar", type: types.envVar, accepted: ["/bin:/usr/bin"], rejected: [true] },
  {
    name: "separatedString",
    type: types.separatedString(";"),
    accepted: ["a;b"],
    rejected: [3],
  },
  {
    name: "nonEmptyStr",
    type: types.nonEmptyStr,
    accepted: ["a", " a ", "\r"],
    rejected: ["", " ", "\t\n ", 5],
    arbitrary: stringsWithSpace,
  },
  {
    name: "singleLineStr",
    type: types.singleLineStr,
    accepted: ["", "one line", "ends in newline\n"],
    rejected: ["two\nlines", "cr\r", "\n\n", 1],
    arbitrary: stringsWithSpace,
  },
  {
    name: "strMatching (groups, alternation)",
    type: types.strMatching("[a-z]+(-[a-z]+)*|[0-9]{2,3}"),
    accepted: ["abc", "a-b-c", "12", "123"],
    rejected: ["", "a-", "-a", "1", "1234", "abc ", " abc", "A", "ab\n"],
    arbitrary: fc.string({ unit: fc.constantFrom("a", "b", "-", "1", "2", "A", "\n", " ") }),
  },
  {
    name: "strMatching (dot matches newlines, literal dot in brackets)",
    type: types.strMatching("x.y[.]z"),
    accepted: ["x-y.z", "x\ny.z"],
    rejected: ["xy.z", "x-yaz", "x-y.zz"],
    arbitrary: fc.string({ unit: fc.constantFrom("x", "y", "z", ".", "\n", "a") }),
  },
  {
    name: "strMatching (anchors inside)",
    type: types.strMatching("^$|^[A-Za-z0-9]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?$"),
    accepted: ["", "a", "web-1", "a_b"],
    rejected: ["-a", "a-", "a b", "a.b"],
  },
  {
    name: "enum",
    type: types.enum(["a", 1, true]),
    accepted: ["a", 1, true],
    rejected: ["b", 2, false, null, "1"],
  },
  { name: "enum (empty)", type: types.enum([]), accepted: [], rejected: ["a", 1, null] },
  {
    name: "path",
    type: types.path,
    accepted: ["/", "/nix/store/x", "/a b", mkPackage(store)],
    rejected: ["", "relative", "./x", 1, null],
    arbitrary: fc.string({ unit: fc.constantFrom("/", "a", ".", " ") }),
  },
  {
    name: "pathWith (in store)",
    type: types.pathWith({ inStore: true }),
    accepted: [store, `${store}/bin/sh`, mkPackage(store)],
    // As in Nix, a store path needs its `<hash>-<name>` component.
    rejected: [
      "/nix/store/",
      "/nix/store/x",
      "/nix/store/.links",
      "/nix/stor/x",
      "/tmp/x",
      "nix/store/x",
    ],
  },
  {
    name: "pathWith (relative, not in store)",
    type: types.pathWith({ inStore: false, absolute: false }),
    accepted: ["a/b", "", "./x"],
    rejected: ["/a", store, mkPackage(store)],
  },
  {
    name: "package",
    type: types.package,
    // Nix's `isDerivation` looks at the `type` tag alone.
    accepted: [
      store,
      { type: "derivation", name: "bash", outPath: store },
      mkPackage(store),
      { type: "derivation" },
      { type: "derivation", outPath: 5 },
      // Nix's isStorePath: a set whose outPath is a path directly in the store.
      { outPath: store },
    ],
    // A string must name a store path nixmod can stand in for (Nix's storePath needs it to exist).
    rejected: [
      "/usr/bin/bash",
      `${store}/bin/sh`,
      "nix/store/x",
      "/nix/store/short-bash",
      { outPath: "/usr/bin" },
      1,
    ],
  },
  {
    name: "port",
    type: types.port,
    accepted: [0, 80, 65535],
    rejected: [-1, 65536, 80.5, "80"],
    arbitrary: smallInts,
  },
  {
    name: "ints.unsigned",
    type: types.ints.unsigned,
    accepted: [0, 9007199254740991],
    rejected: [-1, 1.5],
    arbitrary: fc.oneof(smallInts, fc.constant(2 ** 60)),
  },
  { name: "ints.positive", type: types.ints.positive, accepted: [1], rejected: [0, -1] },
  {
    name: "ints.between",
    type: types.ints.between(-3, 7),
    accepted: [-3, 0, 7],
    rejected: [-4, 8],
    arbitrary: fc.integer({ min: -10, max: 10 }),
  },
  { name: "ints.u8", type: types.ints.u8, accepted: [0, 255], rejected: [256, -1] },
  { name: "ints.u16", type: types.ints.u16, accepted: [65535], rejected: [65536] },
  {
    name: "ints.u32",
    type: types.ints.u32,
    accepted: [4294967295],
    rejected: [4294967296, -1],
  },
  { name: "ints.s8", type: types.ints.s8, accepted: [-128, 127], rejected: [-129, 128] },
  { name: "ints.s16", type: types.ints.s16, accepted: [-32768], rejected: [32768] },
  {
    name: "ints.s32",
    type: types.ints.s32,
    accepted: [-2147483648, 2147483647],
    rejected: [2147483648],
  },
  {
    name: "numbers.between",
    type: types.numbers.between(-1, 1.5),
    accepted: [-1, 0, 0.25, 1.5],
    rejected: [-1.5, 1.75, 2, "1", null],
    arbitrary: fc.oneof(fc.integer({ min: -3, max: 3 }), fc.double({ min: -3, max: 3 })),
  },
  {
    name: "numbers.nonnegative",
    type: types.numbers.nonnegative,
    accepted: [0, 2.5, 9007199254740993],
    rejected: [-1, -0.5, "0"],
    arbitrary: fc.oneof(smallInts, fc.double({ noNaN: true, noDefaultInfinity: true })),
  },
  {
    name: "numbers.positive",
    type: types.numbers.positive,
    accepted: [0.5, 3],
    rejected: [0, -1, true],
    arbitrary: fc.oneof(smallInts, fc.double({ noNaN: true, noDefaultInfinity: true })),
  },
  {
    name: "passwdEntry",
    type: types.passwdEntry(types.str),
    accepted: ["alice", "", "a b"],
    rejected: ["a:b", "a\nb", ":", 1, null],
    arbitrary: fc.string({ unit: fc.constantFrom("a", ":", "\n", " ", "\r") }),
  },
  {
    name: "passwdEntry (package)",
    type: types.passwdEntry(types.package),
    accepted: [store, { type: "derivation", outPath: store }],
    rejected: [{ type: "derivation", outPath: `${store}:x` }, { type: "derivation" }],
  },
  {
    name: "pathInStore",
    type: types.pathInStore,
    accepted: [store, `${store}/bin/sh`, mkPackage(store)],
    rejected: ["/foo/bar", "", "/nix/store", "/nix/store/.links"],
  },
  {
    name: "externalPath",
    type: types.externalPath,
    accepted: ["/etc/x", "/"],
    rejected: [store, `${store}/bin/sh`, "./x", "", mkPackage(store)],
  },
  {
    name: "shellPackage",
    type: types.shellPackage,
    accepted: [{ type: "derivation", name: "bash", outPath: store, shellPath: "/bin/bash" }],
    // A store path is a package, but not one that says which shell it is.
    rejected: [store, { type: "derivation", outPath: store }, { shellPath: "/bin/sh" }, 1],
  },
  {
    name: "pkgs",
    type: types.pkgs,
    accepted: [{ _type: "pkgs" }, { _type: "pkgs", hello: { a: 1 } }],
    rejected: [{}, { _type: "lua-inline" }, "pkgs", [], null],
  },
  {
    name: "json",
    type: types.json,
    accepted: [null, true, 1, 1.5, "x", [], [1, null, [{}]], { a: { b: null } }],
    rejected: [],
  },
  {
    name: "toml",
    type: types.toml,
    accepted: [1, "x", [1, [2]], { a: { b: [true] } }, {}],
    rejected: [null, [null], { a: null }, { a: [{ b: null }] }],
    arbitrary: fc.jsonValue({ maxDepth: 4 }),
  },
  {
    name: "serializableValueWith (not nullable)",
    type: types.serializableValueWith({ typeName: "YAML", nullable: false }),
    accepted: [{ a: [1] }],
    rejected: [{ a: [null] }],
  },
  {
    name: "attrListOf",
    type: types.attrListOf(types.int),
    accepted: [[], [{ a: 1 }, { a: 2 }], {}, { a: 1, b: 2 }],
    rejected: [[{}], [{ a: 1, b: 2 }], [1], [[]], [{ a: "1" }], { a: "1" }, "a", null],
    arbitrary: fc.oneof(
      fc.array(fc.dictionary(fc.constantFrom("a", "b"), fc.oneof(fc.integer(), fc.string()))),
      fc.dictionary(fc.string(), fc.oneof(fc.integer(), fc.string())),
    ),
  },
  {
    name: "attrListWith (asAttrs)",
    type: types.attrListWith({ elemType: types.str, asAttrs: true }),
    accepted: [[{ a: "x" }, { a: "y" }], { a: "x" }],
    rejected: [[{ a: 1 }], [{}]],
  },
  {
    name: "luaInline",
    type: types.luaInline,
    accepted: [{ _type: "lua-inline", expr: "print(1)" }, { _type: "lua-inline" }],
    rejected: [{ expr: "print(1)" }, "print(1)", { _type: "pkgs" }],
  },
  {
    name: "loaOf",
    type: types.loaOf(types.int),
    accepted: [{}, { a: 1 }],
    rejected: [[1], { a: "1" }],
  },
  {
    name: "nullOr",
    type: types.nullOr(types.int),
    accepted: [null, 3],
    rejected: ["3", [null]],
  },
  {
    name: "listOf",
    type: types.listOf(types.str),
    accepted: [[], ["a", "b"]],
    rejected: ["a", [1], ["a", null], {}],
    arbitrary: fc.array(fc.oneof(fc.string(), fc.integer())),
  },
  {
    name: "nonEmptyListOf",
    type: types.nonEmptyListOf(types.int),
    accepted: [[1], [1, 2]],
    rejected: [[], ["1"], 1],
    arbitrary: fc.array(fc.oneof(fc.integer(), fc.string()), { maxLength: 3 }),
  },
  {
    name: "attrsOf",
    type: types.attrsOf(types.bool),
    accepted: [{}, { a: true, "b.c": false }],
    rejected: [{ a: 1 }, [], "x", null],
    arbitrary: fc.dictionary(fc.string(), fc.oneof(fc.boolean(), fc.integer())),
  },
  {
    name: "lazyAttrsOf",
    type: types.lazyAttrsOf(types.int),
    accepted: [{ a: 1 }],
    rejected: [{ a: "1" }, [1]],
  },
  {
    name: "attrsOf (listOf)",
    type: types.attrsOf(types.listOf(types.port)),
    accepted: [{ a: [1, 2] }],
    rejected: [{ a: [70000] }, { a: 1 }],
  },
  {
    name: "submodule",
    type: sub,
    accepted: [{}, { a: 1 }, { a: 1, b: "x" }, { b: null }],
    rejected: [{ c: 1 }, { a: "1" }, { b: 1 }, [], "x", null],
    arbitrary: fc.record(
      { a: fc.oneof(fc.integer(), fc.string()), b: fc.oneof(fc.constant(null), fc.string()) },
      { requiredKeys: [] },
    ),
  },
  {
    name: "submodule (freeform)",
    type: types.submodule({
      freeformType: types.attrsOf(types.str),
      options: { a: mkOption({ type: types.int, default: 0 }) },
    }),
    accepted: [{}, { a: 1, other: "x" }],
    rejected: [{ a: "x" }, { other: 1 }],
  },
  {
    name: "attrsOf (submodule)",
    type: types.attrsOf(sub),
    accepted: [{ n: { a: 1 } }, {}],
    rejected: [{ n: { c: 1 } }, { n: 1 }],
  },
  {
    name: "either",
    type: types.either(types.int, types.listOf(types.str)),
    accepted: [1, [], ["a"]],
    rejected: ["a", [1], 1.5, null],
  },
  {
    name: "either of two list types (the first whose shape fits merges)",
    type: types.either(types.listOf(types.int), types.listOf(types.str)),
    accepted: [[], [1, 2]],
    rejected: [["a"], [1, "a"], "a"],
    arbitrary: fc.array(fc.oneof(fc.integer(), fc.string()), { maxLength: 3 }),
  },
  {
    name: "either of a set type and attrs, under nullOr and oneOf",
    type: types.oneOf([
      types.nullOr(types.attrsOf(types.int)),
      types.attrs,
      types.nonEmptyListOf(types.str),
      types.listOf(types.int),
    ]),
    accepted: [null, { a: 1 }, ["a"], []],
    rejected: [{ a: "s" }, [1], "s"],
    arbitrary: fc.oneof(
      fc.dictionary(fc.constantFrom("a", "b"), fc.oneof(fc.integer(), fc.string()), {
        maxKeys: 2,
      }),
      fc.array(fc.oneof(fc.integer(), fc.string()), { maxLength: 2 }),
    ),
  },
  {
    name: "oneOf",
    type: types.oneOf([types.bool, types.enum(["x"]), types.attrsOf(types.int)]),
    accepted: [true, "x", { a: 1 }],
    rejected: ["y", 1, { a: "1" }],
  },
  {
    name: "coercedTo",
    type: types.coercedTo(types.int, (x: number) => String(x), types.str),
    accepted: [1, "1"],
    rejected: [1.5, null, true],
  },
  {
    name: "coercedTo from a list type: any list is converted (only the list type's own check is made), as Nix's merge does",
    type: types.coercedTo(
      types.listOf(types.str),
      (l: unknown[]) => l.map((s) => String(s).length),
      types.listOf(types.int),
    ),
    accepted: [["a"], [], [1]],
    rejected: ["a", { a: 1 }],
  },
  { name: "uniq", type: types.uniq(types.int), accepted: [1], rejected: ["1"] },
  {
    name: "unique",
    type: types.unique({ message: "once" }, types.str),
    accepted: ["a"],
    rejected: [1],
  },
  {
    name: "unspecified",
    type: types.unspecified,
    accepted: [1, "a", null, [1], { a: 1 }],
    rejected: [],
  },
  { name: "anything", type: types.anything, accepted: [1, { a: [null] }], rejected: [] },
  { name: "raw", type: types.raw, accepted: [1, { a: 1 }], rejected: [] },
  { name: "attrs", type: types.attrs, accepted: [{}, { a: 1 }], rejected: [[], 1, null] },
  {
    name: "attrTag",
    type: types.attrTag({
      left: mkOption({ type: types.int }),
      right: mkOption({ type: types.str }),
    }),
    accepted: [{ left: 1 }, { right: "x" }],
    rejected: [{}, { left: 1, right: "x" }, { rite: 1 }, { left: "x" }, 1, null],
  },
  {
    name: "deferredModule",
    type: types.deferredModule,
    accepted: [{}, { config: {} }],
    rejected: [[], "module", 1],
  },
  {
    name: "functionTo (no JSON value is a function)",
    type: types.functionTo(types.str),
    accepted: [],
    rejected: ["f", {}, null],
  },
  {
    name: "optionType (no JSON value is a type)",
    type: types.optionType,
    accepted: [],
    rejected: ["int", {}, null],
  },
];

describe.each(cases)("$name", ({ type, accepted, rejected, arbitrary }) => {
  it.each(accepted.map((v) => [JSON.stringify(v), v]))("accepts %s", (_shown, value) => {
    expect(typeAccepts(type, value)).toBe(true);
    expect(schemaAccepts(type, value)).toBe(true);
  });
  it.each(rejected.map((v) => [JSON.stringify(v), v]))("rejects %s", (_shown, value) => {
    expect(typeAccepts(type, value)).toBe(false);
    expect(schemaAccepts(type, value)).toBe(false);
  });
  it("agrees with the type on arbitrary JSON values", () => {
    fc.assert(
      fc.property(arbitrary ?? fc.jsonValue({ maxDepth: 3 }), (value) => {
        expect(schemaAccepts(type, value)).toBe(typeAccepts(type, value));
      }),
      { numRuns: arbitrary === undefined ? 100 : 300 },
    );
  });
  it("agrees with the type's shallow check on scalars", () => {
    fc.assert(
      fc.property(fc.oneof(fc.boolean(), fc.integer(), fc.string(), fc.constant(null)), (v) => {
        expect(schemaAccepts(type, v)).toBe(type.check(v));
      }),
    );
  });
});

describe("addCheck: a check the schema cannot express", () => {
  const even = types.addCheck(types.int, (x: number) => x % 2 === 0);
  it("keeps the base type's schema and marks what it lacks", () => {
    expect(optionSchema(even).x).toMatchObject({
      type: "integer",
      "x-nixmod-unrepresentable": "addCheck",
    });
  });
  it("accepts every value the type accepts (a superset)", () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.double(), fc.string()), (value) => {
        if (typeAccepts(even, value)) expect(schemaAccepts(even, value)).toBe(true);
      }),
    );
  });
});

describe("types that JSON cannot express", () => {
  it.each([
    ["functionTo", types.functionTo(types.int), "(...args: any[]) => unknown"],
    ["optionType", types.optionType, "OptionType"],
    ["deferredModule", types.deferredModule, "Module"],
  ] as const)("%s says so and names its TypeScript type", (name, type, tsType) => {
    expect(optionSchema(type).x).toMatchObject({ "x-nixmod-unrepresentable": name, tsType });
  });
  it("a custom type without toJsonSchema is marked, not dropped", () => {
    const custom = types.mkOptionType({ name: "myType", check: () => true });
    expect(optionSchema(custom).x).toEqual({
      "x-nixmod-type": "myType",
      "x-nixmod-unrepresentable": "myType",
    });
  });
});
