/** Fixtures of `lib/tests/modules` that several groups of modules.sh use, written with nixmod. */
import { mkForce, mkOption, types, type OptionSpec } from "nixmod";
import { optionArguments } from "../../lib/options.ts";
import { fixture } from "./helpers.ts";

/** `declare-enable.nix`: a boolean option `enable`, default false. */
export const declareEnable = fixture("declare-enable.nix", {
  options: {
    enable: mkOption({
      default: false,
      example: true,
      type: types.bool,
      description: "Some descriptive text\n",
    }),
  },
});

/** `declare-enable-nested.nix`: `set.enable`. */
export const declareEnableNested = fixture("declare-enable-nested.nix", {
  options: {
    set: {
      enable: mkOption({
        default: false,
        example: true,
        type: types.bool,
        description: "Some descriptive text\n",
      }),
    },
  },
});

/** `define-enable.nix`: `enable = true`. */
export const defineEnable = fixture("define-enable.nix", { enable: true });

/** `define-enable-force.nix`: `enable = mkForce false`. */
export const defineEnableForce = fixture("define-enable-force.nix", { enable: mkForce(false) });

/** `define-force-enable.nix`: `mkForce { enable = false; }`. */
export const defineForceEnable = fixture("define-force-enable.nix", mkForce({ enable: false }));

/** `declare-int-positive-value.nix`: `value` of type `ints.positive`. */
export const declareIntPositiveValue = fixture("declare-int-positive-value.nix", {
  options: { value: mkOption({ type: types.ints.positive }) },
});

/** `declare-int-positive-value-nested.nix`: `set.value` of type `ints.positive`. */
export const declareIntPositiveValueNested = fixture("declare-int-positive-value-nested.nix", {
  options: { set: { value: mkOption({ type: types.ints.positive }) } },
});

/** `declare-int-unsigned-value.nix`: `value` of type `ints.unsigned`. */
export const declareIntUnsignedValue = fixture("declare-int-unsigned-value.nix", {
  options: { value: mkOption({ type: types.ints.unsigned }) },
});

/** `define-value-int-positive.nix`: `value = 42`. */
export const defineValueIntPositive = fixture("define-value-int-positive.nix", { value: 42 });

/** `define-value-int-negative.nix`: `value = -23`. */
export const defineValueIntNegative = fixture("define-value-int-negative.nix", { value: -23 });

/** `define-value-string.nix`: `value = "24"`. */
export const defineValueString = fixture("define-value-string.nix", { value: "24" });

/** `define-value-list.nix`: `value = [ ]`. */
export const defineValueList = fixture("define-value-list.nix", { value: [] });

/** `declare-attrsOfSub-any-enable.nix`: `attrsOfSub.<name>.enable`, a bool defaulting to false. */
export const declareAttrsOfSubAnyEnable = fixture("declare-attrsOfSub-any-enable.nix", {
  options: {
    attrsOfSub: mkOption({
      default: {},
      example: {},
      type: types.attrsOf(
        types.submodule([
          () => ({
            options: {
              enable: mkOption({
                default: false,
                example: true,
                type: types.bool,
                description: "Some descriptive text\n",
              }),
            },
          }),
        ]),
      ),
      description: "Some descriptive text\n",
    }),
  },
});
/** `define-attrsOfSub-foo.nix`: `attrsOfSub.foo = { }`. */
export const defineAttrsOfSubFoo = fixture("define-attrsOfSub-foo.nix", {
  attrsOfSub: { foo: {} },
});
/** `define-attrsOfSub-foo-enable.nix`. */
export const defineAttrsOfSubFooEnable = fixture("define-attrsOfSub-foo-enable.nix", {
  attrsOfSub: { foo: { enable: true } },
});

/** An option whose every attribute throws when read: declaring it must not read them. */
export function deathtrapOption() {
  const spec = {} as OptionSpec;
  for (const k of optionArguments) {
    Object.defineProperty(spec, k, {
      enumerable: true,
      get() {
        throw new Error(
          `The module system is too strict, accessing an unused option's ${k} mkOption-attribute.`,
        );
      },
    });
  }
  return mkOption(spec);
}
