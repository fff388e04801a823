/**
 * Option trees for `optionAttrSetToDocList`, each written twice: as nixmod modules and as the
 * same Nix modules (`nix`, a Nix list of modules with `lib`, `mkOption`, `types`,
 * `literalExpression` and `literalMD` in scope). test/vectors/option-doc-list.json holds what
 * `lib.optionAttrSetToDocList (lib.evalModules { modules = nix; }).options` gave under Nix
 * (nixpkgs lib 26.11), without the descriptions of the `_module` options, which nixmod words
 * in its own way.
 */
import {
  literalExpression,
  literalMD,
  mkEnableOption,
  mkOption,
  mkPackage,
  mkPackageOption,
  mkSinkUndeclaredOptions,
  types,
  type Module,
} from "../../lib/index.ts";

/** One option tree, in nixmod and in Nix. */
export interface DocListCase {
  name: string;
  modules: Module[];
  nix: string;
}

const hello = mkPackage("/nix/store/00000000000000000000000000000000-hello-2.12", "hello-2.12");
const nixHello = `{ type = "derivation"; name = "hello-2.12"; outPath = "/nix/store/00000000000000000000000000000000-hello-2.12"; }`;

const sub = types.submodule({
  options: {
    port: mkOption({ type: types.port, default: 80, description: "The port." }),
    host: mkOption({ type: types.str, example: "example.org" }),
  },
});
const nixSub = `(types.submodule { options = {
  port = mkOption { type = types.port; default = 80; description = "The port."; };
  host = mkOption { type = types.str; example = "example.org"; };
}; })`;

export const docListCases: DocListCase[] = [
  {
    name: "defaults of every kind",
    modules: [
      {
        _file: "m.nix",
        options: {
          str: mkOption({ type: types.str, default: "plain" }),
          lines: mkOption({ type: types.lines, default: "first\nsecond ${x} ''q''\n" }),
          linesNoEnd: mkOption({ type: types.str, default: "a\nb" }),
          escapes: mkOption({ type: types.str, default: 'say "hi" \\ ${home}' }),
          int: mkOption({ type: types.int, default: -3 }),
          float: mkOption({ type: types.float, default: 1.5 }),
          bool: mkOption({ type: types.bool, default: false }),
          nul: mkOption({ type: types.nullOr(types.str), default: null }),
          list: mkOption({ type: types.listOf(types.anything), default: [1, "two", [], {}] }),
          emptyList: mkOption({ type: types.listOf(types.int), default: [] }),
          set: mkOption({
            type: types.attrsOf(types.anything),
            default: { b: { c: [true] }, a: 1, "x.y": "q", if: null, "1st": 2 },
          }),
          fn: mkOption({ type: types.functionTo(types.int), default: (x: number) => x }),
          fnArgs: mkOption({
            type: types.anything,
            default: ({ a, b = 1 }: { a: number; b?: number }) => a + b,
          }),
          pkg: mkOption({ type: types.package, default: hello }),
          pkgs: mkOption({ type: types.listOf(types.package), default: [hello] }),
        },
      },
    ],
    nix: `[ {
      _file = "m.nix";
      options = {
        str = mkOption { type = types.str; default = "plain"; };
        lines = mkOption { type = types.lines; default = "first\\nsecond \\\${x} ''q''\\n"; };
        linesNoEnd = mkOption { type = types.str; default = "a\\nb"; };
        escapes = mkOption { type = types.str; default = "say \\"hi\\" \\\\ \\\${home}"; };
        int = mkOption { type = types.int; default = -3; };
        float = mkOption { type = types.float; default = 1.5; };
        bool = mkOption { type = types.bool; default = false; };
        nul = mkOption { type = types.nullOr types.str; default = null; };
        list = mkOption { type = types.listOf types.anything; default = [ 1 "two" [ ] { } ]; };
        emptyList = mkOption { type = types.listOf types.int; default = [ ]; };
        set = mkOption {
          type = types.attrsOf types.anything;
          default = { b = { c = [ true ]; }; a = 1; "x.y" = "q"; "if" = null; "1st" = 2; };
        };
        fn = mkOption { type = types.functionTo types.int; default = x: x; };
        fnArgs = mkOption { type = types.anything; default = { a, b ? 1 }: a + b; };
        pkg = mkOption { type = types.package; default = ${nixHello}; };
        pkgs = mkOption { type = types.listOf types.package; default = [ ${nixHello} ]; };
      };
    } ]`,
  },
  {
    name: "defaultText, example, readOnly, relatedPackages and empty values",
    modules: [
      {
        _file: "m.nix",
        options: {
          expr: mkOption({
            type: types.str,
            default: "x",
            defaultText: literalExpression("config.networking.hostName"),
          }),
          md: mkOption({ type: types.int, defaultText: literalMD("*the port*") }),
          plainText: mkOption({ type: types.str, defaultText: "a plain string" }),
          nullText: mkOption({ type: types.str, default: "y", defaultText: null }),
          withExample: mkOption({
            type: types.attrsOf(types.int),
            example: { a: 1 },
            description: "Has an example.",
          }),
          exampleExpr: mkOption({ type: types.str, example: literalExpression("pkgs.hello") }),
          ro: mkOption({ type: types.str, default: "fixed", readOnly: true }),
          related: mkOption({ type: types.str, default: "r", relatedPackages: ["hello"] }),
          relatedNull: mkOption({ type: types.str, default: "r", relatedPackages: null }),
          noDefaultStr: mkOption({ type: types.str }),
          noDefaultList: mkOption({ type: types.listOf(types.str) }),
          noDefaultAttrs: mkOption({ type: types.attrsOf(types.str) }),
          noDefaultNull: mkOption({ type: types.nullOr(types.int) }),
          noType: mkOption({}),
        },
      },
    ],
    nix: `[ {
      _file = "m.nix";
      options = {
        expr = mkOption { type = types.str; default = "x"; defaultText = literalExpression "config.networking.hostName"; };
        md = mkOption { type = types.int; defaultText = literalMD "*the port*"; };
        plainText = mkOption { type = types.str; defaultText = "a plain string"; };
        nullText = mkOption { type = types.str; default = "y"; defaultText = null; };
        withExample = mkOption { type = types.attrsOf types.int; example = { a = 1; }; description = "Has an example."; };
        exampleExpr = mkOption { type = types.str; example = literalExpression "pkgs.hello"; };
        ro = mkOption { type = types.str; default = "fixed"; readOnly = true; };
        related = mkOption { type = types.str; default = "r"; relatedPackages = [ "hello" ]; };
        relatedNull = mkOption { type = types.str; default = "r"; relatedPackages = null; };
        noDefaultStr = mkOption { type = types.str; };
        noDefaultList = mkOption { type = types.listOf types.str; };
        noDefaultAttrs = mkOption { type = types.attrsOf types.str; };
        noDefaultNull = mkOption { type = types.nullOr types.int; };
        noType = mkOption { };
      };
    } ]`,
  },
  {
    name: "lazy defaults read the configuration",
    modules: [
      ({ config }: { config: any }) => ({
        _file: "lazy.nix",
        options: {
          base: mkOption({ type: types.int, default: 2 }),
          derived: mkOption({
            type: types.listOf(types.int),
            get default() {
              return [config.base, config.base * 10];
            },
          }),
          nested: mkOption({
            type: types.attrsOf(types.str),
            default: {
              get fromBase() {
                return `port ${config.base}`;
              },
            },
          }),
        },
        config: { base: 7 },
      }),
    ],
    nix: `[ ({ config, ... }: {
      _file = "lazy.nix";
      options = {
        base = mkOption { type = types.int; default = 2; };
        derived = mkOption { type = types.listOf types.int; default = [ config.base (config.base * 10) ]; };
        nested = mkOption { type = types.attrsOf types.str; default = { fromBase = "port \${toString config.base}"; }; };
      };
      config.base = 7;
    }) ]`,
  },
  {
    name: "types with sub-options",
    modules: [
      {
        _file: "sub.nix",
        options: {
          one: mkOption({ type: sub, description: "One." }),
          named: mkOption({ type: types.attrsOf(sub), default: {} }),
          lazyNamed: mkOption({ type: types.lazyAttrsOf(sub) }),
          listed: mkOption({ type: types.listOf(sub) }),
          maybe: mkOption({ type: types.nullOr(sub), default: null }),
          nested: mkOption({
            type: types.attrsOf(types.listOf(types.nullOr(sub))),
          }),
        },
      },
    ],
    nix: `[ {
      _file = "sub.nix";
      options = {
        one = mkOption { type = ${nixSub}; description = "One."; };
        named = mkOption { type = types.attrsOf ${nixSub}; default = { }; };
        lazyNamed = mkOption { type = types.lazyAttrsOf ${nixSub}; };
        listed = mkOption { type = types.listOf ${nixSub}; };
        maybe = mkOption { type = types.nullOr ${nixSub}; default = null; };
        nested = mkOption { type = types.attrsOf (types.listOf (types.nullOr ${nixSub})); };
      };
    } ]`,
  },
  {
    name: "freeform submodules",
    modules: [
      {
        _file: "free.nix",
        options: {
          settings: mkOption({
            type: types.submodule({
              freeformType: types.attrsOf(types.str),
              options: { known: mkOption({ type: types.str, default: "k" }) },
            }),
            default: {},
          }),
          servers: mkOption({
            type: types.submodule({
              freeformType: types.attrsOf(sub),
              options: { enable: mkOption({ type: types.bool, default: true }) },
            }),
          }),
        },
      },
    ],
    nix: `[ {
      _file = "free.nix";
      options = {
        settings = mkOption {
          type = types.submodule {
            freeformType = types.attrsOf types.str;
            options.known = mkOption { type = types.str; default = "k"; };
          };
          default = { };
        };
        servers = mkOption {
          type = types.submodule {
            freeformType = types.attrsOf ${nixSub};
            options.enable = mkOption { type = types.bool; default = true; };
          };
        };
      };
    } ]`,
  },
  {
    name: "internal and visible",
    modules: [
      {
        _file: "vis.nix",
        options: {
          hidden: mkOption({ type: sub, visible: false }),
          shallow: mkOption({ type: sub, visible: "shallow" }),
          transparent: mkOption({ type: sub, visible: "transparent" }),
          shown: mkOption({ type: sub, visible: true }),
          internal: mkOption({ type: sub, internal: true }),
          internalHidden: mkOption({ type: types.str, internal: true, visible: false }),
        },
      },
    ],
    nix: `[ {
      _file = "vis.nix";
      options = {
        hidden = mkOption { type = ${nixSub}; visible = false; };
        shallow = mkOption { type = ${nixSub}; visible = "shallow"; };
        transparent = mkOption { type = ${nixSub}; visible = "transparent"; };
        shown = mkOption { type = ${nixSub}; visible = true; };
        internal = mkOption { type = ${nixSub}; internal = true; };
        internalHidden = mkOption { type = types.str; internal = true; visible = false; };
      };
    } ]`,
  },
  {
    name: "declarations and names",
    modules: [
      { options: { anon: mkOption({ type: types.str, default: "a" }) } },
      { _file: "a.nix", options: { twice: mkOption({ type: types.str }) } },
      { _file: "b.nix", options: { twice: mkOption({ default: "t" }) } },
      {
        _file: "c.nix",
        options: {
          "dotted.name": mkOption({ type: types.int, default: 1 }),
          group: {
            "2nd": mkOption({ type: types.bool, default: true }),
            inner: { deep: mkOption({ type: types.str, default: "d" }) },
          },
          A: mkOption({ type: types.int, default: 0 }),
          _under: mkOption({ type: types.int, default: 0 }),
        },
      },
    ],
    nix: `[
      { options.anon = mkOption { type = types.str; default = "a"; }; }
      { _file = "a.nix"; options.twice = mkOption { type = types.str; }; }
      { _file = "b.nix"; options.twice = mkOption { default = "t"; }; }
      {
        _file = "c.nix";
        options = {
          "dotted.name" = mkOption { type = types.int; default = 1; };
          group = {
            "2nd" = mkOption { type = types.bool; default = true; };
            inner.deep = mkOption { type = types.str; default = "d"; };
          };
          A = mkOption { type = types.int; default = 0; };
          _under = mkOption { type = types.int; default = 0; };
        };
      }
    ]`,
  },
  {
    name: "other types with sub-options",
    modules: [
      {
        _file: "more.nix",
        options: {
          either: mkOption({ type: types.either(types.str, sub) }),
          coerced: mkOption({
            type: types.coercedTo(types.str, (s: string) => ({ host: s }), sub),
          }),
          fn: mkOption({ type: types.functionTo(sub) }),
          unique: mkOption({ type: types.unique({ message: "once" }, sub) }),
          deferred: mkOption({
            type: types.deferredModuleWith({
              staticModules: [
                { options: { inDeferred: mkOption({ type: types.int, default: 3 }) } },
              ],
            }),
          }),
          tagged: mkOption({
            type: types.attrTag({
              left: mkOption({ type: types.int, description: "Left." }),
              right: mkOption({ type: sub }),
            }),
          }),
          named: mkOption({
            type: types.attrsWith({ elemType: sub, placeholder: "host" }),
          }),
        },
      },
    ],
    nix: `[ {
      _file = "more.nix";
      options = {
        either = mkOption { type = types.either types.str ${nixSub}; };
        coerced = mkOption { type = types.coercedTo types.str (s: { host = s; }) ${nixSub}; };
        fn = mkOption { type = types.functionTo ${nixSub}; };
        unique = mkOption { type = types.unique { message = "once"; } ${nixSub}; };
        deferred = mkOption {
          type = types.deferredModuleWith {
            staticModules = [ { options.inDeferred = mkOption { type = types.int; default = 3; }; } ];
          };
        };
        tagged = mkOption {
          type = types.attrTag {
            left = mkOption { type = types.int; description = "Left."; };
            right = mkOption { type = ${nixSub}; };
          };
        };
        named = mkOption { type = types.attrsWith { elemType = ${nixSub}; placeholder = "host"; }; };
      };
    } ]`,
  },
  {
    name: "option helpers and submodule arguments",
    modules: [
      {
        _file: "helpers.nix",
        options: {
          enable: mkEnableOption("the service"),
          package: mkPackageOption({ hello }, "hello", { example: "pkgs.hello.override { }" }),
          sink: mkSinkUndeclaredOptions(),
          instances: mkOption({
            type: types.attrsOf(
              types.submodule(({ name }: { name: string }) => ({
                options: {
                  unit: mkOption({ type: types.str, default: `srv-${name}.service` }),
                  applied: mkOption({ type: types.int, default: 1, apply: (x: number) => x + 1 }),
                },
              })),
            ),
          }),
          shorthand: mkOption({
            type: types.submoduleWith({
              modules: [{ options: { s: mkOption({ type: types.str, default: "s" }) } }],
              shorthandOnlyDefinesConfig: true,
            }),
          }),
        },
      },
    ],
    nix: `[ {
      _file = "helpers.nix";
      options = {
        enable = lib.mkEnableOption "the service";
        package = lib.mkPackageOption { hello = ${nixHello}; } "hello" { example = "pkgs.hello.override { }"; };
        sink = lib.mkSinkUndeclaredOptions { };
        instances = mkOption {
          type = types.attrsOf (types.submodule ({ name, ... }: {
            options = {
              unit = mkOption { type = types.str; default = "srv-\${name}.service"; };
              applied = mkOption { type = types.int; default = 1; apply = x: x + 1; };
            };
          }));
        };
        shorthand = mkOption {
          type = types.submoduleWith {
            modules = [ { options.s = mkOption { type = types.str; default = "s"; }; } ];
            shorthandOnlyDefinesConfig = true;
          };
        };
      };
    } ]`,
  },
  {
    name: "values inside defaults",
    modules: [
      {
        _file: "values.nix",
        options: {
          nestedPkg: mkOption({
            type: types.anything,
            default: { tools: { hello }, list: [[hello]] },
          }),
          deepList: mkOption({ type: types.anything, default: [[[[[[[[[[[[["deep"]]]]]]]]]]]]] }),
          multiInList: mkOption({ type: types.anything, default: ["one\ntwo", { k: "x\n" }] }),
          quotes: mkOption({ type: types.str, default: "it''s ${a} '' ${b}\nend" }),
          bigInt: mkOption({ type: types.int, default: 9007199254740991 }),
          zero: mkOption({ type: types.float, default: 0.25 }),
          emptyStr: mkOption({ type: types.str, default: "" }),
          newline: mkOption({ type: types.str, default: "\n" }),
          literalInSet: mkOption({ type: types.anything, default: { a: literalExpression("x") } }),
        },
      },
    ],
    nix: `[ {
      _file = "values.nix";
      options = {
        nestedPkg = mkOption { type = types.anything; default = { tools.hello = ${nixHello}; list = [ [ ${nixHello} ] ]; }; };
        deepList = mkOption { type = types.anything; default = [[[[[[[[[[[[["deep"]]]]]]]]]]]]]; };
        multiInList = mkOption { type = types.anything; default = [ "one\ntwo" { k = "x\n"; } ]; };
        quotes = mkOption { type = types.str; default = "it''s \\\${a} '' \\\${b}\nend"; };
        bigInt = mkOption { type = types.int; default = 9007199254740991; };
        zero = mkOption { type = types.float; default = 0.25; };
        emptyStr = mkOption { type = types.str; default = ""; };
        newline = mkOption { type = types.str; default = "\n"; };
        literalInSet = mkOption { type = types.anything; default = { a = literalExpression "x"; }; };
      };
    } ]`,
  },
];
