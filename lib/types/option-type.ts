/** The type record and its constructor: what every option type is made of. */
import { wrongArgument } from "../errors.ts";
import { interpolate } from "../render/nix-to-string.ts";
import type { EvalResult } from "../modules/eval-modules.ts";
import type { Module } from "../modules/module.ts";
import type { OptionDecl } from "../options.ts";
import { isAttrs } from "../util/attrs.ts";
import { mergeDefaultOption } from "./merge-functions.ts";
import { copyDescriptors, lazyField } from "../util/lazy-fields.ts";
import { checkNamedArguments } from "../util/named-arguments.ts";

/** One definition of an option: the file it came from and its value (forced when merged). */
export interface Def {
  file: string;
  value: unknown;
}

/** A definition the module system makes (a class, for the reason given in lib/util/plain-record.ts). */
export class Definition implements Def {
  constructor(
    public file: string,
    public value: unknown,
  ) {}
}

/** How a type is described in prose, which decides parentheses in composite descriptions. */
export type DescriptionClass = "noun" | "conjunction" | "composite" | "nonRestrictiveClause";

/** How two declarations of an option with this type combine (Nix's `functor`). */
export interface TypeFunctor {
  readonly name: string;
  /** Rebuilds the type from a payload; null when the type has no payload. */
  readonly type: ((payload: any) => OptionType) | OptionType | null;
  readonly payload: any;
  readonly binOp: (a: any, b: any) => any;
}

/** Why definitions do not fit a type at its top level (the `headError` of Nix's v2 merge). */
export interface HeadError {
  /** The text after `TypeError: ` in the `is not of type` error. */
  readonly message: string;
  readonly definitions: Def[];
}

/**
 * Nix's `merge.v2`: the type checks its definitions itself, as part of merging, instead of the
 * module system calling `check` on each. An `either` can then refuse definitions that each fit
 * one of its types but not all the same one.
 */
export interface MergeV2 {
  /** The check the head error agrees with: a copy of the type given another `check` no longer agrees. */
  readonly check: (value: unknown) => boolean;
  /** The head error of `defs`, or null when they fit; reads no more of the values than `check` does. */
  readonly headError: (loc: string[], defs: Def[]) => HeadError | null;
  /** What the merge reports beside the value (Nix's `valueMeta`); absent, nothing (`{ }`). */
  readonly valueMeta?: ValueMetaOf;
}

/**
 * Nix's `valueMeta` of `defs` (definitions that fit), merged into `value`: what a v2 merge
 * knows beside the value, such as a submodule value's whole evaluation. `value` gives the
 * value the option already has, so the metadata refers to it rather than to a copy. Both are
 * read only where a field of the metadata needs them, as Nix reads them.
 */
export type ValueMetaOf = (loc: string[], defs: () => Def[], value: () => unknown) => ValueMeta;

/** What lib 26.11's v2 merges report beside a value (`options.<path>.valueMeta`); a custom type may add more. */
export interface ValueMeta {
  /** attrsOf, lazyAttrsOf: each name's metadata. */
  readonly attrs?: Readonly<Record<string, ValueMeta>>;
  /** listOf: each element's metadata. */
  readonly list?: readonly ValueMeta[];
  /** submodule: the value's own evaluation (`config`, `options`, …). */
  readonly configuration?: EvalResult;
  /** attrListWith: each element's metadata. */
  readonly attrList?: readonly ValueMeta[];
  /** attrListWith: the elements in order, each a set of one name. */
  readonly attrListValue?: readonly Record<string, unknown>[];
  /** attrListWith: the elements as definitions (`mkDefinition` of `mkOrder`), for another option. */
  readonly definitions?: readonly unknown[];
  /** either: why the definitions fit neither type. */
  readonly headError?: { readonly message: string };
  /** The type that merged, on the metadata of a type of v2 merge. */
  readonly _internal?: { readonly type: OptionType };
  readonly [key: string]: unknown;
}

/** A JSON Schema node (draft 2020-12). */
export type JsonSchema = Record<string, unknown>;

/** What a type needs to describe nested options as JSON Schema. */
export interface SchemaContext {
  /**
   * Whether the schema describes what `config` holds after evaluation (every option present,
   * coercions done, packages as packages) rather than what a config file may define.
   */
  readonly output: boolean;
  /** Schema of an option tree (a submodule's options). */
  options(tree: Record<string, unknown>, freeform: OptionType | null): JsonSchema;
  /** Schema of a nested type, annotated with its description (types call this for element types). */
  type(type: OptionType): JsonSchema;
}

/** An option type: a small record of name, description, check and merge. */
export interface OptionType<T = unknown> {
  readonly _type: "option-type";
  readonly name: string;
  readonly description: string;
  readonly descriptionClass: DescriptionClass | null;
  /** A shallow check: deep checks happen while merging, which keeps evaluation lazy. */
  readonly check: (value: unknown) => boolean;
  /** Merges the definitions that survived priority filtering (values already forced). */
  readonly merge: (loc: string[], defs: Def[]) => T;
  /** The value when there is no definition: `{ value }`, or `{}` when the type has none (as in Nix). */
  readonly emptyValue: EmptyValue<T>;
  /** How the type checks its own definitions while merging; null for types checked value by value. */
  readonly mergeV2: MergeV2 | null;
  /** Sub-options for documentation, under `prefix`. */
  readonly getSubOptions: (prefix: string[]) => Record<string, unknown>;
  /** The modules of a submodule type. */
  readonly subModules: readonly Module[] | null;
  /** The same, under Nix's name. */
  readonly getSubModules: readonly Module[] | null;
  /** The same type with other submodules (Nix's `substSubModules`). */
  readonly substSubModules: (modules: readonly Module[]) => OptionType;
  /** The merged type when this type is declared again as `other`, or null when they conflict. */
  readonly typeMerge: (other: TypeFunctor) => OptionType | null;
  readonly functor: TypeFunctor;
  /** The types inside this one, by role (`elemType`, `left`, …); for `attrTag`, as in Nix, its tag options. */
  readonly nestedTypes: Readonly<Record<string, OptionType | OptionDecl>>;
  readonly deprecationMessage: string | null;
  /** JSON Schema for values of this type; `x-nixmod-unrepresentable` where it cannot say more. */
  readonly toJsonSchema: (ctx: SchemaContext) => JsonSchema;
}

/** A type's empty value: `{ value }`, or `{}` for a type that has none (Nix's `emptyValue ? value`). */
export type EmptyValue<T> = { readonly value: T } | { readonly value?: never };

/** Whether a type's empty value is one (Nix's `emptyValue ? value`). */
export function hasEmptyValue<T>(empty: EmptyValue<T>): empty is { readonly value: T } {
  return "value" in empty;
}

/** What `mkOptionType` takes: everything but `name` has a default. */
export interface OptionTypeSpec<T> {
  name: string;
  /** A string, or a function computing it on first use (composite descriptions may evaluate submodules). */
  description?: string | (() => string) | null;
  descriptionClass?: DescriptionClass | null;
  check?: (value: unknown) => boolean;
  merge?: (loc: string[], defs: Def[]) => T;
  /** Makes the type one of v2 merge, whose head error this gives (agreeing with `check`). */
  headError?: (loc: string[], defs: Def[]) => HeadError | null;
  /** For a type of v2 merge: what its merge reports beside the value. */
  valueMeta?: ValueMetaOf;
  /** `{}` (or null) for none. */
  emptyValue?: EmptyValue<T> | null;
  getSubOptions?: (prefix: string[]) => Record<string, unknown>;
  subModules?: readonly Module[] | null;
  /** Nix's name for `subModules`. */
  getSubModules?: readonly Module[] | null;
  substSubModules?: (modules: readonly Module[]) => OptionType;
  typeMerge?: (other: TypeFunctor) => OptionType | null;
  functor?: TypeFunctor;
  /** A record, or a function computing it on first use (a submodule's needs its evaluation). */
  nestedTypes?: Record<string, OptionType | OptionDecl> | (() => Record<string, OptionType>);
  deprecationMessage?: string | null;
  toJsonSchema?: (ctx: SchemaContext) => JsonSchema;
}

/** A functor without payload: two declarations combine only when their names are equal. */
export function defaultFunctor(name: string, type: OptionType | null = null): TypeFunctor {
  return { name, type, payload: null, binOp: () => null };
}

/** The `lib.types` namespace that payload-less functors find their type in (types/index.ts sets it). */
let libTypes: Readonly<Record<string, unknown>> = {};

/** Sets the namespace a payload-less functor's `type` is looked up in, as Nix's `types.${name} or null`. */
export function setLibTypes(namespace: Readonly<Record<string, unknown>>): void {
  libTypes = namespace;
}

/**
 * A payload-less functor whose type is `types.<name>`, or null for a name that is no type there
 * (two declarations with such a type then conflict, as in Nix). Looked up when read: the
 * namespace is made after the types in it.
 */
function namedTypeFunctor(functor: TypeFunctor): TypeFunctor {
  const named = { ...functor };
  Object.defineProperty(named, "type", {
    get: () => {
      const found = Object.hasOwn(libTypes, functor.name) ? libTypes[functor.name] : null;
      return isOptionType(found) ? found : null;
    },
    enumerable: true,
  });
  return named;
}

/** Nix's `defaultTypeMerge`: same functor name, then combine payloads with `binOp`. */
export function defaultTypeMerge(f: TypeFunctor, other: TypeFunctor): OptionType | null {
  checkFunctorArgument(other);
  if (f.name !== other.name) return null;
  if (f.payload === null || other.payload === null) {
    if (f.payload !== other.payload) return null;
    return typeof f.type === "function" ? null : f.type;
  }
  const merged = f.binOp(f.payload, other.payload);
  if (merged === null || merged === undefined) return null;
  return typeof f.type === "function" ? f.type(merged) : null;
}

/** What `mkOptionType` takes: Nix's arguments and nixmod's (`headError`, `valueMeta`, `subModules`, `toJsonSchema`). */
const optionTypeArguments = [
  "name",
  "description",
  "descriptionClass",
  "check",
  "merge",
  "headError",
  "valueMeta",
  "emptyValue",
  "getSubOptions",
  "getSubModules",
  "subModules",
  "substSubModules",
  "typeMerge",
  "functor",
  "nestedTypes",
  "deprecationMessage",
  "toJsonSchema",
];

const optionTypeArgumentSet = new Set(optionTypeArguments);

const acceptsAll = (): boolean => true;

/** What `typeMerge` reads of the other declaration's functor: a set, else Nix's error. */
export function checkFunctorArgument(other: unknown): void {
  if (!isAttrs(other)) throw wrongArgument("value", other, "a set");
}

const noSubOptions = (): Record<string, unknown> => ({});

/** A type's `getSubOptions`, refusing a prefix that is no list in Nix's words (it extends it). */
function subOptionsAt(
  getSubOptions: (prefix: string[]) => Record<string, unknown>,
): (prefix: string[]) => Record<string, unknown> {
  return (prefix) => {
    if (!Array.isArray(prefix)) throw wrongArgument("value", prefix, "a list");
    return getSubOptions(prefix);
  };
}

/**
 * A type's merge, refusing definitions that are no list of sets in Nix's words: a custom type
 * may call it on anything, and the merges themselves read `defs` as such a list.
 */
function mergeOfDefinitions<T>(
  merge: (loc: string[], defs: Def[]) => T,
): (loc: string[], defs: Def[]) => T {
  return (loc, defs) => {
    if (!Array.isArray(defs)) throw wrongArgument("value", defs, "a list");
    for (let i = 0; i < defs.length; i++) {
      const def: unknown = defs[i];
      if (typeof def !== "object" || def === null) throw wrongArgument("value", def, "a set");
    }
    return merge(loc, defs);
  };
}

/**
 * A check's result as Nix's `&&`, `||` and `all` read it: one that is not a Boolean is an
 * error, where JavaScript would take a match or a length as true.
 */
export function checkResult(result: unknown): boolean {
  if (result === true || result === false) return result;
  throw wrongArgument("value", result, "a Boolean", "what a type's check returned");
}

/** `type.check(value)`, as the module system and the types built of others read it. */
export function passes(type: OptionType, value: unknown): boolean {
  return checkResult(type.check(value));
}

/** Makes a type record from a spec, filling Nix's defaults. */
export function mkOptionType<T>(spec: OptionTypeSpec<T>): OptionType<T> {
  if (!isAttrs(spec)) throw wrongArgument("the argument of mkOptionType", spec, "a set");
  // Types are made per declaration: the set is read without a key array, and the message
  // (with its suggestions) made only for a bad argument.
  let known = Object.hasOwn(spec, "name");
  for (const name in spec) known &&= optionTypeArgumentSet.has(name);
  if (!known) checkNamedArguments("mkOptionType", spec, optionTypeArguments, ["name"]);
  const given: TypeFunctor = spec.functor ?? defaultFunctor(spec.name);
  const functor = given.type === null && given.payload === null ? namedTypeFunctor(given) : given;
  const check = spec.check ?? acceptsAll;
  // `description` is added last: made a getter after the fact, a data property would turn the
  // record into a slow dictionary object (V8), and types are made per declaration.
  const type = {
    _type: "option-type",
    name: spec.name,
    descriptionClass: spec.descriptionClass ?? null,
    check,
    merge: mergeOfDefinitions(spec.merge ?? ((loc, defs) => mergeDefaultOption(loc, defs) as T)),
    emptyValue: spec.emptyValue ?? {},
    mergeV2:
      spec.headError === undefined
        ? null
        : { check, headError: spec.headError, valueMeta: spec.valueMeta },
    getSubOptions:
      spec.getSubOptions === undefined ? noSubOptions : subOptionsAt(spec.getSubOptions),
    subModules: spec.subModules ?? spec.getSubModules ?? null,
    getSubModules: spec.subModules ?? spec.getSubModules ?? null,
    substSubModules: spec.substSubModules ?? (() => type as OptionType),
    typeMerge: spec.typeMerge ?? ((other) => defaultTypeMerge(functor, other)),
    functor,
    deprecationMessage: spec.deprecationMessage ?? null,
    toJsonSchema: spec.toJsonSchema ?? (() => ({ "x-nixmod-unrepresentable": spec.name })),
  } as OptionType<T>;
  const nested = spec.nestedTypes;
  if (typeof nested === "function") lazyField(type, "nestedTypes", nested);
  else (type as { nestedTypes: object }).nestedTypes = nested ?? {};
  const description: unknown = spec.description;
  if (typeof description === "function")
    lazyField(type, "description", description as () => string);
  else if (description === undefined || typeof description === "string")
    (type as { description: string }).description = description ?? spec.name;
  // Nix interpolates it into messages: a set with `outPath` or `__toString` is its string.
  else lazyField(type, "description", () => interpolate(description));
  return type;
}

/** Whether a value is an option type record. */
export function isOptionType(value: unknown): value is OptionType {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { _type?: unknown })._type === "option-type"
  );
}

/** Copies a type with some fields replaced (Nix's `type // { ... }`), keeping lazy fields lazy. */
export function extendType<T>(
  type: OptionType<T>,
  fields: Partial<Omit<OptionType<T>, "description">> & { description?: string | (() => string) },
): OptionType<T> {
  const copy = {} as OptionType<T>;
  // A replaced description is added anew (see mkOptionType).
  const replaced = fields.description !== undefined;
  copyDescriptors(copy, type, (key) => replaced && key === "description");
  for (const [key, value] of Object.entries(fields)) {
    if (key === "description" && typeof value === "function")
      lazyField(copy, key, value as () => string);
    else
      Object.defineProperty(copy, key, {
        value,
        enumerable: true,
        configurable: true,
        writable: true,
      });
  }
  return copy;
}

/**
 * `type`, whose option reads as `undefined` when nothing defines it, where Nix's fails. For the
 * options of built-in modules that are often left unset (a container's `config`): the
 * configuration still prints as JSON, and `isDefined` is as in Nix.
 */
export function unsetReadsUndefined(type: OptionType): OptionType {
  return { ...type, emptyValue: { value: undefined } };
}

/** Wraps a description in parentheses unless its class reads well inline (Nix's `optionDescriptionPhrase`). */
export function descriptionPhrase(
  unparenthesize: (cls: DescriptionClass | null) => boolean,
  type: OptionType,
): string {
  return unparenthesize(type.descriptionClass) ? type.description : `(${type.description})`;
}
