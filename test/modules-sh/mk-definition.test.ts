// modules.sh: `mkDefinition`, a definition that names its own file.
import { describe, it } from "vitest";
import { mkDefinition, mkForce, mkMerge, mkOption, mkOptionDefault, types } from "nixmod";
import { checkConfigError, checkConfigOutput, fixture } from "./helpers.ts";

const mkDefinitionFixture = fixture("mkDefinition.nix", {
  imports: [
    {
      _file: "file",
      options: { conflict: mkOption({ default: 1 }) },
      config: { conflict: mkDefinition({ file: "other", value: mkOptionDefault(42) }) },
    },
    // mkDefinition works within `config`.
    {
      options: { viaConfig: mkOption() },
      config: { viaConfig: mkDefinition({ file: "other", value: true }) },
    },
    // mkMerge can wrap mkDefinitions (not the other way around).
    {
      options: { mkMerge: mkOption({ type: types.bool }) },
      config: {
        mkMerge: mkMerge([
          mkDefinition({ file: "a.nix", value: true }),
          mkDefinition({ file: "b.nix", value: true }),
        ]),
      },
    },
    // mkDefinition can use mkForce on the value (not the other way around).
    {
      options: { mkForce: mkOption({ type: types.bool, default: false }) },
      config: { mkForce: mkDefinition({ file: "other", value: mkForce(true) }) },
    },
    // An option's default cannot be an mkDefinition (a limitation Nix has too).
    {
      options: {
        viaOptionDefault: mkOption({
          type: types.bool,
          default: mkDefinition({ file: "other", value: true }),
        }),
      },
    },
  ],
});

describe("mkDefinition", () => {
  it("modules.sh:784 its file is the one named in a merge error", () => {
    checkConfigError(
      "Cannot merge definitions.*\\n\\s*- In .file.*\\n\\s*- In .other.*",
      "config.conflict",
      [mkDefinitionFixture],
    );
  });
  it("modules.sh:785 it does not work as an option default", () => {
    checkConfigError(
      "A definition for option .viaOptionDefault. is not of type .boolean.*",
      "config.viaOptionDefault",
      [mkDefinitionFixture],
    );
  });
  it("modules.sh:786 in config", () => {
    checkConfigOutput("^true$", "config.viaConfig", [mkDefinitionFixture]);
  });
  it("modules.sh:787 under mkMerge", () => {
    checkConfigOutput("^true$", "config.mkMerge", [mkDefinitionFixture]);
  });
  it("modules.sh:788 around mkForce", () => {
    checkConfigOutput("^true$", "config.mkForce", [mkDefinitionFixture]);
  });
});
