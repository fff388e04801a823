// modules.sh: `types.attrTag`, an attribute set whose one attribute picks one of several options.
import { describe, it } from "vitest";
import { mkMerge, mkOption, types } from "nixmod";
import { checkConfigError, checkConfigOutput, fixture } from "./helpers.ts";

/** `{ <name> = throw "do not eval"; }`: a definition whose value must not be read. */
const lazyThrow = (name: string) => ({
  get [name](): never {
    throw new Error("do not eval");
  },
});

const leftRight = () =>
  types.attrTag({
    left: mkOption({ type: types.int }),
    right: mkOption({ type: types.str }),
  });

// types-attrTag.nix without its documentation checks (docs.nix, declaration positions).
const attrTagFixture = fixture("types-attrTag.nix", ({ config }: any) => ({
  options: {
    intStrings: mkOption({ type: types.attrsOf(leftRight()) }),
    nested: mkOption({
      type: types.attrTag({
        left: mkOption({ type: types.int }),
        right: mkOption({ type: leftRight() }),
      }),
    }),
    merged: mkOption({
      type: types.attrsOf(
        types.attrTag({
          yay: mkOption({ type: types.int }),
          extensible: mkOption({ type: types.enum(["foo"]) }),
        }),
      ),
    }),
    okChecks: mkOption(),
  },
  imports: [
    {
      options: {
        merged: mkOption({
          type: types.attrsOf(
            types.attrTag({
              nay: mkOption({ type: types.bool }),
              extensible: mkOption({ type: types.enum(["bar"]) }),
            }),
          ),
        }),
      },
    },
  ],
  config: {
    intStrings: {
      syntaxError: 1,
      syntaxError2: {},
      syntaxError3: { a: true, b: true },
      syntaxError4: mkMerge([{ a: true }, { b: true }]),
      mergeError: mkMerge([lazyThrow("int"), lazyThrow("string")]),
      badTagError: lazyThrow("rite"),
      badTagTypeError: { left: "bad" },
      numberOne: { left: 1 },
      hello: { right: "hello world" },
    },
    nested: { right: { left: "not a number" } },
    merged: {
      negative: { nay: false },
      positive: { yay: 100 },
      "extensi-foo": { extensible: "foo" },
      "extensi-bar": { extensible: "bar" },
    },
    get okChecks() {
      const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
      return (
        same(config.intStrings.hello, { right: "hello world" }) &&
        same(config.intStrings.numberOne, { left: 1 }) &&
        same(config.merged.negative, { nay: false }) &&
        same(config.merged.positive, { yay: 100 }) &&
        same(config.merged["extensi-foo"], { extensible: "foo" }) &&
        same(config.merged["extensi-bar"], { extensible: "bar" })
      );
    },
  },
}));

describe("types.attrTag", () => {
  it("modules.sh:215 values of each tag, and declarations merged tag by tag", () => {
    checkConfigOutput("^true$", "config.okChecks", [attrTagFixture]);
  });
  for (const [line, name] of [
    [216, "syntaxError"],
    [217, "syntaxError2"],
    [218, "syntaxError3"],
    [219, "syntaxError4"],
    [220, "mergeError"],
    [221, "badTagError"],
  ] as const) {
    it(`modules.sh:${line} ${name} is not one tag`, () => {
      checkConfigError(
        `A definition for option .intStrings\\.${name}. is not of type .attribute-tagged union with choices: left, right`,
        `config.intStrings.${name}`,
        [attrTagFixture],
      );
    });
  }
  it("modules.sh:222 a tag's value has the tag's type", () => {
    checkConfigError(
      "A definition for option .intStrings\\.badTagTypeError\\.left. is not of type .signed integer.",
      "config.intStrings.badTagTypeError.left",
      [attrTagFixture],
    );
  });
  it("modules.sh:223 nested tags", () => {
    checkConfigError(
      "A definition for option .nested\\.right\\.left. is not of type .signed integer.",
      "config.nested.right.left",
      [attrTagFixture],
    );
  });
  it("modules.sh:224 a tag must be an option, not a bare type", () => {
    const wrongDecl = fixture("types-attrTag-wrong-decl.nix", {
      options: {
        opt: mkOption({ type: types.attrTag({ int: types.int }), default: { int: 1 } }),
      },
    });
    checkConfigError(
      "In attrTag, each tag value must be an option, but tag int was a bare type, not wrapped in mkOption.",
      "config.opt.int",
      [wrongDecl],
    );
  });

  // Beyond modules.sh; Nix 2.8 printed these messages for the same modules.
  it("a tag that is neither an option nor a type", () => {
    const plain = fixture("attrTag-plain-tag.nix", {
      options: { o: mkOption({ type: types.attrTag({ a: 1 }), default: { a: 1 } }) },
    });
    checkConfigError(
      "In attrTag, each tag value must be an option, but tag a was not\\.",
      "config.o.a",
      [plain],
    );
  });

  it("two definitions with different tags conflict", () => {
    const tagged = fixture("attrTag-conflict.nix", {
      options: { x: mkOption({ type: leftRight() }) },
    });
    checkConfigError(
      "The option `x` is defined both as `right` and `left`, in `m2' and `m1'\\.",
      "config.x",
      [tagged, { _file: "m1", x: { left: 1 } }, { _file: "m2", x: { right: "s" } }],
    );
  });
});
