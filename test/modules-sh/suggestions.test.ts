// modules.sh: option name suggestions ("Did you mean ...?") for undeclared options.
import { describe, it } from "vitest";
import { mkOption, types } from "nixmod";
import { checkConfigError, fixture } from "./helpers.ts";

const bool = (dflt: boolean) => mkOption({ type: types.bool, default: dflt });

describe("option name suggestions", () => {
  const setEnable = {
    set: {
      enable: mkOption({
        default: false,
        example: true,
        type: types.bool,
        description: "Some descriptive text\n",
      }),
    },
  };
  const errorTypoNested = fixture("error-typo-nested.nix", {
    options: setEnable,
    config: { set: { ena: true } },
  });
  it("modules.sh:842 a nested typo", () => {
    checkConfigError("Did you mean .set\\.enable.\\?", "config.set", [errorTypoNested]);
  });

  const errorTypoOutsideWithNested = fixture("error-typo-outside-with-nested.nix", {
    options: setEnable,
    config: { sea: { enable: true } },
  });
  it("modules.sh:843 a typo in the parent", () => {
    checkConfigError("Did you mean .set.\\?", "config", [errorTypoOutsideWithNested]);
  });

  const errorTypoMultipleSuggestions = fixture("error-typo-multiple-suggestions.nix", {
    options: { foo: bool(false), bar: bool(false), baz: bool(false) },
    config: { far: true },
  });
  it("modules.sh:844 several suggestions", () => {
    checkConfigError("Did you mean .bar., .baz. or .foo.\\?", "config", [
      errorTypoMultipleSuggestions,
    ]);
  });

  // 1000 generated options (10 * 10 * 10) and a few that are close to the typo.
  const ten = "abcdefghij".split("");
  const generated: Record<string, unknown> = {};
  for (const k1 of ten)
    for (const k2 of ten) for (const k3 of ten) generated[k1 + k2 + k3] = bool(false);
  const errorTypoLargeAttrset = fixture("error-typo-large-attrset.nix", {
    options: { ...generated, enable: bool(false), enabled: bool(false), disable: bool(false) },
    // one letter away from `enable`
    config: { enble: true },
  });
  it("modules.sh:845 among many options, only close ones", () => {
    checkConfigError("Did you mean .enable., .ebe. or .enabled.\\?", "config", [
      errorTypoLargeAttrset,
    ]);
  });

  const errorTypoSubmodule = fixture("error-typo-submodule.nix", {
    options: {
      services: mkOption({
        type: types.attrsOf(
          types.submodule({
            options: {
              enable: mkOption({ default: false, type: types.bool }),
              port: mkOption({ default: 8080, type: types.int }),
            },
          }),
        ),
        default: {},
      }),
    },
    // `port`, misspelled
    config: { services: { myservice: { prot: 9000 } } },
  });
  it("modules.sh:846 in a submodule", () => {
    checkConfigError(
      "Did you mean .services\\.myservice\\.port. or .services\\.myservice\\.enable.\\?",
      "config.services.myservice",
      [errorTypoSubmodule],
    );
  });

  const errorTypoDeeplyNested = fixture("error-typo-deeply-nested.nix", {
    options: {
      services: {
        nginx: {
          enable: mkOption({ default: false, type: types.bool }),
          virtualHosts: mkOption({
            type: types.attrsOf(
              types.submodule({
                options: {
                  enableSSL: mkOption({ default: false, type: types.bool }),
                  ssl: {
                    certificate: mkOption({ default: "", type: types.str }),
                    certificateKey: mkOption({ default: "", type: types.str }),
                  },
                },
              }),
            ),
            default: {},
          }),
        },
      },
    },
    // `certificate`, misspelled, inside the submodule
    config: {
      services: {
        nginx: { virtualHosts: { "example.com": { ssl: { certficate: "/path/to/cert" } } } },
      },
    },
  });
  it("modules.sh:847 deeply nested, with a quoted name", () => {
    checkConfigError(
      'Did you mean .services\\.nginx\\.virtualHosts\\."example\\.com"\\.ssl\\.certificate. or .services\\.nginx\\.virtualHosts\\."example\\.com"\\.ssl\\.certificateKey.\\?',
      ["config", "services", "nginx", "virtualHosts", "example.com"],
      [errorTypoDeeplyNested],
    );
  });
});
