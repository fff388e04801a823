// modules.sh: option declarations — a boolean option, undeclared definitions, option
// collisions, values that are not option declarations, values that are not modules.
import { describe, it } from "vitest";
import { evalModules, mkEnableOption, mkOption, types } from "nixmod";
import { checkConfigError, checkConfigOutput, fixture } from "./helpers.ts";
import { declareEnable, declareEnableNested, defineEnable } from "./shared.ts";

describe("a boolean option", () => {
  it("modules.sh:273 the default", () => {
    checkConfigOutput("^false$", "config.enable", [declareEnable]);
  });
  it("modules.sh:274 a definition without declaration", () => {
    checkConfigError(
      "The option .* does not exist. Definition values:\\n\\s*- In .*: true",
      "config.enable",
      [defineEnable],
    );
  });
  // `config.enable = throw "oops";`: the failing definition is still listed.
  const defineEnableThrow = fixture("define-enable-throw.nix", {
    config: {
      get enable(): boolean {
        throw new Error("oops");
      },
    },
  });
  it("modules.sh:275 a definition that throws, without declaration", () => {
    checkConfigError(
      "The option .* does not exist. Definition values:\\n\\s*- In .*",
      "config.enable",
      [defineEnableThrow],
    );
  });
});

describe("option collisions", () => {
  const declareSet = fixture("declare-set.nix", {
    options: {
      set: mkOption({
        default: {},
        example: { a: 1 },
        type: types.attrsOf(types.int),
        description: "Some descriptive text\n",
      }),
    },
  });
  it("modules.sh:659 an option cannot be the parent of other options", () => {
    checkConfigError(
      "The option .set. in module .*/declare-set.nix. would be a parent of the following options, but its type .attribute set of signed integer. does not support nested options.\\n\\s*- option[(]s[)] with prefix .set.enable. in module .*/declare-enable-nested.nix.",
      "config.set",
      [declareSet, declareEnableNested],
    );
  });

  // Merging option collisions does not depend on the type being set.
  const typeless = () => ({ options: { group: mkOption({}) } });
  const childOfTypeless = () => ({ options: { group: { enable: mkEnableOption("nothing") } } });
  const mergeTypelessOption = fixture("merge-typeless-option.nix", {
    imports: [typeless, childOfTypeless],
    config: { group: { enable: false } },
  });
  it("modules.sh:670 a typeless option cannot be a parent either", () => {
    checkConfigError(
      "The option .group..*would be a parent of the following options, but its type .<no description>. does not support nested options.\\n\\s*- option.s. with prefix .group.enable..*",
      "config.group.enable",
      [mergeTypelessOption],
    );
  });
});

describe("an option-type (or other tagged value) instead of an option", () => {
  const typical = fixture("options-type-error-typical.nix", {
    options: { result: types.str },
  });
  it("modules.sh:665 a type instead of mkOption", () => {
    checkConfigError(
      "In module .*/options-type-error-typical.nix: expected an option declaration at option path .result. but got an attribute set with type option-type",
      "config.result",
      [typical],
    );
  });
  const typicalNested = fixture("options-type-error-typical-nested.nix", {
    options: { result: { here: types.str } },
  });
  it("modules.sh:666 nested", () => {
    checkConfigError(
      "In module .*/options-type-error-typical-nested.nix: expected an option declaration at option path .result.here. but got an attribute set with type option-type",
      "config.result.here",
      [typicalNested],
    );
  });
  // an evaluation result is tagged too, and refused the same way
  const configuration = fixture("options-type-error-configuration.nix", {
    options: { result: evalModules({ modules: [] }) as any },
  });
  it("modules.sh:667 a configuration instead of mkOption", () => {
    checkConfigError(
      "In module .*/options-type-error-configuration.nix: expected an option declaration at option path .result. but got an attribute set with type configuration",
      "config.result",
      [configuration],
    );
  });
});

describe("values that are not modules", () => {
  const moduleImportsTypeCheck = fixture("module-imports-_type-check.nix", {
    imports: [{ _type: "flake" }],
  });
  it("modules.sh:707 a flake", () => {
    checkConfigError(
      'Expected a module, but found a value of type .*"flake".*, while trying to load a module into .*/module-imports-_type-check.nix',
      "config.ok.config",
      [moduleImportsTypeCheck],
    );
  });
  // A configuration is not equal to its set of modules.
  const importConfiguration = fixture("import-configuration.nix", () => ({
    imports: [evalModules({ modules: [{}] })],
  }));
  it("modules.sh:709 a configuration", () => {
    checkConfigError(
      'Expected a module, but found a value of type .*"configuration".*, while trying to load a module into .*/import-configuration.nix.',
      "config",
      [importConfiguration],
    );
  });
  it("modules.sh:710 ... with advice", () => {
    checkConfigError("please only import the modules that make up the configuration", "config", [
      importConfiguration,
    ]);
  });
  const importErrorSubmodule = fixture("import-error-submodule.nix", () => ({
    options: { foo: mkOption({ type: types.submodule({}), default: {} }) },
    config: { foo: () => ({ imports: [evalModules({ modules: [{}] })] }) },
  }));
  it("modules.sh:711 a configuration, in a submodule", () => {
    checkConfigError(
      'Expected a module, but found a value of type "configuration", while trying to load a module into .*/import-error-submodule.nix, while trying to load a module into .*foo.*\\.',
      "config.foo",
      [importErrorSubmodule],
    );
  });
});

describe("anonymous modules are deduplicated by key", () => {
  const moduleWithoutKey = { config: { raw: "pear" } };
  const moduleWithKey = {
    key: "/modules-sh/merge-module-with-key.nix#moduleWithKey",
    config: { raw: "pear" },
  };
  const decl = { options: { raw: mkOption({ type: types.lines }) } };
  const mergeModuleWithKey = fixture("merge-module-with-key.nix", {
    options: {
      once: mkOption({
        type: types.submodule({ imports: [decl, moduleWithKey, moduleWithKey] }),
        default: {},
      }),
      twice: mkOption({
        type: types.submodule({ imports: [decl, moduleWithoutKey, moduleWithoutKey] }),
        default: {},
      }),
    },
  });
  it("modules.sh:724 with a key: once", () => {
    checkConfigOutput('^"pear"$', "config.once.raw", [mergeModuleWithKey]);
  });
  it("modules.sh:725 without a key: twice", () => {
    checkConfigOutput('^"pear\\\\npear"$', "config.twice.raw", [mergeModuleWithKey]);
  });
});
