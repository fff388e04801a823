// modules.sh: deferredModule — a module-valued option imported into submodules.
import { describe, it } from "vitest";
import { evalModules, mkOption, types } from "nixmod";
import { checkConfigError, checkConfigOutput, fixture } from "./helpers.ts";

const { deferredModule, lazyAttrsOf, str } = types;

const defineSettingsDictAIsB = fixture("define-settingsDict-a-is-b.nix", (args: any) => ({
  settingsDict: {
    get a() {
      return args.config.settingsDict.b;
    },
  },
}));

// A generic module declaring `nodes.<name>` submodules that all import the `default` module.
// `imports = [ config.default ]` reads config: here the submodule's module is a function, so
// the read happens when a node is evaluated, not while this module is loaded.
const deferredModuleFixture = fixture("deferred-module.nix", {
  imports: [
    ({ config }: any) => ({
      _file: "generic.nix",
      options: {
        nodes: mkOption({
          type: lazyAttrsOf(types.submodule(() => ({ imports: [config.default] }))),
          default: {},
        }),
        default: mkOption({
          type: deferredModule,
          default: {},
          description: "Module that is included in all nodes.\n",
        }),
      },
    }),
    {
      _file: "default-1.nix",
      default: () => ({
        options: {
          settingsDict: mkOption({ type: lazyAttrsOf(str), default: {} }),
          bottom: mkOption({ type: types.enum([]) }),
        },
      }),
    },
    { _file: "default-a-is-b.nix", default: defineSettingsDictAIsB },
    { _file: "nodes-foo.nix", nodes: { foo: { settingsDict: { b: "beta" } } } },
    { _file: "the-file-that-contains-the-bad-config.nix", default: { bottom: "bogus" } },
    {
      _file: "nodes-foo-c-is-a.nix",
      nodes: {
        foo: ({ config }: any) => ({
          settingsDict: {
            get c() {
              return config.settingsDict.a;
            },
          },
        }),
      },
    },
  ],
});

describe("deferredModule", () => {
  it("modules.sh:474 the default module is merged into nodes.foo", () => {
    checkConfigOutput('"beta"', "config.nodes.foo.settingsDict.c", [deferredModuleFixture]);
  });
  it("modules.sh:476 errors from the default module are reported with accurate location", () => {
    checkConfigError(
      'In `the-file-that-contains-the-bad-config.nix, via option default\': "bogus"',
      "config.nodes.foo.bottom",
      [deferredModuleFixture],
    );
  });

  const deferredModuleError = fixture("deferred-module-error.nix", ({ config }: any) => ({
    options: {
      deferred: mkOption({ type: deferredModule }),
      result: mkOption({
        get default() {
          return evalModules({ modules: [config.deferred] }).config.result;
        },
      }),
    },
    config: {
      // returns a boolean, not a module
      deferred: () => true,
    },
  }));
  it("modules.sh:477 a deferred module that is not a module", () => {
    checkConfigError(
      ".*/deferred-module-error.nix, via option deferred [(]:anon-1:anon-1:anon-1[)] does not look like a module.",
      "config.result",
      [deferredModuleError],
    );
  });
});
