/** `functionTo`: a function whose results are merged like values of another type. */
import { mergeDefinitions } from "../modules/merge-definitions.ts";
import { elemTypeFunctor } from "./list-of.ts";
import { descriptionPhrase, mkOptionType, type OptionType } from "./option-type.ts";
import { checkTypeArgument } from "./argument-checks.ts";
import { callDefinitions } from "./call-definitions.ts";

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
      return (arg: unknown) =>
        mergeDefinitions(bodyLoc, elemType, callDefinitions(bodyLoc, defs, arg)).mergedValue;
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
