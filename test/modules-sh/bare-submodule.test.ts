// modules.sh: a submodule option declared next to plain nested option declarations
// (`options.bare-submodule.deep = mkOption ...`) merges them into the submodule.
import { describe, it } from "vitest";
import { mkOption, types } from "nixmod";
import { checkConfigError, checkConfigOutput, fixture } from "./helpers.ts";

// `shorthandOnlyDefinesConfig` depends on `config.shorthandOnlyDefinesConfig`, to parameterize
// the test (define-shorthandOnlyDefinesConfig-true.nix switches it): a getter, read when
// definitions are merged.
const declareBareSubmodule = fixture("declare-bare-submodule.nix", ({ config }: any) => ({
  options: {
    "bare-submodule": mkOption({
      type: types.submoduleWith({
        modules: [],
        get shorthandOnlyDefinesConfig() {
          return config.shorthandOnlyDefinesConfig;
        },
      }),
      default: {},
    }),
    // an option other declarations depend on: odd, but it lets one module switch the test
    shorthandOnlyDefinesConfig: mkOption({ default: false }),
  },
}));
const declareBareSubmoduleNestedOption = fixture(
  "declare-bare-submodule-nested-option.nix",
  ({ config }: any) => ({
    options: {
      "bare-submodule": mkOption({
        type: types.submoduleWith({
          get shorthandOnlyDefinesConfig() {
            return config.shorthandOnlyDefinesConfig;
          },
          modules: [{ options: { nested: mkOption({ type: types.int, default: 1 }) } }],
        }),
      }),
    },
  }),
);
const deepOption = () => ({
  options: { "bare-submodule": { deep: mkOption({ type: types.int, default: 2 }) } },
});
const declareBareSubmoduleDeepOption = fixture(
  "declare-bare-submodule-deep-option.nix",
  deepOption(),
);
const declareBareSubmoduleDeepOptionDuplicate = fixture(
  "declare-bare-submodule-deep-option-duplicate.nix",
  deepOption(),
);
const defineBareSubmoduleValues = fixture("define-bare-submodule-values.nix", {
  "bare-submodule": { nested: 42, deep: 420 },
});
const defineShorthandOnlyDefinesConfigTrue = fixture("define-shorthandOnlyDefinesConfig-true.nix", {
  shorthandOnlyDefinesConfig: true,
});

describe("bare submodule", () => {
  it("modules.sh:285 nested option from the submodule type", () => {
    checkConfigOutput("^1$", "config.bare-submodule.nested", [
      declareBareSubmodule,
      declareBareSubmoduleNestedOption,
    ]);
  });
  it("modules.sh:286 deep option declared beside the submodule", () => {
    checkConfigOutput("^2$", "config.bare-submodule.deep", [
      declareBareSubmodule,
      declareBareSubmoduleDeepOption,
    ]);
  });
  const all = [
    declareBareSubmodule,
    declareBareSubmoduleNestedOption,
    declareBareSubmoduleDeepOption,
    defineBareSubmoduleValues,
  ];
  it("modules.sh:287 defining the nested option", () => {
    checkConfigOutput("^42$", "config.bare-submodule.nested", all);
  });
  it("modules.sh:288 defining the deep option", () => {
    checkConfigOutput("^420$", "config.bare-submodule.deep", all);
  });
  it("modules.sh:289 with shorthandOnlyDefinesConfig = true", () => {
    checkConfigOutput("^2$", "config.bare-submodule.deep", [
      declareBareSubmodule,
      declareBareSubmoduleDeepOption,
      defineShorthandOnlyDefinesConfigTrue,
    ]);
  });
  it("modules.sh:290 a deep option declared twice", () => {
    checkConfigError(
      "The option .bare-submodule.deep. in .*/declare-bare-submodule-deep-option.nix. is already declared in .*/declare-bare-submodule-deep-option-duplicate.nix",
      "config.bare-submodule.deep",
      [
        declareBareSubmodule,
        declareBareSubmoduleDeepOption,
        declareBareSubmoduleDeepOptionDuplicate,
      ],
    );
  });
});
