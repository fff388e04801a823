/** Nix's `mergeDefinitions`: discharge properties, filter overrides, sort, check and merge. */
import { ModuleError, nixValueKind, quoteOption, showDefinitions } from "../errors.ts";
import {
  defaultOrderPriority,
  defaultOverridePriority,
  forceCondition,
  mergeContents,
  optionDefaultPriority,
  typeTag,
  type DefinitionProperty,
  type IfProperty,
  type MergeProperty,
  type OrderProperty,
  type OverrideProperty,
  propertyField,
} from "../properties.ts";
import { Thunk, asModuleError, checkOptionDepth, force, lazyProperty } from "../thunk.ts";
import { coherentMergeV2 } from "../types/merge-v2.ts";
import { compareNames, sortedRecord } from "../util/attrs.ts";
import { copyProperty, lazyField } from "../util/lazy-fields.ts";
import {
  Definition,
  hasEmptyValue,
  passes,
  type Def,
  type OptionType,
} from "../types/option-type.ts";

/** Evaluates an `mkIf` condition (once per condition, however many copies push-down made). */
export function conditionValue(prop: IfProperty, file: string | undefined): boolean {
  const value = forceCondition(prop);
  if (typeof value !== "boolean") {
    const where = file === undefined ? "" : ` (in a definition from \`${file}')`;
    throw new ModuleError(
      `‘mkIf’ called with a non-Boolean condition${where}: got ${nixValueKind(value)}`,
      { code: "type" },
    );
  }
  return value;
}

/**
 * Nix's `dischargeProperties`: expands `mkMerge` and evaluates `mkIf` conditions, the place where
 * conditions run. `file`, the definition's, is named in the error for a condition that is no
 * Boolean.
 */
export function dischargeInto(value: unknown, file?: string, out: unknown[] = []): unknown[] {
  const v = force(value);
  const tag = typeTag(v);
  if (tag === "merge") {
    for (const c of mergeContents(v as MergeProperty)) dischargeInto(c, file, out);
  } else if (tag === "if") {
    if (conditionValue(v as IfProperty, file))
      dischargeInto(propertyField(v as IfProperty, "content"), file, out);
  } else {
    out.push(v);
  }
  return out;
}

/**
 * A priority as Nix compares it with the integers it starts from: a number, or Nix's error for
 * anything else (a plain-data `{ _type = "override"; priority = "50"; }` is not an `mkForce`).
 */
export function comparablePriority(given: unknown): number {
  // A module argument's stand-in given as a priority is the argument's value.
  const priority = force(given);
  if (typeof priority === "number") return priority;
  throw new Error(`cannot compare ${nixValueKind(priority)} with an integer`);
}

/** Nix's `lessThan`: numbers with numbers, strings with strings, lists element by element. */
function nixLessThan(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number") return a < b;
  if (typeof a === "string" && typeof b === "string") return a < b;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < a.length && i < b.length; i++) {
      if (nixLessThan(a[i], b[i])) return true;
      if (nixLessThan(b[i], a[i])) return false;
    }
    return a.length < b.length;
  }
  throw new Error(`cannot compare ${nixValueKind(a)} with ${nixValueKind(b)}`);
}

/** The order of two `mkOrder` priorities for a stable sort, as Nix's `sort` with `lessThan`. */
export function comparePriorities(given: unknown, other: unknown): number {
  const [a, b] = [force(given), force(other)];
  return nixLessThan(a, b) ? -1 : nixLessThan(b, a) ? 1 : 0;
}

/**
 * A definition's override priority as written. Nix compares it only among several definitions:
 * a `lone` one's is not read as a field, so a hand-written override may lack it.
 */
function rawPriority(value: unknown, lone = false): number {
  if (typeTag(value) !== "override") return defaultOverridePriority;
  return lone
    ? (value as OverrideProperty).priority
    : (propertyField(value as OverrideProperty, "priority") as number);
}

function overridePriority(value: unknown): number {
  return comparablePriority(rawPriority(value));
}

function stripOverride(def: Def): Def {
  if (typeTag(def.value) !== "override") return def;
  const content = force(propertyField(def.value as OverrideProperty, "content"));
  return def instanceof Definition ? new Definition(def.file, content) : withValue(def, content);
}

/**
 * `def` with another value, and an mkOrder's `priority` (Nix's `def // { value = …; }`): an
 * `mkDefinition` record keeps its other attributes (`_type` and any the user gave), as
 * `definitionsWithLocations` shows them.
 */
function withValue(def: Def, value: unknown, priority?: number): Def {
  if (def instanceof Definition) {
    return priority === undefined
      ? new Definition(def.file, value)
      : ({ file: def.file, priority, value } as Def);
  }
  return sortedRecord({ ...def, value, ...(priority === undefined ? {} : { priority }) });
}

const propertyTags = new Set(["if", "override", "order", "merge", "definition"]);

/** Whether a value is one of the module system's properties (not another `_type`d set, such as a configuration). */
export function isProperty(value: unknown): boolean {
  const tag = typeTag(value);
  return tag !== undefined && propertyTags.has(tag);
}

/**
 * A property that stays a value (an mkIf under an mkForce, which `unspecified` or `anything`
 * keeps), as Nix has it: its condition and content are values, read when used. Push-down made
 * such a content a thunk, and a condition may be a function; the copy reads them as fields.
 */
export function propertyAsData(property: unknown): unknown {
  if (!isProperty(property)) return property;
  const tag = typeTag(property);
  const source = property as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(source).sort(compareNames)) {
    if (key === "content" || (key === "value" && tag === "definition")) {
      const field = lazyProperty(source, key);
      lazyField(out, key, () => propertyAsData(force(field)));
    } else if (key === "condition" && tag === "if") {
      lazyField(out, key, () => forceCondition(source as unknown as IfProperty));
    } else {
      copyProperty(out, source, key);
    }
  }
  return out;
}

/**
 * Nix's filterOverrides' priority, read from each item's value and never from an mkOverride's
 * content: one definition's as written; of several, the lowest number from 9999, as Nix's
 * fold (several that all have a higher number are all dropped).
 */
function winningPriority<T>(items: readonly T[], valueOf: (item: T) => unknown): number {
  if (items.length === 1) return rawPriority(valueOf(items[0]!), true);
  let best = 9999;
  for (const item of items) best = Math.min(best, overridePriority(valueOf(item)));
  return best;
}

/**
 * Nix's `filterOverrides'`: keeps the definitions with the highest priority (lowest number),
 * stripped of `mkOverride`.
 */
export function filterByPriority(defs: Def[]): { values: Def[]; highestPrio: number } {
  const highestPrio = winningPriority(defs, (def) => def.value);
  if (defs.length === 1) return { values: [stripOverride(defs[0]!)], highestPrio };
  const values: Def[] = [];
  for (const def of defs)
    if (overridePriority(def.value) === highestPrio) values.push(stripOverride(def));
  return { values, highestPrio };
}

/** Nix's `sortProperties`: sorts definitions by `mkOrder` priority, stably, and strips the order property. */
export function sortByOrder(defs: Def[]): Def[] {
  const keyed = defs.map((def) => {
    if (typeTag(def.value) === "order") {
      const order = def.value as OrderProperty;
      // Nix's `def // { value = …; inherit priority; }`: the record shows its order too.
      return {
        def: withValue(def, force(propertyField(order, "content")), order.priority),
        // Nix's sort compares (and so reads) priorities only among several definitions.
        priority: defs.length > 1 ? propertyField(order, "priority") : order.priority,
      };
    }
    // Nix reads `priority or defaultOrderPriority` of every definition: a record may carry one.
    const own = (def as { priority?: unknown }).priority;
    return { def, priority: own === undefined ? defaultOrderPriority : own };
  });
  keyed.sort((a, b) => comparePriorities(a.priority, b.priority));
  return keyed.map((k) => k.def);
}

/**
 * The priority of a plain value (100) or of an mkOverride (its own, its content unread: Nix
 * never looks into a definition that loses); undefined for any other property, and for a
 * hand-written override without one (the general way reads it where Nix does).
 */
function simplePriority(value: unknown): number | undefined {
  const tag = typeTag(value);
  if (tag === undefined) return defaultOverridePriority;
  return tag === "override" && "priority" in (value as object)
    ? (value as OverrideProperty).priority
    : undefined;
}

/** An option whose definitions come after its declaration's default (see `Merged`). */
export interface WithDefault {
  /** The definitions with the default first, at option-default priority. */
  readonly allDefs: Def[];
}

/** The result of merging an option's definitions; each part is computed on first use. */
export class Merged<T = unknown> extends Thunk<T> {
  /** The definitions that survived priority filtering, once known. */
  private final: Def[] | undefined;
  private finalPrio = defaultOverridePriority;

  constructor(
    override readonly loc: string[],
    readonly type: OptionType<T>,
    /** The definitions (with the option's default once it is known to take part). */
    public defs: Def[],
    /**
     * The option, when `defs` leave out its default: the default is added only if no
     * definition has a higher priority, which gives Nix's result without making the default's
     * record for the many options whose definitions win.
     */
    private withDefault?: WithDefault,
  ) {
    checkOptionDepth(loc);
    // The merged value is this thunk itself: one object per option instead of two.
    super(Merged.prototype.computeValue as () => T, loc);
  }

  private finalDefs(): Def[] {
    if (this.final === undefined) {
      // Forcing definitions runs user code (getters, mkIf conditions): its errors name the option.
      try {
        this.computeFinal();
      } catch (error) {
        throw asModuleError(error, this.loc);
      }
    }
    return this.final!;
  }

  private settleFinal(values: Def[], prio: number): void {
    this.final = values;
    this.finalPrio = prio;
  }

  private computeFinal(): void {
    if (this.settleSimple()) return;
    if (this.withDefault !== undefined) {
      this.defs = this.withDefault.allDefs;
      this.withDefault = undefined;
    }
    const normalized: Def[] = [];
    const defs = this.defs;
    // Indexed loops: this runs for every option whose definitions have properties.
    for (let d = 0; d < defs.length; d++) {
      const def = defs[d]!;
      const values = dischargeInto(def.value, def.file);
      for (let v = 0; v < values.length; v++) {
        const value = values[v];
        // An `mkDefinition` names its own file: the record itself, as in Nix, so its other
        // attributes show in `definitionsWithLocations`.
        if (typeTag(value) === "definition") normalized.push(value as DefinitionProperty);
        else normalized.push(new Definition(def.file, value));
      }
    }
    const filtered = filterByPriority(normalized);
    const hasOrder = filtered.values.some((d) => typeTag(d.value) === "order");
    const values = hasOrder ? sortByOrder(filtered.values) : filtered.values;
    for (let i = 0; i < values.length; i++) {
      const def = values[i]!;
      if (isProperty(def.value)) values[i] = withValue(def, propertyAsData(def.value));
    }
    this.settleFinal(values, filtered.highestPrio);
  }

  /**
   * The common case without normalised copies: every definition is a plain value or one
   * mkOverride of a plain value. The winners are found in one pass, and a definition that
   * is its own value stays the same record (a single one keeps the list).
   */
  private settleSimple(): boolean {
    const defs = this.defs;
    if (defs.length === 0) return false;
    // One definition is taken as it is, as in Nix; several are compared from 9999, as Nix's fold.
    const single = defs.length === 1 && this.withDefault === undefined;
    let best = 9999;
    let winners = 0;
    for (let d = 0; d < defs.length; d++) {
      const written = simplePriority(force(defs[d]!.value));
      if (written === undefined) return false;
      const priority = single ? written : comparablePriority(written);
      if (single || priority < best) {
        best = priority;
        winners = 1;
      } else if (priority === best) winners++;
    }
    // The default would take part: the general way merges it.
    if (this.withDefault !== undefined && best >= optionDefaultPriority) return false;
    this.withDefault = undefined;
    const final = new Array<Def>(winners);
    let same = winners === defs.length;
    let i = 0;
    for (let d = 0; d < defs.length; d++) {
      const def = defs[d]!;
      const value = force(def.value);
      if (simplePriority(value) !== best) continue;
      const isOverride = typeTag(value) === "override";
      const content = isOverride
        ? force(propertyField(value as OverrideProperty, "content"))
        : value;
      // A winner whose content is itself a property stays that property, as data: the general way.
      if (isOverride && typeTag(content) !== undefined) return false;
      // A definition the module system made may hold its value's thunk, now forced: it can
      // hold the value instead, and stay the same record (and its list the same list).
      if (!isOverride && content !== def.value && def instanceof Definition) def.value = content;
      const kept = content === def.value ? def : new Definition(def.file, content);
      same &&= kept === def;
      final[i++] = kept;
    }
    this.settleFinal(same ? defs : final, best);
    return true;
  }

  /** The definitions that survived priority filtering, in merge order. */
  get defsFinal(): Def[] {
    return this.finalDefs();
  }

  /** The winning priority (9999 when nothing is defined). */
  get highestPrio(): number {
    if (this.final !== undefined) return this.finalPrio;
    // As Nix's filterOverrides: each definition's priority, never its content (a lazy default
    // that fails is not forced for it). mkIf conditions and mkMerge lists are read.
    try {
      const defs = this.withDefault !== undefined ? this.withDefault.allDefs : this.defs;
      const values: unknown[] = [];
      for (const def of defs) dischargeInto(def.value, def.file, values);
      // An mkDefinition's priority is its value's, as computeFinal reads it.
      return winningPriority(values, (value) =>
        typeTag(value) === "definition" ? (value as DefinitionProperty).value : value,
      );
    } catch (error) {
      throw asModuleError(error, this.loc);
    }
  }

  /** Whether any definition survived. */
  get isDefined(): boolean {
    return this.finalDefs().length > 0;
  }

  /** The merged value; throws when there is none and the type has no empty value. */
  get mergedValue(): T {
    return this.force();
  }

  private computeValue(): T {
    const loc = this.loc;
    const type = this.type;
    try {
      if (this.final === undefined) this.computeFinal();
      const defs = this.final!;
      if (defs.length > 0) return checkedMerge(loc, type, defs);
      if (hasEmptyValue(type.emptyValue)) return type.emptyValue.value;
      throw new ModuleError(
        `The option ${quoteOption(loc)} was accessed but has no value defined. Try setting the option.`,
        { code: "no-value", loc },
      );
    } catch (error) {
      throw asModuleError(error, loc);
    }
  }
}

/** `type.merge` of definitions that all pass `type.check`; the `is not of type` error otherwise. */
export function checkedMerge<T>(loc: string[], type: OptionType<T>, defs: Def[]): T {
  const mergeV2 = type.mergeV2;
  if (mergeV2 !== null) {
    const headError = coherentMergeV2(loc, type, mergeV2).headError(loc, defs);
    if (headError !== null) {
      throw new ModuleError(
        `A definition for option ${quoteOption(loc)} is not of type \`${type.description}'. TypeError: ${headError.message}`,
        { code: "type", loc, definitions: headError.definitions },
      );
    }
    return type.merge(loc, defs);
  }
  for (const def of defs) {
    if (!passes(type, def.value)) {
      throw typeError(
        loc,
        type,
        defs.filter((d) => !passes(type, d.value)),
      );
    }
  }
  return type.merge(loc, defs);
}

/** The `is not of type` error for definitions that fail a type's check. */
export function typeError(loc: string[], type: OptionType, invalid: Def[]): ModuleError {
  return new ModuleError(
    `A definition for option ${quoteOption(loc)} is not of type \`${type.description}'.${showDefinitions(invalid)}`,
    { code: "type", loc, definitions: invalid },
  );
}

/** Merges definitions of `loc` with `type` (Nix's `mergeDefinitions`). */
export function mergeOptionDefinitions<T>(
  loc: string[],
  type: OptionType<T>,
  defs: Def[],
): Merged<T> {
  return new Merged(loc, type, defs);
}
