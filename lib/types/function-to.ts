/** `functionTo`: a function whose results are merged like values of another type. */
import { mergeOptionDefinitions } from "../modules/merge-definitions.ts";
import { elemTypeFunctor } from "./list-of.ts";
import { descriptionPhrase, mkOptionType, type Def, type OptionType } from "./option-type.ts";
import { checkTypeArgument } from "./argument-checks.ts";
import { callDefinitions } from "./call-definitions.ts";
import { functionArgs, setFunctionArgs } from "../util/function-args.ts";

/**
 * The set pattern of the merged function, as Nix's functionTo gives it: every name of the
 * definitions' patterns, optional where every pattern that has it gives it a default.
 */
function commonFunctionArgs(defs: Def[]): Map<string, boolean> {
  const common = new Map<string, boolean>();
  for (const def of defs) {
    const args = typeof def.value === "function" ? functionArgs(def.value as never) : undefined;
    for (const [name, optional] of args ?? [])
      common.set(name, (common.get(name) ?? true) && optional);
  }
  return common;
}

/** A function returning `elemType`; several definitions are called and their results merged. */
export function functionTo<T>(elemType: OptionType<T>): OptionType<(...args: any[]) => T> {
  checkTypeArgument(elemType, "functionTo");
  return mkOptionType({
    name: "functionTo",
    description: () =>
      `function that evaluates to a(n) ${descriptionPhrase(
        (c) => c === "noun" || c === "composite",
        elemType,
      )}`,
    descriptionClass: "composite",
    check: (x) => typeof x === "function",
    merge: (loc, defs) => {
      const bodyLoc = [...loc, "<function body>"];
      return setFunctionArgs(
        (arg: unknown) =>
          mergeOptionDefinitions(bodyLoc, elemType, callDefinitions(bodyLoc, defs, arg))
            .mergedValue,
        () => commonFunctionArgs(defs),
      );
    },
    getSubOptions: (prefix) => elemType.getSubOptions([...prefix, "<function body>"]),
    subModules: elemType.subModules,
    substSubModules: (m) => functionTo(elemType.substSubModules(m)),
    functor: elemTypeFunctor("functionTo", { elemType }, (p) => functionTo(p.elemType)),
    nestedTypes: { elemType },
    // No JSON value is a function: JSON cannot set it, TypeScript modules can.
    toJsonSchema: () => ({
      not: {},
      "x-nixmod-unrepresentable": "functionTo",
      tsType: "(...args: any[]) => unknown",
    }),
  });
}
