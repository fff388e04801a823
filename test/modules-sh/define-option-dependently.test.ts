// modules.sh: configs can be conditional on option existence (a module distributed separately
// adapts to the options other modules declare).
import { describe, it } from "vitest";
import { checkConfigOutput, fixture } from "./helpers.ts";
import {
  declareEnable,
  declareEnableNested,
  declareIntPositiveValue,
  declareIntPositiveValueNested,
} from "./shared.ts";

// `config = { value = if options ? enable then 360 else 7; } // optionalAttrs (options ? enable)
// { enable = true; }`: which names are defined depends on `options`, so `config` is a getter.
const defineOptionDependently = fixture("define-option-dependently.nix", ({ options }: any) => ({
  get config() {
    const has = "enable" in options;
    return { value: has ? 360 : 7, ...(has ? { enable: true } : {}) };
  },
}));
const defineOptionDependentlyNested = fixture(
  "define-option-dependently-nested.nix",
  ({ options }: any) => ({
    config: {
      get set() {
        const has = "enable" in options.set;
        return { value: has ? 360 : 7, ...(has ? { enable: true } : {}) };
      },
    },
  }),
);

describe("configs can be conditional on option existence", () => {
  const all = [defineOptionDependently, declareEnable, declareIntPositiveValue];
  it("modules.sh:493 enable is defined when declared", () => {
    checkConfigOutput("^true$", "config.enable", all);
  });
  it("modules.sh:494 value when enable is declared", () => {
    checkConfigOutput("^360$", "config.value", all);
  });
  it("modules.sh:495 value when enable is not declared", () => {
    checkConfigOutput("^7$", "config.value", [defineOptionDependently, declareIntPositiveValue]);
  });
  const nested = [
    defineOptionDependentlyNested,
    declareEnableNested,
    declareIntPositiveValueNested,
  ];
  it("modules.sh:496 nested: enable", () => {
    checkConfigOutput("^true$", "config.set.enable", nested);
  });
  it("modules.sh:497 nested: value when enable is declared", () => {
    checkConfigOutput("^360$", "config.set.value", nested);
  });
  it("modules.sh:498 nested: value when enable is not declared", () => {
    checkConfigOutput("^7$", "config.set.value", [
      defineOptionDependentlyNested,
      declareIntPositiveValueNested,
    ]);
  });
});
