// modules.sh: types.functionTo — definitions are functions, their results merged by the
// element type (with properties, priorities and order), and sub-options under `<function body>`.
import { describe, it } from "vitest";
import { mkAfter, mkForce, mkMerge, mkOption, showOption, types } from "nixmod";
import { checkConfigError, checkConfigOutput, fixture } from "./helpers.ts";

const input = { a: "a", b: "b", c: "c" };

/** `fun` of type `functionTo elemType`, and `result`, a string made from `fun`. */
const withFun = (elemType: any, result: (fun: any) => string) => (config: any) => ({
  fun: mkOption({ type: types.functionTo(elemType) }),
  result: mkOption({
    type: types.str,
    get default() {
      return result(config.fun);
    },
  }),
});

describe("types.functionTo", () => {
  const trivial = fixture("functionTo/trivial.nix", ({ config }: any) => ({
    options: withFun(types.str, (fun) => fun("input"))(config),
    config: { fun: (i: string) => `input is ${i}` },
  }));
  it("modules.sh:607 trivial", () => {
    checkConfigOutput('^"input is input"$', "config.result", [trivial]);
  });

  const listResult = (fun: any) => fun(input).join(" ");
  const mergingList = fixture("functionTo/merging-list.nix", ({ config }: any) => ({
    options: withFun(types.listOf(types.str), listResult)(config),
    config: { fun: mkMerge([(i: any) => [i.a], (i: any) => [i.b]]) },
  }));
  it("modules.sh:608 results of several definitions are merged", () => {
    checkConfigOutput('^"a b"$', "config.result", [mergingList]);
  });

  const wrongType = fixture("functionTo/wrong-type.nix", ({ config }: any) => ({
    options: withFun(types.str, (fun) => fun(0))(config),
    config: { fun: (i: number) => i + 1 },
  }));
  it("modules.sh:609 a result of the wrong type", () => {
    checkConfigError(
      "A definition for option .fun.<function body>. is not of type .string.. Definition values:\\n\\s*- In .*wrong-type.nix",
      "config.result",
      [wrongType],
    );
  });

  const listOrder = fixture("functionTo/list-order.nix", ({ config }: any) => ({
    options: withFun(types.listOf(types.str), listResult)(config),
    config: { fun: mkMerge([(i: any) => mkAfter([i.a]), (i: any) => [i.b]]) },
  }));
  it("modules.sh:610 mkAfter in a result", () => {
    checkConfigOutput('^"b a"$', "config.result", [listOrder]);
  });

  const mergingAttrs = fixture("functionTo/merging-attrs.nix", ({ config }: any) => ({
    options: withFun(types.attrsOf(types.str), (fun) =>
      Object.keys(fun(input))
        .sort()
        .map((k) => fun(input)[k])
        .join(" "),
    )(config),
    config: {
      fun: mkMerge([
        (i: any) => ({ a: i.a }),
        (i: any) => ({ b: i.b }),
        (i: any) => ({ b: mkForce(i.c) }),
      ]),
    },
  }));
  it("modules.sh:611 attribute set results with priorities", () => {
    checkConfigOutput('^"a c"$', "config.result", [mergingAttrs]);
  });

  const submoduleOptions = fixture(
    "functionTo/submodule-options.nix",
    ({ config, options }: any) => ({
      imports: [
        // declares the sub-option `a` of the results
        () => ({
          options: {
            fun: mkOption({
              type: types.functionTo(
                types.submodule({ options: { a: mkOption({ default: "a" }) } }),
              ),
            }),
          },
        }),
        // and `b`, in a second declaration of `fun`
        () => ({
          options: {
            fun: mkOption({
              type: types.functionTo(
                types.submodule({ options: { b: mkOption({ default: "b" }) } }),
              ),
            }),
          },
        }),
      ],
      options: {
        result: mkOption({
          type: types.str,
          get default() {
            const value = config.fun(undefined);
            return Object.keys(value)
              .sort()
              .map((k) => value[k])
              .join(" ");
          },
        }),
        optionsResult: mkOption({
          type: types.str,
          get default() {
            const subs = options.fun.type.getSubOptions(["fun"]);
            return Object.keys(subs)
              .sort()
              .filter((k) => k !== "_module")
              .map((k) => showOption(subs[k].loc))
              .join(" ");
          },
        }),
      },
      config: { fun: mkMerge([() => ({ b: "bee" })]) },
    }),
  );
  it("modules.sh:612 merged submodule results", () => {
    checkConfigOutput('^"a bee"$', "config.result", [submoduleOptions]);
  });
  it("modules.sh:613 sub-options of a merged functionTo submodule", () => {
    checkConfigOutput('^"fun.<function body>.a fun.<function body>.b"$', "config.optionsResult", [
      submoduleOptions,
    ]);
  });
});
