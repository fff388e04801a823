// modules.sh: mkForce without and with submodules, and its effect on other submodule definitions.
import { describe, it } from "vitest";
import { mkForce } from "nixmod";
import { checkConfigError, checkConfigOutput, fixture } from "./helpers.ts";
import {
  declareAttrsOfSubAnyEnable,
  declareEnable,
  defineAttrsOfSubFoo,
  defineAttrsOfSubFooEnable,
  defineEnable,
  defineEnableForce,
  defineForceEnable,
} from "./shared.ts";

const defineForceAttrsOfSubFooEnable = fixture(
  "define-force-attrsOfSub-foo-enable.nix",
  mkForce({ attrsOfSub: { foo: { enable: false } } }),
);
const defineAttrsOfSubForceFooEnable = fixture("define-attrsOfSub-force-foo-enable.nix", {
  attrsOfSub: mkForce({ foo: { enable: false } }),
});
const defineAttrsOfSubFooForceEnable = fixture("define-attrsOfSub-foo-force-enable.nix", {
  attrsOfSub: { foo: mkForce({ enable: false }) },
});
const defineAttrsOfSubFooEnableForce = fixture("define-attrsOfSub-foo-enable-force.nix", {
  attrsOfSub: { foo: { enable: mkForce(false) } },
});
const defineAttrsOfSubBar = fixture("define-attrsOfSub-bar.nix", { attrsOfSub: { bar: {} } });
const defineAttrsOfSubBarEnable = fixture("define-attrsOfSub-bar-enable.nix", {
  attrsOfSub: { bar: { enable: true } },
});

describe("mkForce without submodules", () => {
  const base = [declareEnable, defineEnable];
  it("modules.sh:316", () => checkConfigOutput("^true$", "config.enable", base));
  it("modules.sh:317 mkForce { enable = false; }", () =>
    checkConfigOutput("^false$", "config.enable", [...base, defineForceEnable]));
  it("modules.sh:318 enable = mkForce false", () =>
    checkConfigOutput("^false$", "config.enable", [...base, defineEnableForce]));
});

describe("mkForce with option and submodules", () => {
  it("modules.sh:321 no definition: no attribute", () => {
    checkConfigError("attribute .*foo.* .* not found", "config.attrsOfSub.foo.enable", [
      declareAttrsOfSubAnyEnable,
    ]);
  });
  it("modules.sh:322 an empty definition gives the default", () => {
    checkConfigOutput("^false$", "config.attrsOfSub.foo.enable", [
      declareAttrsOfSubAnyEnable,
      defineAttrsOfSubFoo,
    ]);
  });
  const base = [declareAttrsOfSubAnyEnable, defineAttrsOfSubFooEnable];
  const attr = "config.attrsOfSub.foo.enable";
  it("modules.sh:324", () => checkConfigOutput("^true$", attr, base));
  it.each([
    ["modules.sh:325 mkForce on the module", defineForceAttrsOfSubFooEnable],
    ["modules.sh:326 mkForce on attrsOfSub", defineAttrsOfSubForceFooEnable],
    ["modules.sh:327 mkForce on attrsOfSub.foo", defineAttrsOfSubFooForceEnable],
    ["modules.sh:328 mkForce on the value", defineAttrsOfSubFooEnableForce],
  ])("%s", (_name, forced) => checkConfigOutput("^false$", attr, [...base, forced]));
});

describe("overriding effect of mkForce on submodule definitions", () => {
  const attr = "config.attrsOfSub.bar.enable";
  it("modules.sh:331 bar is not defined", () => {
    checkConfigError("attribute .*bar.* .* not found", attr, [
      declareAttrsOfSubAnyEnable,
      defineAttrsOfSubFoo,
    ]);
  });
  it("modules.sh:332 bar is defined empty", () => {
    checkConfigOutput("^false$", attr, [
      declareAttrsOfSubAnyEnable,
      defineAttrsOfSubFoo,
      defineAttrsOfSubBar,
    ]);
  });
  const base = [declareAttrsOfSubAnyEnable, defineAttrsOfSubFoo, defineAttrsOfSubBarEnable];
  it("modules.sh:334", () => checkConfigOutput("^true$", attr, base));
  it("modules.sh:335 mkForce on the whole module drops bar", () => {
    checkConfigError("attribute .*bar.* .* not found", attr, [
      ...base,
      defineForceAttrsOfSubFooEnable,
    ]);
  });
  it("modules.sh:336 mkForce on attrsOfSub drops bar", () => {
    checkConfigError("attribute .*bar.* .* not found", attr, [
      ...base,
      defineAttrsOfSubForceFooEnable,
    ]);
  });
  it("modules.sh:337 mkForce on attrsOfSub.foo keeps bar", () => {
    checkConfigOutput("^true$", attr, [...base, defineAttrsOfSubFooForceEnable]);
  });
  it("modules.sh:338 mkForce on the value keeps bar", () => {
    checkConfigOutput("^true$", attr, [...base, defineAttrsOfSubFooEnableForce]);
  });
});
