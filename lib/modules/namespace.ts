/** Nix's `mergeModules'`: one level of the option tree, its declarations and definitions grouped per name. */
import {
  escapeNixIdentifier,
  isModuleError,
  ModuleError,
  nixValueKind,
  quoteOption,
  showOption,
} from "../errors.ts";
import { isOption, mkOption } from "../options.ts";
import { typeTag } from "../properties.ts";
import {
  asModuleError,
  checkOptionDepth,
  force,
  lazyProperty,
  recursionError,
  Thunk,
} from "../thunk.ts";
import { submoduleWith } from "../types/submodule.ts";
import { isLocFree } from "../types/loc-free.ts";
import { Definition, hasEmptyValue, type Def } from "../types/option-type.ts";
import { isAttrs, isAttrSet, nixTypeOf, sortNames } from "../util/attrs.ts";
import { append, fitted, sameItems } from "../util/lists.ts";
import { objectMemo } from "../util/object-memo.ts";
import { checkedMerge } from "./merge-definitions.ts";
import { mergeOptionDecls, type DeclSource, type MergedDecl } from "./option-decls.ts";
import { OptionNode, groupingDefs, hasValidReadOnly } from "./option-node.ts";
import { pushDownInto } from "./push-down.ts";
import { opaque } from "../util/opaque.ts";

/** Declarations found at one level: a module's option subtree. */
export interface DeclTree {
  file: string;
  options: unknown;
}

/** A definition that matches no declared option, with its path below the evaluation's prefix. */
export interface UnmatchedDef {
  file: string;
  prefix: string[];
  value: unknown;
}

/** A child of a namespace: a declared option or a nested namespace. */
export type TreeNode = Namespace | OptionNode;

/** One level of the option tree: children are grouped on first use. */
export class Namespace {
  private childTable: Children | undefined;
  /** Definitions of names no option declares, by name (absent when every name is declared). */
  private undeclared: Map<string, Def[]> | undefined;
  private built = false;
  /** Set while this level's definitions are being read (its children already exist). */
  private grouping = false;
  /** Whether the level had definitions before its children took them. */
  private hadDefinitions = false;

  constructor(
    readonly loc: string[],
    /** Length of the evaluation's prefix inside `loc`. */
    readonly prefixLength: number,
    /** The level's declarations (the grouping, once made, holds what is needed of them). */
    private decls: readonly DeclTree[],
    /** Definitions of this level, not yet pushed down (the parent compacts the list once it is complete). */
    public defs: readonly Def[],
    /** The parent's entry for this level, which keeps its grouping for every evaluation. */
    private readonly entry?: NamespaceEntry,
  ) {
    checkOptionDepth(loc);
  }

  /** Whether anything defines this level (or something below it). */
  get hasDefinitions(): boolean {
    return this.hadDefinitions || this.defs.length > 0;
  }

  /** The declared children, by name. */
  get children(): Children {
    if (this.childTable === undefined) this.build();
    return this.childTable!;
  }

  /** Definitions of names no option declares, by name; declared children hold their own. */
  get undeclaredDefinitions(): ReadonlyMap<string, Def[]> {
    if (!this.built && this.grouping) throw recursionError(this.loc);
    if (!this.built) this.build();
    return this.undeclared ?? noDefinitions;
  }

  private build(): void {
    const decls = this.decls;
    // Reading declarations and definitions runs user code (getters): its errors name this level.
    try {
      this.buildLevel();
    } catch (error) {
      if (this.decls === declaringDecls) this.decls = decls;
      throw asModuleError(error, this.loc);
    }
  }

  private buildLevel(): void {
    // Re-entered while declaring: code run to group the declarations read this level's config
    // (a getter of `options` itself is not run here: it is read on use).
    if (this.defs === groupingDefs || this.decls === declaringDecls) throw recursionError(this.loc);
    const decls = this.decls;
    this.decls = declaringDecls;
    let level = this.entry?.level;
    if (level === undefined) {
      level = declLevel(this.loc, decls);
      // Declarations read from the configuration belong to one evaluation.
      if (this.entry !== undefined && !level.deferred) this.entry.level = level;
    }
    this.decls = decls;
    // Declarations do not depend on definitions: the children can be made before any
    // definition is read, so a definition may look at `options`. A child is made on first use;
    // one made while the level is grouped gets its definitions once the grouping is done.
    const children = new Children(level, this);
    this.childTable = children;
    this.grouping = true;
    const lists = new Array<Def[] | undefined>(level.names.length);
    let undeclared: Map<string, Def[]> | undefined;
    try {
      undeclared = this.groupDefinitions(level, lists);
    } catch (error) {
      this.childTable = undefined;
      throw error;
    } finally {
      this.grouping = false;
    }
    for (let i = 0; i < lists.length; i++) {
      const list = lists[i];
      if (list !== undefined) lists[i] = fitted(list);
    }
    children.grouped(lists);
    this.undeclared = undeclared;
    this.built = true;
    // The children hold what they need of the definitions: the level's own list can go.
    this.hadDefinitions = this.defs.length > 0;
    this.defs = noDefs;
    this.decls = noDecls;
  }

  /** Puts each definition's attributes into the lists of the declared names; returns the rest. */
  private groupDefinitions(
    level: DeclLevel,
    lists: (Def[] | undefined)[],
  ): Map<string, Def[]> | undefined {
    const grouping = new Grouping(this.loc, level, lists);
    const defs = this.defs;
    for (let d = 0; d < defs.length; d++) {
      const def = defs[d]!;
      const value = force(def.value);
      // Most definitions are attribute sets with no property on top: nothing to push down.
      if (typeTag(value) === undefined) grouping.add(def.file, value);
      else {
        const configs = pushDownInto(value);
        for (let c = 0; c < configs.length; c++) grouping.add(def.file, configs[c]);
      }
    }
    return grouping.undeclared;
  }

  /** Whether some definition below this level matches no declared option (allocates nothing for undefined names). */
  hasUnmatched(): boolean {
    const stack: Namespace[] = [this];
    while (stack.length > 0) {
      const ns = stack.pop()!;
      ns.children.checkDeclarations();
      if (ns.undeclaredDefinitions.size > 0) return true;
      ns.children.definedNamespaces(stack);
    }
    return false;
  }

  /** Definitions below this level that no declared option matches, in Nix's order. */
  unmatched(): UnmatchedDef[] {
    // Depth first with an explicit stack, so deeply nested namespaces cost no call frames.
    const out: UnmatchedDef[] = [];
    const stack: { ns: Namespace; path: string[]; names: string[]; next: number }[] = [];
    const enter = (ns: Namespace, path: string[]) => {
      const names = sortNames(new Set([...ns.children.keys(), ...ns.undeclaredDefinitions.keys()]));
      stack.push({ ns, path, names, next: 0 });
    };
    enter(this, []);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      if (frame.next === frame.names.length) {
        stack.pop();
        continue;
      }
      const name = frame.names[frame.next++]!;
      const child = frame.ns.children.get(name);
      if (child instanceof Namespace) {
        // As Nix's `unmatchedDefns`, a namespace nothing defines is not looked into: its own
        // declarations (an option that would be a parent of others) fail only where it is used.
        if (child.hasDefinitions) enter(child, [...frame.path, name]);
      } else if (child === undefined) {
        for (const def of frame.ns.undeclaredDefinitions.get(name)!)
          out.push({ file: def.file, prefix: [...frame.path, name], value: def.value });
      }
    }
    return out;
  }

  /**
   * The value of the declared option `name` of the namespace at relative path `path`; an option
   * with only a shared default gets no node.
   */
  optionValue(path: readonly string[], name: string): unknown {
    const children = (this.lookup(path) as Namespace).children;
    const i = children.indexOf(name)!;
    const shared = children.sharedValueAt(i);
    return shared !== noSharedValue ? shared : (children.at(i) as OptionNode).value;
  }

  /** The node at a relative path, if declared. */
  lookup(path: readonly string[]): TreeNode | undefined {
    let node: TreeNode | undefined = this;
    for (const name of path) {
      if (!(node instanceof Namespace)) return undefined;
      node = node.children.get(name);
    }
    return node;
  }
}

/** The definitions of one level being sorted into its declared names' lists. */
class Grouping {
  /** Definitions of names no option declares, by name. */
  undeclared: Map<string, Def[]> | undefined = undefined;

  constructor(
    private readonly loc: string[],
    private readonly level: DeclLevel,
    private readonly lists: (Def[] | undefined)[],
  ) {}

  /** Adds the attributes of `config`, a definition from `file` with its properties pushed down. */
  add(file: string, config: unknown): void {
    if (!isAttrSet(config)) {
      const loc = this.loc;
      // Nix's words, with the path joined by dots as Nix joins it here (no quoting).
      const path = `\`${loc.join(".")}'`;
      throw new ModuleError(
        `In module \`${file}', you're trying to define a value of type \`${nixTypeOf(config)}'\nrather than an attribute set for the option\n${path}!\n\nThis usually happens if ${path} has option\ndefinitions inside that are not matched. Please check how to properly define\nthis option by e.g. referring to \`man 5 configuration.nix'!\n`,
        { code: "type", loc, definitions: [{ file, value: config }] },
      );
    }
    const index = this.level.index;
    // Every definition of every evaluation passes here: `for in` reads the keys V8 keeps for the
    // object's shape, where `Object.keys` would copy them into a new array.
    for (const name in config) {
      if (!Object.prototype.hasOwnProperty.call(config, name)) continue;
      const def = new Definition(file, lazyProperty(config, name));
      const i = index.get(name);
      // Most names have one definition: its list is made holding it, with no spare room.
      if (i !== undefined) {
        const list = this.lists[i];
        if (list === undefined) this.lists[i] = [def];
        else list.push(def);
      } else {
        this.undeclared ??= new Map();
        const list = this.undeclared.get(name);
        if (list === undefined) this.undeclared.set(name, [def]);
        else list.push(def);
      }
    }
  }
}

const noDefinitions: ReadonlyMap<string, Def[]> = new Map();

const noDecls: readonly DeclTree[] = Object.freeze([]);

/** A level's declarations while they are grouped (`build` puts them back if that fails). */
const declaringDecls: readonly DeclTree[] = Object.freeze([]);

/** The definitions of every child that has none: one shared, frozen list. */
const noDefs = Object.freeze([]) as unknown as Def[];

/**
 * Declarations of a name that cannot be one option or one namespace (a type where an option
 * belongs, an option that would be a parent of others). As in Nix, that fails where the name is
 * used, not where its level is read: a submodule's description reads its level, for one.
 */
class FailedEntry {
  constructor(readonly decls: DeclTree[]) {}
}

/**
 * Declarations of a name that a getter gives (`get anOption() { return config.theOption; }`):
 * as in Nix, what they declare is read when the name is first used, so they may depend on the
 * configuration. Such a level is grouped for its evaluation only.
 */
class DeferredEntry {
  constructor(readonly decls: DeclTree[]) {}
}

/**
 * Declarations of a name that is a nested namespace. An entry of a grouping shared by many
 * evaluations keeps the grouping of its own level too, so each of them finds it without
 * looking it up by the identities of its declarations.
 */
class NamespaceEntry {
  level: DeclLevel | undefined = undefined;

  constructor(readonly decls: DeclTree[]) {}
}

/** What one level's declarations say about a name: an option (merged once, shared), a namespace, or a failure. */
type DeclEntry = OptionEntry | FailedEntry | DeferredEntry | NamespaceEntry;

const UNKNOWN = 0;
const SHARED = 1;
const NOT_SHARED = 2;

/** Returned by `sharedValueAt` when the option has no shared value. */
export const noSharedValue: unique symbol = Symbol("nixmod.noSharedValue");

/** A declared option of one level, shared by every evaluation of the same declarations. */
class OptionEntry {
  defaultState = UNKNOWN;
  defaultValue: unknown = undefined;

  constructor(
    /** Merges the declarations on first use; `loc` names the option in errors. */
    readonly merged: (loc: string[]) => MergedDecl,
  ) {}

  /**
   * The option's value from its default alone, merged once for all evaluations: only for a
   * type whose merge ignores the option's path, with no `apply`, and a value `shareable` says
   * every evaluation may get; or, without a default, the type's empty value. Anything else,
   * and any failure, goes the general way through the option's node, which reports errors
   * with its own path.
   */
  sharedDefault(parentLoc: string[], name: string): unknown {
    if (this.defaultState === SHARED) return this.defaultValue;
    if (this.defaultState === NOT_SHARED) return noSharedValue;
    const loc = append(parentLoc, name);
    let value: unknown;
    let content: unknown;
    try {
      const decl = this.merged(loc);
      const { option, type } = decl;
      // A readOnly that is no boolean fails the option's merge: the general way reports it.
      if (!hasValidReadOnly(option)) {
        this.defaultState = NOT_SHARED;
        return noSharedValue;
      }
      if (option.apply === undefined && !("default" in option) && hasEmptyValue(type.emptyValue)) {
        // Nothing defines it: its value is the type's empty value, one object for every option.
        this.defaultValue = type.emptyValue.value;
        this.defaultState = SHARED;
        return this.defaultValue;
      }
      // A deprecated type warns in each evaluation: such an option takes the general way.
      if (
        !("default" in option) ||
        option.apply !== undefined ||
        !isLocFree(type) ||
        type.deprecationMessage !== null
      ) {
        this.defaultState = NOT_SHARED;
        return noSharedValue;
      }
      content = force(lazyProperty(option, "default"));
      if (typeTag(content) !== undefined) {
        this.defaultState = NOT_SHARED;
        return noSharedValue;
      }
      value = checkedMerge(loc, type, [new Definition(decl.declarations[0]!, content)]);
    } catch {
      return noSharedValue;
    }
    if (!shareable(value, content)) {
      this.defaultState = NOT_SHARED;
      return noSharedValue;
    }
    this.defaultValue = value;
    this.defaultState = SHARED;
    return value;
  }
}

/**
 * Whether a default's merged `value` can be one value for every evaluation: a primitive; the
 * declaration's own value handed back (each node would hand back that same object); or an
 * empty list or attribute set the merge made, which is frozen so that no evaluation changes
 * it for the others. A merge's other new objects may hold the declaration's own objects,
 * which are the user's and are not frozen, so they are made per option.
 */
function shareable(value: unknown, content: unknown): boolean {
  if (typeof value !== "object" || value === null) return typeof value !== "function";
  if (value === content) return true;
  const empty = Array.isArray(value)
    ? value.length === 0 && Object.getPrototypeOf(value) === Array.prototype
    : Object.getPrototypeOf(value) === Object.prototype && Reflect.ownKeys(value).length === 0;
  if (empty) Object.freeze(value);
  return empty;
}

/** The declarations of one level, grouped per name: the same for every evaluation of the same modules. */
interface DeclLevel {
  /** The declared names in Nix's order. */
  names: string[];
  /** What each name is, in the same order. */
  entries: DeclEntry[];
  /** Each name's position. */
  index: Map<string, number>;
  /** The position of the first name whose declarations fail, or -1. */
  firstFailed: number;
  /** Whether some name's declarations are getters (`DeferredEntry`). */
  deferred: boolean;
}

/**
 * The children of one level, made on first use: an array in the order of its declarations'
 * names, which all evaluations of the same declarations share with their index. Most options of
 * a submodule value are never defined; their values come from `sharedDefault` and need no node.
 */
export class Children {
  /** Per child: its node once made, else its definitions (undefined for none). */
  private readonly slots: (TreeNode | Def[] | undefined)[];
  /** Whether the definitions are grouped: a child made before gets them when they are. */
  private ready = false;
  /** What the getters of a level's `DeferredEntry`s declare, per position, once read. */
  private resolved: (DeclEntry | undefined)[] | undefined;

  constructor(
    private readonly level: DeclLevel,
    private readonly parent: Namespace,
  ) {
    this.slots = new Array<TreeNode | Def[] | undefined>(level.names.length);
  }

  /** Hands the grouped definitions to the children made during grouping, and keeps the rest for later. */
  grouped(lists: readonly (Def[] | undefined)[]): void {
    const slots = this.slots;
    for (let i = 0; i < slots.length; i++) {
      const made = slots[i] as TreeNode | undefined;
      if (made === undefined) slots[i] = lists[i];
      else made.defs = lists[i] ?? noDefs;
    }
    this.ready = true;
  }

  /** The child called `name`, if declared. */
  get(name: string): TreeNode | undefined {
    const i = this.level.index.get(name);
    return i === undefined ? undefined : this.at(i);
  }

  /** The position of the declared name `name` (a reader that also wants `sharedValueAt` looks it up once). */
  indexOf(name: string): number | undefined {
    return this.level.index.get(name);
  }

  /** What the declarations at position `i` say, with a getter's declarations read. */
  private entryAt(i: number): DeclEntry {
    const entry = this.level.entries[i]!;
    if (!(entry instanceof DeferredEntry)) return entry;
    const resolved = (this.resolved ??= new Array<DeclEntry | undefined>(this.slots.length));
    let known = resolved[i];
    if (known === undefined) {
      const loc = append(this.parent.loc, this.level.names[i]!);
      let decls: DeclTree[];
      try {
        decls = entry.decls.map((d) => ({ file: d.file, options: force(d.options) }));
      } catch (error) {
        // A declaration that needs itself has no option to name but its own.
        if (isModuleError(error) && error.code === "recursion" && error.loc === undefined)
          throw recursionError(loc);
        throw asModuleError(error, loc);
      }
      known = classified(loc, decls);
      resolved[i] = known;
    }
    return known;
  }

  /** The child at position `i`, made on first use. */
  at(i: number): TreeNode {
    const slot = this.slots[i];
    if (slot !== undefined && !Array.isArray(slot)) return slot;
    const entry = this.entryAt(i);
    const name = this.level.names[i]!;
    // Read again with this path, so the error names the option where it is used.
    if (entry instanceof FailedEntry) declEntry(append(this.parent.loc, name), entry.decls);
    const defs = this.ready ? (slot ?? noDefs) : groupingDefs;
    let node: TreeNode;
    if (entry instanceof OptionEntry) {
      const option = new OptionNode(this.parent.loc, name, entry.merged, defs);
      // The config may have read the shared default already: the node gives the same value.
      if (defs === noDefs && entry.defaultState === SHARED) option.adoptDefault(entry.defaultValue);
      node = option;
    } else {
      const loc = append(this.parent.loc, name);
      // Neither a failure (refused above) nor deferred (`entryAt` reads those).
      const namespace = entry as NamespaceEntry;
      node = new Namespace(loc, this.parent.prefixLength, namespace.decls, defs, namespace);
    }
    this.slots[i] = node;
    return node;
  }

  /**
   * The value of the option at position `i` when it has no definitions and its default is the
   * same in every evaluation, without making its node; `noSharedValue` otherwise.
   */
  sharedValueAt(i: number): unknown {
    if (!this.ready || this.slots[i] !== undefined) return noSharedValue;
    const entry = this.level.entries[i];
    // A getter's declaration is this evaluation's own: its option takes the general way.
    if (!(entry instanceof OptionEntry)) return noSharedValue;
    return entry.sharedDefault(this.parent.loc, this.level.names[i]!);
  }

  /**
   * Throws for the first name whose declarations cannot be one option or one namespace. Nix
   * reads every name of a level when it checks the level's definitions, so such a name fails
   * any read of a configuration that defines something there.
   */
  checkDeclarations(): void {
    const level = this.level;
    if (!level.deferred) {
      if (level.firstFailed >= 0) this.at(level.firstFailed);
      return;
    }
    for (let i = 0; i < level.entries.length; i++) {
      if (this.entryAt(i) instanceof FailedEntry) this.at(i);
    }
  }

  /** Pushes the nested namespaces that have definitions onto `out`. */
  definedNamespaces(out: Namespace[]): void {
    if (!this.ready) return;
    for (let i = 0; i < this.slots.length; i++) {
      const slot = this.slots[i];
      if (
        Array.isArray(slot)
          ? this.entryAt(i) instanceof OptionEntry
          : !(slot instanceof Namespace && slot.hasDefinitions)
      )
        continue;
      out.push(this.at(i) as Namespace);
    }
  }

  /** The declared names, in Nix's order: one array shared by every evaluation of the level. */
  get names(): readonly string[] {
    return this.level.names;
  }

  /** Whether `name` is declared here. */
  has(name: string): boolean {
    return this.level.index.has(name);
  }

  /** The declared names, in Nix's order. */
  keys(): IterableIterator<string> {
    return this.level.names.values();
  }
}

/** A number per declaring object, in the order they are first seen. */
const declIds = objectMemo<number>();
let nextDeclId = 0;

/**
 * Gives declarations that live as long as the process their identity now. The first
 * submodule evaluation that meets them beside its own options then caches their grouping,
 * as it does for declarations a root evaluation has already met (see `declLevel`).
 */
export function registerLongLivedDeclarations(options: object): void {
  if (declIds.get(options) === undefined) declIds.set(options, nextDeclId++);
}

/** A grouping with the identities and files of the declarations it was made from. */
class CachedLevel {
  constructor(
    readonly ids: readonly number[],
    readonly files: readonly string[],
    readonly level: DeclLevel,
  ) {}
}

/** Groupings cached on the newest declaring object of each list, by a hash of the list's identities. */
const levelCache = objectMemo<Map<number, CachedLevel[]>>();

/** The identities of the list being looked up (reused: a lookup that hits allocates nothing). */
const scratchIds: number[] = [];

function sameDecls(cached: CachedLevel, decls: readonly DeclTree[]): boolean {
  if (cached.ids.length !== decls.length) return false;
  for (let i = 0; i < decls.length; i++) {
    if (cached.ids[i] !== scratchIds[i] || cached.files[i] !== decls[i]!.file) return false;
  }
  return true;
}

/**
 * The grouped declarations for `decls`, cached by the identity of the declaring objects: a
 * submodule evaluated for each of many attributes shares one grouping and one merged
 * declaration per option, instead of redoing them per attribute. A grouping is kept on the
 * newest of its declaring objects, so one that involves declarations made for a single
 * evaluation goes away with them.
 *
 * Newest means first seen, and a declaration made for one evaluation is seen in one lookup
 * only. So when a lookup sees several objects for the first time, which of them will outlive
 * the others is unknown (in a process's first evaluation, a long-lived module's options come
 * after a module's per-evaluation ones): keeping the grouping on the wrong one would keep that
 * evaluation alive for good, so such a grouping is not cached. The next evaluation of the
 * same declarations sees at most its own new objects; the level is then made from a template
 * of what the others declare (`levelBesideNew`), and with one new object, cached on it.
 */
function declLevel(loc: string[], decls: readonly DeclTree[]): DeclLevel {
  const firstNew = nextDeclId;
  let hash = decls.length;
  let newest: object | undefined;
  let newestId = -1;
  let firstSeen = 0;
  scratchIds.length = 0;
  for (const d of decls) {
    if (!isAttrs(d.options)) return groupDeclarations(loc, decls);
    let id = declIds.get(d.options);
    if (id === undefined) {
      declIds.set(d.options, (id = nextDeclId++));
      firstSeen++;
    }
    scratchIds.push(id);
    hash = (Math.imul(hash, 31) + id) | 0;
    if (id > newestId) {
      newestId = id;
      newest = d.options;
    }
  }
  if (newest === undefined) return groupDeclarations(loc, decls);
  if (firstSeen > 1) {
    return firstSeen < decls.length
      ? levelBesideNew(loc, decls, firstNew)
      : groupDeclarations(loc, decls);
  }
  let levels = levelCache.get(newest);
  if (levels === undefined) levelCache.set(newest, (levels = new Map()));
  const candidates = levels.get(hash);
  if (candidates !== undefined) {
    for (const cached of candidates) if (sameDecls(cached, decls)) return cached.level;
  }
  const ids = scratchIds.slice();
  const level =
    firstSeen === 1 && decls.length > 1
      ? levelBesideNew(loc, decls, firstNew)
      : groupDeclarations(loc, decls);
  // Declarations read from the configuration belong to one evaluation.
  if (level.deferred) return level;
  const cached = new CachedLevel(
    ids,
    decls.map((d) => d.file),
    level,
  );
  if (candidates === undefined) levels.set(hash, [cached]);
  else candidates.push(cached);
  return cached.level;
}

/**
 * What the grouping of a level has in common with every grouping of the same list in which the
 * objects at some positions are replaced by others declaring the same names. A module function
 * that declares options from its evaluation's arguments (today's container module does, beside
 * twenty shared modules) gives new objects at its levels in each evaluation; those levels are
 * then made from this instead of grouped again. It holds nothing of the objects replaced.
 */
class LevelTemplate {
  constructor(
    /** The identities of the list, -1 at the positions replaced. */
    readonly ids: readonly number[],
    readonly files: readonly string[],
    /** Per position replaced: the names its object declares, in key order. */
    readonly newNames: readonly (readonly string[])[],
    readonly names: string[],
    readonly index: Map<string, number>,
    /** The level's entries, undefined at the names a replaced object declares. */
    readonly entries: readonly (DeclEntry | undefined)[],
    /** Per such name: its declarations in order, a number for the k-th replaced position's. */
    readonly parts: ReadonlyMap<string, readonly (DeclTree | number)[]>,
  ) {}

  /**
   * Whether `decls` (identities in `scratchIds`, those from `firstNew` on first seen now) has
   * new objects where this has replaced positions, declaring `newNames`, and this one's others.
   */
  matches(decls: readonly DeclTree[], firstNew: number, newNames: readonly string[][]): boolean {
    const ids = this.ids;
    if (ids.length !== decls.length || newNames.length !== this.newNames.length) return false;
    let k = 0;
    for (let i = 0; i < ids.length; i++) {
      if (ids[i] !== -1) {
        if (ids[i] !== scratchIds[i] || this.files[i] !== decls[i]!.file) return false;
      } else if (scratchIds[i]! < firstNew || !sameItems(newNames[k]!, this.newNames[k]!)) {
        return false;
      } else k++;
    }
    return true;
  }

  /** The grouping of `decls`, whose objects at the replaced positions are `fresh`. */
  instantiate(loc: string[], fresh: readonly DeclTree[]): DeclLevel {
    const entries = this.entries.slice() as DeclEntry[];
    for (const [name, parts] of this.parts) {
      const decls = parts.map((part) =>
        typeof part === "number"
          ? {
              file: fresh[part]!.file,
              options: lazyProperty(fresh[part]!.options as object, name),
            }
          : part,
      );
      entries[this.index.get(name)!] = classified(append(loc, name), decls);
    }
    return {
      names: this.names,
      entries,
      index: this.index,
      firstFailed: entries.findIndex((e) => e instanceof FailedEntry),
      deferred: entries.some((e) => e instanceof DeferredEntry),
    };
  }
}

/** Templates kept on the newest of a list's other declaring objects, by a hash of the list's other identities. */
const levelTemplates = objectMemo<Map<number, LevelTemplate[]>>();

/** A list of one level's objects is met with this many shapes of its new objects at most; past it the oldest is dropped. */
const maxTemplatesPerList = 16;

/**
 * The grouping of `decls`, whose objects with identities from `firstNew` on (in `scratchIds`)
 * were first seen now, and some not: made from a template when an earlier list had the same
 * other objects and objects declaring the same names in place of the new ones, else grouped
 * (and a template kept).
 */
function levelBesideNew(loc: string[], decls: readonly DeclTree[], firstNew: number): DeclLevel {
  let anchor: object | undefined;
  let anchorId = -1;
  let hash = decls.length;
  const fresh: DeclTree[] = [];
  const newNames: string[][] = [];
  for (let i = 0; i < decls.length; i++) {
    const id = scratchIds[i]!;
    if (id >= firstNew) {
      fresh.push(decls[i]!);
      newNames.push(Object.keys(decls[i]!.options as object));
      hash = (Math.imul(hash, 31) - 1) | 0;
      continue;
    }
    hash = (Math.imul(hash, 31) + id) | 0;
    if (id > anchorId) {
      anchorId = id;
      anchor = decls[i]!.options as object;
    }
  }
  let templates = levelTemplates.get(anchor!);
  const candidates = templates?.get(hash);
  if (candidates !== undefined) {
    for (const template of candidates) {
      if (template.matches(decls, firstNew, newNames)) return template.instantiate(loc, fresh);
    }
  }
  // Grouping runs no evaluation, but the identities are kept before it all the same.
  const ids = scratchIds.slice();
  const level = groupDeclarations(loc, decls);
  const replaced = new Set(newNames.flat());
  const entries = level.entries.map((entry, i) =>
    replaced.has(level.names[i]!) ? undefined : entry,
  );
  // Declarations read from the configuration belong to one evaluation.
  if (entries.some((e) => e instanceof DeferredEntry)) return level;
  const parts = new Map<string, (DeclTree | number)[]>();
  for (const name of replaced) {
    const list: (DeclTree | number)[] = [];
    for (let i = 0, k = 0; i < decls.length; i++) {
      const options = decls[i]!.options as object;
      const isNew = ids[i]! >= firstNew;
      if (Object.prototype.propertyIsEnumerable.call(options, name)) {
        list.push(isNew ? k : { file: decls[i]!.file, options: lazyProperty(options, name) });
      }
      if (isNew) k++;
    }
    parts.set(name, list);
  }
  const template = new LevelTemplate(
    ids.map((id) => (id >= firstNew ? -1 : id)),
    decls.map((d) => d.file),
    newNames,
    level.names,
    level.index,
    entries,
    parts,
  );
  if (templates === undefined) levelTemplates.set(anchor!, (templates = new Map()));
  if (candidates === undefined) templates.set(hash, [template]);
  else {
    if (candidates.length >= maxTemplatesPerList) candidates.shift();
    candidates.push(template);
  }
  return level;
}

function groupDeclarations(loc: string[], decls: readonly DeclTree[]): DeclLevel {
  const byName = new Map<string, DeclTree[]>();
  for (const decl of decls) {
    if (!isAttrs(decl.options)) {
      throw new ModuleError(
        `An option declaration for \`${showOption(loc)}' has type\n\`${nixTypeOf(decl.options)}' rather than an attribute set.\nDid you mean to define this outside of \`options'?`,
        { code: "invalid", loc },
      );
    }
    for (const name of Object.keys(decl.options)) {
      let list = byName.get(name);
      if (list === undefined) byName.set(name, (list = []));
      // A getter is not called here: what it declares may depend on the configuration.
      list.push({ file: decl.file, options: lazyProperty(decl.options, name) });
    }
  }
  const names = sortNames(byName.keys());
  const entries = names.map((name) => classified(append(loc, name), byName.get(name)!));
  const index = new Map(names.map((name, i) => [name, i]));
  return {
    names,
    entries,
    index,
    firstFailed: entries.findIndex((e) => e instanceof FailedEntry),
    deferred: entries.some((e) => e instanceof DeferredEntry),
  };
}

/** What `decls` declare at `loc`; declarations that cannot be one thing fail where the name is used. */
function classified(loc: string[], decls: DeclTree[]): DeclEntry {
  try {
    return declEntry(loc, decls);
  } catch (error) {
    if (isModuleError(error)) return new FailedEntry(decls);
    throw error;
  }
}

/**
 * Options declared before, by option objects and files: a module function that returns the same
 * option objects in every evaluation (the declarations it can share) has them merged once, even
 * though its fresh option tree misses the level cache. Kept on the first declaration's object,
 * by the declarations' files; the other objects are compared.
 */
const declaredBefore = objectMemo<Map<string, MergedBefore[]>>();

/**
 * How many merges one option object keeps for one list of files: declared beside option
 * objects that are new in each evaluation, it would otherwise gain one per evaluation, and be
 * searched through each time. (A single declaration has one per file.)
 */
const maxMergesKept = 8;

/** A merge kept for declarations with these option objects and files, in this order. */
interface MergedBefore {
  decls: readonly DeclSource[];
  merged: MergedDecl;
}

function sameOptionObjects(a: readonly DeclSource[], b: readonly DeclSource[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 1; i < a.length; i++) if (a[i]!.options !== b[i]!.options) return false;
  return true;
}

/** Merges a declaration once, on first use; a failure is not kept, so each evaluation reports its own path. */
function mergedOnce(decls: readonly DeclSource[]): (loc: string[]) => MergedDecl {
  let merged: MergedDecl | undefined;
  return (loc) => {
    if (merged !== undefined) return merged;
    let byFiles = declaredBefore.get(decls[0]!.options);
    if (byFiles === undefined) declaredBefore.set(decls[0]!.options, (byFiles = new Map()));
    const files = decls.length === 1 ? decls[0]!.file : decls.map((d) => d.file).join("\0");
    let before = byFiles.get(files);
    if (before === undefined) byFiles.set(files, (before = []));
    for (const entry of before) {
      if (sameOptionObjects(entry.decls, decls)) return (merged = entry.merged);
    }
    merged = mergeOptionDecls(loc, decls);
    if (before.length === maxMergesKept) before.shift();
    before.push({ decls, merged });
    return merged;
  };
}

/** Nix's `throwDeclarationTypeError`: a value with a `_type` where an option declaration belongs. */
function declarationTypeError(loc: string[], tag: string, file: string): string {
  const head = `In module ${file}: expected an option declaration at option path \`${showOption(loc)}\` but got an attribute set with type ${tag}`;
  if (tag !== "option-type") return head;
  const name = escapeNixIdentifier(loc[loc.length - 1]!);
  // The example repeats the whole path when the option is nested, as Nix's does.
  const comment = loc.length > 1 ? `\n    # ${showOption(loc)}` : "";
  return (
    `${head}\n\nWhen declaring an option, you must wrap the type in a \`mkOption\` call. It should look somewhat like:\n` +
    `    ${comment}\n    ${name} = lib.mkOption {\n      description = ...;\n      type = <the type you wrote for ${name}>;\n      ...\n    };`
  );
}

function declEntry(loc: string[], decls: DeclTree[]): DeclEntry {
  if (decls.some((d) => d.options instanceof Thunk)) return new DeferredEntry(decls);
  const optionDecls: DeclSource[] = [];
  for (const d of decls) {
    if (isOption(d.options)) optionDecls.push(d as DeclSource);
    else if (typeTag(d.options) !== undefined) {
      throw new ModuleError(declarationTypeError(loc, typeTag(d.options)!, d.file), {
        code: "invalid",
        loc,
      });
    } else if (isAttrs(d.options) && Object.prototype.hasOwnProperty.call(d.options, "_type")) {
      // Below the top, Nix takes any set with a `_type` for a typed value, and fails naming it.
      const tag = (d.options as { _type: unknown })._type;
      throw new ModuleError(
        `cannot coerce ${nixValueKind(tag)} to a string, while Nix reports that in module ${d.file} the attribute set at option path \`${showOption(loc)}\` has a \`_type' that is no type name: below the top of \`options', an option cannot be named \`_type'`,
        { code: "invalid", loc },
      );
    }
  }
  if (optionDecls.length === decls.length) return new OptionEntry(mergedOnce(optionDecls));
  if (optionDecls.length === 0) return new NamespaceEntry(decls);
  if (optionDecls.every((d) => d.options.type?.name === "submodule")) {
    const asOptions = decls.map((d) =>
      isOption(d.options)
        ? (d as DeclSource)
        : {
            file: d.file,
            options: mkOption({
              type: submoduleWith({
                modules: [{ options: d.options as Record<string, unknown> }],
                shorthandOnlyDefinesConfig: null,
              }),
            }),
          },
    );
    return new OptionEntry(mergedOnce(asOptions));
  }
  const first = optionDecls[0]!;
  const nested = decls
    .filter((d) => !isOption(d.options))
    .flatMap((d) =>
      Object.keys(d.options as object).map(
        (p) => ` - option(s) with prefix \`${showOption([...loc, p])}' in module \`${d.file}'`,
      ),
    )
    .sort();
  throw new ModuleError(
    `The option ${quoteOption(loc)} in module \`${first.file}' would be a parent of the following options, but its type \`${first.options.type?.description ?? "<no description>"}' does not support nested options.\n${nested.join("\n")}`,
    { code: "invalid", loc },
  );
}

opaque(Namespace, "Namespace");
