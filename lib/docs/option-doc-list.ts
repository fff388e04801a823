/**
 * Nix's `optionAttrSetToDocList`: every option of an option tree as a documentation record, the
 * list the NixOS manual is made from. Unlike nixmod's own reference (options-doc.ts), it keeps
 * what the manual later filters out: internal and invisible options (flagged as such), `_module`
 * options, and the options of every submodule that is visible (`getSubOptions`).
 */
import { ModuleError, nixValueKind, showOption } from "../errors.ts";
import { isOption, unknownModule } from "../options.ts";
import { asModuleError } from "../thunk.ts";
import { hasEmptyValue, isOptionType } from "../types/option-type.ts";
import { isAttrs, sortNames } from "../util/attrs.ts";
import { lazyField } from "../util/lazy-fields.ts";
import { renderOptionValue, type RenderedOptionValue } from "./render-option-value.ts";

/** One option as Nix's `optionAttrSetToDocList` describes it. */
export interface DocListEntry {
  loc: string[];
  /** The option path as messages show it (`a.<name>.b`). */
  name: string;
  /** The option's description, or null without one. */
  description: unknown;
  /** The declaring files, without `<unknown-file>`. */
  declarations: string[];
  internal: unknown;
  visible: boolean;
  readOnly: unknown;
  /** The type's description (`unspecified` without a type); computed when read. */
  type: unknown;
  /** Present when the option has an example; computed when read, as Nix's is. */
  example?: RenderedOptionValue;
  /** Present when the option has a default, a `defaultText`, or its type an empty value; computed when read. */
  default?: RenderedOptionValue;
  relatedPackages?: unknown;
}

/** Whether an option record has a field, as Nix's `opt ? field` asks (an undefined one is absent). */
function has(option: Record<string, unknown>, field: string): boolean {
  const desc = Object.getOwnPropertyDescriptor(option, field);
  return desc !== undefined && (desc.get !== undefined || desc.value !== undefined);
}

/** A field of an option record, or `fallback` without it (Nix's `opt.field or fallback`). */
function fieldOr(option: Record<string, unknown>, field: string, fallback: unknown): unknown {
  return has(option, field) ? option[field] : fallback;
}

/** A field an option record must have (Nix's `opt.field`). */
function field(option: Record<string, unknown>, name: string): unknown {
  if (!has(option, name)) throw new ModuleError(`attribute '${name}' missing`, { code: "type" });
  return option[name];
}

/** Nix's `collect isOption`: the options of a tree, walking names in Nix's order. */
function collectOptions(tree: unknown, into: Record<string, unknown>[]): void {
  if (isOption(tree)) into.push(tree as unknown as Record<string, unknown>);
  else if (isAttrs(tree))
    for (const name of sortNames(Object.keys(tree))) collectOptions(tree[name], into);
}

/**
 * How to read what documentation shows as an option's default: its `defaultText`, its default,
 * or its type's empty value; none for a type with submodules, whose empty value may fail
 * without definitions (their options are documented instead).
 */
function defaultShown(option: Record<string, unknown>): (() => unknown) | undefined {
  if (has(option, "defaultText")) return () => option.defaultText;
  if (has(option, "default")) return () => option.default;
  const type = option.type;
  if (!isOptionType(type) || !hasEmptyValue(type.emptyValue) || type.subModules !== null)
    return undefined;
  const empty = type.emptyValue.value;
  // An empty value of `undefined` is no Nix value (an int option without one leaves the key out).
  return empty === undefined ? undefined : () => empty;
}

/** The record of one option; `default` and `example` are rendered when read. */
function describe(option: Record<string, unknown>): DocListEntry {
  const loc = field(option, "loc") as string[];
  const name = showOption(loc);
  const visible = fieldOr(option, "visible", true);
  const declarations = field(option, "declarations");
  if (!Array.isArray(declarations)) {
    throw new ModuleError(`value is ${nixValueKind(declarations)} while a list was expected`, {
      code: "type",
      loc,
    });
  }
  const entry: DocListEntry = {
    loc,
    name,
    description: fieldOr(option, "description", null),
    declarations: declarations.filter((file) => file !== unknownModule),
    internal: fieldOr(option, "internal", false),
    visible: typeof visible === "boolean" ? visible : visible === "shallow",
    readOnly: fieldOr(option, "readOnly", false),
  } as DocListEntry;
  // Read when used, as Nix's: a submodule's description evaluates its modules.
  lazyField(entry, "type", () =>
    isAttrs(option.type) && has(option.type, "description")
      ? option.type.description
      : "unspecified",
  );
  const render = (read: () => unknown) => () => {
    try {
      return renderOptionValue(read());
    } catch (error) {
      throw asModuleError(error, loc);
    }
  };
  if (has(option, "example"))
    lazyField(
      entry,
      "example",
      render(() => option.example),
    );
  const readDefault = defaultShown(option);
  if (readDefault !== undefined) lazyField(entry, "default", render(readDefault));
  if (has(option, "relatedPackages") && option.relatedPackages !== null) {
    entry.relatedPackages = option.relatedPackages;
  }
  return entry;
}

/** The records of the options of `tree`, each followed by those of its visible sub-options. */
function docList(tree: unknown, into: DocListEntry[]): void {
  const options: Record<string, unknown>[] = [];
  collectOptions(tree, options);
  for (const option of options) {
    into.push(describe(option));
    const visible = fieldOr(option, "visible", true);
    if (typeof visible === "boolean" ? !visible : visible !== "transparent") continue;
    const type = field(option, "type") as Record<string, unknown>;
    const getSubOptions = isAttrs(type) ? type.getSubOptions : undefined;
    if (typeof getSubOptions !== "function") {
      throw new ModuleError("attribute 'getSubOptions' missing", {
        code: "type",
        loc: option.loc as string[],
      });
    }
    const subOptions: unknown = getSubOptions(option.loc);
    if (isAttrs(subOptions) && Object.keys(subOptions).length > 0) docList(subOptions, into);
  }
}

/**
 * Nix's `optionAttrSetToDocList'`: the documentation records of an option tree (as
 * `optionAttrSetToDocList`); the prefix is not used, as in Nix.
 */
export function optionAttrSetToDocListWithPrefix(
  _prefix: unknown,
  options: Record<string, unknown>,
): DocListEntry[] {
  const out: DocListEntry[] = [];
  docList(options, out);
  return out;
}

/**
 * Nix's `optionAttrSetToDocList`: every option of a tree (an `evalModules` result's `options`)
 * as a documentation record, in Nix's order, each option followed by its visible sub-options.
 */
export function optionAttrSetToDocList(options: Record<string, unknown>): DocListEntry[] {
  return optionAttrSetToDocListWithPrefix([], options);
}
