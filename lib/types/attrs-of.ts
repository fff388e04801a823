/** `attrsOf` and `lazyAttrsOf`: attribute sets merged per name. */
import { mergeOptionDefinitions, type Merged } from "../modules/merge-definitions.ts";
import { Thunk, lazyProperty } from "../thunk.ts";
import { wrongArgument } from "../errors.ts";
import { typeTag } from "../properties.ts";
import { isAttrs, isAttrSet, sortNames } from "../util/attrs.ts";
import { checkNamedArguments } from "../util/named-arguments.ts";
import { append, fitted } from "../util/lists.ts";
import { anything, setAnythingAttrsMerge } from "./basic.ts";
import { lazyEntryFields, lazyFields } from "../util/lazy-fields.ts";
import {
  Definition,
  descriptionPhrase,
  extendType,
  hasEmptyValue,
  mkOptionType,
  type Def,
  type OptionType,
  type ValueMeta,
} from "./option-type.ts";
import { markLocFree } from "./loc-free.ts";
import {
  checkedBy,
  checkedValue,
  checkedValueMeta,
  checkDefinitionKind,
  elementValue,
} from "./merge-v2.ts";
import { checkFlagArgument, checkTypeArgument, namedArgument } from "./argument-checks.ts";

/** Groups the definitions of an attribute set per name, keeping each value's file. */
export function definitionsByName(defs: readonly Def[]): Map<string, Def[]> {
  const byName = new Map<string, Def[]>();
  for (let d = 0; d < defs.length; d++) {
    const def = defs[d]!;
    const attrs = def.value as object;
    // `for in` reads the keys V8 keeps for the object's shape; `Object.keys` would copy them.
    for (const name in attrs) {
      if (!Object.prototype.hasOwnProperty.call(attrs, name)) continue;
      const definition = new Definition(def.file, lazyProperty(attrs, name));
      const list = byName.get(name);
      // Made holding its first definition, with no spare room (most names have one).
      if (list === undefined) byName.set(name, [definition]);
      else list.push(definition);
    }
  }
  return byName;
}

// An entry's value, read from its merge record; the thunk lets go of the record once it has the
// value (most records are needed only until then).
function entryValue(this: Merged): unknown {
  return this.mergedValue;
}

function lazyEntryValue(this: Merged): unknown {
  const empty = this.type.emptyValue;
  return this.isDefined || !hasEmptyValue(empty) ? this.mergedValue : empty.value;
}

function mergeAttrs(loc: string[], elemType: OptionType, defs: Def[], lazy: boolean): object {
  // The module system checks first; a custom type calling this merge itself may not have.
  checkDefinitionKind(loc, defs, isAttrSet, "a set");
  const byName = definitionsByName(defs);
  const names = sortNames(byName.keys());
  const kept: string[] = [];
  const values: Thunk[] = [];
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const merged: Merged = mergeOptionDefinitions(
      append(loc, name),
      elemType,
      fitted(byName.get(name)!),
    );
    if (lazy || merged.isDefined) {
      kept.push(name);
      values.push(new Thunk(lazy ? lazyEntryValue : entryValue, undefined, merged));
    }
  }
  return lazyEntryFields(kept, values);
}

const attrsHeadError = checkedBy(isAttrSet);

/** Nix's `valueMeta.attrs`: each name's metadata, for the names the merged set has, read on use. */
function attrsValueMeta(
  loc: string[],
  elemType: OptionType,
  defs: () => Def[],
  lazy: boolean,
  value: () => unknown,
): ValueMeta {
  return lazyFields({
    attrs: () => {
      const given = defs();
      checkDefinitionKind(loc, given, isAttrSet, "a set");
      const byName = definitionsByName(given);
      const attrs: Record<string, () => unknown> = {};
      for (const name of sortNames(byName.keys())) {
        const merged = mergeOptionDefinitions(
          append(loc, name),
          elemType,
          fitted(byName.get(name)!),
        );
        if (!lazy && !merged.isDefined) continue;
        // A name with nothing defined (a lazy set's) is described by its type's merge of none.
        const defsFinal = () => merged.defsFinal;
        const own = () => merged.mergedValue;
        attrs[name] = () =>
          checkedValueMeta(
            elemType,
            merged.loc,
            defsFinal,
            checkedValue(elemType, merged.loc, defsFinal, elementValue(value, name, own)),
          );
      }
      return lazyFields(attrs) as Record<string, ValueMeta>;
    },
  });
}

/** Nix's `attrsWith`: an attribute set of `elemType`, optionally lazy in which names exist. */
export function attrsWith<T>(opts: {
  elemType: OptionType<T>;
  lazy?: boolean;
  placeholder?: string;
}): OptionType<Record<string, T>> {
  if (!isAttrs(opts)) throw wrongArgument("the argument of types.attrsWith", opts, "a set");
  checkNamedArguments("attrsWith", opts, ["elemType", "lazy", "placeholder"], ["elemType"]);
  const { elemType } = opts;
  if (typeTag(elemType) !== "option-type") {
    throw wrongArgument("the `elemType' of types.attrsWith", elemType, "an option type");
  }
  const lazy = namedArgument(opts, "lazy", false) as boolean;
  checkFlagArgument(lazy, "lazy", "attrsWith");
  const placeholder = namedArgument(opts, "placeholder", "name") as string;
  if (typeof placeholder !== "string")
    throw wrongArgument("the `placeholder' of types.attrsWith", placeholder, "a string");
  const type = mkOptionType<Record<string, T>>({
    name: lazy ? "lazyAttrsOf" : "attrsOf",
    description: () =>
      (lazy ? "lazy attribute set" : "attribute set") +
      ` of ${descriptionPhrase((c) => c === "noun" || c === "composite", elemType)}`,
    descriptionClass: "composite",
    check: isAttrSet,
    merge: (loc, defs) => mergeAttrs(loc, elemType, defs, lazy) as Record<string, T>,
    headError: attrsHeadError,
    valueMeta: (loc, defs, value) => attrsValueMeta(loc, elemType, defs, lazy, value),
    emptyValue: { value: {} },
    getSubOptions: (prefix) => elemType.getSubOptions([...prefix, `<${placeholder}>`]),
    subModules: elemType.subModules,
    substSubModules: (m) => attrsWith({ elemType: elemType.substSubModules(m), lazy, placeholder }),
    functor: {
      name: "attrsWith",
      type: (p: { elemType: OptionType; lazy: boolean; placeholder: string }) => attrsWith(p),
      payload: { elemType, lazy, placeholder },
      binOp: (a, b) => {
        const merged = a.elemType.typeMerge(b.elemType.functor);
        const mergedLazy = a.lazy === b.lazy ? a.lazy : null;
        const mergedPlaceholder =
          a.placeholder === b.placeholder
            ? a.placeholder
            : a.placeholder === "name"
              ? b.placeholder
              : b.placeholder === "name"
                ? a.placeholder
                : null;
        return merged === null || mergedLazy === null || mergedPlaceholder === null
          ? null
          : { elemType: merged, lazy: mergedLazy, placeholder: mergedPlaceholder };
      },
    },
    nestedTypes: { elemType },
    toJsonSchema: (ctx) => ({ type: "object", additionalProperties: ctx.type(elemType) }),
  });
  return markLocFree(type, elemType);
}

/** An attribute set whose values are `elemType`, merged per name. */
export function attrsOf<T>(elemType: OptionType<T>): OptionType<Record<string, T>> {
  checkTypeArgument(elemType, "attrsOf");
  return attrsWith({ elemType });
}

/** Like `attrsOf`, but a name's value is only merged when it is read. */
export function lazyAttrsOf<T>(elemType: OptionType<T>): OptionType<Record<string, T>> {
  checkTypeArgument(elemType, "lazyAttrsOf");
  return attrsWith({ elemType, lazy: true });
}

/**
 * Nix's `loaOf`, once a list or an attribute set: now `attrsOf` under its old name, whose
 * `deprecationMessage` says so (an evaluation warning where such an option is used).
 */
export function loaOf<T>(elemType: OptionType<T>): OptionType<Record<string, T>> {
  checkTypeArgument(elemType, "loaOf");
  const base = attrsWith({ elemType });
  return markLocFree(
    extendType(base, {
      name: "loaOf",
      deprecationMessage:
        "Mixing lists with attribute values is no longer possible; please use `types.attrsOf` instead. See https://github.com/NixOS/nixpkgs/issues/1800 for the motivation.",
      nestedTypes: { elemType },
    }),
    base,
  );
}

setAnythingAttrsMerge((loc, defs) => mergeAttrs(loc, anything, defs, false));
