// modules.sh: mkIf with submodules, at every level of the definition, and a module that is
// a bare mkIf.
import { describe, it } from "vitest";
import { mkIf } from "nixmod";
import { checkConfigError, checkConfigOutput, fixture } from "./helpers.ts";
import { declareAttrsOfSubAnyEnable, declareEnable, defineEnable } from "./shared.ts";

// `lib.mkIf config.enable ...` reads config: in TypeScript the condition is a thunk.
const defineIfAttrsOfSubFooEnable = fixture(
  "define-if-attrsOfSub-foo-enable.nix",
  ({ config }: any) => mkIf(() => config.enable, { attrsOfSub: { foo: { enable: true } } }),
);
const defineAttrsOfSubIfFooEnable = fixture(
  "define-attrsOfSub-if-foo-enable.nix",
  ({ config }: any) => ({
    attrsOfSub: mkIf(() => config.enable, { foo: { enable: true } }),
  }),
);
const defineAttrsOfSubFooIfEnable = fixture(
  "define-attrsOfSub-foo-if-enable.nix",
  ({ config }: any) => ({
    attrsOfSub: { foo: mkIf(() => config.enable, { enable: true }) },
  }),
);
const defineAttrsOfSubFooEnableIf = fixture(
  "define-attrsOfSub-foo-enable-if.nix",
  ({ config }: any) => ({
    attrsOfSub: { foo: { enable: mkIf(() => config.enable, true) } },
  }),
);

describe("mkIf with submodules", () => {
  const base = [declareEnable, declareAttrsOfSubAnyEnable];
  const attr = "config.attrsOfSub.foo.enable";
  it("modules.sh:341 no definition", () => {
    checkConfigError("attribute .*foo.* .* not found", attr, base);
  });
  it.each([
    ["modules.sh:343 mkIf around the module", defineIfAttrsOfSubFooEnable],
    ["modules.sh:344 mkIf around attrsOfSub", defineAttrsOfSubIfFooEnable],
    ["modules.sh:345 mkIf around attrsOfSub.foo", defineAttrsOfSubFooIfEnable],
  ])("%s: false condition, no foo", (_name, m) => {
    checkConfigError("attribute .*foo.* .* not found", attr, [...base, m]);
  });
  it("modules.sh:346 mkIf around the value: foo exists, default", () => {
    checkConfigOutput("^false$", attr, [...base, defineAttrsOfSubFooEnableIf]);
  });
  it.each([
    ["modules.sh:347 mkIf around the module", defineIfAttrsOfSubFooEnable],
    ["modules.sh:348 mkIf around attrsOfSub", defineAttrsOfSubIfFooEnable],
    ["modules.sh:349 mkIf around attrsOfSub.foo", defineAttrsOfSubFooIfEnable],
    ["modules.sh:350 mkIf around the value", defineAttrsOfSubFooEnableIf],
  ])("%s: true condition", (_name, m) => {
    checkConfigOutput("^true$", attr, [...base, defineEnable, m]);
  });
});

describe("a module that is a bare mkIf", () => {
  const defineEnableWithTopLevelMkIf = fixture("define-enable-with-top-level-mkIf.nix", {
    imports: [mkIf(true, { enable: true })],
  });
  it("modules.sh:708 imports = [ (mkIf true { enable = true; }) ]", () => {
    checkConfigOutput("^true$", "config.enable", [declareEnable, defineEnableWithTopLevelMkIf]);
  });
});
