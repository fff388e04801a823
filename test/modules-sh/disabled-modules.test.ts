// modules.sh: disabledModules with config definitions and option declarations, by path (here:
// by the fixture's key, which is its path), by string relative to modulesPath, by module key,
// and recursively through imports.
import { describe, it } from "vitest";
import { mkOption, types, type Module } from "nixmod";
import { checkConfigError, checkConfigOutput, fixture, modulesPath } from "./helpers.ts";
import { declareEnable, defineEnable } from "./shared.ts";

/** A path value in a fixture: `./name.nix` is the file's absolute path. */
const path = (name: string) => `${modulesPath}/${name}`;

const disableDefineEnable = fixture("disable-define-enable.nix", {
  disabledModules: [defineEnable],
});
const disableDefineEnableStringPath = fixture("disable-define-enable-string-path.nix", {
  disabledModules: [path("define-enable.nix")],
});
const disableDeclareEnable = fixture("disable-declare-enable.nix", {
  disabledModules: [declareEnable],
});
const disableEnableModules = fixture("disable-enable-modules.nix", {
  disabledModules: ["define-enable.nix", "declare-enable.nix"],
});

describe("disabledModules with config definitions and option declarations", () => {
  const base = [defineEnable, declareEnable];
  it("modules.sh:362", () => checkConfigOutput("^true$", "config.enable", base));
  it("modules.sh:363 disabling the definition (by module)", () => {
    checkConfigOutput("^false$", "config.enable", [...base, disableDefineEnable]);
  });
  it("modules.sh:364 disabling the definition (by its path as a string)", () => {
    checkConfigOutput("^false$", "config.enable", [...base, disableDefineEnableStringPath]);
  });
  it("modules.sh:365 disabling the declaration", () => {
    checkConfigError(
      "The option .*enable.* does not exist. Definition values:\\n\\s*- In .*: true",
      "config.enable",
      [...base, disableDeclareEnable],
    );
  });
  it("modules.sh:366 disabling both", () => {
    checkConfigError(
      "attribute .*enable.* in selection path .*config.enable.* not found",
      "config.enable",
      [...base, disableDefineEnable, disableDeclareEnable],
    );
  });
  it("modules.sh:367 disabling both, by strings relative to modulesPath", () => {
    checkConfigError(
      "attribute .*enable.* in selection path .*config.enable.* not found",
      "config.enable",
      [...base, disableEnableModules],
    );
  });
});

describe("disabledModules by module key", () => {
  const withKey = (key: unknown, disabled: unknown) => {
    // `key` is typed as a string; Nix also accepts any value `toString` takes, e.g. 123.
    const moduleWithKey = { key, config: { enable: true } } as Module;
    return {
      options: {
        positive: mkOption({
          type: types.submodule({ imports: [declareEnable, moduleWithKey] }),
          default: {},
        }),
        negative: mkOption({
          type: types.submodule({
            imports: [declareEnable, moduleWithKey],
            disabledModules: [disabled === undefined ? moduleWithKey : disabled],
          }),
          default: {},
        }),
      },
    };
  };
  const disableModuleWithKey = fixture(
    "disable-module-with-key.nix",
    withKey("disable-module-with-key.nix#moduleWithKey", undefined),
  );
  it("modules.sh:369 not disabled", () => {
    checkConfigOutput("^true$", "config.positive.enable", [disableModuleWithKey]);
  });
  it("modules.sh:370 disabled by the module, through its key", () => {
    checkConfigOutput("^false$", "config.negative.enable", [disableModuleWithKey]);
  });

  // Keys that are not strings are compared by their string form (`toString 123`).
  const disableModuleWithToStringKey = fixture(
    "disable-module-with-toString-key.nix",
    withKey(123, 123),
  );
  it("modules.sh:374 toString key: not disabled", () => {
    checkConfigOutput("^true$", "config.positive.enable", [disableModuleWithToStringKey]);
  });
  it("modules.sh:375 toString key: disabled", () => {
    checkConfigOutput("^false$", "config.negative.enable", [disableModuleWithToStringKey]);
  });

  // Nix refuses an attribute set without `key` in disabledModules, since it cannot name a
  // module. nixmod accepts it: a module object disables the module given as that very object
  // (TypeScript's counterpart of disabling by path, used above), so `{ }` disables nothing.
  const disableModuleBadKey = fixture("disable-module-bad-key.nix", {
    imports: [declareEnable],
    disabledModules: [{}],
  });
  it.skip("modules.sh:371 an attribute set without key (nixmod disables by reference instead)", () => {
    checkConfigError(
      "Module ..*disable-module-bad-key.nix. contains a disabledModules item that is an attribute set, presumably a module, that does not have a .key. attribute. .*",
      "config.enable",
      [disableModuleBadKey],
    );
  });
});

describe("disabledModules works recursively and correctly", () => {
  const foo = fixture("disable-recursive/foo.nix", { imports: [declareEnable] });
  const bar = fixture("disable-recursive/bar.nix", { imports: [declareEnable] });
  const main = fixture("disable-recursive/main.nix", { imports: [foo, bar], enable: true });
  const disableFoo = fixture("disable-recursive/disable-foo.nix", {
    disabledModules: [path("disable-recursive/foo.nix")],
  });
  const disableBar = fixture("disable-recursive/disable-bar.nix", {
    disabledModules: [path("disable-recursive/bar.nix")],
  });
  it("modules.sh:484", () => checkConfigOutput("^true$", "config.enable", [main]));
  it("modules.sh:485 foo disabled, bar still imports the declaration", () => {
    checkConfigOutput("^true$", "config.enable", [main, disableFoo]);
  });
  it("modules.sh:486 bar disabled, foo still imports the declaration", () => {
    checkConfigOutput("^true$", "config.enable", [main, disableBar]);
  });
  it("modules.sh:487 both disabled", () => {
    checkConfigError(
      "The option .* does not exist. Definition values:\\n\\s*- In .*: true",
      "config.enable",
      [main, disableFoo, disableBar],
    );
  });
});
