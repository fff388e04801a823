// modules.sh: `mkAliasOptionModule`, `doRename` and `mkPackageOption`.
import { describe, it } from "vitest";
import {
  doRename,
  mkAliasOptionModule,
  mkDefault,
  mkEnableOption,
  mkForce,
  mkOption,
  mkPackageOption,
  types,
} from "nixmod";
import { checkConfigError, checkConfigOutput, fixture } from "./helpers.ts";

/** alias-with-priority.nix and alias-with-priority-can-override.nix: `enableAlias` at `priority`. */
const aliasWithPriority = (name: string, aliasDefinition: unknown) =>
  fixture(name, {
    options: {
      enable: mkOption({
        type: types.nullOr(types.bool),
        default: null,
        example: true,
        description: "Some descriptive text\n",
      }),
      warnings: mkOption({ internal: true, default: [], type: types.listOf(types.str) }),
    },
    imports: [
      mkAliasOptionModule(["enableAlias"], ["enable"]),
      { enableAlias: aliasDefinition },
      { enable: true },
    ],
  });

describe("mkAliasOptionModule", () => {
  const withDefault = aliasWithPriority("alias-with-priority.nix", mkDefault(false));
  const withForce = aliasWithPriority("alias-with-priority-can-override.nix", mkForce(false));
  it("modules.sh:411 the alias's mkDefault loses to the option's plain definition", () => {
    checkConfigOutput("^true$", "config.enable", [withDefault]);
  });
  it("modules.sh:412 reading the alias reads the option", () => {
    checkConfigOutput("^true$", "config.enableAlias", [withDefault]);
  });
  it("modules.sh:413 the alias's mkForce wins", () => {
    checkConfigOutput("^false$", "config.enable", [withForce]);
  });
  it("modules.sh:414 and the alias reads it", () => {
    checkConfigOutput("^false$", "config.enableAlias", [withForce]);
  });
});

const renameAB = doRename({
  from: ["a", "b"],
  to: ["c", "d", "e"],
  warn: true,
  use: (x) => x,
  visible: true,
});

describe("doRename", () => {
  it("modules.sh:714 works when `warnings` does not exist", () => {
    const basic = fixture("doRename-basic.nix", {
      imports: [renameAB],
      options: { c: { d: { e: mkOption() } } },
      config: { a: { b: 1234 } },
    });
    checkConfigOutput("^1234$", "config.c.d.e", [basic]);
  });

  it("modules.sh:716 adds a warning", () => {
    const warnings = fixture("doRename-warnings.nix", ({ config }: any) => ({
      imports: [renameAB],
      options: {
        warnings: mkOption({ type: types.listOf(types.str) }),
        c: { d: { e: mkOption() } },
        result: mkOption(),
      },
      config: {
        a: { b: 1234 },
        get result() {
          return config.warnings.join("%");
        },
      },
    }));
    checkConfigOutput(
      '^"The option `a\\.b. defined in `.*/doRename-warnings\\.nix. has been renamed to `c\\.d\\.e.\\."$',
      "config.result",
      [warnings],
    );
  });

  // A migration from one `services.foo` to instances `services.foos.<name>`, `""` being the old one.
  const condition = fixture("doRename-condition.nix", ({ config }: any) => ({
    options: {
      services: {
        foo: { enable: mkEnableOption("foo") },
        foos: mkOption({
          type: types.attrsOf(types.submodule({ options: { bar: mkOption({ type: types.str }) } })),
          default: {},
        }),
      },
      result: mkOption(),
    },
    imports: [
      doRename({
        from: ["services", "foo", "bar"],
        to: ["services", "foos", "", "bar"],
        visible: true,
        warn: false,
        use: (x) => x,
        withPriority: true,
        condition: () => config.services.foo.enable,
      }),
    ],
  }));
  const sameJSON = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

  it("modules.sh:719 moves the old option's definition when the condition holds", () => {
    const enable = fixture("doRename-condition-enable.nix", ({ config }: any) => ({
      config: {
        services: { foo: { enable: true, bar: "baz" } },
        get result() {
          return sameJSON(config.services.foos, { "": { bar: "baz" } });
        },
      },
    }));
    checkConfigOutput("^true$", "config.result", [condition, enable]);
  });

  it("modules.sh:720 moves nothing when it does not", () => {
    const noEnable = fixture("doRename-condition-no-enable.nix", ({ config, options }: any) => ({
      config: {
        get result() {
          return sameJSON(config.services.foos, {}) && options.services.foo.bar.isDefined === false;
        },
      },
    }));
    checkConfigOutput("^true$", "config.result", [condition, noEnable]);
  });

  it("modules.sh:721 reading the old option reads the new one", () => {
    const migrated = fixture("doRename-condition-migrated.nix", ({ config }: any) => ({
      config: {
        services: { foos: { "": { bar: "baz" } } },
        get result() {
          return (
            sameJSON(config.services.foos, { "": { bar: "baz" } }) &&
            config.services.foo.bar === "baz"
          );
        },
      },
    }));
    checkConfigOutput("^true$", "config.result", [condition, migrated]);
  });
});

describe("mkPackageOption", () => {
  const pkgs = { hello: { type: "derivation", pname: "hello" } };
  const otherPkgs = { hello: { ...pkgs.hello, pname: "hello-other" } };
  const oddPkgs = { "123": { 'with"quote': { hello: pkgs.hello } } };
  const declare = fixture("declare-mkPackageOption.nix", {
    options: {
      package: mkPackageOption(pkgs, "hello"),
      namedPackage: mkPackageOption(pkgs, "Hello", { default: ["hello"] }),
      namedPackageSingletonDefault: mkPackageOption(pkgs, "Hello", { default: "hello" }),
      pathPackage: mkPackageOption(pkgs, ["hello"]),
      packageWithExample: mkPackageOption(pkgs, "hello", {
        example: "pkgs.hello.override { stdenv = pkgs.clangStdenv; }",
      }),
      packageWithPathExample: mkPackageOption(pkgs, "hello", { example: ["hello"] }),
      packageWithExtraDescription: mkPackageOption(pkgs, "hello", {
        extraDescription: "Example extra description.",
      }),
      undefinedPackage: mkPackageOption(pkgs, "hello", { default: null }),
      nullablePackage: mkPackageOption(pkgs, "hello", { nullable: true, default: null }),
      nullablePackageWithDefault: mkPackageOption(pkgs, "hello", { nullable: true }),
      packageWithPkgsText: mkPackageOption(pkgs, "hello", { pkgsText: "myPkgs" }),
      packageFromOtherSet: mkPackageOption(otherPkgs, "hello"),
      packageInvalidIdentifier: mkPackageOption(oddPkgs, ["123", 'with"quote', "hello"]),
      packageInvalidIdentifierExample: mkPackageOption(pkgs, "hello", {
        example: ["123", 'with"quote', "hello"],
      }),
    },
  });
  const output = (line: number, expected: string, selection: string) =>
    it(`modules.sh:${line} ${selection}`, () => {
      checkConfigOutput(expected, selection, [declare]);
    });

  output(417, '^"hello"$', "config.package.pname");
  output(418, '^"hello"$', "config.namedPackage.pname");
  output(419, '^".*Hello.*"$', "options.namedPackage.description");
  output(420, '^"literalExpression"$', "options.namedPackage.defaultText._type");
  output(421, '^"pkgs\\.hello"$', "options.namedPackage.defaultText.text");
  output(422, '^"hello"$', "config.namedPackageSingletonDefault.pname");
  output(423, '^".*Hello.*"$', "options.namedPackageSingletonDefault.description");
  output(424, '^"pkgs\\.hello"$', "options.namedPackageSingletonDefault.defaultText.text");
  output(425, '^"hello"$', "config.pathPackage.pname");
  output(426, '^"literalExpression"$', "options.packageWithExample.example._type");
  output(
    427,
    '^"pkgs\\.hello\\.override \\{ stdenv = pkgs\\.clangStdenv; \\}"$',
    "options.packageWithExample.example.text",
  );
  output(428, '^"literalExpression"$', "options.packageWithPathExample.example._type");
  output(429, '^"pkgs\\.hello"$', "options.packageWithPathExample.example.text");
  output(
    430,
    '^".*Example extra description\\..*"$',
    "options.packageWithExtraDescription.description",
  );
  it("modules.sh:431 config.undefinedPackage", () => {
    checkConfigError(
      "The option .undefinedPackage. was accessed but has no value defined. Try setting the option.",
      "config.undefinedPackage",
      [declare],
    );
  });
  output(432, "^null$", "config.nullablePackage");
  output(433, '^"null or package"$', "options.nullablePackage.type.description");
  output(434, '^"hello"$', "config.nullablePackageWithDefault.pname");
  output(435, '^"myPkgs\\.hello"$', "options.packageWithPkgsText.defaultText.text");
  output(436, '^"hello-other"$', "options.packageFromOtherSet.default.pname");
  output(437, '^"hello"$', "config.packageInvalidIdentifier.pname");
  output(
    438,
    '^"pkgs\\.\\\\"123\\\\"\\.\\\\"with\\\\\\\\\\\\"quote\\\\"\\.hello"$',
    "options.packageInvalidIdentifier.defaultText.text",
  );
  output(
    439,
    '^"pkgs\\.\\\\"123\\\\"\\.\\\\"with\\\\\\\\\\\\"quote\\\\"\\.hello"$',
    "options.packageInvalidIdentifierExample.example.text",
  );

  // Beyond modules.sh; Nix 2.8 printed this message for the same module.
  it("a package missing from the set fails when the default is read", () => {
    const missing = fixture("mkPackageOption-missing.nix", {
      options: { p: mkPackageOption({}, "nope") },
    });
    checkConfigError("nope cannot be found in pkgs", "config.p", [missing]);
  });
});
