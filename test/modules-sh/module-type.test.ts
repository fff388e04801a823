// modules.sh: the `moduleType` module argument — the evaluation's own modules as a submodule
// type, here used for `variants.<name>` that are whole configurations of the same modules.
import { describe, it } from "vitest";
import { mkOption, types } from "nixmod";
import { checkConfigOutput, fixture } from "./helpers.ts";

const declareVariants = fixture("declare-variants.nix", ({ moduleType }: any) => ({
  options: { variants: mkOption({ type: types.lazyAttrsOf(moduleType), default: {} }) },
}));

const names = (attrs: object) => Object.keys(attrs).sort().join(" ");
const defineVariant = fixture("define-variant.nix", ({ config }: any) => ({
  options: {
    attrs: mkOption({ type: types.attrsOf(types.int) }),
    result: mkOption({}),
    resultFoo: mkOption({}),
    resultFooBar: mkOption({}),
    resultFooFoo: mkOption({}),
  },
  config: {
    attrs: { a: 1 },
    variants: {
      foo: { attrs: { b: 1 }, variants: { bar: { attrs: { z: 1 } }, foo: { attrs: { c: 3 } } } },
      bar: { attrs: { y: 1 } },
    },
    get resultFoo() {
      return names(config.variants.foo.attrs);
    },
    get resultFooBar() {
      return names(config.variants.foo.variants.bar.attrs);
    },
    get resultFooFoo() {
      return names(config.variants.foo.variants.foo.attrs);
    },
  },
}));

describe("moduleType", () => {
  const modules = [declareVariants, defineVariant];
  it("modules.sh:616 a variant", () => {
    checkConfigOutput('^"a b"$', "config.resultFoo", modules);
  });
  it("modules.sh:617 a variant of a variant", () => {
    checkConfigOutput('^"a b y z"$', "config.resultFooBar", modules);
  });
  it("modules.sh:618 a variant of a variant, same name", () => {
    checkConfigOutput('^"a b c"$', "config.resultFooFoo", modules);
  });
});
