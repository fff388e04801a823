/** Nix's `mergeModules'`: one level of the option tree, its declarations and definitions grouped per name. */
import { ModuleError, quoteOption, showOption } from "../errors.ts";
import { isOption, mkOption } from "../options.ts";
import { typeTag } from "../properties.ts";
import { asModuleError, checkOptionDepth, lazyProperty, recursionError } from "../thunk.ts";
import { submoduleWith } from "../types/submodule.ts";
import { Definition, type Def } from "../types/option-type.ts";
import { isAttrs, sortNames } from "../util/attrs.ts";
import { append, compact } from "../util/lists.ts";
import { objectMemo } from "../util/object-memo.ts";
import { mergeOptionDecls, type DeclSource, type MergedDecl } from "./option-decls.ts";
import { OptionNode, groupingDefs } from "./option-node.ts";
import { pushDownProperties } from "./push-down.ts";

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

function valueTypeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "list";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  if (typeof value === "function") return "lambda";
  if (typeof value === "object") return "set";
  if (typeof value === "boolean") return "bool";
  return typeof value;
}

/** One level of the option tree: children are grouped on first use. */
export class Namespace {
  private childTable: Children | undefined;
  /** Definitions of names no option declares, by name (absent when every name is declared). */
  private undeclared: Map<string, Def[]> | undefined;
  private built = false;
  /** Set while this level's definitions are being read (its children already exist). */
  private grouping = false;

  constructor(
    readonly loc: string[],
    /** Length of the evaluation's prefix inside `loc`. */
    readonly prefixLength: number,
    readonly decls: readonly DeclTree[],
    /** Definitions of this level, not yet pushed down (the parent compacts the list once it is complete). */
    public defs: readonly Def[],
  ) {
    checkOptionDepth(loc);
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
    // Reading declarations and definitions runs user code (getters): its errors name this level.
    try {
      this.buildLevel();
    } catch (error) {
      throw asModuleError(error, this.loc);
    }
  }

  private buildLevel(): void {
    if (this.defs === groupingDefs) throw recursionError(this.loc);
    const level = declLevel(this.loc, this.decls);
    // Declarations do not depend on definitions: the children exist before any definition is
    // read, so a definition may look at `options`. Each child gets its definitions once the
    // level is grouped; a list is made only for a name that is defined.
    const count = level.names.length;
    const nodes = new Array<TreeNode>(count);
    for (let i = 0; i < count; i++) {
      const entry = level.entries[i]!;
      const loc = append(this.loc, level.names[i]!);
      nodes[i] = entry.option
        ? new OptionNode(loc, entry.merged, groupingDefs)
        : new Namespace(loc, this.prefixLength, entry.decls, groupingDefs);
    }
    this.childTable = new Children(level, nodes);
    this.grouping = true;
    const lists = new Array<Def[] | undefined>(count);
    let undeclared: Map<string, Def[]> | undefined;
    try {
      undeclared = this.groupDefinitions(level, lists);
    } catch (error) {
      this.childTable = undefined;
      throw error;
    } finally {
      this.grouping = false;
    }
    for (let i = 0; i < count; i++) {
      const list = lists[i];
      nodes[i]!.defs = list === undefined ? noDefs : compact(list);
    }
    this.undeclared = undeclared;
    this.built = true;
  }

  /** Puts each definition's attributes into the lists of the declared names; returns the rest. */
  private groupDefinitions(
    level: DeclLevel,
    lists: (Def[] | undefined)[],
  ): Map<string, Def[]> | undefined {
    const loc = this.loc;
    let undeclared: Map<string, Def[]> | undefined;
    for (const def of this.defs) {
      for (const config of pushDownProperties(def.value)) {
        if (!isAttrs(config)) {
          throw new ModuleError(
            `In module \`${def.file}', you're trying to define a value of type \`${valueTypeName(config)}'\nrather than an attribute set for the option\n${quoteOption(loc)}!\n\nThis usually happens if ${quoteOption(loc)} has option definitions inside that are not matched.\nPlease check how to properly define this option.`,
            { code: "type", loc, definitions: [{ file: def.file, value: config }] },
          );
        }
        for (const name of Object.keys(config)) {
          const value = lazyProperty(config, name);
          const i = level.index.get(name);
          let list: Def[] | undefined;
          if (i !== undefined) list = lists[i] ??= [];
          else {
            undeclared ??= new Map();
            list = undeclared.get(name);
            if (list === undefined) undeclared.set(name, (list = []));
          }
          list.push(new Definition(def.file, value));
        }
      }
    }
    return undeclared;
  }

  /** Whether some definition below this level matches no declared option (allocates nothing). */
  hasUnmatched(): boolean {
    const stack: Namespace[] = [this];
    while (stack.length > 0) {
      const ns = stack.pop()!;
      if (ns.undeclaredDefinitions.size > 0) return true;
      for (const child of ns.children.values()) {
        if (child instanceof Namespace && child.defs.length > 0) stack.push(child);
      }
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
        enter(child, [...frame.path, name]);
      } else if (child === undefined) {
        for (const def of frame.ns.undeclaredDefinitions.get(name)!)
          out.push({ file: def.file, prefix: [...frame.path, name], value: def.value });
      }
    }
    return out;
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

const noDefinitions: ReadonlyMap<string, Def[]> = new Map();

/** The definitions of every child that has none: one shared, frozen list. */
const noDefs = Object.freeze([]) as unknown as Def[];

/** What one level's declarations say about a name: an option (merged once, shared) or a namespace. */
type DeclEntry =
  { option: true; merged: (loc: string[]) => MergedDecl } | { option: false; decls: DeclTree[] };

/** The declarations of one level, grouped per name: the same for every evaluation of the same modules. */
interface DeclLevel {
  /** The declared names in Nix's order. */
  names: string[];
  /** What each name is, in the same order. */
  entries: DeclEntry[];
  /** Each name's position. */
  index: Map<string, number>;
}

/**
 * The children of one level: an array in the order of its declarations' names, which all
 * evaluations of the same declarations share with their index (a submodule value costs one
 * array, not a map of its own).
 */
export class Children {
  constructor(
    private readonly level: DeclLevel,
    private readonly nodes: readonly TreeNode[],
  ) {}

  /** The child called `name`, if declared. */
  get(name: string): TreeNode | undefined {
    const i = this.level.index.get(name);
    return i === undefined ? undefined : this.nodes[i];
  }

  /** Whether `name` is declared here. */
  has(name: string): boolean {
    return this.level.index.has(name);
  }

  /** The declared names, in Nix's order. */
  keys(): IterableIterator<string> {
    return this.level.names.values();
  }

  /** The children, in the order of `keys()`. */
  values(): IterableIterator<TreeNode> {
    return this.nodes.values();
  }
}

/** A number per declaring object, in the order they are first seen. */
const declIds = objectMemo<number>("nixmod.declId");
let nextDeclId = 0;

/** Groupings cached on the newest declaring object of each list, by the list's identities. */
const levelCache = objectMemo<Map<string, DeclLevel>>("nixmod.declLevels");

/**
 * The grouped declarations for `decls`, cached by the identity of the declaring objects: a
 * submodule evaluated for each of many attributes shares one grouping and one merged
 * declaration per option, instead of redoing them per attribute. A grouping is kept on the
 * newest of its declaring objects, so one that involves declarations made for a single
 * evaluation goes away with them.
 */
function declLevel(loc: string[], decls: readonly DeclTree[]): DeclLevel {
  let key = "";
  let newest: object | undefined;
  let newestId = -1;
  for (const d of decls) {
    if (!isAttrs(d.options)) return groupDeclarations(loc, decls);
    let id = declIds.get(d.options);
    if (id === undefined) declIds.set(d.options, (id = nextDeclId++));
    key += `${id}\u0000${d.file}\u0000`;
    if (id > newestId) {
      newestId = id;
      newest = d.options;
    }
  }
  if (newest === undefined) return groupDeclarations(loc, decls);
  let levels = levelCache.get(newest);
  if (levels === undefined) levelCache.set(newest, (levels = new Map()));
  let level = levels.get(key);
  if (level === undefined) levels.set(key, (level = groupDeclarations(loc, decls)));
  return level;
}

function groupDeclarations(loc: string[], decls: readonly DeclTree[]): DeclLevel {
  const byName = new Map<string, DeclTree[]>();
  for (const decl of decls) {
    if (!isAttrs(decl.options)) {
      throw new ModuleError(
        `An option declaration for \`${showOption(loc)}' has type \`${valueTypeName(decl.options)}' rather than an attribute set. Did you mean to define this outside of \`options'?`,
        { code: "invalid", loc },
      );
    }
    for (const name of Object.keys(decl.options)) {
      let list = byName.get(name);
      if (list === undefined) byName.set(name, (list = []));
      list.push({ file: decl.file, options: (decl.options as Record<string, unknown>)[name] });
    }
  }
  const names = sortNames(byName.keys());
  const entries = names.map((name) => declEntry(append(loc, name), byName.get(name)!));
  return { names, entries, index: new Map(names.map((name, i) => [name, i])) };
}

/**
 * Options declared once, by option object and file: a module function that returns the same
 * option objects in every evaluation (the declarations it can share) has them merged once, even
 * though its fresh option tree misses the level cache.
 */
const singleDecls = objectMemo<Map<string, MergedDecl>>("nixmod.singleDecl");

/** Merges a declaration once, on first use; a failure is not kept, so each evaluation reports its own path. */
function mergedOnce(decls: readonly DeclSource[]): (loc: string[]) => MergedDecl {
  let merged: MergedDecl | undefined;
  if (decls.length !== 1) return (loc) => (merged ??= mergeOptionDecls(loc, decls));
  const only = decls[0]!;
  return (loc) => {
    if (merged !== undefined) return merged;
    let byFile = singleDecls.get(only.options);
    if (byFile === undefined) singleDecls.set(only.options, (byFile = new Map()));
    merged = byFile.get(only.file);
    if (merged === undefined) byFile.set(only.file, (merged = mergeOptionDecls(loc, decls)));
    return merged;
  };
}

function declEntry(loc: string[], decls: DeclTree[]): DeclEntry {
  const optionDecls: DeclSource[] = [];
  for (const d of decls) {
    if (isOption(d.options)) optionDecls.push(d as DeclSource);
    else if (typeTag(d.options) !== undefined) {
      throw new ModuleError(
        `In module ${d.file}: expected an option declaration at option path \`${showOption(loc)}\` but got an attribute set with type ${typeTag(d.options)}` +
          (typeTag(d.options) === "option-type"
            ? ". When declaring an option, you must wrap the type in a `mkOption` call."
            : ""),
        { code: "invalid", loc },
      );
    }
  }
  if (optionDecls.length === decls.length) return { option: true, merged: mergedOnce(optionDecls) };
  if (optionDecls.length === 0) return { option: false, decls };
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
    return { option: true, merged: mergedOnce(asOptions) };
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
