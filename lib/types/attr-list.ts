/**
 * `attrListOf` and `attrListWith`: an ordered list of single-name attribute sets, defined as
 * such a list or as an attribute set (one element per name). `mkOrder` on an element or on a
 * value orders it, and `mkOverride` on a value weighs it against the other values of its name.
 */
import {
  isModuleError,
  ModuleError,
  nixValueKind,
  quoteOption,
  showDefinitionList,
  wrongArgument,
} from "../errors.ts";
import {
  comparablePriority,
  comparePriorities,
  mergeOptionDefinitions,
  type Merged,
} from "../modules/merge-definitions.ts";
import {
  defaultOrderPriority,
  defaultOverridePriority,
  mkDefinition,
  mkOrder,
  mkOverride,
  typeTag,
  type OrderProperty,
  type OverrideProperty,
  propertyField,
} from "../properties.ts";
import { asModuleError, force, isStackOverflow, lazyProperty, Thunk } from "../thunk.ts";
import { isAttrs, isAttrSet, nixTypeOf, sortNames } from "../util/attrs.ts";
import { lazyEntryFields, lazyFields, lazyItems } from "../util/lazy-fields.ts";
import { append } from "../util/lists.ts";
import { checkNamedArguments } from "../util/named-arguments.ts";
import { checkTypeArgument } from "./argument-checks.ts";
import { markLocFree } from "./loc-free.ts";
import { checkedBy, checkedValueMeta } from "./merge-v2.ts";
import {
  Definition,
  descriptionPhrase,
  mkOptionType,
  type Def,
  type OptionType,
  type ValueMeta,
} from "./option-type.ts";

/** What `attrListWith` takes. */
export interface AttrListOptions<T> {
  elemType: OptionType<T>;
  /** Whether the value is an attribute set of the elements' values, per name (default false). */
  asAttrs?: boolean;
  /** With `asAttrs`, a name's value from its values in order (Nix's `name: values: …`); default: the list. */
  mergeAttrValues?: (name: string, values: T[]) => unknown;
}

/** A value with its `mkOrder` taken off and its `mkOverride` priority read, in any nesting. */
interface Peeled {
  value: unknown;
  prio: unknown;
  overridePrio: unknown;
}

/** One element: its name, its value and where it came from. */
interface Item extends Peeled {
  file: string;
  key: string;
}

/** An element that has a value: its name, file and order, and its merge. */
interface Element {
  key: string;
  file: string;
  prio: unknown;
  merged: Merged;
}

/** Takes off `mkOrder` (which orders the element) and reads `mkOverride`, which stays on the value. */
function peel(lazy: unknown): Peeled {
  const value = force(lazy);
  const tag = typeTag(value);
  if (tag === "order") {
    const order = value as OrderProperty;
    const inner = peel(propertyField(order, "content"));
    return {
      value: inner.value,
      prio: propertyField(order, "priority") as number,
      overridePrio: inner.overridePrio,
    };
  }
  if (tag === "override") {
    const override = value as OverrideProperty;
    const inner = peel(propertyField(override, "content"));
    const priority = propertyField(override, "priority") as number;
    return { value: mkOverride(priority, inner.value), prio: inner.prio, overridePrio: priority };
  }
  return { value, prio: defaultOrderPriority, overridePrio: defaultOverridePriority };
}

/** The elements of one definition: a list of single-name sets, or a set. */
function definitionItems(loc: string[], description: string, def: Def): Item[] {
  const value = def.value;
  if (Array.isArray(value)) return value.map((raw) => listItem(loc, description, def.file, raw));
  // Checked values are lists or sets; a freeform type is merged unchecked, as in Nix.
  if (!isAttrSet(value)) {
    throw new ModuleError(`value is ${nixValueKind(value)} while a set was expected`, {
      code: "type",
      loc,
    });
  }
  return sortNames(Object.keys(value)).map((key) => ({
    ...peel(lazyProperty(value, key)),
    file: def.file,
    key,
  }));
}

function listItem(loc: string[], description: string, file: string, lazy: unknown): Item {
  const raw = force(lazy);
  const order = typeTag(raw) === "order" ? (raw as OrderProperty) : null;
  const item = order === null ? raw : force(propertyField(order, "content"));
  const names = isAttrSet(item) ? Object.keys(item) : null;
  if (names === null || names.length !== 1) {
    const why =
      names === null
        ? `Each list element must be an attribute set, but got ${nixTypeOf(item)}`
        : `Each list element must be a single-key attribute set, but got ${names.length} keys`;
    throw new ModuleError(
      `A definition for option ${quoteOption(loc)} is not of type \`${description}'. ${why}.${showDefinitionList([{ file, value: raw }])}`,
      { code: "type", loc, definitions: [{ file, value: raw }] },
    );
  }
  const key = names[0]!;
  const peeled = peel(lazyProperty(item as object, key));
  return { ...peeled, prio: order === null ? peeled.prio : order.priority, file, key };
}

/**
 * The elements that count, in order: per name, those of the highest `mkOverride` priority (a
 * name whose elements all have a lower one than a plain definition keeps none), then sorted by
 * `mkOrder`, stably.
 */
function winningItems(items: Item[]): Item[] {
  const best = new Map<string, number>();
  for (const item of items) {
    const prio = comparablePriority(item.overridePrio);
    if (prio < (best.get(item.key) ?? defaultOverridePriority)) best.set(item.key, prio);
  }
  return items
    .filter((item) => item.overridePrio === (best.get(item.key) ?? defaultOverridePriority))
    .sort((a, b) => comparePriorities(a.prio, b.prio));
}

/** The merged values of some elements; one that fails does so where it is read, as in Nix. */
function valuesOf(merged: readonly Merged[]): unknown[] {
  const out = new Array<unknown>(merged.length);
  for (let i = 0; i < merged.length; i++) {
    const element = merged[i]!;
    try {
      out[i] = element.mergedValue;
    } catch (error) {
      // An exhausted stack is no fault of the element: it fails the value, as in listOf.
      if (isStackOverflow(error) || (isModuleError(error) && error.code === "stack")) throw error;
      Object.defineProperty(out, i, {
        get: () => element.mergedValue,
        enumerable: true,
        configurable: true,
      });
    }
  }
  return out;
}

/** Nix's `attrListWith`: see the file's comment. */
export function attrListWith<T>(opts: AttrListOptions<T>): OptionType {
  if (!isAttrs(opts)) throw wrongArgument("the argument of types.attrListWith", opts, "a set");
  checkNamedArguments(
    "attrListWith",
    opts,
    ["elemType", "asAttrs", "mergeAttrValues"],
    ["elemType"],
  );
  const { elemType } = opts;
  if (typeTag(elemType) !== "option-type")
    throw wrongArgument("the `elemType' of types.attrListWith", elemType, "an option type");
  const asAttrs = opts.asAttrs ?? false;
  if (typeof asAttrs !== "boolean")
    throw wrongArgument("the `asAttrs' of types.attrListWith", asAttrs, "a Boolean");
  const mergeAttrValues = opts.mergeAttrValues ?? ((_name: string, values: T[]) => values);
  if (typeof mergeAttrValues !== "function")
    throw wrongArgument(
      "the `mergeAttrValues' of types.attrListWith",
      mergeAttrValues,
      "a function",
    );
  const check = (x: unknown) => Array.isArray(x) || isAttrSet(x);

  /** The elements that have a value, in order, each with its merge. */
  const elementsOf = (loc: string[], defs: Def[]): Element[] => {
    const items = winningItems(defs.flatMap((def) => definitionItems(loc, type.description, def)));
    const elements: Element[] = [];
    for (const item of items) {
      const merged = mergeOptionDefinitions(append(loc, item.key), elemType, [
        new Definition(item.file, item.value),
      ]);
      if (merged.isDefined)
        elements.push({ key: item.key, file: item.file, prio: item.prio, merged });
    }
    return elements;
  };

  /** Nix's `attrListValue`: each element as a set of its one name. */
  const attrListValue = (elements: readonly Element[]) =>
    elements.map((e) => lazyEntryFields([e.key], [e.merged]));

  const merge = (loc: string[], defs: Def[]): unknown => {
    const elements = elementsOf(loc, defs);
    if (!asAttrs) return attrListValue(elements);
    const byName = new Map<string, Merged[]>();
    for (const { key, merged } of elements) {
      const list = byName.get(key);
      if (list === undefined) byName.set(key, [merged]);
      else list.push(merged);
    }
    const names = sortNames(byName.keys());
    return lazyEntryFields(
      names,
      names.map(
        (name) =>
          new Thunk(() => {
            try {
              return mergeAttrValues(name, valuesOf(byName.get(name)!) as T[]);
            } catch (error) {
              throw asModuleError(error, loc);
            }
          }),
      ),
    );
  };

  const type: OptionType = mkOptionType({
    name: "attrListOf",
    description: () =>
      `attribute list of ${descriptionPhrase((c) => c === "noun" || c === "composite", elemType)}`,
    descriptionClass: "composite",
    check,
    merge,
    headError: checkedBy(check),
    // Each element's metadata, the list of elements (what `asAttrs` merges), and the elements
    // as definitions, in order, for another option to take (Nix's `valueMeta`).
    valueMeta: (loc, defs, value) => {
      let known: Element[] | undefined;
      const elements = () => (known ??= elementsOf(loc, defs()));
      return lazyFields({
        attrList: () =>
          lazyItems(
            elements().map(
              (e, i) => () =>
                checkedValueMeta(
                  elemType,
                  e.merged.loc,
                  () => e.merged.defsFinal,
                  () =>
                    asAttrs
                      ? e.merged.mergedValue
                      : (value() as Record<string, unknown>[])[i]![e.key],
                ),
            ),
          ) as ValueMeta[],
        attrListValue: () =>
          asAttrs ? attrListValue(elements()) : (value() as Record<string, unknown>[]),
        definitions: () =>
          elements().map((e) =>
            mkDefinition({
              file: e.file,
              value: mkOrder(e.prio as number, lazyEntryFields([e.key], [e.merged])),
            }),
          ),
      });
    },
    emptyValue: { value: asAttrs ? {} : [] },
    getSubOptions: (prefix) => elemType.getSubOptions([...prefix, "*"]),
    subModules: elemType.subModules,
    substSubModules: (m) =>
      attrListWith({
        ...opts,
        elemType: elemType.substSubModules(m) as OptionType<T>,
        asAttrs,
      }),
    // As in Nix: two declarations of such an option never combine.
    typeMerge: () => null,
    nestedTypes: { elemType },
    toJsonSchema: (ctx) => {
      const element = ctx.type(elemType);
      const list = {
        type: "array",
        items: {
          // Nix's words: each list element must be a single-key attribute set.
          "x-nixmod-type": `single-key attribute set (an element of ${type.description})`,
          type: "object",
          additionalProperties: element,
          minProperties: 1,
          maxProperties: 1,
        },
      };
      if (!ctx.output) return { anyOf: [list, { type: "object", additionalProperties: element }] };
      if (!asAttrs) return list;
      return opts.mergeAttrValues === undefined
        ? { type: "object", additionalProperties: { type: "array", items: element } }
        : { type: "object", "x-nixmod-unrepresentable": "mergeAttrValues" };
    },
  });
  return markLocFree(type, elemType);
}

/** A list of single-name attribute sets of `elemType`, defined as a list or as a set. */
export function attrListOf<T>(elemType: OptionType<T>): OptionType<Record<string, T>[]> {
  checkTypeArgument(elemType, "attrListOf");
  return attrListWith({ elemType }) as OptionType<Record<string, T>[]>;
}
