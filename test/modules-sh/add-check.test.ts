// modules.sh: types.addCheck on simple and composite types, and the addCheck parts of the
// "v2 merge check coherence" fixture.
import { describe, it } from "vitest";
import { mkOption, types } from "nixmod";
import { checkConfigError, checkConfigOutput, fixture } from "./helpers.ts";

describe("types.addCheck", () => {
  const v1Type = types.addCheck(types.int, (v: number) => v === 0);
  const v2Type = types.addCheck(types.attrsOf(types.int), (v: object) => "foo" in v);
  const addCheck = fixture("add-check.nix", {
    options: {
      v1CheckedPass: mkOption({ type: v1Type, default: 0 }),
      v1CheckedFail: mkOption({ type: v1Type, default: 1 }),
      v2checkedPass: mkOption({
        type: v2Type,
        default: { foo: 1 },
        apply: (v: any) => v.foo === 1,
      }),
      v2checkedFail: mkOption({ type: v2Type, default: {}, apply: (v: unknown) => v }),
    },
  });
  it("modules.sh:816 a simple type, passing", () => {
    checkConfigOutput("^0$", "config.v1CheckedPass", [addCheck]);
  });
  it("modules.sh:817 a simple type, failing", () => {
    checkConfigError(
      "A definition for option .* is not of type .signed integer.*",
      "config.v1CheckedFail",
      [addCheck],
    );
  });
  it("modules.sh:818 a composite type, passing", () => {
    checkConfigOutput("^true$", "config.v2checkedPass", [addCheck]);
  });
  it("modules.sh:819 a composite type, failing", () => {
    checkConfigError(
      "A definition for option .* is not of type .attribute set of signed integer.*",
      "config.v2checkedFail",
      [addCheck],
    );
  });
});

describe("addCheck inside lazyAttrsOf (v2-check-coherence.nix)", () => {
  // Only the checks of this fixture that do not involve ad-hoc `check` overrides (which
  // nixpkgs detects through its "v2" merge protocol, absent from nixmod) are ported.
  const checked = () => types.addCheck(types.lazyAttrsOf(types.raw), (v: object) => "foo" in v);
  const v2CheckCoherence = fixture("v2-check-coherence.nix", {
    options: {
      addCheckPass: mkOption({ type: types.lazyAttrsOf(checked()), default: {} }),
      addCheckFail: mkOption({ type: types.lazyAttrsOf(checked()), default: {} }),
      normalPass: mkOption({ type: types.lazyAttrsOf(types.attrsOf(types.int)), default: {} }),
      result: mkOption({ type: types.bool, default: false }),
    },
    config: {
      addCheckPass: { bar: { foo: "value" } },
      addCheckFail: { bar: { baz: "value" } }, // Missing required 'foo' attribute
      normalPass: { foo: { bar: 42 } },
      result: true,
    },
  });
  it("modules.sh:837 addCheck validates values", () => {
    checkConfigError(
      "A definition for option .* is not of type .*",
      "config.addCheckFail.bar.baz",
      [v2CheckCoherence],
    );
  });
  it("modules.sh:838 the rest evaluates", () => {
    checkConfigOutput("^true$", "config.result", [v2CheckCoherence]);
  });
});
