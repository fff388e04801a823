// modules.sh: attrsOf and lazyAttrsOf. Only lazyAttrsOf is lazy (in which names exist), only
// attrsOf works with conditional definitions, and lazyAttrsOf honours the element's emptyValue.
// Also attrsWith: type merging of `lazy` and `placeholder`.
import { describe, it } from "vitest";
import { mkIf, mkOption, types } from "nixmod";
import { checkConfigError, checkConfigOutput, fixture } from "./helpers.ts";
import { deathtrapOption } from "./shared.ts";

const declareAttrsOf = fixture("declare-attrsOf.nix", {
  options: {
    value: mkOption({ type: types.attrsOf(types.str), default: {} }),
    "testing-laziness-so-don't-read-me": deathtrapOption(),
  },
});
const declareLazyAttrsOf = fixture("declare-lazyAttrsOf.nix", {
  options: {
    value: mkOption({
      type: types.lazyAttrsOf({ ...types.str, emptyValue: { value: "empty" } }),
      default: {},
    }),
  },
});
const attrsOfLazyCheck = fixture("attrsOf-lazy-check.nix", ({ config }: any) => ({
  options: {
    isLazy: mkOption({
      get default() {
        return !("foo" in config.value);
      },
    }),
  },
  config: {
    value: {
      get bar() {
        throw new Error("is not lazy");
      },
    },
  },
}));
const attrsOfConditionalCheck = fixture("attrsOf-conditional-check.nix", ({ config }: any) => ({
  options: {
    conditionalWorks: mkOption({
      get default() {
        return !("foo" in config.value);
      },
    }),
  },
  config: { value: { foo: mkIf(false, "should not be defined") } },
}));

describe("attrsOf and lazyAttrsOf", () => {
  it("modules.sh:503 attrsOf is not lazy", () => {
    checkConfigError("is not lazy", "config.isLazy", [declareAttrsOf, attrsOfLazyCheck]);
  });
  it("modules.sh:504 lazyAttrsOf is lazy", () => {
    checkConfigOutput("^true$", "config.isLazy", [declareLazyAttrsOf, attrsOfLazyCheck]);
  });
  it("modules.sh:505 attrsOf drops a name whose definitions are all conditional and false", () => {
    checkConfigOutput("^true$", "config.conditionalWorks", [
      declareAttrsOf,
      attrsOfConditionalCheck,
    ]);
  });
  it("modules.sh:506 lazyAttrsOf keeps the name", () => {
    checkConfigOutput("^false$", "config.conditionalWorks", [
      declareLazyAttrsOf,
      attrsOfConditionalCheck,
    ]);
  });
  it("modules.sh:507 lazyAttrsOf gives the element type's emptyValue", () => {
    checkConfigOutput('^"empty"$', "config.value.foo", [
      declareLazyAttrsOf,
      attrsOfConditionalCheck,
    ]);
  });
});

describe("attrsWith type merging", () => {
  const lazyAttrsOf = () =>
    mkOption({ type: types.attrsWith({ lazy: true, elemType: types.int }) });
  const attrsOf = () => mkOption({ type: types.attrsWith({ elemType: types.int }) });
  const lazyAttrsWith = fixture("lazy-attrsWith.nix", {
    imports: [
      // declares the three options once
      () => ({
        options: {
          mergedLazyLazy: lazyAttrsOf(),
          mergedLazyNonLazy: lazyAttrsOf(),
          mergedNonLazyNonLazy: attrsOf(),
        },
      }),
      // and once more, lazily or not
      () => ({
        options: {
          mergedLazyLazy: lazyAttrsOf(),
          mergedLazyNonLazy: attrsOf(),
          mergedNonLazyNonLazy: attrsOf(),
        },
      }),
      // Result
      ({ config }: any) => ({
        config: {
          // `bar` reads its sibling: fine when names are lazy
          mergedLazyLazy: {
            get bar() {
              return config.mergedLazyLazy.baz + 1;
            },
            baz: 10,
          },
          // the same read, a cycle when the attribute set is strict
          mergedNonLazyNonLazy: {
            get bar() {
              return config.mergedNonLazyNonLazy.baz + 1;
            },
            baz: 10,
          },
        },
        options: {
          lazyResult: mkOption({
            get default() {
              return config.mergedLazyLazy.bar;
            },
          }),
          nonLazyResult: mkOption({
            get default() {
              return config.mergedNonLazyNonLazy.bar;
            },
          }),
        },
      }),
    ],
  });
  it("modules.sh:510 lazy and non-lazy do not merge", () => {
    checkConfigError(
      "The option `mergedLazyNonLazy' in `.*' is already declared in `.*'\\.",
      "options.mergedLazyNonLazy",
      [lazyAttrsWith],
    );
  });
  it("modules.sh:511 lazy: a value may read a sibling", () => {
    checkConfigOutput("^11$", "config.lazyResult", [lazyAttrsWith]);
  });
  it("modules.sh:512 not lazy: infinite recursion", () => {
    checkConfigError("infinite recursion encountered", "config.nonLazyResult", [lazyAttrsWith]);
  });
});

describe("attrsWith placeholder", () => {
  const submoduleWithNested = types.submodule({
    options: { nested: mkOption({ type: types.int, default: 1 }) },
  });
  const moduleA = () => ({
    options: {
      mergedName: mkOption({
        default: {},
        type: types.attrsWith({ placeholder: "id", elemType: submoduleWithNested }),
      }),
    },
  });
  const nameMergeAttrsWith1 = fixture("name-merge-attrsWith-1.nix", {
    imports: [
      moduleA,
      // The default placeholder "name": type merging resolves to "id".
      () => ({ options: { mergedName: mkOption({ type: types.attrsOf(types.submodule({})) }) } }),
      ({ options }: any) => ({
        options: {
          result: mkOption({
            get default() {
              return options.mergedName.type
                .getSubOptions(options.mergedName.loc)
                .nested.loc.join(".");
            },
          }),
        },
      }),
    ],
  });
  it("modules.sh:515 the merged placeholder", () => {
    checkConfigOutput('^"mergedName.<id>.nested"$', "config.result", [nameMergeAttrsWith1]);
  });
  const nameMergeAttrsWith2 = fixture("name-merge-attrsWith-2.nix", {
    imports: [
      moduleA,
      () => ({
        options: {
          mergedName: mkOption({
            type: types.attrsWith({ placeholder: "other", elemType: types.submodule({}) }),
          }),
        },
      }),
    ],
  });
  it("modules.sh:516 conflicting placeholders", () => {
    checkConfigError(
      "The option .mergedName. in .*\\.nix. is already declared in .*\\.nix",
      "config.mergedName",
      [nameMergeAttrsWith2],
    );
  });
});
