/**
 * nixpkgs' documentation helpers of `lib.options`: `optionAttrSetToDocList`, `renderOptionValue`,
 * `scrubOptionValue`, `literalCode` and `showDefs`. Expected values are what
 * `nix-instantiate --eval --strict --json` printed for the same values (Nix 2.8, nixpkgs lib
 * 26.11); the doc lists are in test/vectors/options/doc-list.json (see option-doc-list.cases.ts).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  evalModules,
  lib,
  literalCode,
  literalExpression,
  literalMD,
  mkOption,
  mkPackage,
  ModuleError,
  optionAttrSetToDocList,
  optionAttrSetToDocListWithPrefix,
  renderOptionValue,
  scrubOptionValue,
  showDefs,
  types,
  type DocListEntry,
} from "../../lib/index.ts";
import { docListCases } from "./option-doc-list.cases.ts";

const fromNix = JSON.parse(
  readFileSync(new URL("../vectors/options/doc-list.json", import.meta.url), "utf8"),
) as Record<string, Record<string, unknown>[]>;

/** A doc list as JSON shows it, without the `_module` options' descriptions (nixmod words them its own way). */
function asNixPrints(entries: DocListEntry[]): unknown {
  const json = JSON.parse(JSON.stringify(entries)) as Record<string, unknown>[];
  for (const entry of json)
    if ((entry.loc as string[]).includes("_module")) delete entry.description;
  return json;
}

const hello = mkPackage("/nix/store/00000000000000000000000000000000-hello-2.12", "hello-2.12", {
  drvPath: "/nix/store/x.drv",
  meta: { x: 1 },
});

/** The error a call fails with. */
function failure(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  throw new Error("did not fail");
}

describe("optionAttrSetToDocList", () => {
  for (const c of docListCases) {
    it(`lists ${c.name} as Nix does`, () => {
      const { options } = evalModules({ modules: c.modules });
      expect(asNixPrints(optionAttrSetToDocList(options))).toEqual(fromNix[c.name]);
    });
  }

  it("ignores the prefix of optionAttrSetToDocList', as Nix does", () => {
    const { options } = evalModules({ modules: docListCases[3]!.modules });
    expect(asNixPrints(optionAttrSetToDocListWithPrefix(["ignored"], options))).toEqual(
      fromNix[docListCases[3]!.name],
    );
  });

  it("walks any tree: a non-set gives nothing, a bare option is listed", () => {
    expect(optionAttrSetToDocList(1 as never)).toEqual([]);
    const { options } = evalModules({
      modules: [{ _file: "m.nix", options: { a: { b: mkOption({ type: types.int }) } } }],
    });
    expect(optionAttrSetToDocList(options.a.b).map((e) => e.name)).toEqual(["a.b"]);
  });

  it("renders a default or example when it is read, as Nix's lazy attributes", () => {
    let reads = 0;
    const { options } = evalModules({
      modules: [
        {
          _file: "m.nix",
          options: {
            counted: mkOption({
              type: types.int,
              get default() {
                reads++;
                return 1;
              },
            }),
            broken: mkOption({
              type: types.int,
              get default(): number {
                throw new Error("no default here");
              },
              example: 2,
            }),
          },
        },
      ],
    });
    const list = optionAttrSetToDocList(options);
    const broken = list.find((e) => e.name === "broken")!;
    expect(reads).toBe(0);
    expect("default" in broken).toBe(true);
    expect(broken.example).toEqual({ _type: "literalExpression", text: "2" });
    const error = failure(() => broken.default);
    expect(error).toBeInstanceOf(ModuleError);
    expect((error as ModuleError).message).toBe(
      "while evaluating the option `broken': no default here",
    );
    expect(list.find((e) => e.name === "counted")!.default!.text).toBe("1");
    expect(reads).toBe(1);
  });

  it("refuses options without their fields in Nix's words", () => {
    const bare = { _type: "option", loc: ["x"] };
    expect(failure(() => optionAttrSetToDocList({ x: bare } as never))).toEqual(
      new ModuleError("attribute 'declarations' missing", { code: "type" }),
    );
    const noType = { ...bare, declarations: [] };
    expect(failure(() => optionAttrSetToDocList({ x: noType } as never))).toEqual(
      new ModuleError("attribute 'type' missing", { code: "type" }),
    );
    expect(
      failure(() => optionAttrSetToDocList({ x: { ...bare, declarations: "f" } } as never)),
    ).toEqual(
      new ModuleError("value is a string while a list was expected", { code: "type", loc: ["x"] }),
    );
    expect(failure(() => optionAttrSetToDocList({ x: { _type: "option" } } as never))).toEqual(
      new ModuleError("attribute 'loc' missing", { code: "type" }),
    );
  });
});

describe("renderOptionValue", () => {
  it("renders values as Nix's toPretty with pretty values", () => {
    const shown = (v: unknown) => renderOptionValue(v);
    expect(shown(1)).toEqual({ _type: "literalExpression", text: "1" });
    expect(shown({ __pretty: (x: number) => `P${x}`, val: 1 })).toEqual({
      _type: "literalExpression",
      text: "P1",
    });
    expect(shown({ a: { __pretty: (x: number) => `P${x}`, val: 2 }, b: { __pretty: 1 } })).toEqual({
      _type: "literalExpression",
      text: "{\n  a = P2;\n  b = {\n    __pretty = 1;\n  };\n}",
    });
    expect(shown([[[[[[[[[[[[1]]]]]]]]]]]]).text).toBe(
      "[\n" +
        Array.from({ length: 11 }, (_, i) => "  ".repeat(i + 1) + "[\n").join("") +
        "                        1\n" +
        Array.from({ length: 11 }, (_, i) => "  ".repeat(11 - i) + "]\n").join("") +
        "]",
    );
    expect(shown(hello)).toEqual({ _type: "literalExpression", text: "<derivation hello-2.12>" });
    expect(shown({ type: "derivation" })).toEqual({
      _type: "literalExpression",
      text: "<derivation ???>",
    });
    expect(shown("a\nb''c${d}\n")).toEqual({
      _type: "literalExpression",
      text: "''\n  a\n  b'''c''${d}\n''",
    });
    expect(shown((x: unknown) => x)).toEqual({ _type: "literalExpression", text: "<function>" });
  });

  it("keeps a value that has `_type` and `text`", () => {
    const kept = { _type: "other", text: 5 };
    expect(renderOptionValue(kept)).toBe(kept);
    expect(renderOptionValue(literalExpression("pkgs.x"))).toEqual(literalExpression("pkgs.x"));
    expect(renderOptionValue(literalMD("*x*"))).toEqual({ _type: "literalMD", text: "*x*" });
    expect(renderOptionValue({ _type: "literalExpression" })).toEqual({
      _type: "literalExpression",
      text: '{\n  _type = "literalExpression";\n}',
    });
  });

  it("reads getters, as Nix evaluates the value", () => {
    expect(
      renderOptionValue({
        get a() {
          return [1];
        },
      }).text,
    ).toBe("{\n  a = [\n    1\n  ];\n}");
  });

  it("refuses broken pretty values and values that contain themselves", () => {
    expect(failure(() => renderOptionValue({ __pretty: 1, val: 2 }))).toEqual(
      new ModuleError("attempt to call something which is not a function but an integer", {
        code: "type",
      }),
    );
    expect(failure(() => renderOptionValue({ __pretty: (x: unknown) => x, val: 2 }))).toEqual(
      new ModuleError("literalExpression expects a string.", { code: "thrown" }),
    );
    expect(failure(() => renderOptionValue([{ __pretty: (x: unknown) => x, val: 2 }]))).toEqual(
      new ModuleError("cannot coerce an integer to a string", { code: "type" }),
    );
    const cycle: unknown[] = [];
    cycle.push(cycle);
    expect(failure(() => renderOptionValue(cycle))).toBeInstanceOf(ModuleError);
  });
});

describe("scrubOptionValue", () => {
  it("reduces derivations to their name, throughout lists and sets, dropping `_args`", () => {
    const scrubbed = {
      type: "derivation",
      drvPath: "hello-2.12",
      outPath: "hello-2.12",
      name: "hello-2.12",
    };
    expect(scrubOptionValue(hello)).toEqual(scrubbed);
    expect(scrubOptionValue([hello, 1, "s", null])).toEqual([scrubbed, 1, "s", null]);
    expect(
      scrubOptionValue({ _args: 1, a: { _args: 2, b: hello, c: [{ _args: 3, d: 4 }] } }),
    ).toEqual({ a: { b: scrubbed, c: [{ d: 4 }] } });
    expect(scrubOptionValue(5)).toBe(5);
    // Nix's JSON of the result: the stand-in is a set with outPath, written as that path.
    expect(JSON.stringify(scrubOptionValue({ p: hello, _args: 1, l: [1] }))).toBe(
      '{"l":[1],"p":"hello-2.12"}',
    );
    expect(Object.keys(scrubOptionValue(hello) as object)).toEqual([
      "drvPath",
      "name",
      "outPath",
      "type",
    ]);
    expect(scrubOptionValue({ type: "other", name: "n", _args: 1 })).toEqual({
      type: "other",
      name: "n",
    });
  });

  it("reads a derivation's name only when a field is read, as Nix does", () => {
    const scrubbed = scrubOptionValue({ type: "derivation" }) as Record<string, unknown>;
    expect(Object.keys(scrubbed).sort()).toEqual(["drvPath", "name", "outPath", "type"]);
    expect(scrubbed.type).toBe("derivation");
    expect(failure(() => scrubbed.name)).toEqual(
      new ModuleError("attribute 'name' missing", { code: "type" }),
    );
  });

  it("keeps a getter lazy", () => {
    let reads = 0;
    const scrubbed = scrubOptionValue({
      get pkg() {
        reads++;
        return hello;
      },
    }) as Record<string, unknown>;
    expect(reads).toBe(0);
    expect(scrubbed.pkg).toEqual(scrubOptionValue(hello));
    expect(reads).toBe(1);
  });
});

describe("literalCode", () => {
  it("is a Markdown code block of the text as it is", () => {
    expect(literalCode("python", "print(1)")).toEqual({
      _type: "literalMD",
      text: "```python\nprint(1)\n```\n",
    });
    expect(literalCode("", "")).toEqual({ _type: "literalMD", text: "```\n\n```\n" });
    expect(literalCode("sh", "  indented\n    more\n")).toEqual({
      _type: "literalMD",
      text: "```sh\n  indented\n    more\n\n```\n",
    });
    expect(literalCode("js", "a ''b'' ${c}")).toEqual({
      _type: "literalMD",
      text: "```js\na ''b'' ${c}\n```\n",
    });
    expect(literalCode({ outPath: "tag" } as never, { __toString: () => "text" } as never)).toEqual(
      { _type: "literalMD", text: "```tag\ntext\n```\n" },
    );
  });

  it("refuses what Nix cannot interpolate", () => {
    expect(failure(() => literalCode(1 as never, "x"))).toEqual(
      new ModuleError("cannot coerce an integer to a string", { code: "type" }),
    );
    for (const [text, kind] of [
      [null, "null"],
      [[], "a list"],
      [{}, "a set"],
      [true, "a Boolean"],
      [(x: unknown) => x, "a function"],
      [1.5, "a float"],
    ] as const) {
      expect(failure(() => literalCode("py", text as never))).toEqual(
        new ModuleError(`cannot coerce ${kind} to a string`, { code: "type" }),
      );
    }
  });

  it("literalExpression and literalMD take strings only, as Nix's", () => {
    expect(failure(() => literalExpression(1 as never))).toEqual(
      new ModuleError("literalExpression expects a string.", { code: "thrown" }),
    );
    expect(failure(() => literalMD(null as never))).toEqual(
      new ModuleError("literalMD expects a string.", { code: "thrown" }),
    );
  });
});

describe("showDefs", () => {
  it("shows each definition's file and its value's first five lines", () => {
    expect(showDefs([])).toBe("");
    expect(
      showDefs([
        { file: "a.nix", value: 1 },
        { file: "b.nix", value: "s" },
      ]),
    ).toBe("\n- In `a.nix': 1\n- In `b.nix': \"s\"");
    expect(showDefs([{ file: "a.nix", value: { x: 1, y: [1, 2] } }])).toBe(
      "\n- In `a.nix':\n    {\n      x = 1;\n      y = [\n        1\n        2\n    ...",
    );
    expect(showDefs([{ file: "a.nix", value: [1, 2, 3] }])).toBe(
      "\n- In `a.nix':\n    [\n      1\n      2\n      3\n    ]",
    );
    expect(showDefs([{ file: "a.nix", value: [1, 2, 3, 4] }])).toBe(
      "\n- In `a.nix':\n    [\n      1\n      2\n      3\n      4\n    ...",
    );
    expect(
      showDefs([
        { file: "a.nix", value: hello },
        { file: "f.nix", value: ({ a, b = 1 }: { a: number; b?: number }) => a + b },
        { file: { outPath: "o.nix" } as never, value: "x\ny" },
        { file: "p.nix", value: { __pretty: () => "P", val: 1 } },
      ]),
    ).toBe(
      "\n- In `a.nix': <derivation hello-2.12>\n- In `f.nix': <function, args: {a, b?}>\n- In `o.nix':\n    ''\n      x\n      y''\n- In `p.nix':\n    {\n      __pretty = <function>;\n      val = 1;\n    }",
    );
  });

  it("shows no value for one that fails to evaluate", () => {
    expect(
      showDefs([
        {
          file: "a.nix",
          get value(): unknown {
            throw new Error("no");
          },
        },
        {
          file: "b.nix",
          value: {
            get a(): unknown {
              throw new Error("deep");
            },
          },
        },
        { file: "c.nix", value: null },
      ]),
    ).toBe("\n- In `a.nix'\n- In `b.nix'\n- In `c.nix': null");
  });

  it("refuses what is not a list of definitions in Nix's words", () => {
    const refused = (defs: unknown, message: string) =>
      expect(failure(() => showDefs(defs as never))).toEqual(
        new ModuleError(message, { code: "type" }),
      );
    refused(1, "value is an integer while a list was expected");
    refused([1], "value is an integer while a set was expected");
    refused([{ file: 1, value: 2 }], "cannot coerce an integer to a string");
    refused([{ value: 2 }], "attribute 'file' missing");
    refused([{ file: "x" }], "attribute 'value' missing");
  });
});

describe("on lib", () => {
  it("puts them where nixpkgs' lib has them", () => {
    const names = [
      "optionAttrSetToDocList",
      "optionAttrSetToDocList'",
      "scrubOptionValue",
      "renderOptionValue",
      "literalCode",
      "showDefs",
    ];
    const top = ["optionAttrSetToDocList", "optionAttrSetToDocList'", "scrubOptionValue"];
    for (const name of names) {
      expect(typeof (lib.options as Record<string, unknown>)[name]).toBe("function");
      expect(name in lib).toBe(top.includes(name));
    }
    expect(lib.options.showDefs).toBe(showDefs);
    expect(lib.scrubOptionValue).toBe(scrubOptionValue);
  });
});
