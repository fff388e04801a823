/**
 * The types nixpkgs lib 26.11 has that nixmod added later: `numbers`, `passwdEntry`,
 * `pathInStore`, `externalPath`, `shellPackage`, `pkgs`, `serializableValueWith` (`json`,
 * `toml`), `attrListOf`/`attrListWith`, `luaInline`, `loaOf` and the functions of `lib.types`.
 *
 * Each case was evaluated twice, by nixmod and by Nix 2.8 with nixpkgs lib 26.11: the comment
 * above it is its Nix twin, written with the same helpers as below (`ev` is
 * `(lib.evalModules { inherit modules; }).config`, `t` is `lib.types`, `drv` and `shell` a
 * derivation without and with `shellPath`, `lua` what `lib.generators.mkLuaInline` makes). The
 * expected values and messages are what Nix printed. Nix 2.8 prints a message without the spaces
 * that end its lines, and with the position of a function called with a wrong argument, which
 * is left out here.
 */
import { describe, expect, it } from "vitest";
import {
  evalModules,
  mkAfter,
  mkBefore,
  mkDefault,
  mkForce,
  mkIf,
  mkMerge,
  mkOption,
  mkOrder,
  mkOverride,
  mkPackage,
  types,
  type OptionType,
} from "../../lib/index.ts";
import { moduleError } from "../helpers/module-error.ts";

/** The cases pass wrong arguments and call types' functions as Nix code would: untyped. */
const T: any = types;

const ev = (modules: unknown[]) => evalModules({ modules: modules as never }).config as any;
const opts = (modules: unknown[]) => evalModules({ modules: modules as never }).options as any;
const opt = (type: OptionType) => mkOption({ type });
const one = (type: OptionType, def: unknown) =>
  ev([
    { _file: "decl.nix", options: { a: opt(type) } },
    { _file: "def.nix", config: { a: def } },
  ]).a;
const two = (type: OptionType, d1: unknown, d2: unknown) =>
  ev([
    { _file: "decl.nix", options: { a: opt(type) } },
    { _file: "one.nix", config: { a: d1 } },
    { _file: "two.nix", config: { a: d2 } },
  ]).a;
const twice = (t1: OptionType, t2: OptionType, def: unknown) =>
  ev([
    { _file: "a.nix", options: { a: opt(t1) } },
    { _file: "b.nix", options: { a: opt(t2) } },
    { _file: "def.nix", config: { a: def } },
  ]).a;
const info = (ty: OptionType) => ({
  description: ty.description,
  descriptionClass: ty.descriptionClass,
  empty: "value" in ty.emptyValue ? [ty.emptyValue.value] : [],
  functor: ty.functor.name,
  name: ty.name,
});
const twiceInfo = (t1: OptionType, t2: OptionType) =>
  info(
    opts([
      { _file: "a.nix", options: { a: opt(t1) } },
      { _file: "b.nix", options: { a: opt(t2) } },
    ]).a.type,
  );
const storeOut = "/nix/store/0fb3ykw9r5hpayd05sr0cizwadzq1d8q-bash-5.2";
const drv = () => ({ type: "derivation", name: "bash", outPath: storeOut });
const shell = () => ({ ...drv(), shellPath: "/bin/bash" });
const lua = (expr: string) => ({ _type: "lua-inline", expr });
const al = (e: OptionType = T.str) => T.attrListOf(e);
const ser = () => T.serializableValueWith({ typeName: "VAL" });
const serNN = () => T.serializableValueWith({ typeName: "VAL", nullable: false });

type Case = [string, () => unknown, { value: unknown } | { error: string }];

/** Runs a case: its value as JSON (which reads every lazy part), or its ModuleError's message. */
function check(_name: string, run: () => unknown, expected: Case[2]): void {
  if ("value" in expected) {
    expect(JSON.parse(JSON.stringify(run() ?? null))).toEqual(expected.value);
  } else {
    const message = moduleError(() => JSON.stringify(run())).message;
    expect(message.replace(/[ \t]+\n/g, "\n")).toBe(expected.error);
  }
}

describe("numbers", () => {
  it.each<Case>([
    // info t.number
    [
      "info number",
      () => info(T.number),
      {
        value: {
          description: "signed integer or floating point number",
          descriptionClass: "conjunction",
          empty: [],
          functor: "either",
          name: "either",
        },
      },
    ],
    // info (t.numbers.between 0 1.5)
    [
      "info numbers.between 0 1.5",
      () => info(T.numbers.between(0, 1.5)),
      {
        value: {
          description: "integer or floating point number between 0 and 1.5 (both inclusive)",
          descriptionClass: "conjunction",
          empty: [],
          functor: "either",
          name: "numberBetween",
        },
      },
    ],
    // info (t.numbers.between (-1) 3)
    [
      "info numbers.between -1 3",
      () => info(T.numbers.between(-1, 3)),
      {
        value: {
          description: "integer or floating point number between -1 and 3 (both inclusive)",
          descriptionClass: "conjunction",
          empty: [],
          functor: "either",
          name: "numberBetween",
        },
      },
    ],
    // info (t.numbers.between 0.1 0.25)
    [
      "info numbers.between 0.1 0.25",
      () => info(T.numbers.between(0.1, 0.25)),
      {
        value: {
          description: "integer or floating point number between 0.1 and 0.25 (both inclusive)",
          descriptionClass: "conjunction",
          empty: [],
          functor: "either",
          name: "numberBetween",
        },
      },
    ],
    // info (t.numbers.between 1 1)
    [
      "info numbers.between 1 1",
      () => info(T.numbers.between(1, 1)),
      {
        value: {
          description: "integer or floating point number between 1 and 1 (both inclusive)",
          descriptionClass: "conjunction",
          empty: [],
          functor: "either",
          name: "numberBetween",
        },
      },
    ],
    // info t.numbers.nonnegative
    [
      "info numbers.nonnegative",
      () => info(T.numbers.nonnegative),
      {
        value: {
          description: "nonnegative integer or floating point number, meaning >=0",
          descriptionClass: "nonRestrictiveClause",
          empty: [],
          functor: "either",
          name: "numberNonnegative",
        },
      },
    ],
    // info t.numbers.positive
    [
      "info numbers.positive",
      () => info(T.numbers.positive),
      {
        value: {
          description: "positive integer or floating point number, meaning >0",
          descriptionClass: "nonRestrictiveClause",
          empty: [],
          functor: "either",
          name: "numberPositive",
        },
      },
    ],
    // (t.numbers.between 2 1).description
    [
      "numbers.between lo>hi",
      () => T.numbers.between(2, 1).description,
      { error: "numbers.between: lowest must be smaller than highest" },
    ],
    // one (t.numbers.between 0 1.5) 1
    ["numbers.between ok int", () => one(T.numbers.between(0, 1.5), 1), { value: 1 }],
    // one (t.numbers.between 0 1.5) 1.5
    ["numbers.between ok float", () => one(T.numbers.between(0, 1.5), 1.5), { value: 1.5 }],
    // one (t.numbers.between 0 1.5) 2
    [
      "numbers.between too big",
      () => one(T.numbers.between(0, 1.5), 2),
      {
        error:
          "A definition for option `a' is not of type `integer or floating point number between 0 and 1.5 (both inclusive)'. TypeError: Definition values:\n- In `def.nix': 2",
      },
    ],
    // one (t.numbers.between 0 1.5) (-0.5)
    [
      "numbers.between too small float",
      () => one(T.numbers.between(0, 1.5), -0.5),
      {
        error:
          "A definition for option `a' is not of type `integer or floating point number between 0 and 1.5 (both inclusive)'. TypeError: Definition values:\n- In `def.nix': -0.5",
      },
    ],
    // one (t.numbers.between 0 1.5) "1"
    [
      "numbers.between string",
      () => one(T.numbers.between(0, 1.5), "1"),
      {
        error:
          "A definition for option `a' is not of type `integer or floating point number between 0 and 1.5 (both inclusive)'. TypeError: The option `a` is neither a value of type `signed integer` nor `floating point number`, Definition values:\n- In `def.nix': \"1\"",
      },
    ],
    // one t.numbers.nonnegative 0
    ["numbers.nonnegative 0", () => one(T.numbers.nonnegative, 0), { value: 0 }],
    // one t.numbers.nonnegative (-1)
    [
      "numbers.nonnegative -1",
      () => one(T.numbers.nonnegative, -1),
      {
        error:
          "A definition for option `a' is not of type `nonnegative integer or floating point number, meaning >=0'. TypeError: Definition values:\n- In `def.nix': -1",
      },
    ],
    // one t.numbers.nonnegative 2.5
    ["numbers.nonnegative 2.5", () => one(T.numbers.nonnegative, 2.5), { value: 2.5 }],
    // one t.numbers.positive 0
    [
      "numbers.positive 0",
      () => one(T.numbers.positive, 0),
      {
        error:
          "A definition for option `a' is not of type `positive integer or floating point number, meaning >0'. TypeError: Definition values:\n- In `def.nix': 0",
      },
    ],
    // one t.numbers.positive 0.5
    ["numbers.positive 0.5", () => one(T.numbers.positive, 0.5), { value: 0.5 }],
    // one t.numbers.positive null
    [
      "numbers.positive null",
      () => one(T.numbers.positive, null),
      {
        error:
          "A definition for option `a' is not of type `positive integer or floating point number, meaning >0'. TypeError: The option `a` is neither a value of type `signed integer` nor `floating point number`, Definition values:\n- In `def.nix': null",
      },
    ],
    // two t.numbers.positive 1 2
    [
      "numbers.positive conflict",
      () => two(T.numbers.positive, 1, 2),
      {
        error:
          "The option `a' has conflicting definition values:\n- In `two.nix': 2\n- In `one.nix': 1\nUse `lib.mkForce value` or `lib.mkDefault value` to change the priority on any of these definitions.",
      },
    ],
    // two t.numbers.positive 3 3
    ["numbers.positive equal twice", () => two(T.numbers.positive, 3, 3), { value: 3 }],
    // one (t.attrsOf t.numbers.positive) { x = 1; y = -2; }
    [
      "numbers.positive in attrsOf",
      () => one(T.attrsOf(T.numbers.positive), { x: 1, y: -2 }),
      {
        error:
          "A definition for option `a.y' is not of type `positive integer or floating point number, meaning >0'. TypeError: Definition values:\n- In `def.nix': -2",
      },
    ],
    // one (t.listOf t.numbers.positive) [ 1 0 ]
    [
      "numbers.positive in listOf",
      () => one(T.listOf(T.numbers.positive), [1, 0]),
      {
        error:
          "A definition for option `a.\"[definition 1-entry 2]\"' is not of type `positive integer or floating point number, meaning >0'. TypeError: Definition values:\n- In `def.nix': 0",
      },
    ],
    // twice t.numbers.positive t.numbers.positive (-1)
    [
      "numbers.positive declared twice",
      () => twice(T.numbers.positive, T.numbers.positive, -1),
      { value: -1 },
    ],
    // twiceInfo t.numbers.positive t.numbers.positive
    [
      "numbers.positive declared twice info",
      () => twiceInfo(T.numbers.positive, T.numbers.positive),
      {
        value: {
          description: "signed integer or floating point number",
          descriptionClass: "conjunction",
          empty: [],
          functor: "either",
          name: "either",
        },
      },
    ],
    // twiceInfo (t.numbers.between 0 1) (t.numbers.between 2 3)
    [
      "numbers.between twice differently",
      () => twiceInfo(T.numbers.between(0, 1), T.numbers.between(2, 3)),
      {
        value: {
          description: "signed integer or floating point number",
          descriptionClass: "conjunction",
          empty: [],
          functor: "either",
          name: "either",
        },
      },
    ],
    // twiceInfo t.numbers.positive t.number
    [
      "numbers.positive with number twice",
      () => twiceInfo(T.numbers.positive, T.number),
      {
        value: {
          description: "signed integer or floating point number",
          descriptionClass: "conjunction",
          empty: [],
          functor: "either",
          name: "either",
        },
      },
    ],
    // (t.either t.numbers.positive t.str).description
    [
      "either numbers.positive str desc",
      () => T.either(T.numbers.positive, T.str).description,
      { value: "positive integer or floating point number, meaning >0, or string" },
    ],
    // (t.nullOr (t.numbers.between 0 1)).description
    [
      "nullOr numbers.between desc",
      () => T.nullOr(T.numbers.between(0, 1)).description,
      { value: "null or integer or floating point number between 0 and 1 (both inclusive)" },
    ],
    // (t.attrsOf (t.numbers.between 0 1)).description
    [
      "attrsOf numbers.between desc",
      () => T.attrsOf(T.numbers.between(0, 1)).description,
      {
        value:
          "attribute set of (integer or floating point number between 0 and 1 (both inclusive))",
      },
    ],
    // two t.number 1 "x"
    [
      "number with mixed conflict",
      () => two(T.number, 1, "x"),
      {
        error:
          "A definition for option `a' is not of type `signed integer or floating point number'. TypeError: The option `a` is neither a value of type `signed integer` nor `floating point number`, Definition values:\n- In `two.nix': \"x\"\n- In `one.nix': 1",
      },
    ],
    // (t.numbers.between (-1.5) (-0.5)).description
    [
      "numbers.between negative floats desc",
      () => T.numbers.between(-1.5, -0.5).description,
      { value: "integer or floating point number between -1.5 and -0.5 (both inclusive)" },
    ],
    // [ (one (t.numbers.between 0 1.5) 0) (one (t.numbers.between 0 1.5) 1.5) ]
    [
      "numbers.between bounds inclusive",
      () => [one(T.numbers.between(0, 1.5), 0), one(T.numbers.between(0, 1.5), 1.5)],
      { value: [0, 1.5] },
    ],
    // one (t.nullOr t.numbers.positive) 0
    [
      "nullOr numbers.positive",
      () => one(T.nullOr(T.numbers.positive), 0),
      {
        error:
          "A definition for option `a' is not of type `null or (positive integer or floating point number, meaning >0)'. Definition values:\n- In `def.nix': 0",
      },
    ],
    // (ev [ { options.a = mkOption { type = t.numbers.positive; default = -1; }; } ]).a
    [
      "numbers.positive default bad",
      () => ev([{ options: { a: mkOption({ type: T.numbers.positive, default: -1 }) } }]).a,
      {
        error:
          "A definition for option `a' is not of type `positive integer or floating point number, meaning >0'. TypeError: Definition values:\n- In `<unknown-file>': -1",
      },
    ],
    // twice (t.numbers.between 0 1) (t.numbers.between 0 1) 5
    [
      "numbers.between twice same",
      () => twice(T.numbers.between(0, 1), T.numbers.between(0, 1), 5),
      { value: 5 },
    ],
  ])("%s", check);
});

describe("passwdEntry", () => {
  it.each<Case>([
    // info (t.passwdEntry t.str)
    [
      "info passwdEntry str",
      () => info(T.passwdEntry(T.str)),
      {
        value: {
          description: "string, not containing newlines or colons",
          descriptionClass: "nonRestrictiveClause",
          empty: [],
          functor: "str",
          name: "passwdEntry str",
        },
      },
    ],
    // info (t.passwdEntry t.int)
    [
      "info passwdEntry int",
      () => info(T.passwdEntry(T.int)),
      {
        value: {
          description: "signed integer, not containing newlines or colons",
          descriptionClass: "nonRestrictiveClause",
          empty: [],
          functor: "int",
          name: "passwdEntry int",
        },
      },
    ],
    // info (t.passwdEntry (t.either t.int t.str))
    [
      "info passwdEntry either",
      () => info(T.passwdEntry(T.either(T.int, T.str))),
      {
        value: {
          description: "(signed integer or string), not containing newlines or colons",
          descriptionClass: "nonRestrictiveClause",
          empty: [],
          functor: "either",
          name: "passwdEntry either",
        },
      },
    ],
    // info (t.passwdEntry t.nonEmptyStr)
    [
      "info passwdEntry nonEmptyStr",
      () => info(T.passwdEntry(T.nonEmptyStr)),
      {
        value: {
          description: "non-empty string, not containing newlines or colons",
          descriptionClass: "nonRestrictiveClause",
          empty: [],
          functor: "nonEmptyStr",
          name: "passwdEntry nonEmptyStr",
        },
      },
    ],
    // one (t.passwdEntry t.str) "alice"
    ["passwdEntry ok", () => one(T.passwdEntry(T.str), "alice"), { value: "alice" }],
    // one (t.passwdEntry t.str) "a:b"
    [
      "passwdEntry colon",
      () => one(T.passwdEntry(T.str), "a:b"),
      {
        error:
          "A definition for option `a' is not of type `string, not containing newlines or colons'. Definition values:\n- In `def.nix': \"a:b\"",
      },
    ],
    // one (t.passwdEntry t.str) "a\nb"
    [
      "passwdEntry newline",
      () => one(T.passwdEntry(T.str), "a\nb"),
      {
        error:
          "A definition for option `a' is not of type `string, not containing newlines or colons'. Definition values:\n- In `def.nix':\n    ''\n      a\n      b''",
      },
    ],
    // one (t.passwdEntry t.str) 1
    [
      "passwdEntry not string",
      () => one(T.passwdEntry(T.str), 1),
      {
        error:
          "A definition for option `a' is not of type `string, not containing newlines or colons'. Definition values:\n- In `def.nix': 1",
      },
    ],
    // one (t.passwdEntry t.int) 1
    [
      "passwdEntry int coerce",
      () => one(T.passwdEntry(T.int), 1),
      { error: "cannot coerce an integer to a string" },
    ],
    // one (t.passwdEntry t.bool) true
    [
      "passwdEntry bool coerce",
      () => one(T.passwdEntry(T.bool), true),
      { error: "cannot coerce a Boolean to a string" },
    ],
    // one (t.passwdEntry (t.either t.int t.str)) "x"
    [
      "passwdEntry either int",
      () => one(T.passwdEntry(T.either(T.int, T.str)), "x"),
      { value: "x" },
    ],
    // one (t.passwdEntry t.nonEmptyStr) ""
    [
      "passwdEntry nonEmptyStr empty",
      () => one(T.passwdEntry(T.nonEmptyStr), ""),
      {
        error:
          "A definition for option `a' is not of type `non-empty string, not containing newlines or colons'. Definition values:\n- In `def.nix': \"\"",
      },
    ],
    // two (t.passwdEntry t.str) "a" "b"
    [
      "passwdEntry conflict",
      () => two(T.passwdEntry(T.str), "a", "b"),
      {
        error:
          'The option `a\' has conflicting definition values:\n- In `two.nix\': "b"\n- In `one.nix\': "a"\nUse `lib.mkForce value` or `lib.mkDefault value` to change the priority on any of these definitions.',
      },
    ],
    // twice (t.passwdEntry t.str) (t.passwdEntry t.str) "a:b"
    [
      "passwdEntry declared twice loses check",
      () => twice(T.passwdEntry(T.str), T.passwdEntry(T.str), "a:b"),
      { value: "a:b" },
    ],
    // twiceInfo (t.passwdEntry t.str) (t.passwdEntry t.str)
    [
      "passwdEntry declared twice info",
      () => twiceInfo(T.passwdEntry(T.str), T.passwdEntry(T.str)),
      {
        value: {
          description: "string",
          descriptionClass: "noun",
          empty: [],
          functor: "str",
          name: "str",
        },
      },
    ],
    // twiceInfo (t.passwdEntry t.str) t.str
    [
      "passwdEntry twice with str",
      () => twiceInfo(T.passwdEntry(T.str), T.str),
      {
        value: {
          description: "string",
          descriptionClass: "noun",
          empty: [],
          functor: "str",
          name: "str",
        },
      },
    ],
    // one (t.attrsOf (t.passwdEntry t.str)) { x = "a:b"; }
    [
      "passwdEntry in attrsOf",
      () => one(T.attrsOf(T.passwdEntry(T.str)), { x: "a:b" }),
      {
        error:
          "A definition for option `a.x' is not of type `string, not containing newlines or colons'. Definition values:\n- In `def.nix': \"a:b\"",
      },
    ],
    // one (t.passwdEntry t.package) drv
    [
      "passwdEntry package set coerces",
      () => one(T.passwdEntry(T.package), drv()),
      { value: "/nix/store/0fb3ykw9r5hpayd05sr0cizwadzq1d8q-bash-5.2" },
    ],
    // (t.either (t.passwdEntry t.str) t.bool).description
    [
      "passwdEntry in either desc",
      () => T.either(T.passwdEntry(T.str), T.bool).description,
      { value: "string, not containing newlines or colons, or boolean" },
    ],
    // (ev [ { options.a = mkOption { type = t.passwdEntry t.str; default = "a:b"; }; } ]).a
    [
      "passwdEntry default bad",
      () => ev([{ options: { a: mkOption({ type: T.passwdEntry(T.str), default: "a:b" }) } }]).a,
      {
        error:
          "A definition for option `a' is not of type `string, not containing newlines or colons'. Definition values:\n- In `<unknown-file>': \"a:b\"",
      },
    ],
    // one (t.passwdEntry (t.listOf t.str)) [ "a" ]
    [
      "passwdEntry list coerce",
      () => one(T.passwdEntry(T.listOf(T.str)), ["a"]),
      { error: "cannot coerce a list to a string" },
    ],
    // one (t.passwdEntry (t.nullOr t.str)) null
    [
      "passwdEntry null coerce",
      () => one(T.passwdEntry(T.nullOr(T.str)), null),
      { error: "cannot coerce null to a string" },
    ],
    // twiceInfo (t.passwdEntry t.str) (t.passwdEntry t.int)
    [
      "passwdEntry twice different entry types",
      () => twiceInfo(T.passwdEntry(T.str), T.passwdEntry(T.int)),
      { error: "The option `a' in `a.nix' is already declared in `b.nix'." },
    ],
  ])("%s", check);
});

describe("pathInStore and externalPath", () => {
  it.each<Case>([
    // info t.pathInStore
    [
      "info pathInStore",
      () => info(T.pathInStore),
      {
        value: {
          description: "path in the Nix store",
          descriptionClass: "noun",
          empty: [],
          functor: "path",
          name: "path",
        },
      },
    ],
    // info t.externalPath
    [
      "info externalPath",
      () => info(T.externalPath),
      {
        value: {
          description: "absolute path not in the Nix store",
          descriptionClass: "noun",
          empty: [],
          functor: "path",
          name: "path",
        },
      },
    ],
    // one t.pathInStore "/nix/store/0fb3ykw9r5hpayd05sr0cizwadzq1d8q-bash-5.2/bin/bash"
    [
      "pathInStore ok",
      () => one(T.pathInStore, `${storeOut}/bin/bash`),
      { value: "/nix/store/0fb3ykw9r5hpayd05sr0cizwadzq1d8q-bash-5.2/bin/bash" },
    ],
    // one t.pathInStore "/foo/bar"
    [
      "pathInStore bad",
      () => one(T.pathInStore, "/foo/bar"),
      {
        error:
          "A definition for option `a' is not of type `path in the Nix store'. Definition values:\n- In `def.nix': \"/foo/bar\"",
      },
    ],
    // one t.pathInStore drv
    [
      "pathInStore package",
      () => one(T.pathInStore, mkPackage(storeOut, "bash")),
      { value: "/nix/store/0fb3ykw9r5hpayd05sr0cizwadzq1d8q-bash-5.2" },
    ],
    // one t.externalPath "/etc/x"
    ["externalPath ok", () => one(T.externalPath, "/etc/x"), { value: "/etc/x" }],
    // one t.externalPath "/nix/store/0fb3ykw9r5hpayd05sr0cizwadzq1d8q-bash-5.2"
    [
      "externalPath store",
      () => one(T.externalPath, storeOut),
      {
        error:
          "A definition for option `a' is not of type `absolute path not in the Nix store'. Definition values:\n- In `def.nix': \"/nix/store/0fb3ykw9r5hpayd05sr0cizwadzq1d8q-bash-5.2\"",
      },
    ],
    // one t.externalPath "./x"
    [
      "externalPath relative",
      () => one(T.externalPath, "./x"),
      {
        error:
          "A definition for option `a' is not of type `absolute path not in the Nix store'. Definition values:\n- In `def.nix': \"./x\"",
      },
    ],
    // one t.externalPath drv
    [
      "externalPath drv",
      () => one(T.externalPath, drv()),
      {
        error:
          "A definition for option `a' is not of type `absolute path not in the Nix store'. Definition values:\n- In `def.nix': <derivation bash>",
      },
    ],
    // twice t.pathInStore (t.pathWith { inStore = true; }) "/nix/store/0fb3ykw9r5hpayd05sr0cizwadzq1d8q-bash-5.2"
    [
      "pathInStore twice same",
      () => twice(T.pathInStore, T.pathWith({ inStore: true }), storeOut),
      { value: "/nix/store/0fb3ykw9r5hpayd05sr0cizwadzq1d8q-bash-5.2" },
    ],
    // twiceInfo t.pathInStore t.path
    [
      "pathInStore twice vs path",
      () => twiceInfo(T.pathInStore, T.path),
      { error: "The option `a' in `a.nix' is already declared in `b.nix'." },
    ],
    // twiceInfo t.externalPath t.externalPath
    [
      "externalPath twice",
      () => twiceInfo(T.externalPath, T.externalPath),
      {
        value: {
          description: "absolute path not in the Nix store",
          descriptionClass: "noun",
          empty: [],
          functor: "path",
          name: "path",
        },
      },
    ],
  ])("%s", check);
});

describe("shellPackage", () => {
  it.each<Case>([
    // info t.shellPackage
    [
      "info shellPackage",
      () => info(T.shellPackage),
      {
        value: {
          description: "package",
          descriptionClass: "noun",
          empty: [],
          functor: "package",
          name: "package",
        },
      },
    ],
    // one t.shellPackage shell
    [
      "shellPackage ok",
      () => one(T.shellPackage, shell()),
      { value: "/nix/store/0fb3ykw9r5hpayd05sr0cizwadzq1d8q-bash-5.2" },
    ],
    // one t.shellPackage drv
    [
      "shellPackage no shellPath",
      () => one(T.shellPackage, drv()),
      {
        error:
          "A definition for option `a' is not of type `package'. Definition values:\n- In `def.nix': <derivation bash>",
      },
    ],
    // one t.shellPackage "/nix/store/0fb3ykw9r5hpayd05sr0cizwadzq1d8q-bash-5.2"
    [
      "shellPackage store path string",
      () => one(T.shellPackage, storeOut),
      {
        error:
          "A definition for option `a' is not of type `package'. Definition values:\n- In `def.nix': \"/nix/store/0fb3ykw9r5hpayd05sr0cizwadzq1d8q-bash-5.2\"",
      },
    ],
    // one t.shellPackage { shellPath = "/bin/sh"; }
    [
      "shellPackage attrs shellPath no drv",
      () => one(T.shellPackage, { shellPath: "/bin/sh" }),
      {
        error:
          "A definition for option `a' is not of type `package'. Definition values:\n- In `def.nix':\n    {\n      shellPath = \"/bin/sh\";\n    }",
      },
    ],
    // two t.shellPackage shell shell
    [
      "shellPackage twice",
      () => two(T.shellPackage, shell(), shell()),
      {
        error:
          "The option `a' is defined multiple times while it's expected to be unique.\n\nDefinition values:\n- In `two.nix': <derivation bash>\n- In `one.nix': <derivation bash>\nUse `lib.mkForce value` or `lib.mkDefault value` to change the priority on any of these definitions.",
      },
    ],
    // twice t.shellPackage t.shellPackage "/nix/store/0fb3ykw9r5hpayd05sr0cizwadzq1d8q-bash-5.2"
    [
      "shellPackage declared twice",
      () => twice(T.shellPackage, T.shellPackage, storeOut),
      { value: "/nix/store/0fb3ykw9r5hpayd05sr0cizwadzq1d8q-bash-5.2" },
    ],
    // twiceInfo t.shellPackage t.shellPackage
    [
      "shellPackage declared twice info",
      () => twiceInfo(T.shellPackage, T.shellPackage),
      {
        value: {
          description: "package",
          descriptionClass: "noun",
          empty: [],
          functor: "package",
          name: "package",
        },
      },
    ],
    // twiceInfo t.shellPackage t.package
    [
      "shellPackage with package",
      () => twiceInfo(T.shellPackage, T.package),
      {
        value: {
          description: "package",
          descriptionClass: "noun",
          empty: [],
          functor: "package",
          name: "package",
        },
      },
    ],
    // one (t.nullOr t.shellPackage) shell
    [
      "shellPackage in nullOr",
      () => one(T.nullOr(T.shellPackage), shell()),
      { value: "/nix/store/0fb3ykw9r5hpayd05sr0cizwadzq1d8q-bash-5.2" },
    ],
    // one t.shellPackage (drv // { shellPath = "/bin/bash"; version = "5"; })
    [
      "shellPackage package value",
      () =>
        one(T.shellPackage, mkPackage(storeOut, "bash", { shellPath: "/bin/bash", version: "5" })),
      { value: "/nix/store/0fb3ykw9r5hpayd05sr0cizwadzq1d8q-bash-5.2" },
    ],
    // (one t.shellPackage shell).shellPath
    [
      "shellPackage shellPath read",
      () => one(T.shellPackage, shell()).shellPath,
      { value: "/bin/bash" },
    ],
  ])("%s", check);
});

describe("pkgs", () => {
  it.each<Case>([
    // info t.pkgs
    [
      "info pkgs",
      () => info(T.pkgs),
      {
        value: {
          description: "Nixpkgs package set",
          descriptionClass: "noun",
          empty: [{}],
          functor: "unique",
          name: "pkgs",
        },
      },
    ],
    // one t.pkgs { _type = "pkgs"; hello = 1; }
    [
      "pkgs ok",
      () => one(T.pkgs, { _type: "pkgs", hello: 1 }),
      { value: { _type: "pkgs", hello: 1 } },
    ],
    // one t.pkgs { hello = 1; }
    [
      "pkgs wrong",
      () => one(T.pkgs, { hello: 1 }),
      {
        error:
          "A definition for option `a' is not of type `Nixpkgs package set'. Definition values:\n- In `def.nix':\n    {\n      hello = 1;\n    }",
      },
    ],
    // one t.pkgs "x"
    [
      "pkgs not set",
      () => one(T.pkgs, "x"),
      {
        error:
          "A definition for option `a' is not of type `Nixpkgs package set'. Definition values:\n- In `def.nix': \"x\"",
      },
    ],
    // two t.pkgs { _type = "pkgs"; a = 1; } { _type = "pkgs"; b = 1; }
    [
      "pkgs twice",
      () => two(T.pkgs, { _type: "pkgs", a: 1 }, { _type: "pkgs", b: 1 }),
      {
        error:
          "The option `a' is defined multiple times while it's expected to be unique.\nA Nixpkgs pkgs set can not be merged with another pkgs set.\nDefinition values:\n- In `two.nix':\n    {\n      _type = \"pkgs\";\n      b = 1;\n    }\n- In `one.nix':\n    {\n      _type = \"pkgs\";\n      a = 1;\n    }\nUse `lib.mkForce value` or `lib.mkDefault value` to change the priority on any of these definitions.",
      },
    ],
    // twice t.pkgs t.pkgs { a = 1; }
    ["pkgs declared twice", () => twice(T.pkgs, T.pkgs, { a: 1 }), { value: { a: 1 } }],
    // twiceInfo t.pkgs t.pkgs
    [
      "pkgs declared twice info",
      () => twiceInfo(T.pkgs, T.pkgs),
      {
        value: {
          description: "attribute set",
          descriptionClass: null,
          empty: [{}],
          functor: "unique",
          name: "unique",
        },
      },
    ],
    // twiceInfo t.pkgs t.attrs
    [
      "pkgs with attrs",
      () => twiceInfo(T.pkgs, T.attrs),
      { error: "The option `a' in `a.nix' is already declared in `b.nix'." },
    ],
    // ev [ { options.a = mkOption { type = t.lazyAttrsOf t.pkgs; }; } { config.a.x = mkIf false { _type = "pkgs"; }; } ]
    [
      "pkgs mkIf false",
      () =>
        ev([
          { options: { a: mkOption({ type: T.lazyAttrsOf(T.pkgs) }) } },
          { config: { a: { x: mkIf(false, { _type: "pkgs" }) } } },
        ]),
      { value: { a: { x: {} } } },
    ],
    // (t.either t.pkgs t.str).description
    [
      "pkgs in either desc",
      () => T.either(T.pkgs, T.str).description,
      { value: "Nixpkgs package set or string" },
    ],
    // (ev [ { options.a = opt t.pkgs; } { config.a = mkIf false { _type = "pkgs"; }; } ]).a
    [
      "pkgs mkIf false strict",
      () =>
        ev([{ options: { a: opt(T.pkgs) } }, { config: { a: mkIf(false, { _type: "pkgs" }) } }]).a,
      { value: {} },
    ],
    // two t.pkgs (mkForce { _type = "pkgs"; a = 1; }) { _type = "pkgs"; b = 1; }
    [
      "pkgs mkForce wins",
      () => two(T.pkgs, mkForce({ _type: "pkgs", a: 1 }), { _type: "pkgs", b: 1 }),
      { value: { _type: "pkgs", a: 1 } },
    ],
    // one t.pkgs [ ]
    [
      "pkgs check on non-attrs list",
      () => one(T.pkgs, []),
      {
        error:
          "A definition for option `a' is not of type `Nixpkgs package set'. Definition values:\n- In `def.nix': [ ]",
      },
    ],
  ])("%s", check);
});

describe("serializableValueWith, json and toml", () => {
  it.each<Case>([
    // info t.json
    [
      "info json",
      () => info(T.json),
      {
        value: {
          description: "JSON value",
          descriptionClass: "conjunction",
          empty: [null],
          functor: "nullOr",
          name: "nullOr",
        },
      },
    ],
    // info t.toml
    [
      "info toml",
      () => info(T.toml),
      {
        value: {
          description: "TOML value",
          descriptionClass: "conjunction",
          empty: [],
          functor: "either",
          name: "either",
        },
      },
    ],
    // info (t.serializableValueWith { typeName = "VAL"; })
    [
      "info ser",
      () => info(ser()),
      {
        value: {
          description: "VAL value",
          descriptionClass: "conjunction",
          empty: [null],
          functor: "nullOr",
          name: "nullOr",
        },
      },
    ],
    // info (t.serializableValueWith { typeName = "VAL"; nullable = false; })
    [
      "info ser nn",
      () => info(serNN()),
      {
        value: {
          description: "VAL value",
          descriptionClass: "conjunction",
          empty: [],
          functor: "either",
          name: "either",
        },
      },
    ],
    // one (t.attrsOf t.json) { n = null; b = true; i = 1; f = 1.5; s = "x"; p = "/p"; a = { x = [ 1 { y = null; } ]; }; l = [ ]; }
    [
      "json values",
      () =>
        one(T.attrsOf(T.json), {
          n: null,
          b: true,
          i: 1,
          f: 1.5,
          s: "x",
          p: "/p",
          a: { x: [1, { y: null }] },
          l: [],
        }),
      {
        value: {
          a: { x: [1, { y: null }] },
          b: true,
          f: 1.5,
          i: 1,
          l: [],
          n: null,
          p: "/p",
          s: "x",
        },
      },
    ],
    // one t.json (x: x)
    [
      "json function",
      () => one(T.json, (x: unknown) => x),
      {
        error:
          "A definition for option `a' is not of type `JSON value'. Definition values:\n- In `def.nix': <function>",
      },
    ],
    // one t.json { a = [ (x: x) ]; }
    [
      "json nested function",
      () => one(T.json, { a: [(x: unknown) => x] }),
      {
        error:
          "A definition for option `a.a.\"[definition 1-entry 1]\"' is not of type `JSON value'. Definition values:\n- In `def.nix': <function>",
      },
    ],
    // one t.json { a.b = x: x; }
    [
      "json nested function in set",
      () => one(T.json, { a: { b: (x: unknown) => x } }),
      {
        error:
          "A definition for option `a.a.b' is not of type `JSON value'. Definition values:\n- In `def.nix': <function>",
      },
    ],
    // two t.json null 1
    [
      "json null and not null",
      () => two(T.json, null, 1),
      { error: "The option `a` is defined both null and not null, in `two.nix' and `one.nix'." },
    ],
    // two t.json { a = 1; } { b = [ 2 ]; }
    ["json two sets", () => two(T.json, { a: 1 }, { b: [2] }), { value: { a: 1, b: [2] } }],
    // two t.json [ 1 ] [ "x" ]
    ["json two lists", () => two(T.json, [1], ["x"]), { value: ["x", 1] }],
    // two t.json 1 2
    [
      "json int conflict",
      () => two(T.json, 1, 2),
      {
        error:
          "The option `a' has conflicting definition values:\n- In `two.nix': 2\n- In `one.nix': 1\nUse `lib.mkForce value` or `lib.mkDefault value` to change the priority on any of these definitions.",
      },
    ],
    // two t.json 1 "x"
    [
      "json int and string",
      () => two(T.json, 1, "x"),
      {
        error:
          "The option `a' is defined multiple times while it's expected to be unique.\n\nDefinition values:\n- In `two.nix': \"x\"\n- In `one.nix': 1\nUse `lib.mkForce value` or `lib.mkDefault value` to change the priority on any of these definitions.",
      },
    ],
    // two t.json { a = 1; } [ 1 ]
    [
      "json set and list",
      () => two(T.json, { a: 1 }, [1]),
      {
        error:
          "The option `a' is defined multiple times while it's expected to be unique.\n\nDefinition values:\n- In `two.nix':\n    [\n      1\n    ]\n- In `one.nix':\n    {\n      a = 1;\n    }\nUse `lib.mkForce value` or `lib.mkDefault value` to change the priority on any of these definitions.",
      },
    ],
    // two t.json { a = 1; } { a = 2; }
    [
      "json nested conflict",
      () => two(T.json, { a: 1 }, { a: 2 }),
      {
        error:
          "The option `a.a' has conflicting definition values:\n- In `two.nix': 2\n- In `one.nix': 1\nUse `lib.mkForce value` or `lib.mkDefault value` to change the priority on any of these definitions.",
      },
    ],
    // one t.toml null
    [
      "toml null",
      () => one(T.toml, null),
      {
        error:
          "A definition for option `a' is not of type `TOML value'. TypeError: The option `a` is neither a value of type `boolean or signed integer or floating point number or string or absolute path or attribute set of (TOML value)` nor `list of (TOML value)`, Definition values:\n- In `def.nix': null",
      },
    ],
    // one t.toml { a = [ null ]; }
    [
      "toml nested null",
      () => one(T.toml, { a: [null] }),
      {
        error:
          'A definition for option `a.a."[definition 1-entry 1]"\' is not of type `TOML value\'. TypeError: The option `a.a."[definition 1-entry 1]"` is neither a value of type `boolean or signed integer or floating point number or string or absolute path or attribute set of (TOML value)` nor `list of (TOML value)`, Definition values:\n- In `def.nix\': null',
      },
    ],
    // one t.toml { a.b = null; }
    [
      "toml nested null in set",
      () => one(T.toml, { a: { b: null } }),
      {
        error:
          "A definition for option `a.a.b' is not of type `TOML value'. TypeError: The option `a.a.b` is neither a value of type `boolean or signed integer or floating point number or string or absolute path or attribute set of (TOML value)` nor `list of (TOML value)`, Definition values:\n- In `def.nix': null",
      },
    ],
    // one t.toml { a = [ 1 "x" { b = true; } ]; }
    [
      "toml ok",
      () => one(T.toml, { a: [1, "x", { b: true }] }),
      { value: { a: [1, "x", { b: true }] } },
    ],
    // one t.toml (x: x)
    [
      "toml function",
      () => one(T.toml, (x: unknown) => x),
      {
        error:
          "A definition for option `a' is not of type `TOML value'. TypeError: The option `a` is neither a value of type `boolean or signed integer or floating point number or string or absolute path or attribute set of (TOML value)` nor `list of (TOML value)`, Definition values:\n- In `def.nix': <function>",
      },
    ],
    // two t.toml 1 "x"
    [
      "toml int and string",
      () => two(T.toml, 1, "x"),
      {
        error:
          "A definition for option `a' is not of type `TOML value'. TypeError: The option `a` is neither a value of type `boolean or signed integer or floating point number or string or absolute path or attribute set of (TOML value)` nor `list of (TOML value)`, Definition values:\n- In `two.nix': \"x\"\n- In `one.nix': 1",
      },
    ],
    // one (t.serializableValueWith { typeName = "VAL"; }) (x: x)
    [
      "ser VAL lambda",
      () => one(ser(), (x: unknown) => x),
      {
        error:
          "A definition for option `a' is not of type `VAL value'. Definition values:\n- In `def.nix': <function>",
      },
    ],
    // one (t.serializableValueWith { typeName = "VAL"; nullable = false; }) null
    [
      "ser VAL nn null",
      () => one(serNN(), null),
      {
        error:
          "A definition for option `a' is not of type `VAL value'. TypeError: The option `a` is neither a value of type `boolean or signed integer or floating point number or string or absolute path or attribute set of (VAL value)` nor `list of (VAL value)`, Definition values:\n- In `def.nix': null",
      },
    ],
    // (t.serializableValueWith { typeName = "X"; foo = 1; }).description
    [
      "ser unexpected arg",
      () => T.serializableValueWith({ typeName: "X", foo: 1 }).description,
      { error: "'serializableValueWith' called with unexpected argument 'foo'" },
    ],
    // (t.serializableValueWith { }).description
    [
      "ser missing arg",
      () => T.serializableValueWith({}).description,
      { error: "'serializableValueWith' called without required argument 'typeName'" },
    ],
    // (t.attrsOf t.json).description
    [
      "json attrsOf desc",
      () => T.attrsOf(T.json).description,
      { value: "attribute set of (JSON value)" },
    ],
    // (t.either t.json t.int).description
    [
      "json either desc",
      () => T.either(T.json, T.int).description,
      { value: "JSON value or signed integer" },
    ],
    // ev [ { freeformType = t.attrsOf t.json; } { a.b = [ 1 null ]; c = "x"; } ]
    [
      "json freeform",
      () => ev([{ freeformType: T.attrsOf(T.json) }, { a: { b: [1, null] }, c: "x" }]),
      { value: { a: { b: [1, null] }, c: "x" } },
    ],
    // one t.json drv
    [
      "json package",
      () => one(T.json, mkPackage(storeOut, "bash")),
      { value: "/nix/store/0fb3ykw9r5hpayd05sr0cizwadzq1d8q-bash-5.2" },
    ],
    // one t.json { a = mkIf false 1; b = mkIf true 2; }
    [
      "json mkIf inside",
      () => one(T.json, { a: mkIf(false, 1), b: mkIf(true, 2) }),
      { value: { b: 2 } },
    ],
    // two t.json [ 1 ] (mkBefore [ 2 ])
    ["json mkOrder lists", () => two(T.json, [1], mkBefore([2])), { value: [2, 1] }],
    // two t.json { a = mkForce 1; } { a = 2; }
    ["json override inside", () => two(T.json, { a: mkForce(1) }, { a: 2 }), { value: { a: 1 } }],
    // one t.json [ (mkIf false 1) 2 ]
    ["json list mkIf elems", () => one(T.json, [mkIf(false, 1), 2]), { value: [2] }],
    // one t.toml [ [ 1 2.5 ] [ ] { a = [ true ]; } ]
    [
      "toml nested lists",
      () => one(T.toml, [[1, 2.5], [], { a: [true] }]),
      { value: [[1, 2.5], [], { a: [true] }] },
    ],
    // (ev [ { options.a = opt (t.lazyAttrsOf t.json); } { config.a.x = mkIf false 1; } ]).a
    [
      "json emptyValue lazy",
      () =>
        ev([
          { options: { a: opt(T.lazyAttrsOf(T.json)) } },
          { config: { a: { x: mkIf(false, 1) } } },
        ]).a,
      { value: { x: null } },
    ],
    // (ev [ { options.a = opt (t.lazyAttrsOf t.toml); } { config.a.x = mkIf false 1; } ]).a
    [
      "toml emptyValue lazy",
      () =>
        ev([
          { options: { a: opt(T.lazyAttrsOf(T.toml)) } },
          { config: { a: { x: mkIf(false, 1) } } },
        ]).a,
      { error: "The option `a.x' was accessed but has no value defined. Try setting the option." },
    ],
    // ev [ { options.s = mkOption { type = t.submodule { freeformType = t.attrsOf t.json; options.n = mkOption { type = t.int; default = 1; }; }; }; } { config.s = { x.y = [ 1 ]; n = 2; }; } { config.s.x.z = null; } ]
    [
      "json in submodule freeform nested",
      () =>
        ev([
          {
            options: {
              s: mkOption({
                type: T.submodule({
                  freeformType: T.attrsOf(T.json),
                  options: { n: mkOption({ type: T.int, default: 1 }) },
                }),
              }),
            },
          },
          { config: { s: { x: { y: [1] }, n: 2 } } },
          { config: { s: { x: { z: null } } } },
        ]),
      { value: { s: { n: 2, x: { y: [1], z: null } } } },
    ],
    // ev [ { freeformType = t.attrsOf t.toml; } { a = null; } ]
    [
      "toml freeform null",
      () => ev([{ freeformType: T.attrsOf(T.toml) }, { a: null }]),
      {
        error:
          "A definition for option `a' is not of type `TOML value'. TypeError: The option `a` is neither a value of type `boolean or signed integer or floating point number or string or absolute path or attribute set of (TOML value)` nor `list of (TOML value)`, Definition values:\n- In `<unknown-file>': null",
      },
    ],
    // one t.json [ [ [ null ] ] ]
    ["json nested list in list", () => one(T.json, [[[null]]]), { value: [[[null]]] }],
  ])("%s", check);
});

describe("attrListOf and attrListWith", () => {
  it.each<Case>([
    // info (t.attrListOf t.int)
    [
      "info attrListOf",
      () => info(T.attrListOf(T.int)),
      {
        value: {
          description: "attribute list of signed integer",
          descriptionClass: "composite",
          empty: [[]],
          functor: "attrListOf",
          name: "attrListOf",
        },
      },
    ],
    // info (t.attrListWith { elemType = t.int; asAttrs = true; })
    [
      "info attrListWith asAttrs",
      () => info(T.attrListWith({ elemType: T.int, asAttrs: true })),
      {
        value: {
          description: "attribute list of signed integer",
          descriptionClass: "composite",
          empty: [{}],
          functor: "attrListOf",
          name: "attrListOf",
        },
      },
    ],
    // one (t.attrListOf t.str) [ { b = "1"; } { a = "2"; } ]
    [
      "attrList list",
      () => one(al(), [{ b: "1" }, { a: "2" }]),
      { value: [{ b: "1" }, { a: "2" }] },
    ],
    // one (t.attrListOf t.str) { b = "1"; a = "2"; }
    ["attrList attrs", () => one(al(), { b: "1", a: "2" }), { value: [{ a: "2" }, { b: "1" }] }],
    // one (t.attrListOf t.str) { x = mkOrder 200 "x"; y = mkOrder 100 "y"; }
    [
      "attrList attrs ordered",
      () => one(al(), { x: mkOrder(200, "x"), y: mkOrder(100, "y") }),
      { value: [{ y: "y" }, { x: "x" }] },
    ],
    // one (t.attrListOf t.str) (mkMerge [ [ { m = "l"; } ] { n = mkOrder 50 "a"; } ])
    [
      "attrList mixed",
      () => one(al(), mkMerge([[{ m: "l" }], { n: mkOrder(50, "a") }])),
      { value: [{ n: "a" }, { m: "l" }] },
    ],
    // two (t.attrListOf t.int) [ { a = 1; } ] [ { b = 2; } ]
    [
      "attrList two modules",
      () => two(al(T.int), [{ a: 1 }], [{ b: 2 }]),
      { value: [{ b: 2 }, { a: 1 }] },
    ],
    // one (t.attrListOf t.str) [ ]
    ["attrList empty", () => one(al(), []), { value: [] }],
    // one (t.attrListOf t.str) [ (mkAfter { z = "after"; }) { m = "d"; } (mkBefore { a = "before"; }) ]
    [
      "attrList list ordering",
      () => one(al(), [mkAfter({ z: "after" }), { m: "d" }, mkBefore({ a: "before" })]),
      { value: [{ a: "before" }, { m: "d" }, { z: "after" }] },
    ],
    // one (t.attrListOf t.str) (mkMerge [ (mkIf true [ { yes = "y"; } ]) (mkIf false [ { no = "n"; } ]) ])
    [
      "attrList mkIf defs",
      () => one(al(), mkMerge([mkIf(true, [{ yes: "y" }]), mkIf(false, [{ no: "n" }])])),
      { value: [{ yes: "y" }] },
    ],
    // one (t.attrListOf t.str) (mkMerge [ (mkOverride 100 [ { r = "gone"; } ]) (mkOverride 50 [ { w = "wins"; } ]) ])
    [
      "attrList override defs",
      () => one(al(), mkMerge([mkOverride(100, [{ r: "gone" }]), mkOverride(50, [{ w: "wins" }])])),
      { value: [{ w: "wins" }] },
    ],
    // one (t.attrListOf t.str) (mkForce [ (mkAfter { s = "after"; }) (mkBefore { f = "before"; }) ])
    [
      "attrList force with order",
      () => one(al(), mkForce([mkAfter({ s: "after" }), mkBefore({ f: "before" })])),
      { value: [{ f: "before" }, { s: "after" }] },
    ],
    // one (t.attrListOf t.int) [ { a = mkDefault 0; } { a = mkForce 42; } { a = mkOverride 100 1; } { b = 2; } ]
    [
      "attrList element force",
      () =>
        one(al(T.int), [
          { a: mkDefault(0) },
          { a: mkForce(42) },
          { a: mkOverride(100, 1) },
          { b: 2 },
        ]),
      { value: [{ a: 42 }, { b: 2 }] },
    ],
    // one (t.attrListOf t.str) [ { x = "a"; } { x = mkForce "w"; } { x = mkForce "w2"; } ]
    [
      "attrList repeated key forced",
      () => one(al(), [{ x: "a" }, { x: mkForce("w") }, { x: mkForce("w2") }]),
      { value: [{ x: "w" }, { x: "w2" }] },
    ],
    // one (t.attrListOf t.int) [ { a = mkDefault 1; } { b = 2; } ]
    [
      "attrList mkDefault only",
      () => one(al(T.int), [{ a: mkDefault(1) }, { b: 2 }]),
      { value: [{ b: 2 }] },
    ],
    // one (t.attrListOf t.int) { a = mkOverride 150 1; b = mkOverride 200 2; }
    [
      "attrList low prios only",
      () => one(al(T.int), { a: mkOverride(150, 1), b: mkOverride(200, 2) }),
      { value: [] },
    ],
    // one (t.attrListOf t.int) [ { a = mkDefault 1; } { a = mkDefault 2; } ]
    [
      "attrList two mkDefaults same key",
      () => one(al(T.int), [{ a: mkDefault(1) }, { a: mkDefault(2) }]),
      { value: [] },
    ],
    // one (t.attrListOf t.str) (mkMerge [ [ { x = mkOverride 100 "gone"; } { y = "early"; } ] [ { x = mkOrder 1500 (mkForce "late"); } { z = mkOrder 500 "first"; } ] [ { x = "gone"; } { w = mkOrder 1200 "mid"; } ] ])
    [
      "attrList nest order of force",
      () =>
        one(
          al(),
          mkMerge([
            [{ x: mkOverride(100, "gone") }, { y: "early" }],
            [{ x: mkOrder(1500, mkForce("late")) }, { z: mkOrder(500, "first") }],
            [{ x: "gone" }, { w: mkOrder(1200, "mid") }],
          ]),
        ),
      { value: [{ z: "first" }, { y: "early" }, { w: "mid" }, { x: "late" }] },
    ],
    // one (t.attrListOf t.str) (mkMerge [ { x = "gone"; y = "early"; } { x = mkForce (mkOrder 1500 "late"); z = mkOrder 500 "first"; } { x = mkDefault "gone"; w = mkOrder 1200 "mid"; } ])
    [
      "attrList nest force of order attrs",
      () =>
        one(
          al(),
          mkMerge([
            { x: "gone", y: "early" },
            { x: mkForce(mkOrder(1500, "late")), z: mkOrder(500, "first") },
            { x: mkDefault("gone"), w: mkOrder(1200, "mid") },
          ]),
        ),
      { value: [{ z: "first" }, { y: "early" }, { w: "mid" }, { x: "late" }] },
    ],
    // one (t.attrListOf t.str) [ { x = mkDefault "gone"; } (mkOrder 500 { x = mkForce "early"; }) (mkOrder 1500 { y = "late"; }) ]
    [
      "attrList list elem order + force",
      () =>
        one(al(), [
          { x: mkDefault("gone") },
          mkOrder(500, { x: mkForce("early") }),
          mkOrder(1500, { y: "late" }),
        ]),
      { value: [{ x: "early" }, { y: "late" }] },
    ],
    // one (t.attrListOf t.str) [ (mkOrder 1500 { x = mkOrder 10 "a"; }) { y = "b"; } ]
    [
      "attrList list elem order wins over inner order",
      () => one(al(), [mkOrder(1500, { x: mkOrder(10, "a") }), { y: "b" }]),
      { value: [{ y: "b" }, { x: "a" }] },
    ],
    // one (t.attrListOf t.int) [ { a = mkIf true 1; } { b = mkIf false 2; } { c = 3; } ]
    [
      "attrList value mkIf",
      () => one(al(T.int), [{ a: mkIf(true, 1) }, { b: mkIf(false, 2) }, { c: 3 }]),
      { value: [{ a: 1 }, { c: 3 }] },
    ],
    // one (t.attrListOf t.int) { a = mkIf true 1; b = mkIf false 2; c = 3; }
    [
      "attrList value mkIf attrs",
      () => one(al(T.int), { a: mkIf(true, 1), b: mkIf(false, 2), c: 3 }),
      { value: [{ a: 1 }, { c: 3 }] },
    ],
    // one (t.attrListOf (t.listOf t.int)) [ { a = mkMerge [ [ 1 ] [ 2 ] ]; } ]
    [
      "attrList value mkMerge",
      () => one(al(T.listOf(T.int)), [{ a: mkMerge([[1], [2]]) }]),
      { value: [{ a: [1, 2] }] },
    ],
    // one (t.attrListOf t.int) [ { a = mkMerge [ 1 2 ]; } ]
    [
      "attrList value mkMerge conflict",
      () => one(al(T.int), [{ a: mkMerge([1, 2]) }]),
      {
        error:
          "The option `a.a' has conflicting definition values:\n- In `def.nix': 1\n- In `def.nix': 2\nUse `lib.mkForce value` or `lib.mkDefault value` to change the priority on any of these definitions.",
      },
    ],
    // one (t.attrListOf t.int) [ { a = "x"; } ]
    [
      "attrList bad value",
      () => one(al(T.int), [{ a: "x" }]),
      {
        error:
          "A definition for option `a.a' is not of type `signed integer'. Definition values:\n- In `def.nix': \"x\"",
      },
    ],
    // builtins.length (one (t.attrListOf t.int) [ { a = "x"; } { b = 1; } ])
    [
      "attrList bad value length",
      () => one(al(T.int), [{ a: "x" }, { b: 1 }]).length,
      { value: 2 },
    ],
    // builtins.elemAt (one (t.attrListOf t.int) [ { a = "x"; } { b = 1; } ]) 1
    [
      "attrList bad value other elem",
      () => one(al(T.int), [{ a: "x" }, { b: 1 }])[1],
      { value: { b: 1 } },
    ],
    // one (t.attrListOf t.str) [ { a = "ok"; b = "extra"; } ]
    [
      "attrList two keys",
      () => one(al(), [{ a: "ok", b: "extra" }]),
      {
        error:
          'A definition for option `a\' is not of type `attribute list of string\'. Each list element must be a single-key attribute set, but got 2 keys.\n- In `def.nix\':\n    {\n      a = "ok";\n      b = "extra";\n    }',
      },
    ],
    // one (t.attrListOf t.str) [ { } ]
    [
      "attrList zero keys",
      () => one(al(), [{}]),
      {
        error:
          "A definition for option `a' is not of type `attribute list of string'. Each list element must be a single-key attribute set, but got 0 keys.\n- In `def.nix': { }",
      },
    ],
    // one (t.attrListOf t.str) [ "not a set" ]
    [
      "attrList string elem",
      () => one(al(), ["not a set"]),
      {
        error:
          "A definition for option `a' is not of type `attribute list of string'. Each list element must be an attribute set, but got string.\n- In `def.nix': \"not a set\"",
      },
    ],
    // one (t.attrListOf t.str) [ 1 ]
    [
      "attrList int elem",
      () => one(al(), [1]),
      {
        error:
          "A definition for option `a' is not of type `attribute list of string'. Each list element must be an attribute set, but got int.\n- In `def.nix': 1",
      },
    ],
    // one (t.attrListOf t.str) [ [ ] ]
    [
      "attrList list elem",
      () => one(al(), [[]]),
      {
        error:
          "A definition for option `a' is not of type `attribute list of string'. Each list element must be an attribute set, but got list.\n- In `def.nix': [ ]",
      },
    ],
    // one (t.attrListOf t.str) [ null ]
    [
      "attrList null elem",
      () => one(al(), [null]),
      {
        error:
          "A definition for option `a' is not of type `attribute list of string'. Each list element must be an attribute set, but got null.\n- In `def.nix': null",
      },
    ],
    // one (t.attrListOf t.str) [ (x: x) ]
    [
      "attrList function elem",
      () => one(al(), [(x: unknown) => x]),
      {
        error:
          "A definition for option `a' is not of type `attribute list of string'. Each list element must be an attribute set, but got lambda.\n- In `def.nix': <function>",
      },
    ],
    // one (t.attrListOf t.str) [ (mkIf true { a = "x"; }) ]
    [
      "attrList mkIf elem",
      () => one(al(), [mkIf(true, { a: "x" })]),
      {
        error:
          'A definition for option `a\' is not of type `attribute list of string\'. Each list element must be a single-key attribute set, but got 3 keys.\n- In `def.nix\':\n    {\n      _type = "if";\n      condition = true;\n      content = {\n        a = "x";\n    ...',
      },
    ],
    // one (t.attrListOf t.str) [ (mkBefore { a = "x"; b = "y"; }) ]
    [
      "attrList ordered two-key elem",
      () => one(al(), [mkBefore({ a: "x", b: "y" })]),
      {
        error:
          'A definition for option `a\' is not of type `attribute list of string\'. Each list element must be a single-key attribute set, but got 2 keys.\n- In `def.nix\':\n    {\n      _type = "order";\n      content = {\n        a = "x";\n        b = "y";\n    ...',
      },
    ],
    // one (t.attrListOf t.str) [ (mkBefore "x") ]
    [
      "attrList ordered string elem",
      () => one(al(), [mkBefore("x")]),
      {
        error:
          'A definition for option `a\' is not of type `attribute list of string\'. Each list element must be an attribute set, but got string.\n- In `def.nix\':\n    {\n      _type = "order";\n      content = "x";\n      priority = 500;\n    }',
      },
    ],
    // one (t.attrListOf t.str) "not-a-container"
    [
      "attrList string def",
      () => one(al(), "not-a-container"),
      {
        error:
          "A definition for option `a' is not of type `attribute list of string'. TypeError: Definition values:\n- In `def.nix': \"not-a-container\"",
      },
    ],
    // two (t.attrListOf t.str) 1 [ ]
    [
      "attrList int defs",
      () => two(al(), 1, []),
      {
        error:
          "A definition for option `a' is not of type `attribute list of string'. TypeError: Definition values:\n- In `one.nix': 1",
      },
    ],
    // twice (t.attrListOf t.str) (t.attrListOf t.str) [ ]
    [
      "attrList declared twice",
      () => twice(al(), al(), []),
      { error: "The option `a' in `a.nix' is already declared in `b.nix'." },
    ],
    // twice (t.listOf t.str) (t.attrListOf t.str) [ ]
    [
      "attrList declared twice with listOf",
      () => twice(T.listOf(T.str), al(), []),
      { error: "The option `a' in `a.nix' is already declared in `b.nix'." },
    ],
    // one (t.attrListWith { elemType = t.str; asAttrs = true; mergeAttrValues = _: vs: lib.last vs; }) (mkMerge [ { x = mkOrder 500 "first"; } { x = mkOrder 1500 "last"; } { y = "only"; } ])
    [
      "attrList asAttrs",
      () =>
        one(
          T.attrListWith({
            elemType: T.str,
            asAttrs: true,
            mergeAttrValues: (_: string, vs: unknown[]) => vs[vs.length - 1],
          }),
          mkMerge([{ x: mkOrder(500, "first") }, { x: mkOrder(1500, "last") }, { y: "only" }]),
        ),
      { value: { x: "last", y: "only" } },
    ],
    // one (t.attrListWith { elemType = t.int; asAttrs = true; }) (mkMerge [ { x = mkOrder 500 10; } { x = mkOrder 1500 30; } { y = 99; } [ { x = 20; } ] ])
    [
      "attrList asAttrs default",
      () =>
        one(
          T.attrListWith({ elemType: T.int, asAttrs: true }),
          mkMerge([{ x: mkOrder(500, 10) }, { x: mkOrder(1500, 30) }, { y: 99 }, [{ x: 20 }]]),
        ),
      { value: { x: [10, 20, 30], y: [99] } },
    ],
    // one (t.attrListWith { elemType = t.int; asAttrs = true; }) [ ]
    [
      "attrList asAttrs empty",
      () => one(T.attrListWith({ elemType: T.int, asAttrs: true }), []),
      { value: {} },
    ],
    // one (t.attrListWith { elemType = t.int; asAttrs = true; mergeAttrValues = name: vs: name + toString (builtins.length vs); }) [ { b = 1; } { a = 2; } { b = 3; } ]
    [
      "attrList asAttrs merge by name",
      () =>
        one(
          T.attrListWith({
            elemType: T.int,
            asAttrs: true,
            mergeAttrValues: (name: string, vs: unknown[]) => name + String(vs.length),
          }),
          [{ b: 1 }, { a: 2 }, { b: 3 }],
        ),
      { value: { a: "a1", b: "b2" } },
    ],
    // one (t.attrListWith { elemType = t.int; asAttrs = false; mergeAttrValues = _: vs: 0; }) [ { b = 1; } ]
    [
      "attrList asAttrs false explicit",
      () =>
        one(T.attrListWith({ elemType: T.int, asAttrs: false, mergeAttrValues: () => 0 }), [
          { b: 1 },
        ]),
      { value: [{ b: 1 }] },
    ],
    // one (t.attrListWith { elemType = t.int; asAttrs = true; }) [ { b = "x"; } ]
    [
      "attrList asAttrs bad value",
      () => one(T.attrListWith({ elemType: T.int, asAttrs: true }), [{ b: "x" }]),
      {
        error:
          "A definition for option `a.b' is not of type `signed integer'. Definition values:\n- In `def.nix': \"x\"",
      },
    ],
    // (t.attrListWith { elemType = t.int; foo = 1; }).description
    [
      "attrListWith unexpected arg",
      () => T.attrListWith({ elemType: T.int, foo: 1 }).description,
      { error: "'attrListWith' called with unexpected argument 'foo'" },
    ],
    // (t.attrListWith { }).description
    [
      "attrListWith missing elemType",
      () => T.attrListWith({}).description,
      { error: "'attrListWith' called without required argument 'elemType'" },
    ],
    // one (t.attrListOf (t.submodule { options.port = mkOption { type = t.int; }; options.host = mkOption { type = t.str; default = "localhost"; }; })) [ { web.port = 80; } { db = { port = 5432; host = "h"; }; } ]
    [
      "attrList submodule",
      () =>
        one(
          al(
            T.submodule({
              options: {
                port: mkOption({ type: T.int }),
                host: mkOption({ type: T.str, default: "localhost" }),
              },
            }),
          ),
          [{ web: { port: 80 } }, { db: { port: 5432, host: "h" } }],
        ),
      { value: [{ web: { host: "localhost", port: 80 } }, { db: { host: "h", port: 5432 } }] },
    ],
    // one (t.attrListOf (t.submodule { options.port = mkOption { type = t.int; }; })) [ { web.port = "x"; } ]
    [
      "attrList submodule bad",
      () =>
        one(al(T.submodule({ options: { port: mkOption({ type: T.int }) } })), [
          { web: { port: "x" } },
        ]),
      {
        error:
          "A definition for option `a.web.port' is not of type `signed integer'. Definition values:\n- In `def.nix': \"x\"",
      },
    ],
    // one (t.attrListOf (t.submodule { options.port = mkOption { type = t.int; }; })) [ { web.prot = 1; } ]
    [
      "attrList submodule undeclared",
      () =>
        one(al(T.submodule({ options: { port: mkOption({ type: T.int }) } })), [
          { web: { prot: 1 } },
        ]),
      {
        error:
          "The option `a.web.prot' does not exist. Definition values:\n- In `def.nix': 1\n\nDid you mean `a.web.port'?",
      },
    ],
    // builtins.attrNames ((t.attrListOf (t.submodule { options.port = mkOption { type = t.int; }; })).getSubOptions [ "a" ])
    [
      "attrList submodule sub options",
      () =>
        Object.keys(
          al(T.submodule({ options: { port: mkOption({ type: T.int }) } })).getSubOptions(["a"]),
        ),
      { value: ["_module", "port"] },
    ],
    // ((t.attrListOf (t.submodule { options.port = mkOption { type = t.int; }; })).getSubOptions [ "a" ]).port.loc
    [
      "attrList submodule sub option loc",
      () =>
        (
          al(T.submodule({ options: { port: mkOption({ type: T.int }) } })).getSubOptions([
            "a",
          ]) as any
        ).port.loc,
      { value: ["a", "*", "port"] },
    ],
    // ev [ { options.a = mkOption { type = t.attrListOf (t.submodule { options.x = mkOption { type = t.int; default = 1; }; }); }; } { options.a = mkOption { type = t.attrListOf (t.submodule { options.y = mkOption { type = t.int; default = 2; }; }); }; } { config.a = [ { k = { }; } ]; } ]
    [
      "attrList submodule declared in two modules",
      () =>
        ev([
          {
            options: {
              a: mkOption({
                type: al(T.submodule({ options: { x: mkOption({ type: T.int, default: 1 }) } })),
              }),
            },
          },
          {
            options: {
              a: mkOption({
                type: al(T.submodule({ options: { y: mkOption({ type: T.int, default: 2 }) } })),
              }),
            },
          },
          { config: { a: [{ k: {} }] } },
        ]),
      { error: "The option `a' in `<unknown-file>' is already declared in `<unknown-file>'." },
    ],
    // ev [ { options.s = mkOption { type = t.submodule { options.l = mkOption { type = t.attrListOf t.int; }; }; }; } { _file = "x.nix"; config.s.l = [ { a = 1; } ]; } { _file = "y.nix"; config.s.l = { b = mkBefore 2; }; } ]
    [
      "attrList in submodule",
      () =>
        ev([
          {
            options: {
              s: mkOption({ type: T.submodule({ options: { l: mkOption({ type: al(T.int) }) } }) }),
            },
          },
          { _file: "x.nix", config: { s: { l: [{ a: 1 }] } } },
          { _file: "y.nix", config: { s: { l: { b: mkBefore(2) } } } },
        ]),
      { value: { s: { l: [{ b: 2 }, { a: 1 }] } } },
    ],
    // ev [ { options.s = mkOption { type = t.submodule { options.l = mkOption { type = t.attrListOf t.int; }; }; }; } { _file = "x.nix"; config.s.l = [ { a = 1; b = 2; } ]; } ]
    [
      "attrList in submodule error",
      () =>
        ev([
          {
            options: {
              s: mkOption({ type: T.submodule({ options: { l: mkOption({ type: al(T.int) }) } }) }),
            },
          },
          { _file: "x.nix", config: { s: { l: [{ a: 1, b: 2 }] } } },
        ]),
      {
        error:
          "A definition for option `s.l' is not of type `attribute list of signed integer'. Each list element must be a single-key attribute set, but got 2 keys.\n- In `x.nix':\n    {\n      a = 1;\n      b = 2;\n    }",
      },
    ],
    // one (t.either (t.attrListOf t.str) t.int) [ { a = "h"; } ]
    [
      "attrList either first",
      () => one(T.either(al(), T.int), [{ a: "h" }]),
      { value: [{ a: "h" }] },
    ],
    // one (t.either (t.attrListOf t.str) t.int) 42
    ["attrList either fallback", () => one(T.either(al(), T.int), 42), { value: 42 }],
    // one (t.either (t.attrListOf t.str) t.int) "x"
    [
      "attrList either neither",
      () => one(T.either(al(), T.int), "x"),
      {
        error:
          "A definition for option `a' is not of type `(attribute list of string) or signed integer'. TypeError: The option `a` is neither a value of type `attribute list of string` nor `signed integer`, Definition values:\n- In `def.nix': \"x\"",
      },
    ],
    // one (t.either t.int (t.attrListOf t.str)) { a = "h"; }
    [
      "attrList either second",
      () => one(T.either(T.int, al()), { a: "h" }),
      { value: [{ a: "h" }] },
    ],
    // one (t.attrListOf (t.attrListOf t.int)) [ { a = [ { x = 1; } ]; } { b = { y = mkAfter 2; z = 3; }; } ]
    [
      "attrList nested attrList",
      () => one(al(al(T.int)), [{ a: [{ x: 1 }] }, { b: { y: mkAfter(2), z: 3 } }]),
      { value: [{ a: [{ x: 1 }] }, { b: [{ z: 3 }, { y: 2 }] }] },
    ],
    // ev [ { options.a = mkOption { type = t.lazyAttrsOf (t.attrListOf t.str); }; } { config.a.x = [ { k = "v"; } ]; } ]
    [
      "attrList in lazyAttrsOf",
      () =>
        ev([
          { options: { a: mkOption({ type: T.lazyAttrsOf(al()) }) } },
          { config: { a: { x: [{ k: "v" }] } } },
        ]),
      { value: { a: { x: [{ k: "v" }] } } },
    ],
    // one (t.attrListOf (t.attrsOf t.int)) [ { a.x = 1; } { a.y = 2; } ]
    [
      "attrList elemType attrsOf not merged across",
      () => one(al(T.attrsOf(T.int)), [{ a: { x: 1 } }, { a: { y: 2 } }]),
      { value: [{ a: { x: 1 } }, { a: { y: 2 } }] },
    ],
    // one (t.nullOr (t.attrListOf t.int)) null
    ["attrList nullOr", () => one(T.nullOr(al(T.int)), null), { value: null }],
    // (t.attrListOf (t.nullOr t.str)).description
    [
      "attrList desc nested",
      () => al(T.nullOr(T.str)).description,
      { value: "attribute list of (null or string)" },
    ],
    // (t.attrListOf (t.submodule { })).description
    [
      "attrList desc submodule",
      () => al(T.submodule({})).description,
      { value: "attribute list of (submodule)" },
    ],
    // ev [ { options.a = mkOption { type = t.attrListOf t.int; }; } ]
    [
      "attrList no def",
      () => ev([{ options: { a: mkOption({ type: al(T.int) }) } }]),
      { value: { a: [] } },
    ],
    // ev [ { options.a = mkOption { type = t.attrListOf t.int; default = [ { z = 1; } ]; }; } { config.a = { b = 2; }; } ]
    [
      "attrList default",
      () =>
        ev([
          { options: { a: mkOption({ type: al(T.int), default: [{ z: 1 }] }) } },
          { config: { a: { b: 2 } } },
        ]),
      { value: { a: [{ b: 2 }] } },
    ],
    // ev [ { options.a = mkOption { type = t.attrListOf t.int; default = { z = 1; }; }; } ]
    [
      "attrList default only",
      () => ev([{ options: { a: mkOption({ type: al(T.int), default: { z: 1 } }) } }]),
      { value: { a: [{ z: 1 }] } },
    ],
    // one (t.attrListOf t.anything) [ { a = { x = 1; }; } { a = [ 1 ]; } ]
    [
      "attrList elemType anything",
      () => one(al(T.anything), [{ a: { x: 1 } }, { a: [1] }]),
      { value: [{ a: { x: 1 } }, { a: [1] }] },
    ],
    // one (t.attrListOf t.int) [ { "a.b" = 1; } { "" = 2; } ]
    [
      "attrList weird names",
      () => one(al(T.int), [{ "a.b": 1 }, { "": 2 }]),
      { value: [{ "a.b": 1 }, { "": 2 }] },
    ],
    // one (t.attrListOf t.int) [ { "a.b" = "x"; } ]
    [
      "attrList weird name error",
      () => one(al(T.int), [{ "a.b": "x" }]),
      {
        error:
          'A definition for option `a."a.b"\' is not of type `signed integer\'. Definition values:\n- In `def.nix\': "x"',
      },
    ],
    // one (t.attrListOf t.int) (mkForce [ { a = mkDefault 1; } { b = 2; } ])
    [
      "attrList force def with mkDefault elem",
      () => one(al(T.int), mkForce([{ a: mkDefault(1) }, { b: 2 }])),
      { value: [{ b: 2 }] },
    ],
    // one (t.attrListOf t.int) [ (mkMerge [ { a = 1; } ]) ]
    [
      "attrList mkMerge elem",
      () => one(al(T.int), [mkMerge([{ a: 1 }])]),
      {
        error:
          "A definition for option `a' is not of type `attribute list of signed integer'. Each list element must be a single-key attribute set, but got 2 keys.\n- In `def.nix':\n    {\n      _type = \"merge\";\n      contents = [\n        {\n          a = 1;\n    ...",
      },
    ],
    // one (t.attrListOf t.int) [ (mkForce { a = 1; }) ]
    [
      "attrList override elem wrapper",
      () => one(al(T.int), [mkForce({ a: 1 })]),
      {
        error:
          "A definition for option `a' is not of type `attribute list of signed integer'. Each list element must be a single-key attribute set, but got 3 keys.\n- In `def.nix':\n    {\n      _type = \"override\";\n      content = {\n        a = 1;\n      };\n    ...",
      },
    ],
    // (ev [ { options.a = opt (t.attrListOf t.int); options.b = opt t.int; } ({ config, ... }: { config.a = { x = config.b; }; config.b = 3; }) ]).a
    [
      "attrList lazy value from config",
      () =>
        ev([
          { options: { a: opt(al(T.int)), b: opt(T.int) } },
          ({ config }: any) => ({
            config: {
              a: {
                get x() {
                  return config.b;
                },
              },
              b: 3,
            },
          }),
        ]).a,
      { value: [{ x: 3 }] },
    ],
    // (ev [ { options.a = opt (t.attrListOf t.int); options.b = opt t.int; } ({ config, ... }: { config.a = [ { x = config.b; } ]; config.b = 3; }) ]).a
    [
      "attrList list lazy value from config",
      () =>
        ev([
          { options: { a: opt(al(T.int)), b: opt(T.int) } },
          ({ config }: any) => ({
            config: {
              a: [
                {
                  get x() {
                    return config.b;
                  },
                },
              ],
              b: 3,
            },
          }),
        ]).a,
      { value: [{ x: 3 }] },
    ],
    // builtins.attrNames (one (t.attrListWith { elemType = t.int; asAttrs = true; mergeAttrValues = _: _: throw "boom"; }) [ { x = 1; } ])
    [
      "attrList mergeAttrValues throws",
      () =>
        Object.keys(
          one(
            T.attrListWith({
              elemType: T.int,
              asAttrs: true,
              mergeAttrValues: () => {
                throw new Error("boom");
              },
            }),
            [{ x: 1 }],
          ),
        ),
      { value: ["x"] },
    ],
    // builtins.length (one (t.attrListWith { elemType = t.int; asAttrs = true; }) [ { b = "x"; } { b = 1; } ]).b
    [
      "attrList asAttrs bad value length",
      () =>
        one(T.attrListWith({ elemType: T.int, asAttrs: true }), [{ b: "x" }, { b: 1 }]).b.length,
      { value: 2 },
    ],
    // builtins.elemAt (one (t.attrListWith { elemType = t.int; asAttrs = true; }) [ { b = "x"; } { b = 1; } ]).b 1
    [
      "attrList asAttrs good elem of bad",
      () => one(T.attrListWith({ elemType: T.int, asAttrs: true }), [{ b: "x" }, { b: 1 }]).b[1],
      { value: 1 },
    ],
    // one (t.attrListWith { elemType = t.submodule { options.p = mkOption { type = t.int; default = 1; }; }; asAttrs = true; }) [ { x = { }; } { x.p = 2; } ]
    [
      "attrList submodule defaults via apply",
      () =>
        one(
          T.attrListWith({
            elemType: T.submodule({ options: { p: mkOption({ type: T.int, default: 1 }) } }),
            asAttrs: true,
          }),
          [{ x: {} }, { x: { p: 2 } }],
        ),
      { value: { x: [{ p: 1 }, { p: 2 }] } },
    ],
    // one (t.listOf (t.attrListOf t.int)) [ [ { a = "x"; } ] ]
    [
      "attrList in listOf",
      () => one(T.listOf(al(T.int)), [[{ a: "x" }]]),
      {
        error:
          'A definition for option `a."[definition 1-entry 1]".a\' is not of type `signed integer\'. Definition values:\n- In `def.nix\': "x"',
      },
    ],
    // two (t.either (t.attrListOf t.int) t.int) [ { a = 1; } ] 2
    [
      "attrList either mixed defs",
      () => two(T.either(al(T.int), T.int), [{ a: 1 }], 2),
      {
        error:
          "A definition for option `a' is not of type `(attribute list of signed integer) or signed integer'. TypeError: The option `a` is neither a value of type `attribute list of signed integer` nor `signed integer`, Definition values:\n- In `two.nix': 2\n- In `one.nix':\n    [\n      {\n        a = 1;\n      }\n    ]",
      },
    ],
    // (ev [ { options.a = opt (t.attrListWith { elemType = t.int; asAttrs = true; }); } { config.a = mkIf false [ { x = 1; } ]; } ]).a
    [
      "attrList asAttrs mkIf false whole",
      () =>
        ev([
          { options: { a: opt(T.attrListWith({ elemType: T.int, asAttrs: true })) } },
          { config: { a: mkIf(false, [{ x: 1 }]) } },
        ]).a,
      { value: {} },
    ],
  ])("%s", check);
});

describe("luaInline", () => {
  it.each<Case>([
    // info t.luaInline
    [
      "info luaInline",
      () => info(T.luaInline),
      {
        value: {
          description: "inline lua",
          descriptionClass: "noun",
          empty: [],
          functor: "luaInline",
          name: "luaInline",
        },
      },
    ],
    // one t.luaInline (lua "x")
    [
      "luaInline ok",
      () => one(T.luaInline, lua("x")),
      { value: { _type: "lua-inline", expr: "x" } },
    ],
    // one t.luaInline "x"
    [
      "luaInline string",
      () => one(T.luaInline, "x"),
      {
        error:
          "A definition for option `a' is not of type `inline lua'. Definition values:\n- In `def.nix': \"x\"",
      },
    ],
    // one t.luaInline { expr = 1; }
    [
      "luaInline set",
      () => one(T.luaInline, { expr: 1 }),
      {
        error:
          "A definition for option `a' is not of type `inline lua'. Definition values:\n- In `def.nix':\n    {\n      expr = 1;\n    }",
      },
    ],
    // two t.luaInline (lua "x") (lua "x")
    [
      "luaInline twice equal",
      () => two(T.luaInline, lua("x"), lua("x")),
      { value: { _type: "lua-inline", expr: "x" } },
    ],
    // two t.luaInline (lua "x") (lua "y")
    [
      "luaInline conflict",
      () => two(T.luaInline, lua("x"), lua("y")),
      {
        error:
          'The option `a\' has conflicting definition values:\n- In `two.nix\':\n    {\n      _type = "lua-inline";\n      expr = "y";\n    }\n- In `one.nix\':\n    {\n      _type = "lua-inline";\n      expr = "x";\n    }\nUse `lib.mkForce value` or `lib.mkDefault value` to change the priority on any of these definitions.',
      },
    ],
    // one t.luaInline (lib.generators.mkLuaInline "print(1)")
    [
      "luaInline generators",
      () => one(T.luaInline, lua("print(1)")),
      { value: { _type: "lua-inline", expr: "print(1)" } },
    ],
    // twice t.luaInline t.luaInline (lua "x")
    [
      "luaInline declared twice",
      () => twice(T.luaInline, T.luaInline, lua("x")),
      { value: { _type: "lua-inline", expr: "x" } },
    ],
    // one (t.either t.str t.luaInline) (lua "x")
    [
      "luaInline in either",
      () => one(T.either(T.str, T.luaInline), lua("x")),
      { value: { _type: "lua-inline", expr: "x" } },
    ],
    // one t.luaInline [ ]
    [
      "luaInline list",
      () => one(T.luaInline, []),
      {
        error:
          "A definition for option `a' is not of type `inline lua'. Definition values:\n- In `def.nix': [ ]",
      },
    ],
    // one (t.nullOr t.luaInline) null
    ["luaInline null", () => one(T.nullOr(T.luaInline), null), { value: null }],
    // one (t.attrsOf t.luaInline) { a = mkIf true (lua "x"); b = mkIf false (lua "y"); }
    [
      "luaInline in attrsOf mkIf",
      () => one(T.attrsOf(T.luaInline), { a: mkIf(true, lua("x")), b: mkIf(false, lua("y")) }),
      { value: { a: { _type: "lua-inline", expr: "x" } } },
    ],
  ])("%s", check);
});

describe("loaOf", () => {
  it.each<Case>([
    // info (t.loaOf t.int)
    [
      "info loaOf",
      () => info(T.loaOf(T.int)),
      {
        value: {
          description: "attribute set of signed integer",
          descriptionClass: "composite",
          empty: [{}],
          functor: "attrsWith",
          name: "loaOf",
        },
      },
    ],
    // one (t.loaOf t.int) { a = 1; }
    ["loaOf value", () => one(T.loaOf(T.int), { a: 1 }), { value: { a: 1 } }],
    // one (t.loaOf t.int) [ 1 ]
    [
      "loaOf list",
      () => one(T.loaOf(T.int), [1]),
      {
        error:
          "A definition for option `a' is not of type `attribute set of signed integer'. TypeError: Definition values:\n- In `def.nix':\n    [\n      1\n    ]",
      },
    ],
    // one (t.loaOf t.int) { a = "x"; }
    [
      "loaOf bad elem",
      () => one(T.loaOf(T.int), { a: "x" }),
      {
        error:
          "A definition for option `a.a' is not of type `signed integer'. Definition values:\n- In `def.nix': \"x\"",
      },
    ],
    // (t.loaOf t.int).deprecationMessage
    [
      "loaOf deprecation",
      () => T.loaOf(T.int).deprecationMessage,
      {
        value:
          "Mixing lists with attribute values is no longer possible; please use `types.attrsOf` instead. See https://github.com/NixOS/nixpkgs/issues/1800 for the motivation.",
      },
    ],
    // twiceInfo (t.loaOf t.int) (t.loaOf t.int)
    [
      "loaOf declared twice",
      () => twiceInfo(T.loaOf(T.int), T.loaOf(T.int)),
      {
        value: {
          description: "attribute set of signed integer",
          descriptionClass: "composite",
          empty: [{}],
          functor: "attrsWith",
          name: "attrsOf",
        },
      },
    ],
    // (t.attrsOf (t.loaOf t.str)).description
    [
      "loaOf nested desc",
      () => T.attrsOf(T.loaOf(T.str)).description,
      { value: "attribute set of attribute set of string" },
    ],
    // one (t.loaOf (t.submodule { options.x = mkOption { type = t.int; default = 5; }; })) { n = { }; }
    [
      "loaOf nested submodule",
      () =>
        one(T.loaOf(T.submodule({ options: { x: mkOption({ type: T.int, default: 5 }) } })), {
          n: {},
        }),
      { value: { n: { x: 5 } } },
    ],
  ])("%s", check);
});

describe("functions of lib.types", () => {
  it.each<Case>([
    // t.types == t
    ["types.types", () => T.types === T, { value: true }],
    // t.types.int.name
    ["types.types.int", () => T.types.int.name, { value: "int" }],
    // t.isType "option-type" t.int
    ["isType yes", () => T.isType("option-type", T.int), { value: true }],
    // t.isType "option-type" 1
    ["isType no", () => T.isType("option-type", 1), { value: false }],
    // t.isType "foo" { _type = "foo"; }
    ["isType set", () => T.isType("foo", { _type: "foo" }), { value: true }],
    // t.isType "foo" "foo"
    ["isType string", () => T.isType("foo", "foo"), { value: false }],
    // t.setType "foo" { a = 1; _type = "bar"; }
    ["setType", () => T.setType("foo", { a: 1, _type: "bar" }), { value: { _type: "foo", a: 1 } }],
    // t.setType "foo" 1
    [
      "setType non-set",
      () => T.setType("foo", 1),
      { error: "value is an integer while a set was expected" },
    ],
    // t.optionDescriptionPhrase (c: c == "noun") (t.listOf t.int)
    [
      "optionDescriptionPhrase paren",
      () => T.optionDescriptionPhrase((c: unknown) => c === "noun", T.listOf(T.int)),
      { value: "(list of signed integer)" },
    ],
    // t.optionDescriptionPhrase (c: c == "noun") t.int
    [
      "optionDescriptionPhrase noun",
      () => T.optionDescriptionPhrase((c: unknown) => c === "noun", T.int),
      { value: "signed integer" },
    ],
    // t.optionDescriptionPhrase (c: c == null) t.attrs
    [
      "optionDescriptionPhrase null class",
      () => T.optionDescriptionPhrase((c: unknown) => c === null, T.attrs),
      { value: "attribute set" },
    ],
    // (t.mergeTypes (t.enum [ "a" ]) (t.enum [ "b" ])).description
    [
      "mergeTypes enums",
      () => T.mergeTypes(T.enum(["a"]), T.enum(["b"])).description,
      { value: 'one of "a", "b"' },
    ],
    // t.mergeTypes t.int t.str
    [
      "mergeTypes fail",
      () => T.mergeTypes(T.int, T.str),
      { value: { _type: "merge-error", error: "Cannot merge types" } },
    ],
    // (t.mergeTypes (t.listOf t.int) (t.listOf t.int)).description
    [
      "mergeTypes lists",
      () => T.mergeTypes(T.listOf(T.int), T.listOf(T.int)).description,
      { value: "list of signed integer" },
    ],
    // let f = t.defaultFunctor "int"; in { inherit (f) name payload; type = f.type.name; }
    [
      "defaultFunctor",
      () => {
        const f = T.defaultFunctor("int");
        return { name: f.name, payload: f.payload, type: f.type.name };
      },
      { value: { name: "int", payload: null, type: "int" } },
    ],
    // (t.defaultFunctor "nope").type
    ["defaultFunctor unknown", () => T.defaultFunctor("nope").type, { value: null }],
    // (t.defaultFunctor "int").binOp 1 2
    ["defaultFunctor binOp", () => T.defaultFunctor("int").binOp(1, 2), { value: null }],
    // (t.defaultTypeMerge (t.listOf t.int).functor (t.listOf t.int).functor).description
    [
      "defaultTypeMerge lists",
      () => T.defaultTypeMerge(T.listOf(T.int).functor, T.listOf(T.int).functor).description,
      { value: "list of signed integer" },
    ],
    // t.defaultTypeMerge t.int.functor t.str.functor
    [
      "defaultTypeMerge different",
      () => T.defaultTypeMerge(T.int.functor, T.str.functor),
      { value: null },
    ],
    // (t.defaultTypeMerge t.int.functor t.int.functor).description
    [
      "defaultTypeMerge same plain",
      () => T.defaultTypeMerge(T.int.functor, T.int.functor).description,
      { value: "signed integer" },
    ],
    // (t.defaultTypeMerge (t.enum [ "a" ]).functor (t.enum [ "b" ]).functor).description
    [
      "defaultTypeMerge enums",
      () => T.defaultTypeMerge(T.enum(["a"]).functor, T.enum(["b"]).functor).description,
      { value: 'one of "a", "b"' },
    ],
    // twice (t.mkOptionType { name = "myInt"; check = builtins.isInt; functor = t.defaultFunctor "int"; }) t.int "x"
    [
      "mkOptionType with defaultFunctor",
      () =>
        twice(
          T.mkOptionType({
            name: "myInt",
            check: Number.isInteger,
            functor: T.defaultFunctor("int"),
          }),
          T.int,
          "x",
        ),
      {
        error:
          "A definition for option `a' is not of type `signed integer'. Definition values:\n- In `def.nix': \"x\"",
      },
    ],
    // ev [ t.noCheckForDocsModule { config.undeclared = 1; } ]
    [
      "noCheckForDocsModule",
      () => ev([T.noCheckForDocsModule, { config: { undeclared: 1 } }]),
      { value: {} },
    ],
    // t.isType "" 1
    ["isType empty", () => T.isType("", 1), { value: true }],
  ])("%s", check);
});

describe("what JSON does not show", () => {
  it("an asAttrs value lists its names in Nix's order, and an attrListOf element its one name", () => {
    const asAttrs = one(T.attrListWith({ elemType: T.int, asAttrs: true }), [{ b: 1 }, { a: 2 }]);
    expect(Object.keys(asAttrs)).toEqual(["a", "b"]);
    expect(one(al(T.int), { b: 1, a: 2 }).map(Object.keys)).toEqual([["a"], ["b"]]);
  });

  it("a value of an element is merged when it is read", () => {
    const list = one(al(T.int), [{ a: "x" }, { b: 1 }]);
    expect(list[1].b).toBe(1);
    expect(moduleError(() => list[0].a).loc).toEqual(["a", "a"]);
  });

  it("setType keeps the set's attributes lazy", () => {
    let reads = 0;
    const tagged = T.setType("foo", {
      get x() {
        reads++;
        return 1;
      },
    });
    expect(reads).toBe(0);
    expect(tagged.x).toBe(1);
  });
});
