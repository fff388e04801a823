// modules.sh: module classes (`evalModules { class }`, `submoduleWith { class }`, `_class`).
import { describe, it } from "vitest";
import { evalModules, mkOption, types } from "nixmod";
import { checkConfigError, checkConfigOutput, fixture } from "./helpers.ts";

const classIsNixos = fixture("module-class-is-nixos.nix", { _class: "nixos", config: {} });
const classIsDarwin = fixture("module-class-is-darwin.nix", { _class: "darwin", config: {} });
const assertClassIsNixos = fixture("assert-module-class-is-nixos.nix", ({ _class }: any) => {
  if (_class !== "nixos") throw new Error('assertion (_class == "nixos") failed');
  return {};
});
const exposeClass = fixture("expose-module-class.nix", ({ _class }: any) => ({
  options: { foo: mkOption({ default: _class }) },
}));
const polymorphic = fixture("polymorphic-module.nix", ({ _class }: any) => ({
  imports: [
    _class === "nixos" ? { options: { foo: mkOption({ default: "bar" }) } } : {},
    _class === "darwin" ? { options: { bar: mkOption({ default: "foo" }) } } : {},
  ],
}));

// class-check.nix, in parts: each `evalModules` of its freeform config is a fixture of its own,
// since nixmod evaluates when `evalModules` is called and Nix when the result is read (its
// freeform `anything` reads every other value too).
const classCheckEval = (name: string, modules: unknown[]) =>
  fixture("class-check.nix", {
    config: {
      _module: { freeformType: types.anything },
      [name]: evalModules({ class: "nixos", modules: modules as never }),
    },
  });
const classCheckOk = () => classCheckEval("ok", [classIsNixos, assertClassIsNixos]);
const classCheckFail = () => classCheckEval("fail", [classIsNixos, classIsDarwin]);
const classCheckFailAnon = () =>
  classCheckEval("fail-anon", [
    classIsNixos,
    { _file: "foo.nix#darwinModules.default", _class: "darwin", config: {}, imports: [] },
  ]);
const classCheck = fixture("class-check.nix", {
  options: {
    sub: {
      nixosOk: mkOption({
        type: types.submoduleWith({ class: "nixos", modules: [assertClassIsNixos] }),
      }),
      nixosFail: mkOption({ type: types.submoduleWith({ class: "nixos", modules: [] }) }),
      mergeFail: mkOption({
        type: types.submoduleWith({ class: "nixos", modules: [] }),
        default: {},
      }),
    },
  },
  imports: [
    {
      options: {
        sub: {
          mergeFail: mkOption({ type: types.submoduleWith({ class: "darwin", modules: [] }) }),
        },
      },
    },
  ],
  config: {
    sub: {
      nixosOk: { _class: "nixos" },
      nixosFail: { imports: [classIsDarwin] },
    },
  },
});

describe("module classes: evalModules", () => {
  it("modules.sh:694 modules of the evaluation's class load", () => {
    checkConfigOutput("^{}$", "config.ok.config", [classCheckOk()]);
  });
  it("modules.sh:695 the result tells its class", () => {
    checkConfigOutput('"nixos"', "config.ok.class", [classCheckOk()]);
  });
  it("modules.sh:696 a module of another class is refused, by file", () => {
    checkConfigError(
      'The module `.*/module-class-is-darwin.nix`.*?expects class "nixos".',
      "config.fail.config",
      [() => classCheckFail()],
    );
  });
  it("modules.sh:697 and an anonymous one by its _file", () => {
    checkConfigError(
      'The module `foo.nix#darwinModules.default`.*?expects class "nixos".',
      "config.fail-anon.config",
      [() => classCheckFailAnon()],
    );
  });
});

describe("module classes: submoduleWith", () => {
  it("modules.sh:700 a submodule's modules see its class", () => {
    checkConfigOutput("^{}$", "config.sub.nixosOk", [classCheck]);
  });
  it("modules.sh:701 a module of another class is refused", () => {
    checkConfigError(
      'The module `.*/module-class-is-darwin.nix`.*?expects class "nixos".',
      "config.sub.nixosFail.config",
      [classCheck],
    );
  });
  it("modules.sh:704 declarations with different classes do not merge", () => {
    checkConfigError(
      'A submoduleWith option is declared multiple times with conflicting class values "darwin" and "nixos".',
      "config.sub.mergeFail.config",
      [classCheck],
    );
  });
});

const specialArgsClass = fixture("specialArgs-class.nix", {
  options: {
    sub: {
      nixos: mkOption({
        type: types.submoduleWith({ class: "nixos", modules: [exposeClass] }),
        default: {},
      }),
      conditionalImportAsNixos: mkOption({
        type: types.submoduleWith({ class: "nixos", modules: [polymorphic] }),
        default: {},
      }),
      conditionalImportAsDarwin: mkOption({
        type: types.submoduleWith({ class: "darwin", modules: [polymorphic] }),
        default: {},
      }),
    },
  },
  config: {
    _module: { freeformType: types.anything },
    get nixos() {
      return evalModules({ class: "nixos", modules: [exposeClass] });
    },
    get conditionalImportAsNixos() {
      return evalModules({ class: "nixos", modules: [polymorphic] });
    },
    get conditionalImportAsDarwin() {
      return evalModules({ class: "darwin", modules: [polymorphic] });
    },
  },
});

describe("the _class module argument", () => {
  const output = (line: number, expected: string, selection: string) =>
    it(`modules.sh:${line} ${selection}`, () => {
      checkConfigOutput(expected, selection, [specialArgsClass]);
    });
  const error = (line: number, expected: string, selection: string) =>
    it(`modules.sh:${line} ${selection}`, () => {
      checkConfigError(expected, selection, [specialArgsClass]);
    });
  output(791, '"nixos"', "config.nixos.config.foo");
  output(792, '"bar"', "config.conditionalImportAsNixos.config.foo");
  error(793, "attribute .*bar.* not found", "config.conditionalImportAsNixos.config.bar");
  error(794, "attribute .*foo.* not found", "config.conditionalImportAsDarwin.config.foo");
  output(795, '"foo"', "config.conditionalImportAsDarwin.config.bar");
  output(796, '"nixos"', "config.sub.nixos.foo");
  output(797, '"bar"', "config.sub.conditionalImportAsNixos.foo");
  error(798, "attribute .*bar.* not found", "config.sub.conditionalImportAsNixos.bar");
  error(799, "attribute .*foo.* not found", "config.sub.conditionalImportAsDarwin.foo");
  output(800, '"foo"', "config.sub.conditionalImportAsDarwin.bar");
});
