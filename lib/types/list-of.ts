/** `listOf` and `nonEmptyListOf`: lists whose definitions concatenate, each element merged on its own. */
import { checkedMerge, mergeOptionDefinitions } from "../modules/merge-definitions.ts";
import { typeTag } from "../properties.ts";
import { append } from "../util/lists.ts";
import { isModuleError, ModuleError, nixValueKind } from "../errors.ts";
import { Thunk, asModuleError, isStackOverflow } from "../thunk.ts";
import { addCheck } from "./add-check.ts";
import {
  Definition,
  descriptionPhrase,
  extendType,
  mkOptionType,
  type Def,
  type OptionType,
  type TypeFunctor,
  type ValueMeta,
} from "./option-type.ts";
import { lazyFields, lazyItems } from "../util/lazy-fields.ts";
import { markLocFree } from "./loc-free.ts";
import { checkedBy, checkedValueMeta, checkDefinitionKind, elementValue } from "./merge-v2.ts";
import { checkTypeArgument } from "./argument-checks.ts";

/** The functor of a type with one element type, merging declarations element-wise. */
export function elemTypeFunctor(
  name: string,
  payload: { elemType: OptionType } & Record<string, unknown>,
  rebuild: (payload: any) => OptionType,
): TypeFunctor {
  return {
    name,
    type: rebuild,
    payload,
    binOp: (a, b) => {
      const merged = a.elemType.typeMerge(b.elemType.functor);
      return merged === null ? null : { ...a, elemType: merged };
    },
  };
}

/** Elements whose merge failed: their index in the list, and how to merge them when read. */
type FailedElements = [number, () => unknown][];

/**
 * Keeps a failed element for later: reading it merges it again, failing as a ModuleError. An
 * exhausted stack is no fault of the element: it fails the list, as it did the element.
 */
function deferFailure(
  error: unknown,
  failed: FailedElements | undefined,
  index: number,
  loc: string[],
  value: () => unknown,
): FailedElements {
  if (isStackOverflow(error) || (isModuleError(error) && error.code === "stack")) {
    throw error;
  }
  const read = () => {
    try {
      return value();
    } catch (error) {
      throw asModuleError(error, loc);
    }
  };
  (failed ??= []).push([index, read]);
  return failed;
}

function mergeList(loc: string[], elemType: OptionType, defs: Def[]): unknown[] {
  let total = 0;
  for (const def of defs) {
    // Checked values are lists; a freeform type is merged unchecked, as in Nix.
    if (!Array.isArray(def.value)) {
      throw new ModuleError(`value is ${nixValueKind(def.value)} while a list was expected`, {
        code: "type",
        loc,
      });
    }
    total += def.value.length;
  }
  // Sized up front: the merged list is kept as the option's value.
  const out = new Array<unknown>(total);
  let failed: FailedElements | undefined;
  let k = 0;
  for (let n = 0; n < defs.length; n++) {
    const def = defs[n]!;
    const list = def.value as unknown[];
    for (let m = 0; m < list.length; m++) {
      const elem = list[m];
      const elemLoc = append(loc, `[definition ${n + 1}-entry ${m + 1}]`);
      if (typeTag(elem) === undefined && !(elem instanceof Thunk)) {
        const elemDefs = [new Definition(def.file, elem)];
        try {
          out[k] = checkedMerge(elemLoc, elemType, elemDefs);
        } catch (error) {
          failed = deferFailure(error, failed, k, elemLoc, () =>
            checkedMerge(elemLoc, elemType, elemDefs),
          );
        }
      } else {
        // Which elements exist is known first: an `mkIf` may leave one out.
        const merged = mergeOptionDefinitions(elemLoc, elemType, [new Definition(def.file, elem)]);
        if (!merged.isDefined) continue;
        try {
          out[k] = merged.mergedValue;
        } catch (error) {
          failed = deferFailure(error, failed, k, elemLoc, () => merged.mergedValue);
        }
      }
      k++;
    }
  }
  // Elements an `mkIf` turned off leave the list shorter.
  const result = k === total ? out : out.slice(0, k);
  // As in Nix, an element that cannot be merged fails when it is read, not the whole list.
  if (failed !== undefined) {
    for (const [index, value] of failed) {
      Object.defineProperty(result, index, { get: value, enumerable: true, configurable: true });
    }
  }
  return result;
}

const listHeadError = checkedBy(Array.isArray);

/** Nix's `valueMeta.list`: each element's metadata, for the elements the merged list has, read on use. */
function listValueMeta(
  loc: string[],
  elemType: OptionType,
  defs: () => Def[],
  value: () => unknown,
): ValueMeta {
  return lazyFields({
    list: () => {
      const given = defs();
      checkDefinitionKind(loc, given, Array.isArray, "a list");
      const list: (() => unknown)[] = [];
      for (let n = 0; n < given.length; n++) {
        const def = given[n]!;
        const elements = def.value as unknown[];
        for (let m = 0; m < elements.length; m++) {
          const elemLoc = append(loc, `[definition ${n + 1}-entry ${m + 1}]`);
          const elemDefs = [new Definition(def.file, elements[m])];
          const merged = mergeOptionDefinitions(elemLoc, elemType, elemDefs);
          if (!merged.isDefined) continue;
          const index = list.length;
          const own = () => merged.mergedValue;
          list.push(() =>
            checkedValueMeta(
              elemType,
              elemLoc,
              () => merged.defsFinal,
              elementValue(value, index, own),
            ),
          );
        }
      }
      return lazyItems(list) as ValueMeta[];
    },
  });
}

/** A list of `elemType`; definitions concatenate in merge order. */
export function listOf<T>(elemType: OptionType<T>): OptionType<T[]> {
  checkTypeArgument(elemType, "listOf");
  const type = mkOptionType<T[]>({
    name: "listOf",
    description: () =>
      `list of ${descriptionPhrase((c) => c === "noun" || c === "composite", elemType)}`,
    descriptionClass: "composite",
    check: Array.isArray,
    merge: (loc, defs) => mergeList(loc, elemType, defs) as T[],
    headError: listHeadError,
    valueMeta: (loc, defs, value) => listValueMeta(loc, elemType, defs, value),
    emptyValue: { value: [] },
    getSubOptions: (prefix) => elemType.getSubOptions([...prefix, "*"]),
    subModules: elemType.subModules,
    substSubModules: (m) => listOf(elemType.substSubModules(m)),
    functor: elemTypeFunctor("listOf", { elemType }, (p) => listOf(p.elemType)),
    nestedTypes: { elemType },
    toJsonSchema: (ctx) => ({ type: "array", items: ctx.type(elemType) }),
  });
  return markLocFree(type, elemType);
}

/** A list of `elemType` with at least one element. */
export function nonEmptyListOf<T>(elemType: OptionType<T>): OptionType<T[]> {
  checkTypeArgument(elemType, "nonEmptyListOf");
  const list = addCheck(listOf(elemType), (l: unknown[]) => l.length > 0);
  const type = extendType(list, {
    description: () => `non-empty ${descriptionPhrase((c) => c === "noun", list)}`,
    emptyValue: {},
    substSubModules: (m) => nonEmptyListOf(elemType.substSubModules(m)),
    toJsonSchema: (ctx) => ({ type: "array", items: ctx.type(elemType), minItems: 1 }),
  });
  return markLocFree(type, list);
}
