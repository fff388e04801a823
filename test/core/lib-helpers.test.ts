/**
 * The helpers nixpkgs' lib gives modules and custom types besides the `mk*` properties
 * (modules.nix, options.nix). Expected values and messages are what `nix-instantiate --eval
 * --strict --json` printed for the same modules (Nix 2.8, nixpkgs lib 26.11).
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  defaultOrderPriority,
  defaultOverridePriority,
  evalModules,
  getFiles,
  getValues,
  importJSON,
  importTOML,
  lib,
  mergeAttrDefinitionsWithPrio,
  mergeDefaultOption,
  mergeEqualOption,
  mergeUniqueOption,
  mkAssert,
  mkDefault,
  mkForce,
  mkIf,
  mkImageMediaOverride,
  mkMerge,
  mkOption,
  mkOverride,
  mkSinkUndeclaredOptions,
  mkVMOverride,
  setDefaultModuleLocation,
  showFiles,
  showOptionWithDefLocs,
  types,
  unknownModule,
  type Module,
} from "../../lib/index.ts";
import { moduleError } from "../helpers/module-error.ts";
import { scratchFiles } from "../helpers/scratch-files.ts";

/** A module without a file of its own, named as Nix names such a module. */
const unnamed = (module: Record<string, unknown>): Module => ({ _file: unknownModule, ...module });

const declarations = unnamed({
  options: {
    x: mkOption({ type: types.int }),
    y: mkOption({ type: types.attrs, default: {} }),
    l: mkOption({ type: types.listOf(types.int), default: [] }),
  },
});

const evalWith = (...modules: Module[]) => evalModules({ modules: [declarations, ...modules] });

describe("priorities", () => {
  it("mkVMOverride (10) beats mkForce", () => {
    const { config, options } = evalWith(
      unnamed({ x: mkVMOverride(1) }),
      unnamed({ x: mkForce(2) }),
    );
    expect([config.x, options.x.highestPrio]).toEqual([1, 10]);
  });

  it("mkImageMediaOverride (60) loses to mkForce and beats a plain definition", () => {
    const forced = evalWith(
      unnamed({ x: mkImageMediaOverride(1) }),
      unnamed({ x: mkForce(2) }),
      unnamed({ x: 3 }),
    );
    expect([forced.config.x, forced.options.x.highestPrio]).toEqual([2, 50]);
    const plain = evalWith(unnamed({ x: mkImageMediaOverride(1) }), unnamed({ x: 3 }));
    expect([plain.config.x, plain.options.x.highestPrio]).toEqual([1, 60]);
  });

  it("exports Nix's default priorities", () => {
    expect([defaultOrderPriority, defaultOverridePriority, unknownModule]).toEqual([
      1000,
      100,
      "<unknown-file>",
    ]);
  });
});

describe("mkAssert", () => {
  it("gives its content when the assertion holds", () => {
    expect(evalWith(unnamed({ x: 1, l: mkAssert(true, "m", [4]) })).config.l).toEqual([4]);
  });

  it("fails with Nix's message when it does not, reading a function assertion only then", () => {
    let reads = 0;
    const { config } = evalWith(
      unnamed({
        x: 1,
        l: mkAssert(
          () => {
            reads++;
            return false;
          },
          "bad thing",
          [4],
        ),
      }),
    );
    expect(config.x).toBe(1);
    expect(reads).toBe(0);
    expect(moduleError(() => config.l).message).toContain("\nFailed assertion: bad thing");
  });

  it("refuses what is no boolean, and a message that is no string, in Nix's words", () => {
    expect(
      moduleError(() => evalWith(unnamed({ l: mkAssert("yes" as never, "bad", [4]) })).config.l)
        .message,
    ).toContain("value is a string while a Boolean was expected");
    expect(
      moduleError(() => evalWith(unnamed({ l: mkAssert(false, 5 as never, [4]) })).config.l)
        .message,
    ).toContain("cannot coerce an integer to a string");
    expect(
      moduleError(() => evalWith(unnamed({ l: mkAssert(() => "no" as never, "m", [4]) })).config.l)
        .message,
    ).toContain("value is a string while a Boolean was expected");
  });
});

describe("mkSinkUndeclaredOptions", () => {
  it("takes any definitions, is internal and invisible, and cannot be read", () => {
    const { config, options } = evalWith(
      unnamed({ options: { s: mkSinkUndeclaredOptions() } }),
      unnamed({ s: { a: 1 } }),
      unnamed({ s: "x", x: 1 }),
    );
    const s = options.s;
    expect({
      isDefined: s.isDefined,
      internal: s.internal,
      visible: s.visible,
      highestPrio: s.highestPrio,
      files: s.files,
      type: s.type.name,
      description: s.description,
      default: s.default,
    }).toEqual({
      isDefined: true,
      internal: true,
      visible: false,
      highestPrio: 100,
      files: ["<unknown-file>", "<unknown-file>"],
      type: "sink",
      description: "Sink for option definitions.",
      default: false,
    });
    expect(config.x).toBe(1);
    expect(moduleError(() => config.s).message).toContain(
      "Option value is not readable because the option is not declared.",
    );
  });

  it("takes a set of fields only", () => {
    expect(moduleError(() => mkSinkUndeclaredOptions(5 as never)).message).toBe(
      "the argument of mkSinkUndeclaredOptions is an integer while a set was expected",
    );
  });

  it("lets its argument replace its fields", () => {
    const { options } = evalWith(
      unnamed({ options: { s: mkSinkUndeclaredOptions({ description: "other", visible: true }) } }),
    );
    expect([options.s.visible, options.s.description, options.s.internal]).toEqual([
      true,
      "other",
      true,
    ]);
  });
});

describe("modules tied to files", () => {
  it("setDefaultModuleLocation names a module's file unless the module names its own", () => {
    const { options } = evalWith(
      setDefaultModuleLocation("myfile.nix", { x: 1 }),
      setDefaultModuleLocation("other", { _file: "own", y: { a: 1 } }),
    );
    expect([options.x.files, options.y.files]).toEqual([["myfile.nix"], ["own"]]);
  });

  it("setDefaultModuleLocation takes a file name", () => {
    expect(moduleError(() => setDefaultModuleLocation(5 as never, {})).message).toBe(
      "the file given to setDefaultModuleLocation is an integer while a string was expected",
    );
  });

  it("showOptionWithDefLocs lists the files that define an option", () => {
    const { options } = evalWith(
      setDefaultModuleLocation("myfile.nix", { x: 1 }),
      setDefaultModuleLocation("two", { x: mkDefault(3) }),
      unnamed({ l: [1] }),
      unnamed({ l: [2] }),
    );
    expect([
      showOptionWithDefLocs(options.x),
      showOptionWithDefLocs(options.l),
      showOptionWithDefLocs(options.y),
    ]).toEqual([
      "x, with values defined in:\n  - myfile.nix\n",
      "l, with values defined in:\n  - <unknown-file>\n  - <unknown-file>\n",
      "y, with values defined in:\n  - <unknown-file>\n",
    ]);
    expect(moduleError(() => showOptionWithDefLocs({ loc: ["a"] } as never)).message).toBe(
      "the argument of showOptionWithDefLocs is a set while an option was expected",
    );
  });

  describe("importJSON", () => {
    const { dir, write } = scratchFiles("import-json");

    it("reads a JSON file as a module of definitions from that file", () => {
      const file = write("cfg.json", '{"x": 5, "y": {"z": "q"}}');
      const { config, options } = evalWith(importJSON(file));
      expect([config.x, config.y, options.x.files]).toEqual([5, { z: "q" }, [file]]);
    });

    it("refuses what is no file of JSON, in Nix's words where Nix has some", () => {
      expect(moduleError(() => importJSON(dir)).message).toBe("reading from file: Is a directory");
      expect(moduleError(() => importJSON(5 as never)).message).toBe(
        "the file given to importJSON is an integer while a string was expected",
      );
    });

    it("refuses a missing file and bad JSON with where it went wrong", () => {
      expect(moduleError(() => importJSON(join(dir, "missing.json"))).message).toContain(
        "opening file '" + join(dir, "missing.json") + "': No such file or directory",
      );
      const bad = write("bad.json", '{"a": 1,}');
      expect(moduleError(() => importJSON(bad)).message).toContain("bad.json:1:9: Invalid JSON");
    });

    // What Nix 2.8's builtins.fromJSON makes of the same files.
    it("reads JSON as builtins.fromJSON does", () => {
      expect(evalWith(importJSON(write("dup.json", '{"x": 1, "x": 2}'))).config.x).toBe(2);
      expect(evalWith(importJSON(write("bom.json", '\ufeff{"x": 1}'))).config.x).toBe(1);
      expect(moduleError(() => importJSON(write("big.json", '{"x": 1e400}'))).message).toMatch(
        /big\.json: number overflow parsing '1e400'$/,
      );
      expect(moduleError(() => importJSON(write("s.json", '{"x": "\\ud800"}'))).message).toMatch(
        /invalid string: surrogate U\+D800\.\.U\+DBFF/,
      );
      expect(
        moduleError(() => importJSON(write("l.json", '{"y": {"\\udc00": 1}}'))).message,
      ).toMatch(/invalid string: surrogate U\+DC00\.\.U\+DFFF must follow U\+D800\.\.U\+DBFF$/);
      const texts = importJSON(write("texts.json", '{"y": {"s": "\\ud83d\\ude00", "n": "1e400"}}'));
      expect(evalWith(texts).config.y).toEqual({ s: "\u{1f600}", n: "1e400" });
    });
  });

  describe("importTOML", () => {
    const { dir, write } = scratchFiles("import-toml");

    // Nix printed this config, and the file as the definition's, for the same file.
    it("reads a TOML file as a module of definitions from that file", () => {
      const file = write(
        "cfg.toml",
        [
          'title = "x"',
          "n = 9007199254740991",
          "f = 1.5",
          "flags = [true, false]",
          '"a.b" = 1',
          "[server]",
          'host = "h"',
          "ports = [80, 443]",
          "[[users]]",
          'name = "a"',
          "[[users]]",
          'name = "b"',
        ].join("\n"),
      );
      const { config, options } = evalModules({
        modules: [
          {
            freeformType: types.attrsOf(types.anything),
            options: { title: mkOption({ type: types.str }) },
          },
          importTOML(file),
        ],
      });
      expect(JSON.stringify(config)).toBe(
        '{"a.b":1,"f":1.5,"flags":[true,false],"n":9007199254740991,"server":{"host":"h","ports":[80,443]},"title":"x","users":[{"name":"a"},{"name":"b"}]}',
      );
      expect(options.title.files).toEqual([file]);
      expect(lib.modules.importTOML).toBe(importTOML);
    });

    it("refuses what Nix refuses, in its words, and what JavaScript cannot hold exactly", () => {
      // Nix: `while parsing a TOML string: Dates and times are not supported`.
      expect(moduleError(() => importTOML(write("d.toml", "d = 1979-05-27"))).message).toBe(
        "while parsing a TOML string: Dates and times are not supported",
      );
      expect(moduleError(() => importTOML(write("dup.toml", "a = 1\na = 2"))).message).toBe(
        `while parsing a TOML string: ${join(dir, "dup.toml")}:2:1: Invalid TOML document: trying to redefine an already defined table or value`,
      );
      expect(
        moduleError(() => importTOML(write("big.toml", "n = 9223372036854775807"))).message,
      ).toContain(
        "the integer 9223372036854775807 is beyond the whole numbers JavaScript holds exactly",
      );
      expect(moduleError(() => importTOML(dir)).message).toBe("reading from file: Is a directory");
      expect(moduleError(() => importTOML(null as never)).message).toBe(
        "the file given to importTOML is null while a string was expected",
      );
    });
  });
});

describe("mergeAttrDefinitionsWithPrio", () => {
  it("merges the option's winning definitions name by name, each with its priority", () => {
    const { options } = evalModules({
      modules: [
        { options: { a: mkOption({ type: types.attrsOf(types.int) }) } },
        { a: { x: mkDefault(1), y: 2, z: mkForce(3) } },
        { a: mkMerge([{ x: 5 }, mkIf(false, { w: 1 }), mkOverride(200, { v: 7 })]) },
        { a: mkDefault({ y: 9, u: 4 }) },
      ],
    });
    const merged = mergeAttrDefinitionsWithPrio(options.a);
    const shown = Object.fromEntries(
      Object.entries(merged).map(([name, v]) => [name, [v.value, v.highestPrio]]),
    );
    // Nix: only the definitions that won at the option's level take part.
    expect(shown).toEqual({ x: [5, 100], y: [2, 100], z: [3, 50] });
  });

  it("refuses an option that is no attribute set of values", () => {
    const { options } = evalWith();
    expect(moduleError(() => mergeAttrDefinitionsWithPrio(options.x)).message).toContain(
      "needs an option of type attrsOf or lazyAttrsOf; `x' is of type int",
    );
  });
});

describe("merge functions for custom types", () => {
  const withType = (merge: (loc: string[], defs: any[]) => unknown, ...values: unknown[]) =>
    evalModules({
      modules: [
        unnamed({ options: { u: mkOption({ type: types.mkOptionType({ name: "u", merge }) }) } }),
        ...values.map((u) => unnamed({ u })),
      ],
    }).config.u;

  it("mergeUniqueOption takes Nix's named arguments and merges a single definition", () => {
    expect(withType(mergeUniqueOption({ message: "only one please" }), 1)).toBe(1);
    expect(
      withType(
        mergeUniqueOption({
          message: "m",
          merge: (_loc, defs) => (defs[0]!.value as number) + 100,
        }),
        1,
      ),
    ).toBe(101);
  });

  it("mergeUniqueOption refuses two definitions with its message", () => {
    expect(
      moduleError(() => withType(mergeUniqueOption({ message: "only one please" }), 1, 2)).message,
    ).toBe(
      "The option `u' is defined multiple times while it's expected to be unique.\n" +
        "only one please\nDefinition values:\n- In `<unknown-file>': 2\n- In `<unknown-file>': 1\n" +
        "Use `lib.mkForce value` or `lib.mkDefault value` to change the priority on any of these definitions.",
    );
  });

  it("mergeUniqueOption checks its arguments as Nix does", () => {
    expect(moduleError(() => mergeUniqueOption({} as never)).message).toBe(
      "'mergeUniqueOption' called without required argument 'message'",
    );
    expect(moduleError(() => mergeUniqueOption({ message: "m", foo: 1 } as never)).message).toBe(
      "'mergeUniqueOption' called with unexpected argument 'foo'",
    );
  });

  it("mergeEqualOption and mergeDefaultOption merge as Nix's", () => {
    expect(withType(mergeEqualOption, 1, 1)).toBe(1);
    expect(withType(mergeDefaultOption, [1], [2])).toEqual([2, 1]);
  });

  it("getValues, getFiles and showFiles read definitions as Nix's do", () => {
    const defs = [
      { file: "a", value: 1 },
      { file: "b", value: 2 },
    ];
    expect([getValues(defs), getFiles(defs), showFiles(["a", "b"])]).toEqual([
      [1, 2],
      ["a", "b"],
      "`a' and `b'",
    ]);
    expect(moduleError(() => getValues(5 as never)).message).toBe(
      "value is an integer while a list was expected",
    );
  });

  it("refuse what they cannot be given as ModuleErrors, and merge no definitions as Nix does", () => {
    expect(moduleError(() => mergeEqualOption(["a"], [])).message).toBe(
      "evaluation aborted with the following error message: 'This case should never happen.'",
    );
    expect(moduleError(() => mergeUniqueOption({ message: "m" })(["a"], [])).message).toBe(
      "assertion '(length defs > 1)' failed",
    );
    expect(moduleError(() => mergeDefaultOption(5 as never, [])).message).toContain(
      "the option path given to mergeDefaultOption is an integer",
    );
    expect(moduleError(() => getValues([{ file: "a" }] as never)).message).toBe(
      "attribute 'value' missing",
    );
    expect(moduleError(() => showFiles(null as never)).message).toContain(
      "the files given to showFiles is null",
    );
    expect(moduleError(() => mergeAttrDefinitionsWithPrio({ loc: 5 } as never)).message).toContain(
      "the argument of mergeAttrDefinitionsWithPrio",
    );
    expect(
      moduleError(() => types.optionDescriptionPhrase("no" as never, types.int)).message,
    ).toContain("types.optionDescriptionPhrase");
  });

  it("are on lib too, as in nixpkgs: at its top, and under lib.modules and lib.options", () => {
    expect(lib.mergeUniqueOption).toBe(mergeUniqueOption);
    expect(lib.options.mergeUniqueOption).toBe(mergeUniqueOption);
    expect(lib.mkVMOverride).toBe(mkVMOverride);
    expect(lib.modules.mkVMOverride).toBe(mkVMOverride);
    expect(lib.modules.importJSON).toBe(importJSON);
    expect(lib.modules.mergeAttrDefinitionsWithPrio).toBe(mergeAttrDefinitionsWithPrio);
    // nixpkgs' top-level importJSON reads data: the module-making one is only lib.modules'.
    expect("importJSON" in lib).toBe(false);
  });
});

describe("an option record as a string", () => {
  it('is its path as Nix\'s __toString shows it (Nix: "a.b".c and x.<name>.<name>.y)', () => {
    const { options } = evalModules({
      modules: [
        {
          options: {
            "a.b": { c: mkOption({ default: 1 }) },
            x: mkOption({
              type: types.attrsOf(types.submodule({ options: { y: mkOption({ default: 2 }) } })),
              default: { q: {} },
            }),
          },
        },
      ],
    });
    expect(`${options["a.b"].c}`).toBe('"a.b".c');
    expect(String(options.x.type.getSubOptions(["x", "<name>"]).y)).toBe("x.<name>.<name>.y");
  });
});
