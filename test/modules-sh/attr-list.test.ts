// modules.sh: types.attrListOf and types.attrListWith (declare-attrList.nix), and that two
// declarations of such an option do not merge (declare-attrList-type-merge.nix).
import { describe, expect, it } from "vitest";
import {
  evalModules,
  mkAfter,
  mkBefore,
  mkDefault,
  mkDefinition,
  mkForce,
  mkIf,
  mkMerge,
  mkOption,
  mkOrder,
  mkOverride,
  types,
} from "nixmod";
import { checkConfigError, evalConfig, fixture } from "./helpers.ts";

/**
 * The fixture discards some values for `mkForce`, and checks they are never evaluated by
 * making them `abort`. A JavaScript argument is evaluated before the call; these values are of
 * the wrong type instead, which fails the evaluation where one is merged.
 */
const discarded = 0;

const declareAttrList = fixture("declare-attrList.nix", {
  imports: [{ attrListInt: { multiModule: [{ b: 2 }] } }],
  options: {
    attrList: mkOption({ type: types.lazyAttrsOf(types.attrListOf(types.str)) }),
    attrListInt: mkOption({ type: types.lazyAttrsOf(types.attrListOf(types.int)) }),
    attrListSubmodule: mkOption({
      type: types.attrListOf(
        types.submodule({
          options: {
            port: mkOption({ type: types.int, description: "Port number" }),
            host: mkOption({ type: types.str, default: "localhost", description: "Hostname" }),
          },
        }),
      ),
    }),
    asAttrs: mkOption({
      type: types.lazyAttrsOf(
        types.attrListWith({
          elemType: types.str,
          asAttrs: true,
          mergeAttrValues: (_name, values) => values[values.length - 1],
        }),
      ),
    }),
    asAttrsDefault: mkOption({
      type: types.lazyAttrsOf(types.attrListWith({ elemType: types.int, asAttrs: true })),
    }),
    eitherAttrListOrInt: mkOption({ type: types.either(types.attrListOf(types.str), types.int) }),
    eitherAttrListOrIntFallback: mkOption({
      type: types.either(types.attrListOf(types.str), types.int),
    }),
    eitherIntOrAttrList: mkOption({ type: types.either(types.int, types.attrListOf(types.str)) }),
    eitherIntOrAttrListFallback: mkOption({
      type: types.either(types.int, types.attrListOf(types.str)),
    }),
  },
  config: {
    attrList: {
      listInput: [{ a: "alpha" }, { b: "beta" }],
      attrsetOrdered: { x: mkOrder(200, "x-val"), y: mkOrder(100, "y-val") },
      mixed: mkMerge([[{ m: "from-list" }], { n: mkOrder(50, "from-attrset") }]),
      attrsetNoOrder: { foo: "bar", baz: "qux" },
      empty: [],
      ordering: mkMerge([
        { last: mkOrder(1500, "last") },
        { first: mkOrder(500, "first") },
        [{ middle: "middle" }],
      ]),
      listOrdering: [mkAfter({ z: "after" }), { m: "default" }, mkBefore({ a: "before" })],
      listDefaultPrio: mkMerge([
        { after: mkOrder(1001, "after") },
        [{ mid: "list-entry" }],
        { before: mkOrder(999, "before") },
      ]),
      beforeAfter: mkMerge([
        { z: mkAfter("after") },
        { a: mkBefore("before") },
        [{ m: "default" }],
      ]),
      withMkIf: mkMerge([mkIf(true, [{ yes: "included" }]), mkIf(false, [{ no: "excluded" }])]),
      withOverride: mkMerge([
        mkOverride(100, [{ replaced: "gone" }]),
        mkOverride(50, [{ winner: "wins" }]),
      ]),
      withDefault: mkMerge([mkDefault([{ default: "overridden" }]), [{ normal: "wins" }]]),
      withForce: mkMerge([[{ discarded: "gone" }], mkForce([{ forced: "wins" }])]),
      forceWithOrder: mkForce([mkAfter({ second: "after" }), mkBefore({ first: "before" })]),
      forceAttrset: mkMerge([
        [{ discarded: "gone" }],
        mkForce({ x: mkOrder(200, "x-val"), y: mkOrder(100, "y-val") }),
      ]),
      forceRepeatedKey: [
        { x: mkOverride(100, discarded) },
        { x: mkForce("wins") },
        { x: mkForce("wins 2") },
      ],
      forceRepeatedKeyMerge: mkMerge([
        [{ x: "unused: overridden by mkForce" }, { x: mkDefault(discarded) }],
        [{ x: mkOverride(100, discarded) }],
        [{ x: mkForce("forced") }],
      ]),
      forceRepeatedKeyAttrs: mkMerge([
        { x: mkDefault(discarded), y: "kept" },
        { x: mkForce("forced") },
      ]),
      forcePartialAttrs: mkMerge([
        { x: "unused: overridden by mkForce", y: "normal y" },
        { x: mkForce("forced x") },
      ]),
      forceMixedFormats: mkMerge([
        [{ x: mkOverride(100, discarded) }, { y: "list y" }],
        { x: mkForce("attrset forced x") },
      ]),
      nestListOrderForce: mkMerge([
        [
          { x: mkDefault(discarded) },
          mkOrder(500, { x: mkForce("forced-early") }),
          mkOrder(1500, { y: "late" }),
        ],
        [mkOrder(100, { z: "earliest" })],
      ]),
      nestListOrderOfForce: mkMerge([
        [{ x: mkOverride(100, discarded) }, { y: "plain-early" }],
        [{ x: mkOrder(1500, mkForce("forced-late")) }, { z: mkOrder(500, "earliest") }],
        [{ x: "unused: overridden by mkForce" }, { w: mkOrder(1200, "mid") }],
      ]),
      nestListForceOfOrder: mkMerge([
        [{ x: "unused: overridden by mkForce" }, { y: "plain-early" }],
        [{ x: mkForce(mkOrder(1500, "forced-late")) }, { z: mkOrder(500, "earliest") }],
        [{ x: mkDefault(discarded) }, { w: mkOrder(1200, "mid") }],
      ]),
      nestAttrsOrderOfForce: mkMerge([
        { x: mkOverride(100, discarded), y: "plain-early" },
        { x: mkOrder(1500, mkForce("forced-late")), z: mkOrder(500, "earliest") },
        { x: "unused: overridden by mkForce", w: mkOrder(1200, "mid") },
      ]),
      nestAttrsForceOfOrder: mkMerge([
        { x: "unused: overridden by mkForce", y: "plain-early" },
        { x: mkForce(mkOrder(1500, "forced-late")), z: mkOrder(500, "earliest") },
        { x: mkDefault(discarded), w: mkOrder(1200, "mid") },
      ]),
      badListElem: [{ a: "ok", b: "extra" }],
      badString: "not-a-container",
      badListString: ["not a singleton attribute"],
    },
    attrListInt: {
      multiModule: [{ a: 1 }],
      forceElementValue: [
        { a: mkDefault("overridden by mkForce") },
        { a: mkForce(42) },
        { a: mkOverride(100, "overridden by mkForce") },
        { b: 2 },
      ],
      optionalValueList: [{ a: mkIf(true, 1) }, { b: mkIf(false, 2) }, { c: 3 }],
      optionalValueAttrs: { a: mkIf(true, 1), b: mkIf(false, 2), c: 3 },
      badValue: [{ a: "not-an-int" }],
    },
    attrListSubmodule: [{ web: { port: 80 } }, { db: { port: 5432, host: "dbhost" } }],
    asAttrs: {
      unique: [{ a: "alpha" }, { b: "beta" }],
      duplicateKeys: mkMerge([
        { x: mkOrder(500, "first") },
        { x: mkOrder(1500, "last") },
        { y: "only" },
      ]),
      ordered: { z: mkOrder(200, "z-val"), a: mkOrder(100, "a-val") },
      withForce: mkMerge([
        { x: "unused: overridden by mkForce" },
        { x: mkForce("forced"), y: "kept" },
      ]),
      empty: [],
    },
    asAttrsDefault: {
      unique: [{ a: 1 }, { b: 2 }],
      duplicates: mkMerge([
        { x: mkOrder(500, 10) },
        { x: mkOrder(1500, 30) },
        { y: 99 },
        [{ x: 20 }],
      ]),
    },
    eitherAttrListOrInt: [{ a: "hello" }, { b: "world" }],
    eitherAttrListOrIntFallback: 42,
    eitherIntOrAttrList: 42,
    eitherIntOrAttrListFallback: [{ a: "hello" }],
  },
});

/** The selected value as JSON would give it, every lazy part read. */
const value = (attr: string) =>
  JSON.parse(JSON.stringify(evalConfig(`config.${attr}`, [declareAttrList])));

/** The selected option metadata, read as the fixture's `valueMeta` assertions read it. */
const meta = (attr: string): any => evalConfig(`options.${attr}.valueMeta`, [declareAttrList]);

describe("declare-attrList.nix", () => {
  // The fixture's `assertions` on values.
  it.each<[string, unknown]>([
    ["attrList.listInput", [{ a: "alpha" }, { b: "beta" }]],
    ["attrList.attrsetOrdered", [{ y: "y-val" }, { x: "x-val" }]],
    ["attrList.mixed", [{ n: "from-attrset" }, { m: "from-list" }]],
    ["attrListInt.multiModule", [{ b: 2 }, { a: 1 }]],
    ["attrList.empty", []],
    ["attrList.listOrdering", [{ a: "before" }, { m: "default" }, { z: "after" }]],
    ["attrList.listDefaultPrio", [{ before: "before" }, { mid: "list-entry" }, { after: "after" }]],
    ["attrList.ordering", [{ first: "first" }, { middle: "middle" }, { last: "last" }]],
    ["attrList.beforeAfter", [{ a: "before" }, { m: "default" }, { z: "after" }]],
    ["attrList.withMkIf", [{ yes: "included" }]],
    ["attrList.withOverride", [{ winner: "wins" }]],
    ["attrList.withDefault", [{ normal: "wins" }]],
    ["attrList.withForce", [{ forced: "wins" }]],
    ["attrList.forceWithOrder", [{ first: "before" }, { second: "after" }]],
    ["attrListInt.forceElementValue", [{ a: 42 }, { b: 2 }]],
    ["attrList.forceAttrset", [{ y: "y-val" }, { x: "x-val" }]],
    ["attrList.forceRepeatedKey", [{ x: "wins" }, { x: "wins 2" }]],
    ["attrList.forceRepeatedKeyMerge", [{ x: "forced" }]],
    ["attrList.forceRepeatedKeyAttrs", [{ y: "kept" }, { x: "forced" }]],
    ["attrList.forcePartialAttrs", [{ y: "normal y" }, { x: "forced x" }]],
    ["attrList.forceMixedFormats", [{ y: "list y" }, { x: "attrset forced x" }]],
    ["attrList.nestListOrderForce", [{ z: "earliest" }, { x: "forced-early" }, { y: "late" }]],
    ...[
      "nestListOrderOfForce",
      "nestListForceOfOrder",
      "nestAttrsOrderOfForce",
      "nestAttrsForceOfOrder",
    ].map((name): [string, unknown] => [
      `attrList.${name}`,
      [{ z: "earliest" }, { y: "plain-early" }, { w: "mid" }, { x: "forced-late" }],
    ]),
    ["attrListInt.optionalValueList", [{ a: 1 }, { c: 3 }]],
    ["attrListInt.optionalValueAttrs", [{ a: 1 }, { c: 3 }]],
    [
      "attrListSubmodule",
      [{ web: { host: "localhost", port: 80 } }, { db: { host: "dbhost", port: 5432 } }],
    ],
    ["eitherAttrListOrInt", [{ a: "hello" }, { b: "world" }]],
    ["eitherAttrListOrIntFallback", 42],
    ["eitherIntOrAttrList", 42],
    ["eitherIntOrAttrListFallback", [{ a: "hello" }]],
    ["asAttrs.unique", { a: "alpha", b: "beta" }],
    ["asAttrs.duplicateKeys", { x: "last", y: "only" }],
    ["asAttrs.ordered", { a: "a-val", z: "z-val" }],
    ["asAttrs.withForce", { x: "forced", y: "kept" }],
    ["asAttrs.empty", {}],
    ["asAttrsDefault.unique", { a: [1], b: [2] }],
    ["asAttrsDefault.duplicates", { x: [10, 20, 30], y: [99] }],
  ])("modules.sh:850 %s", (attr, expected) => {
    expect(value(attr)).toEqual(expected);
  });

  it("modules.sh:850 a submodule element's valueMeta is its configuration", () => {
    const elements = meta("attrListSubmodule").attrList;
    expect(elements.map((m: any) => JSON.parse(JSON.stringify(m.configuration.config)))).toEqual([
      { host: "localhost", port: 80 },
      { host: "dbhost", port: 5432 },
    ]);
    const { _module, ...options } = elements[0].configuration.options;
    expect(
      Object.fromEntries(Object.entries(options).map(([n, o]: any) => [n, o.description])),
    ).toEqual({ host: "Hostname", port: "Port number" });
  });

  it.each<[string, number]>([
    ["listInput", 2],
    ["attrsetOrdered", 2],
    ["mixed", 2],
    ["empty", 0],
  ])("modules.sh:850 valueMeta.attrList of attrList.%s has one entry per element", (name, n) => {
    expect(meta("attrList").attrs[name].attrList).toEqual(Array(n).fill({}));
  });

  it("modules.sh:850 valueMeta.attrList leaves out filtered elements", () => {
    expect(meta("attrListInt").attrs.optionalValueList.attrList).toEqual([{}, {}]);
  });

  it.each<[string, string, unknown]>([
    ["asAttrs", "unique", [{ a: "alpha" }, { b: "beta" }]],
    ["asAttrs", "duplicateKeys", [{ x: "first" }, { y: "only" }, { x: "last" }]],
    ["asAttrs", "ordered", [{ a: "a-val" }, { z: "z-val" }]],
    ["asAttrsDefault", "duplicates", [{ x: 10 }, { y: 99 }, { x: 20 }, { x: 30 }]],
  ])("modules.sh:850 %s.%s keeps the ordered list in valueMeta", (option, name, expected) => {
    expect(JSON.parse(JSON.stringify(meta(option).attrs[name].attrListValue))).toEqual(expected);
  });

  it("modules.sh:850 valueMeta.definitions are the elements as ordered definitions", () => {
    const defs = meta("asAttrs").attrs.duplicateKeys.definitions;
    expect(
      defs.map((d: any) => ({ prio: d.value.priority, value: { ...d.value.content } })),
    ).toEqual([
      { prio: 500, value: { x: "first" } },
      { prio: 1000, value: { y: "only" } },
      { prio: 1500, value: { x: "last" } },
    ]);
    // Fed to another option with an mkOrder between them, they keep their places.
    const asFlag = (d: any): any => {
      const [[name, v]] = Object.entries(d.value.content);
      return mkDefinition({ file: d.file, value: mkOrder(d.value.priority, [`-${name}${v}`]) });
    };
    const { config } = evalModules({
      modules: [
        { options: { out: mkOption({ type: types.listOf(types.str) }) } },
        { out: mkMerge(defs.map(asFlag)) },
        { out: mkOrder(800, ["--interleaved"]) },
      ],
    });
    expect(config.out).toEqual(["-xfirst", "--interleaved", "-yonly", "-xlast"]);
  });

  it("modules.sh:850 attrsetNoOrder has both names", () => {
    expect(value("attrList.attrsetNoOrder")).toHaveLength(2);
  });

  // The fixture reads these through `attrListIntStrict`/`attrListStrict`, which `deepSeq` the
  // values; JSON reads every part of the selected value anyway.
  it("modules.sh:851 an element's value of the wrong type", () => {
    checkConfigError(
      "A definition for option .attrListInt.badValue.a. is not of type .signed integer.. Definition values:",
      "config.attrListInt.badValue",
      [declareAttrList],
    );
  });
  it("modules.sh:852 an element with two names", () => {
    checkConfigError(
      "A definition for option .attrList.badListElem. is not of type .attribute list of string.. Each list element must be a single-key attribute set, but got 2 keys",
      "config.attrList.badListElem",
      [declareAttrList],
    );
  });
  it("modules.sh:853 a string for the whole list", () => {
    checkConfigError(
      "A definition for option .attrList.badString. is not of type .attribute list of string.. TypeError: Definition values:",
      "config.attrList.badString",
      [declareAttrList],
    );
  });
  it("modules.sh:854 an element that is no attribute set", () => {
    checkConfigError(
      "A definition for option .attrList.badListString. is not of type .attribute list of string.. Each list element must be an attribute set, but got string",
      "config.attrList.badListString",
      [declareAttrList],
    );
  });
});

describe("attrList-valueMeta-definitions-file-diagnostic-forwarding.nix", () => {
  const forwarding = fixture(
    "attrList-valueMeta-definitions-file-diagnostic-forwarding.nix",
    ({ options }: any) => ({
      imports: [{ _file: "the-defs-file.nix", config: { flags: { "my-flag": 3.14 } } }],
      options: {
        flags: mkOption({
          type: types.attrListWith({
            elemType: types.anything,
            asAttrs: true,
            mergeAttrValues: (_name, values) => values[0],
          }),
        }),
        argv: mkOption({ type: types.listOf(types.str) }),
      },
      config: {
        // The float from the-defs-file.nix fails argv's type, with that file in the message.
        get argv() {
          return mkMerge(options.flags.valueMeta.definitions);
        },
      },
    }),
  );
  it("modules.sh:857 a definition forwarded from valueMeta keeps its file", () => {
    checkConfigError("the-defs-file\\.nix", "config.argv", [forwarding]);
  });
});

describe("declare-attrList-type-merge.nix", () => {
  it("modules.sh:860 two declarations do not merge", () => {
    const declaration = () => ({
      options: { merged: mkOption({ type: types.attrListOf(types.str) }) },
    });
    const typeMerge = fixture("declare-attrList-type-merge.nix", {
      imports: [declaration(), declaration()],
    });
    checkConfigError(
      "The option .merged. in .*/declare-attrList-type-merge.nix. is already declared in .*/declare-attrList-type-merge.nix",
      "config.merged",
      [typeMerge],
    );
  });
});
