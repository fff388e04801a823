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

describe("v2 merge check coherence (v2-check-coherence.nix)", () => {
  // Nix's `type // { check = …; }` is a spread with another `check` in TypeScript.
  const adhoc = () => ({ ...types.lazyAttrsOf(types.raw), check: () => false });
  const checked = () => types.addCheck(types.lazyAttrsOf(types.raw), (v: object) => "foo" in v);
  const v2CheckCoherence = fixture("v2-check-coherence.nix", {
    options: {
      adhocFail: mkOption({ type: types.lazyAttrsOf(adhoc()), default: {} }),
      adhocOuterFail: mkOption({
        type: { ...types.lazyAttrsOf(types.int), check: () => false },
        default: {},
      }),
      eitherLeftFail: mkOption({ type: types.either(adhoc(), types.int) }),
      eitherRightFail: mkOption({ type: types.either(types.int, adhoc()) }),
      coercedFromFail: mkOption({
        type: types.coercedTo(adhoc(), () => ({ bar: 1 }), types.lazyAttrsOf(types.int)),
      }),
      coercedToFail: mkOption({ type: types.coercedTo(types.str, () => ({}), adhoc()) }),
      addCheckNested: mkOption({ type: types.addCheck(adhoc(), () => true) }),
      addCheckPass: mkOption({ type: types.lazyAttrsOf(checked()), default: {} }),
      addCheckFail: mkOption({ type: types.lazyAttrsOf(checked()), default: {} }),
      normalPass: mkOption({ type: types.lazyAttrsOf(types.attrsOf(types.int)), default: {} }),
      result: mkOption({ type: types.bool, default: false }),
    },
    config: {
      adhocFail: { foo: {} },
      adhocOuterFail: { bar: 42 },
      eitherLeftFail: { foo: {} },
      eitherRightFail: { foo: {} },
      coercedFromFail: { foo: {} },
      coercedToFail: { foo: {} },
      addCheckNested: { foo: {} },
      addCheckPass: { bar: { foo: "value" } },
      addCheckFail: { bar: { baz: "value" } }, // Missing required 'foo' attribute
      normalPass: { foo: { bar: 42 } },
      result: true,
    },
  });
  it.each([
    ["modules.sh:823", "config.adhocFail.foo", "in mergeDefinitions for lazyAttrsOf"],
    ["modules.sh:825", "config.adhocOuterFail.bar", "on the option's own type"],
    ["modules.sh:827", "config.eitherLeftFail", "either's left type"],
    ["modules.sh:829", "config.eitherRightFail", "either's right type"],
    ["modules.sh:831", "config.coercedFromFail.bar", "coercedTo's coerced type"],
    ["modules.sh:833", "config.coercedToFail.foo", "coercedTo's final type"],
    ["modules.sh:835", "config.addCheckNested.foo", "addCheck's element type"],
  ])("%s an ad-hoc check override is found: %s (%s)", (_line, attr) => {
    checkConfigError("ad-hoc.*override.*incompatible", attr, [v2CheckCoherence]);
  });
  it("modules.sh:836 the error says to use addCheck", () => {
    checkConfigError("Please use.*lib.types.addCheck.*instead", "config.adhocFail.foo", [
      v2CheckCoherence,
    ]);
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
