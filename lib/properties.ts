/** The `mk*` properties: plain tagged values that the evaluator interprets; nothing happens when you call them. */
import { ModuleError, nixValueKind, wrongArgument } from "./errors.ts";
import { interpolate } from "./render/nix-to-string.ts";
import { force, lazyProperty, Thunk } from "./thunk.ts";
import { isAttrs, sortedRecord } from "./util/attrs.ts";
import { ownGetter } from "./util/define-getter.ts";
import { objectMemo } from "./util/object-memo.ts";

/** Priority of a plain definition. */
export const defaultOverridePriority = 100;
/** Priority of `mkDefault`. */
export const defaultPriority = 1000;
/** Priority of option defaults (`mkOptionDefault`). */
export const optionDefaultPriority = 1500;
/** Order of a definition without `mkOrder`. */
export const defaultOrderPriority = 1000;

/** A condition: a boolean, a zero-argument function returning one, or a shared thunk. */
export type Condition = boolean | (() => boolean) | Thunk<boolean>;

/** `mkIf cond content`: content counts only when cond holds. */
export interface IfProperty<T = unknown> {
  readonly _type: "if";
  readonly condition: Condition;
  readonly content: T;
}

/** `mkMerge [ ... ]`: several definitions in one place. */
export interface MergeProperty<T = unknown> {
  readonly _type: "merge";
  readonly contents: readonly T[];
}

/** `mkOverride prio content`: a definition with a priority (lower wins). */
export interface OverrideProperty<T = unknown> {
  readonly _type: "override";
  readonly priority: number;
  readonly content: T;
}

/** `mkOrder prio content`: where a definition goes in list and string merges. */
export interface OrderProperty<T = unknown> {
  readonly _type: "order";
  readonly priority: number;
  readonly content: T;
}

/** `mkDefinition { file, value }`: a definition that names its own file (for messages and `files`). */
export interface DefinitionProperty<T = unknown> {
  readonly _type: "definition";
  readonly file: string;
  readonly value: T;
}

/** Any property a definition may be wrapped in. */
export type Property<T = unknown> =
  IfProperty<T> | MergeProperty<T> | OverrideProperty<T> | OrderProperty<T>;

const sharedConditions = objectMemo<Thunk<boolean>>();

/** A condition every copy of an `mkIf` shares, so a function condition runs at most once. */
export function sharedCondition(prop: IfProperty): Condition {
  // An mkIf copied as data (Nix keeps one under an mkForce) holds its condition as a lazy
  // field: it is taken as its thunk, so that it runs where the condition is needed, not here.
  const c =
    prop instanceof Conditional
      ? prop.condition
      : (requireField(prop, "condition"), lazyProperty(prop, "condition") as Condition);
  if (typeof c !== "function") return c;
  let thunk = sharedConditions.get(prop);
  if (thunk === undefined) {
    thunk = new Thunk(c);
    sharedConditions.set(prop, thunk);
  }
  return thunk;
}

/** The value of an mkIf's condition, a function condition run at most once for all its copies. */
export function forceCondition(prop: IfProperty): unknown {
  const c = sharedCondition(prop);
  return force(c);
}

/** An mkIf record (a class, for the reason given in lib/util/plain-record.ts). */
class Conditional<T> implements IfProperty<T> {
  readonly _type: "if";
  readonly condition: Condition;
  readonly content: T;

  constructor(condition: Condition, content: T) {
    // Assigned in the order of the literal `{ _type, condition, content }` it replaces.
    this._type = "if";
    this.condition = condition;
    this.content = content;
  }

  /** An mkIf left as data (under `mkDefault` in an option of type `unspecified`) shows its condition's value, as in Nix. */
  toJSON(): { _type: "if"; condition: unknown; content: T } {
    return { _type: this._type, condition: forceCondition(this), content: this.content };
  }
}

/** An mkIf record of any condition, including the shared thunk that copies made by push-down hold. */
export function conditional<T>(condition: Condition, content: T): IfProperty<T> {
  return new Conditional(condition, content);
}

/** Makes `content` conditional; `cond` may be a function, called only when an option under it is merged. */
export function mkIf<T>(cond: boolean | (() => boolean), content: T): IfProperty<T> {
  return new Conditional(cond, content);
}

/**
 * `content` if `assertion` holds; otherwise merging an option under it fails with Nix's
 * `Failed assertion` message. Like `mkIf`, the assertion is read only then.
 */
export function mkAssert<T>(
  assertion: boolean | (() => boolean),
  message: string,
  content: T,
): IfProperty<T> {
  return new Conditional(() => {
    const holds = typeof assertion === "function" ? assertion() : force(assertion);
    if (holds === true) return true;
    if (holds !== false) {
      throw new ModuleError(`value is ${nixValueKind(holds)} while a Boolean was expected`, {
        code: "type",
      });
    }
    throw new ModuleError(`\nFailed assertion: ${interpolate(message)}`, { code: "thrown" });
  }, content);
}

/** Merges several definitions given in one place. */
export function mkMerge<T>(contents: readonly T[]): MergeProperty<T> {
  return { _type: "merge", contents };
}

/** An `mkMerge`'s definitions, read where Nix reads them: a value that is no list fails there, as in Nix. */
export function mergeContents(merge: MergeProperty): readonly unknown[] {
  const contents = force(propertyField(merge, "contents"));
  if (!Array.isArray(contents)) {
    throw new ModuleError(`value is ${nixValueKind(contents)} while a list was expected`, {
      code: "type",
    });
  }
  return contents;
}

/** An mkOverride record (a class, for the reason given in lib/util/plain-record.ts). */
class Override<T> implements OverrideProperty<T> {
  readonly _type = "override";
  constructor(
    readonly priority: number,
    readonly content: T,
  ) {}
}

/** Gives a definition a priority; the lowest number wins. */
export function mkOverride<T>(priority: number, content: T): OverrideProperty<T> {
  // Nix compares any priorities it is given (and fails on some when it does); NaN is no Nix value.
  if (Number.isNaN(priority)) throw nanPriority("mkOverride");
  return new Override(priority, content);
}

/** The error for a NaN priority, which would drop its definition without a word. */
function nanPriority(fn: string): ModuleError {
  return new ModuleError(`the priority given to ${fn} is NaN, which is no Nix value`, {
    code: "type",
  });
}

/** A definition that any plain definition overrides (priority 1000). */
export function mkDefault<T>(content: T): OverrideProperty<T> {
  return mkOverride(defaultPriority, content);
}

/** A definition that beats plain ones (priority 50). */
export function mkForce<T>(content: T): OverrideProperty<T> {
  return mkOverride(50, content);
}

/** Priority 60: an image profile's settings, which beat the host's but not its `mkForce`. */
export function mkImageMediaOverride<T>(content: T): OverrideProperty<T> {
  return mkOverride(60, content);
}

/** Priority 10: what `nixos-rebuild build-vm` sets over everything else. */
export function mkVMOverride<T>(content: T): OverrideProperty<T> {
  return mkOverride(10, content);
}

/** A definition at the priority of an option's `default` (1500). */
export function mkOptionDefault<T>(content: T): OverrideProperty<T> {
  return mkOverride(optionDefaultPriority, content);
}

/** A definition from `file` (Nix's `mkDefinition`): inside `mkMerge`/`mkIf`, around `mkForce` and the like. */
export function mkDefinition<T>(definition: { file: string; value: T }): DefinitionProperty<T> {
  if (!isAttrs(definition))
    throw wrongArgument("the argument of mkDefinition", definition, "a set");
  // Nix's pattern is `{ file, value, ... }`: both are needed, others are kept.
  for (const name of ["file", "value"]) {
    if (!(name in definition))
      throw new ModuleError(`'mkDefinition' called without required argument '${name}'`, {
        code: "invalid",
      });
  }
  // In Nix's attribute order, as `definitionsWithLocations` prints the record.
  return sortedRecord({ ...definition, _type: "definition" as const });
}

/** Places a definition in list and string merges; lower numbers come first. */
export function mkOrder<T>(priority: number, content: T): OrderProperty<T> {
  // Nix compares any priorities it is given (and fails on some when it does); NaN is no Nix value.
  if (Number.isNaN(priority)) throw nanPriority("mkOrder");
  return { _type: "order", priority, content };
}

/** Puts a definition before the others (order 500). */
export function mkBefore<T>(content: T): OrderProperty<T> {
  return mkOrder(500, content);
}

/** Puts a definition after the others (order 1500). */
export function mkAfter<T>(content: T): OrderProperty<T> {
  return mkOrder(1500, content);
}

/**
 * A field of a property (`priority`, `content`, `condition`, `contents`), selected as Nix selects
 * it: a set written as `{ _type = "override"; … }` by hand may lack it, and that fails in Nix's
 * words where the field is needed (a plain error: the option being evaluated names itself).
 */
export function propertyField(prop: object, name: string): unknown {
  requireField(prop, name);
  return (prop as Record<string, unknown>)[name];
}

/** Fails as `propertyField` does when the field is missing, without reading it (it may be lazy). */
function requireField(prop: object, name: string): void {
  if (!(name in prop)) throw new Error(`attribute '${name}' missing`);
}

/** The `_type` tag of a value, if it has one (read without calling getters). */
export function typeTag(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  // mkIf and mkOverride records are the most common tagged values; their tag is a field.
  if (value instanceof Conditional || value instanceof Override) return value._type;
  // This runs for every definition: no descriptor is made, and a getter is not called.
  if (!Object.prototype.hasOwnProperty.call(value, "_type")) return undefined;
  if (ownGetter(value, "_type") !== undefined) return undefined;
  const tag = (value as { _type?: unknown })._type;
  return typeof tag === "string" ? tag : undefined;
}
