/**
 * nixpkgs' lib.modules functions over definitions (pushDownProperties, dischargeProperties,
 * filterOverrides, sortProperties, mergeDefinitions, evalOptionValue, mapDefinitionValue) and the
 * deprecated ones around them. Expected values and messages are what Nix 2.8 printed with nixpkgs
 * lib (June 2026) for the same calls (`nix-instantiate --eval --strict --json`).
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  dischargeProperties,
  evalModules,
  evalOptionValue,
  filterOverrides,
  filterOverridesWithPrio,
  fixMergeModules,
  lib,
  mapDefinitionValue,
  mergeDefinitions,
  mkAliasIfDef,
  mkAliasOptionModuleMD,
  mkBefore,
  mkDefault,
  mkDefinition,
  mkFixStrictness,
  mkForce,
  mkIf,
  mkMerge,
  mkOption,
  mkOrder,
  mkOverride,
  pushDownProperties,
  sortProperties,
  types,
  type Def,
} from "../../lib/index.ts";
import { moduleError } from "../helpers/module-error.ts";
import { warningsOf } from "../helpers/warnings.ts";

/** A value as JSON sees it, so that lazy fields are read and compared as data. */
const data = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

const externalUse = (name: string) =>
  `External use of \`${name}\` is deprecated. If your use case isn't covered by non-deprecated functions, we'd like to know more and perhaps support your use case well, instead of providing access to these low level functions. In this case please open an issue in https://github.com/nixos/nixpkgs/issues/.`;

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("pushDownProperties and dischargeProperties", () => {
  it("push mkIf and mkOverride onto each attribute, and expand mkMerge, as Nix does", () => {
    const pushed = pushDownProperties(
      mkMerge<unknown>([
        { a: 1 },
        mkIf(true, { b: 2, c: 3 }),
        mkForce({ d: 4 }),
        mkIf(false, mkMerge<unknown>([{ e: 5 }, mkDefault({ f: 6 })])),
      ]),
    );
    expect(data(pushed)).toEqual(PUSH);
    expect(data(pushDownProperties(mkIf(true, 5)))).toEqual(PUSH_NON_ATTRS);
  });

  it("leave each attribute unread, and a condition function runs once for all its copies", () => {
    let conditionRuns = 0;
    let reads = 0;
    const content = {
      get a() {
        reads++;
        return 1;
      },
      get b() {
        reads++;
        return 2;
      },
    };
    const pushed = pushDownProperties(mkIf(() => (conditionRuns++, true), content));
    expect(reads).toBe(0);
    const attrs = pushed[0] as Record<string, unknown>;
    expect(dischargeProperties(attrs.a)).toEqual([1]);
    expect(dischargeProperties(attrs.b)).toEqual([2]);
    expect(conditionRuns).toBe(1);
    expect(reads).toBe(2);
  });

  it("discharge mkMerge and mkIf, keeping other properties", () => {
    const values = dischargeProperties(
      mkMerge<unknown>([1, mkIf(true, 2), mkIf(true, mkIf(false, 3)), mkForce(4)]),
    );
    expect(data(values)).toEqual(DISCHARGE);
  });

  it("refuse a condition that is no Boolean with Nix's words", () => {
    expect(moduleError(() => dischargeProperties(mkIf(5 as never, 1))).message).toContain(
      "‘mkIf’ called with a non-Boolean condition",
    );
  });

  it("warn once, as nixpkgs does for their use outside the module system", () => {
    // The first use in this file may have warned already: a fresh message proves nothing.
    const again = warningsOf(() => {
      pushDownProperties({ a: 1 });
      dischargeProperties(1);
    });
    expect(again).toEqual([]);
  });

  it("fail each use under NIX_ABORT_ON_WARN", () => {
    vi.stubEnv("NIX_ABORT_ON_WARN", "1");
    expect(moduleError(() => pushDownProperties({ a: 1 })).message).toContain(
      externalUse("lib.modules.pushDownProperties"),
    );
    expect(moduleError(() => dischargeProperties(1)).message).toContain(
      externalUse("lib.modules.dischargeProperties"),
    );
  });
});

describe("filterOverrides and sortProperties", () => {
  it("keep the definitions of the winning priority, stripped, with their other attributes", () => {
    const defs = [
      { file: "/1", value: mkOverride(10, "a") },
      { file: "/2", value: mkOverride(20, "b") },
      { file: "/3", value: "z" },
      { file: "/4", value: mkOverride(10, "d"), extra: true },
    ];
    expect(data(filterOverrides(defs))).toEqual(FILTER);
    expect(lib.modules["filterOverrides'"]).toBe(filterOverridesWithPrio);
    expect(
      data(
        filterOverridesWithPrio([
          { file: "/1", value: mkOverride(10, "a") },
          { file: "/3", value: "z" },
        ]),
      ),
    ).toEqual(FILTER_PRIME);
  });

  it("take one definition's priority as written, and compare several from 9999", () => {
    expect(data(filterOverridesWithPrio([{ file: "/1", value: mkOverride(10000, "a") }]))).toEqual(
      FILTER_SINGLE_HIGH,
    );
    const twoHigh = [
      { file: "/1", value: mkOverride(10000, "a") },
      { file: "/2", value: mkOverride(10000, "b") },
    ];
    expect(data(filterOverridesWithPrio(twoHigh))).toEqual(FILTER_TWO_HIGH);
    expect(data(filterOverridesWithPrio([]))).toEqual(FILTER_EMPTY);
  });

  it("take what is no definition as a plain one, as Nix's `or` does", () => {
    expect(filterOverrides([1 as never])).toEqual([1]);
    expect(filterOverrides([{ file: "a" } as never])).toEqual([{ file: "a" }]);
  });

  it("sort by mkOrder, stably, reading a priority a definition carries", () => {
    const defs = [
      { file: "a", value: mkOrder(1500, "x") },
      { file: "b", value: "y" },
      { file: "c", value: mkBefore("z") },
      { file: "d", value: "w", priority: 400 },
    ];
    expect(data(sortProperties(defs))).toEqual(SORT);
    expect(data(sortProperties([defs[1]!, defs[3]!]))).toEqual(SORT_NO_ORDER);
  });

  it("refuse what Nix cannot compare, in Nix's words", () => {
    const mixed = [
      { file: "a", value: mkOverride("x" as never, 1) },
      { file: "b", value: 2 },
    ];
    expect(moduleError(() => filterOverrides(mixed)).message).toBe(
      "cannot compare a string with an integer",
    );
    const orders = [
      { file: "a", value: mkOrder("x" as never, 1) },
      { file: "b", value: 2 },
    ];
    expect(moduleError(() => sortProperties(orders)).message).toBe(
      "cannot compare an integer with a string",
    );
    expect(moduleError(() => filterOverrides("x" as never)).message).toContain(
      "is a string while a list was expected",
    );
    expect(moduleError(() => sortProperties([null as never])).message).toContain(
      "is null while a set was expected",
    );
  });
});

describe("mergeDefinitions", () => {
  it("gives Nix's record: final definitions, priority, value, optionalValue", () => {
    const r = mergeDefinitions(["a", "b"], types.int, [
      { file: "f", value: 1 },
      { file: "g", value: mkForce(2) },
      { file: "h", value: mkIf(true, mkForce(2)) },
    ]);
    expect(
      data({
        mergedValue: r.mergedValue,
        defsFinal: r.defsFinal,
        isDefined: r.isDefined,
        optionalValue: r.optionalValue,
        p: r["defsFinal'"],
        cm: { headError: r.checkedAndMerged.headError, value: r.checkedAndMerged.value },
      }),
    ).toEqual(MERGE);
  });

  it("merges lists in mkOrder order, with the v2 merge's metadata and head error", () => {
    const r = mergeDefinitions(["l"], types.listOf(types.str), [
      { file: "f", value: ["a"] },
      { file: "g", value: mkBefore(["b"]) },
    ]);
    expect(
      data({
        mergedValue: r.mergedValue,
        defsFinal: r.defsFinal,
        vm: Object.keys(r.checkedAndMerged.valueMeta).sort(),
        he: r.checkedAndMerged.headError,
      }),
    ).toEqual(MERGE_LIST);
    const bad = mergeDefinitions(["l"], types.listOf(types.str), [{ file: "f", value: "x" }]);
    expect(bad.checkedAndMerged.headError).toEqual(MERGE_LIST_BAD);
  });

  // What Nix printed: the v2 merge's own value, which only `mergedValue` checks.
  it("gives the v2 merge's unchecked value in checkedAndMerged when the definitions fail the check", () => {
    const cm = (type: any, ...values: unknown[]) =>
      mergeDefinitions(
        ["o"],
        type,
        values.map((value) => ({ file: "f", value })),
      ).checkedAndMerged;
    expect(warningsOf(() => cm(types.either(types.int, types.str), true).value)).toHaveLength(1);
    expect(cm(types.nonEmptyListOf(types.int), []).value).toEqual([]);
    expect(cm(types.coercedTo(types.int, String, types.str), true).value).toBe(true);
    expect(cm(types.nonEmptyListOf(types.int), []).headError).not.toBeNull();
    expect(moduleError(() => cm(types.listOf(types.int), true).value).message).toBe(
      "value is a Boolean while a list was expected",
    );
  });

  it("is undefined without a surviving definition: the type's empty value or Nix's error", () => {
    const none = mergeDefinitions(["o"], types.nullOr(types.int), [
      { file: "f", value: mkIf(false, 3) },
    ]);
    expect(
      data({
        isDefined: none.isDefined,
        optionalValue: none.optionalValue,
        defsFinal: none.defsFinal,
        mergedValue: none.mergedValue,
        p: none["defsFinal'"],
      }),
    ).toEqual(MERGE_NONE);
    const str = mergeDefinitions(["o"], types.str, []);
    expect(data({ isDefined: str.isDefined, optionalValue: str.optionalValue })).toEqual(
      MERGE_NONE_STR,
    );
    expect(moduleError(() => str.mergedValue).message).toBe(
      "The option `o' was accessed but has no value defined. Try setting the option.",
    );
  });

  it("fails as the option would, when the value is read", () => {
    const r = mergeDefinitions(["a"], types.int, [{ file: "f", value: "x" }]);
    expect(r.isDefined).toBe(true);
    const error = moduleError(() => r.mergedValue);
    expect(error.message).toContain("A definition for option `a' is not of type `signed integer'.");
    expect(error.loc).toEqual(["a"]);
  });

  it("reads a definition's value only when merging, once", () => {
    let reads = 0;
    const def = {
      file: "f",
      get value() {
        reads++;
        return 3;
      },
    };
    const r = mergeDefinitions(["a"], types.int, [def]);
    expect(reads).toBe(0);
    expect(r.mergedValue).toBe(3);
    expect(r.optionalValue).toEqual({ value: 3 });
    expect(reads).toBe(1);
  });

  it("lets a custom type merge its elements as the module system would", () => {
    const pairOf = (elem: typeof types.int) =>
      types.mkOptionType({
        name: "pairOf",
        check: (v: unknown) => Array.isArray(v),
        merge: (loc: string[], defs: Def[]) =>
          [0, 1].map(
            (i) =>
              mergeDefinitions(
                [...loc, `[${i}]`],
                elem,
                defs.map((d) => ({ file: d.file, value: (d.value as unknown[])[i] })),
              ).mergedValue,
          ),
      });
    const result = evalModules({
      modules: [
        { options: { p: mkOption({ type: pairOf(types.int) }) } },
        { p: [1, mkDefault(5)] },
        { p: [mkDefault(9), 2] },
      ],
    });
    expect(result.config.p).toEqual([1, 2]);
  });

  it("refuses arguments that are no path, type or definition list", () => {
    expect(moduleError(() => mergeDefinitions("a" as never, types.int, [])).message).toContain(
      "is a string while a list was expected",
    );
    expect(moduleError(() => mergeDefinitions(["a"], 5 as never, [])).message).toContain(
      "is an integer while an option type was expected",
    );
    expect(
      moduleError(() => mergeDefinitions(["a"], types.int, [{ file: "f" }] as never)).message,
    ).toBe("attribute 'value' missing");
  });
});

describe("evalOptionValue", () => {
  const declared = <T>(spec: Parameters<typeof mkOption<T>>[0]) => ({
    ...mkOption(spec),
    declarations: ["decl.nix"],
  });

  it("gives the option record, with the default as a definition of the first declaration", () => {
    const o = lib.modules.evalOptionValue(["a", "b"], declared({ type: types.int, default: 3 }), [
      { file: "x", value: mkDefault(4) },
    ]);
    expect(
      data({
        value: o.value,
        highestPrio: o.highestPrio,
        files: o.files,
        definitions: o.definitions,
        isDefined: o.isDefined,
        definitionsWithLocations: o.definitionsWithLocations,
        s: `${o}`,
      }),
    ).toEqual(EVAL_OPT);
    const withDefault = evalOptionValue(
      ["a"],
      declared({ type: types.int, default: 3, apply: (x: number) => x * 10 }),
      [],
    );
    expect(
      data({
        value: withDefault.value,
        highestPrio: withDefault.highestPrio,
        files: withDefault.files,
        definitions: withDefault.definitions,
        isDefined: withDefault.isDefined,
      }),
    ).toEqual(EVAL_OPT_DEFAULT);
    const none = evalOptionValue(["a"], declared({ type: types.listOf(types.int) }), []);
    expect(
      data({
        value: none.value,
        highestPrio: none.highestPrio,
        files: none.files,
        definitions: none.definitions,
        isDefined: none.isDefined,
      }),
    ).toEqual(EVAL_OPT_NONE);
  });

  it("refuses a read-only option set twice, in Nix's words", () => {
    const o = evalOptionValue(["a"], declared({ type: types.int, readOnly: true, default: 1 }), [
      { file: "f", value: 2 },
    ]);
    expect(moduleError(() => o.value).message).toContain(
      "The option `a' is read-only, but it's set multiple times.",
    );
  });

  it("refuses a path, option or declaration list it cannot use", () => {
    const opt = declared({ type: types.int });
    expect(moduleError(() => evalOptionValue([], opt, [])).message).toBe(
      "evalOptionValue needs an option path of at least one name",
    );
    expect(moduleError(() => evalOptionValue(["a"], 5 as never, [])).message).toContain(
      "is an integer while a set was expected",
    );
    expect(
      moduleError(() => evalOptionValue(["a"], { ...opt, declarations: "d" as never }, [])).message,
    ).toContain("is a string while a list was expected");
    expect(
      moduleError(() => evalOptionValue(["a"], { ...opt, type: "int" as never }, [])).message,
    ).toContain("is a string while an option type was expected");
    expect(moduleError(() => evalOptionValue(["a"], opt, [{ value: 1 }] as never)).message).toBe(
      "attribute 'file' missing",
    );
  });

  it("warns once from lib's top, as nixpkgs does, and not from lib.modules", () => {
    vi.stubEnv("NIX_ABORT_ON_WARN", "1");
    const opt = declared({ type: types.int, default: 1 });
    expect(lib.modules.evalOptionValue(["a"], opt, []).value).toBe(1);
    expect(moduleError(() => lib.evalOptionValue(["a"], opt, [])).message).toContain(
      externalUse("lib.evalOptionValue"),
    );
  });
});

describe("mapDefinitionValue", () => {
  it("applies the function inside every property, which all stay", () => {
    expect(data(mapDefinitionValue((x) => (x as number) + 1, mkIf(true, mkForce(1))))).toEqual(
      MAP_DEF,
    );
    const merged = mapDefinitionValue(
      (x) => (x as number) * 2,
      mkMerge<unknown>([1, mkOrder(5, 2), mkDefinition({ file: "q", value: mkBefore(3) })]),
    );
    expect(data(merged)).toEqual(MAP_DEF_MERGE);
    expect(mapDefinitionValue((x) => (x as number) + 1, 1)).toBe(MAP_DEF_PLAIN);
  });

  it("calls the function only for what is read", () => {
    let calls = 0;
    const mapped = mapDefinitionValue(
      (x) => (calls++, x),
      mkMerge<unknown>([mkIf(true, 1), mkForce(2)]),
    ) as { contents: { content: unknown }[] };
    expect(calls).toBe(0);
    expect(mapped.contents[1]!.content).toBe(2);
    expect(calls).toBe(1);
    expect(
      evalModules({
        modules: [
          { options: { n: mkOption({ type: types.int }) } },
          { n: mapDefinitionValue((x) => (x as number) * 3, mkDefault(2)) },
        ],
      }).config.n,
    ).toBe(6);
  });

  it("refuses a function that is none", () => {
    expect(moduleError(() => mapDefinitionValue(5 as never, 1)).message).toContain(
      "is an integer while a function was expected",
    );
  });
});

describe("deprecated lib.modules functions", () => {
  it("still do what they did", () => {
    expect(mkFixStrictness(3)).toBe(MKFIX);
    const aliased = evalModules({
      modules: [
        { options: { new: mkOption({ type: types.int }) } },
        mkAliasOptionModuleMD(["old"], ["new"]),
        { old: 4 },
      ],
    });
    expect(aliased.config.new).toBe(4);
    const aliasIfDef = (declared: Record<string, unknown>) =>
      evalModules({
        modules: [
          { options: { a: mkOption(declared), b: mkOption({ type: types.int, default: 0 }) } },
          ({ options }: { options: any }) => ({
            get b() {
              return mkAliasIfDef(options.a)(2);
            },
          }),
        ],
      }).config.b;
    expect(aliasIfDef({ type: types.int, default: 1 })).toBe(2);
    expect(aliasIfDef({ type: types.int })).toBe(0);
    // Nix: the undeclared definition is dropped unchecked; the arguments reach the modules.
    const unchecked = fixMergeModules(
      [
        { options: { seen: mkOption({ type: types.bool }) } },
        (args: { extra: boolean }) => ({
          undeclared: 1,
          get seen() {
            return args.extra;
          },
        }),
      ],
      { extra: true },
    );
    expect(JSON.stringify(unchecked.config)).toBe('{"seen":true}');
  });

  it("fail under NIX_ABORT_ON_WARN with Nix's messages", () => {
    vi.stubEnv("NIX_ABORT_ON_WARN", "1");
    expect(moduleError(() => mkFixStrictness(3)).message).toContain(
      "lib.mkFixStrictness has no effect and will be removed. It returns its argument unmodified, so you can just remove any calls.",
    );
    expect(moduleError(() => mkAliasIfDef({ isDefined: true })).message).toContain(
      "Usage of 'mkAliasIfDef' has been deprecated. Use 'mkIf option.isDefined' instead.",
    );
    expect(moduleError(() => mkAliasOptionModuleMD(["a"], ["b"])).message).toContain(
      "mkAliasOptionModuleMD is deprecated and will be removed in 26.05; please use mkAliasOptionModule.",
    );
  });

  it("are on lib where nixpkgs has them", () => {
    for (const name of [
      "mergeDefinitions",
      "pushDownProperties",
      "dischargeProperties",
      "filterOverrides",
      "sortProperties",
      "mkFixStrictness",
      "fixMergeModules",
      "mkAliasOptionModuleMD",
      "evalOptionValue",
      "isType",
      "setType",
      "defaultTypeMerge",
      "defaultFunctor",
      "isOptionType",
      "mkOptionType",
    ])
      expect(name in lib, name).toBe(true);
    for (const name of ["mapDefinitionValue", "mkAliasIfDef", "filterOverrides'"]) {
      expect(name in lib, name).toBe(false);
      expect(name in lib.modules, name).toBe(true);
    }
    expect(lib.mkOptionType).toBe(types.mkOptionType);
  });
});

// What Nix printed for the same calls.
const PUSH = [
  { a: 1 },
  {
    b: { _type: "if", condition: true, content: 2 },
    c: { _type: "if", condition: true, content: 3 },
  },
  { d: { _type: "override", content: 4, priority: 50 } },
  { e: { _type: "if", condition: false, content: 5 } },
  {
    f: {
      _type: "if",
      condition: false,
      content: { _type: "override", content: 6, priority: 1000 },
    },
  },
];
const PUSH_NON_ATTRS = [5];
const DISCHARGE = [1, 2, { _type: "override", content: 4, priority: 50 }];
const FILTER = [
  { file: "/1", value: "a" },
  { extra: true, file: "/4", value: "d" },
];
const FILTER_PRIME = { highestPrio: 10, values: [{ file: "/1", value: "a" }] };
const FILTER_SINGLE_HIGH = { highestPrio: 10000, values: [{ file: "/1", value: "a" }] };
const FILTER_TWO_HIGH = { highestPrio: 9999, values: [] };
const FILTER_EMPTY = { highestPrio: 9999, values: [] };
const SORT = [
  { file: "d", priority: 400, value: "w" },
  { file: "c", priority: 500, value: "z" },
  { file: "b", value: "y" },
  { file: "a", priority: 1500, value: "x" },
];
const SORT_NO_ORDER = [
  { file: "d", priority: 400, value: "w" },
  { file: "b", value: "y" },
];
const MERGE = {
  cm: { headError: null, value: 2 },
  defsFinal: [
    { file: "g", value: 2 },
    { file: "h", value: 2 },
  ],
  isDefined: true,
  mergedValue: 2,
  optionalValue: { value: 2 },
  p: {
    highestPrio: 50,
    values: [
      { file: "g", value: 2 },
      { file: "h", value: 2 },
    ],
  },
};
const MERGE_LIST = {
  defsFinal: [
    { file: "g", priority: 500, value: ["b"] },
    { file: "f", value: ["a"] },
  ],
  he: null,
  mergedValue: ["b", "a"],
  vm: ["_internal", "list"],
};
const MERGE_LIST_BAD = { message: 'Definition values: \n- In `f\': "x"' };
const MERGE_NONE = {
  defsFinal: [],
  isDefined: false,
  mergedValue: null,
  optionalValue: {},
  p: { highestPrio: 9999, values: [] },
};
const MERGE_NONE_STR = { isDefined: false, optionalValue: {} };
const EVAL_OPT = {
  definitions: [4],
  definitionsWithLocations: [{ file: "x", value: 4 }],
  files: ["x"],
  highestPrio: 1000,
  isDefined: true,
  s: "a.b",
  value: 4,
};
const EVAL_OPT_DEFAULT = {
  definitions: [3],
  files: ["decl.nix"],
  highestPrio: 1500,
  isDefined: true,
  value: 30,
};
const EVAL_OPT_NONE = {
  definitions: [],
  files: [],
  highestPrio: 9999,
  isDefined: false,
  value: [],
};
const MAP_DEF = {
  _type: "if",
  condition: true,
  content: { _type: "override", content: 2, priority: 50 },
};
const MAP_DEF_MERGE = {
  _type: "merge",
  contents: [
    2,
    { _type: "order", content: 4, priority: 5 },
    { _type: "definition", file: "q", value: { _type: "order", content: 6, priority: 500 } },
  ],
};
const MAP_DEF_PLAIN = 2;
const MKFIX = 3;
