/** Nix's `evalOptionValue`: one option's definitions, merged value and metadata. */
import {
  ModuleError,
  nixValueKind,
  quoteOption,
  showDefinitions,
  showFiles,
  showOption,
} from "../errors.ts";
import { evaluationWarning } from "../util/evaluation-warning.ts";
import { noteEffect } from "../util/evaluation-effects.ts";
import { hiddenField } from "../util/hidden-field.ts";
import { defineGetter } from "../util/define-getter.ts";
import { mkOptionDefault, typeTag } from "../properties.ts";
import { Thunk, asModuleError, force, lazyProperty, recursionError } from "../thunk.ts";
import { Definition, type Def, type OptionType, type ValueMeta } from "../types/option-type.ts";
import { append, prepend } from "../util/lists.ts";
import { copyProperty, lazyFields } from "../util/lazy-fields.ts";
import { findDeclaration } from "../explain/source-positions.ts";
import { checkedValue, checkedValueMeta } from "../types/merge-v2.ts";
import { Merged, checkedMerge, mergeOptionDefinitions } from "./merge-definitions.ts";
import type { MergedDecl } from "./option-decls.ts";
import { opaque } from "../util/opaque.ts";
import { takesNoParameter } from "../util/function-args.ts";

/** The public record of an option, as `result.options` shows it. */
export interface Option<T = unknown> {
  readonly _type: "option";
  readonly loc: string[];
  readonly type: OptionType<T>;
  readonly value: T;
  readonly isDefined: boolean;
  readonly definitions: unknown[];
  readonly files: string[];
  readonly definitionsWithLocations: Def[];
  readonly highestPrio: number;
  /** What the type's merge reports beside the value (Nix's `valueMeta`): a submodule value's evaluation, a list's or set's per element. */
  readonly valueMeta: ValueMeta;
  readonly declarations: string[];
  /** Always empty, as in Nix (the sub-options of a submodule are in its type). */
  readonly options: readonly never[];
  /** Where each declaration is written, when its file can be read (Nix's `declarationPositions`); line and column null otherwise. */
  readonly declarationPositions: DeclarationPosition[];
  readonly description?: string;
  readonly default?: T;
  readonly example?: unknown;
  readonly readOnly?: boolean;
  readonly internal?: boolean;
  readonly visible?: unknown;
}

/** A declaration's file, and the line and column of its attribute, or null where unknown. */
export interface DeclarationPosition {
  file: string;
  line: number | null;
  column: number | null;
}

/**
 * Nix's `declarationPositions`, best effort as in Nix: each declaring file is read (TypeScript,
 * JavaScript, JSON, YAML) for the attribute that declares `loc`; a module that is no file of its
 * own, or one that declares the option where its path is not written out, gives the file alone.
 */
function declarationPositions(
  loc: readonly string[],
  files: readonly string[],
): DeclarationPosition[] {
  return files.map((file) => {
    const position = findDeclaration(file, loc);
    return position === undefined
      ? { file, line: null, column: null }
      : { file, line: position.line, column: position.column };
  });
}

/**
 * The definitions of a child whose level is still being grouped. Reading them means a
 * definition's shape depends on the options it defines: Nix's infinite recursion.
 */
export const groupingDefs = Object.freeze([]) as unknown as Def[];

const PENDING = 0;
const EVALUATING = 1;
const DONE = 2;

/** Whether a declaration's `readOnly` is absent or a boolean, the only values Nix's merge takes. */
export function hasValidReadOnly(option: { readonly readOnly?: unknown }): boolean {
  return option.readOnly === undefined || typeof option.readOnly === "boolean";
}

/** A declared option with its raw definitions; everything else is computed on demand. */
export class OptionNode {
  private mergedCache: Merged | undefined;
  /** The value after `apply`; made only for options that have one. */
  private applied: Thunk | undefined;
  private record: Option | undefined;
  private declValue: MergedDecl | undefined;
  private declFn: ((loc: string[]) => MergedDecl) | undefined;
  private declBusy = false;
  /**
   * The merged value once known. An option with only its default gets it without a merge
   * record (most options of a submodule value); any other lets go of its record once it has
   * the value, and makes the record again if its metadata is read later.
   */
  private valueState = PENDING;
  private knownValue: unknown;

  constructor(
    /** The path of the enclosing namespace (shared by its options). */
    private readonly parentLoc: readonly string[],
    /** The option's name in that namespace. */
    readonly name: string,
    /** The merged declaration, or how to merge it: done on first use, as Nix reads declarations lazily. */
    decl: MergedDecl | ((loc: string[]) => MergedDecl),
    /** The option's definitions (the enclosing level compacts the list once it is complete). */
    public defs: Def[],
  ) {
    if (typeof decl === "function") this.declFn = decl;
    else this.declValue = decl;
  }

  /**
   * The option's path, made when asked for: it is needed to merge and to report, and most
   * options are merged once, so a node does not keep one (thousands of submodule values have a
   * dozen options each).
   */
  get loc(): string[] {
    return append(this.parentLoc, this.name);
  }

  /** The option's merged declaration: type, default, description, … */
  get decl(): MergedDecl {
    if (this.declValue !== undefined) return this.declValue;
    if (this.declBusy) throw recursionError(this.loc);
    this.declBusy = true;
    try {
      this.declValue = this.declFn!(this.loc);
      this.declFn = undefined;
      return this.declValue;
    } catch (error) {
      throw asModuleError(error, this.loc);
    } finally {
      this.declBusy = false;
    }
  }

  /** The definitions including the declaration's default, at option-default priority (raw, unmerged). */
  get allDefs(): Def[] {
    if (this.defs === groupingDefs) throw recursionError(this.loc);
    if (!("default" in this.decl.option)) return this.defs;
    const defaultValue = lazyProperty(this.decl.option, "default");
    return prepend(
      new Definition(this.decl.declarations[0]!, mkOptionDefault(defaultValue)),
      this.defs,
    );
  }

  /** The merge of the option's definitions. */
  get merged(): Merged {
    if (this.mergedCache === undefined) {
      const { option, type } = this.decl;
      const loc = this.loc;
      if (this.defs === groupingDefs) throw recursionError(loc);
      const hasDefault = "default" in option;
      if (this.readOnly() && this.defs.length + (hasDefault ? 1 : 0) > 1) {
        const defs = this.allDefs;
        // Each definition is shown merged on its own; one that fails to merge is shown without a value.
        const shown = defs.map((d) =>
          lazyFields(
            { value: () => mergeOptionDefinitions(loc, type, [d]).mergedValue },
            { file: d.file },
          ),
        );
        throw new ModuleError(
          `The option ${quoteOption(loc)} is read-only, but it's set multiple times.${showDefinitions(shown)}`,
          { code: "read-only", loc, definitions: shown },
        );
      }
      // Definitions usually outrank the default: it is added only when one does not.
      this.mergedCache =
        hasDefault && this.defs.length > 0
          ? new Merged(loc, type, this.defs, this)
          : mergeOptionDefinitions(loc, type, this.allDefs);
      // The value may exist already: the record agrees with it.
      if (this.valueState === DONE) this.mergedCache.settle(this.knownValue);
    }
    return this.mergedCache;
  }

  /** The option's final value (after `apply`). */
  get value(): unknown {
    if (this.decl.option.apply === undefined) return this.mergedValue();
    this.applied ??= new Thunk(this.computeValue, this.loc, this);
    return this.applied.force();
  }

  private onlyDefault(): boolean {
    if (this.defs === groupingDefs) throw recursionError(this.loc);
    if (this.defs.length > 0 || !("default" in this.decl.option)) return false;
    this.readOnly();
    return true;
  }

  /** `readOnly`, read first in Nix's merge (`opt.readOnly or false && …`): anything but a boolean fails it. */
  private readOnly(): boolean {
    const { readOnly } = this.decl.option;
    if (hasValidReadOnly(this.decl.option)) return readOnly === true;
    throw new ModuleError(`value is ${nixValueKind(readOnly)} while a Boolean was expected`, {
      code: "type",
      loc: this.loc,
    });
  }

  /** The merged value before `apply`. */
  private mergedValue(): unknown {
    if (this.valueState === DONE) return this.knownValue;
    if (this.mergedCache !== undefined) {
      if (!this.mergedCache.forced) this.warnDeprecated();
      return this.mergedCache.mergedValue;
    }
    this.warnDeprecated();
    if (!this.onlyDefault()) {
      // The record is made for the value alone: the value is all that is kept.
      const value = this.merged.mergedValue;
      this.knownValue = value;
      this.valueState = DONE;
      this.mergedCache = undefined;
      return value;
    }
    if (this.valueState === EVALUATING) throw recursionError(this.loc);
    this.valueState = EVALUATING;
    try {
      this.knownValue = this.mergeOnlyDefault();
      this.valueState = DONE;
      return this.knownValue;
    } catch (error) {
      this.valueState = PENDING;
      throw asModuleError(error, this.loc);
    }
  }

  /**
   * Nix's warning for an option of a deprecated type, where its value is first computed in an
   * evaluation (each evaluation warns, as each of Nix's does).
   */
  private warnDeprecated(): void {
    const { type, declarations } = this.decl;
    if (type.deprecationMessage === null) return;
    evaluationWarning(
      `The type \`types.${type.name}' of option ${quoteOption(this.loc)} defined in ${showFiles(declarations)} is deprecated. ${type.deprecationMessage}`,
    );
  }

  /** `mergeDefinitions` of the default alone, as the merge record would do it. */
  private mergeOnlyDefault(): unknown {
    const { option, type, declarations } = this.decl;
    const content = force(lazyProperty(option, "default"));
    // A default made of properties (an mkIf, an mkMerge) takes the general way.
    if (typeTag(content) !== undefined) return this.merged.mergedValue;
    return checkedMerge(this.loc, type, [new Definition(declarations[0]!, content)]);
  }

  private computeValue(): unknown {
    const apply = this.decl.option.apply;
    if (apply !== undefined && typeof apply !== "function") {
      throw new ModuleError(
        `The apply of option ${quoteOption(this.loc)} is ${nixValueKind(apply)}, not a function.`,
        { code: "type", loc: this.loc },
      );
    }
    // Nix passes `apply` the merged value lazily: one that takes no parameter never merges it.
    const merged = apply !== undefined && takesNoParameter(apply) ? undefined : this.mergedValue();
    if (apply === undefined) return merged;
    try {
      return apply(merged);
    } catch (error) {
      throw asModuleError(error, this.loc);
    }
  }

  /** Nix's `valueMeta`: what the type's merge reports beside the value, about that same value. */
  valueMeta(): ValueMeta {
    const { type } = this.decl;
    const defsFinal = () => this.merged.defsFinal;
    return checkedValueMeta(
      type,
      this.loc,
      defsFinal,
      checkedValue(type, this.loc, defsFinal, () => this.mergedValue()),
    );
  }

  /** Takes the value its declaration's default gave without this node (see `sharedDefault`). */
  adoptDefault(value: unknown): void {
    this.knownValue = value;
    this.valueState = DONE;
  }

  /** The public option record, with lazy value and metadata. */
  get option(): Option {
    if (this.record === undefined) this.record = makeRecord(this);
    return this.record;
  }
}

/** An option's path, read for its record. */
function pathOf(node: OptionNode): string[] {
  noteEffect();
  return node.loc;
}

/** The node behind an option record (a hidden field: no property for copies and comparisons to see). */
const recordNodes = hiddenField<OptionNode>();

/** The node behind `record`, which must be an option record (not a copy of one). */
function recordNode(record: object): OptionNode {
  const node = recordNodes.read(record);
  if (node === undefined) {
    throw new ModuleError(
      "an option record's getter was read from an object it was copied to; copy the record's values instead",
      { code: "invalid" },
    );
  }
  return node;
}

/** A record field read from the record's node on each read (the node keeps what it computes). */
function fromNode(read: (node: OptionNode) => unknown): (this: object) => unknown {
  return function (this: object) {
    return read(recordNode(this));
  };
}

// Shared by every record: a record is made for each option whose metadata is read (a module
// reading `options.<name>.isDefined` for every attribute of a submodule), so no closure each.
const valueField = fromNode((node) => node.value);
const isDefinedField = fromNode((node) => node.merged.isDefined);
const highestPrioField = fromNode((node) => node.merged.highestPrio);
const definitionsWithLocationsField = fromNode((node) => node.merged.defsFinal);

/**
 * Nix's option records keep `options`, the sub-modules `mergeOptionDecls` gathered, which
 * `fixupOptionType` has moved into the type (a submodule's) and left empty: always `[ ]`.
 */
const noSubOptions: readonly never[] = Object.freeze([]);

function makeRecord(node: OptionNode): Option {
  const { decl } = node;
  const record: Record<string, unknown> = { _type: "option" };
  // The option's path is what no value of an evaluation otherwise holds: reading it is an effect
  // (lib/util/evaluation-effects.ts), noted where it is read.
  lazyFields({ loc: () => pathOf(node) }, record);
  recordNodes.set(record, node);
  for (const key of Object.keys(decl.option)) {
    // The type is the merged declaration's (a `get type()` of the spec is not copied as a getter).
    if (key !== "_type" && key !== "type") copyProperty(record, decl.option, key);
  }
  record.type = decl.type;
  record.declarations = decl.declarations;
  record.options = noSubOptions;
  defineGetter(record, "value", valueField);
  defineGetter(record, "isDefined", isDefinedField);
  defineGetter(record, "highestPrio", highestPrioField);
  // New lists, made once per record.
  lazyFields(
    {
      definitions: () => node.merged.defsFinal.map((d) => d.value),
      files: () => node.merged.defsFinal.map((d) => d.file),
      valueMeta: () => node.valueMeta(),
      declarationPositions: () => declarationPositions(pathOf(node), decl.declarations),
    },
    record,
  );
  defineGetter(record, "definitionsWithLocations", definitionsWithLocationsField);
  // As Nix's `__toString`: `${options.a.b}` is the option's path as messages show it, and so
  // is the option in JSON (Nix's `toJSON` writes a set with `__toString` as its string). A
  // closure, so a copy of the record (its methods copied as they are) still has it.
  const path = () => showOption(pathOf(node));
  Object.defineProperty(record, "toString", { value: path, enumerable: false });
  Object.defineProperty(record, "toJSON", { value: path, enumerable: false });
  return record as unknown as Option;
}

opaque(OptionNode, "OptionNode");
