/** Nix's `mergeModules'`: one level of the option tree, its declarations and definitions grouped per name. */
import { ModuleError, quoteOption, showOption } from "../errors.ts";
import { isOption, mkOption } from "../options.ts";
import { typeTag } from "../properties.ts";
import { asModuleError, checkOptionDepth, lazyProperty, recursionError } from "../thunk.ts";
import { submoduleWith } from "../types/submodule.ts";
import type { Def } from "../types/option-type.ts";
import { isAttrs, sortNames } from "../util/attrs.ts";
import { mergeOptionDecls, type DeclSource } from "./option-decls.ts";
import { OptionNode } from "./option-node.ts";
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
  private childMap: Map<string, TreeNode> | undefined;
  private rawByName: Map<string, Def[]> | undefined;
  /** Set while this level's definitions are being read (its children already exist). */
  private grouping = false;

  constructor(
    readonly loc: string[],
    /** Length of the evaluation's prefix inside `loc`. */
    readonly prefixLength: number,
    readonly decls: readonly DeclTree[],
    /** Definitions of this level, not yet pushed down. */
    readonly defs: readonly Def[],
  ) {
    checkOptionDepth(loc);
  }

  /** The declared children, by name. */
  get children(): Map<string, TreeNode> {
    if (this.childMap === undefined) this.build();
    return this.childMap!;
  }

  /** Definitions of this level grouped per name (lazy values). */
  get definitionsByName(): Map<string, Def[]> {
    if (this.rawByName === undefined && this.grouping) throw recursionError(this.loc);
    if (this.rawByName === undefined) this.build();
    return this.rawByName!;
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
    const loc = this.loc;
    const declsByName = new Map<string, DeclSource[] | DeclTree[]>();
    for (const decl of this.decls) {
      if (!isAttrs(decl.options)) {
        throw new ModuleError(
          `An option declaration for \`${showOption(loc)}' has type \`${valueTypeName(decl.options)}' rather than an attribute set. Did you mean to define this outside of \`options'?`,
          { code: "invalid", loc },
        );
      }
      for (const name of Object.keys(decl.options)) {
        let list = declsByName.get(name) as DeclTree[] | undefined;
        if (list === undefined) declsByName.set(name, (list = []));
        list.push({ file: decl.file, options: (decl.options as Record<string, unknown>)[name] });
      }
    }
    // Declarations do not depend on definitions: the children exist, with the lists their
    // definitions go into, before any definition is read, so a definition may look at `options`.
    const rawByName = new Map<string, Def[]>();
    for (const name of declsByName.keys()) rawByName.set(name, []);
    const children = new Map<string, TreeNode>();
    for (const name of sortNames(declsByName.keys())) {
      children.set(name, this.makeChild(name, declsByName.get(name) as DeclTree[], rawByName));
    }
    this.childMap = children;
    this.grouping = true;
    try {
      this.groupDefinitions(rawByName);
    } catch (error) {
      this.childMap = undefined;
      throw error;
    } finally {
      this.grouping = false;
    }
    this.rawByName = rawByName;
  }

  private groupDefinitions(rawByName: Map<string, Def[]>): void {
    const loc = this.loc;
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
          let list = rawByName.get(name);
          if (list === undefined) rawByName.set(name, (list = []));
          list.push({ file: def.file, value });
        }
      }
    }
  }

  private makeChild(name: string, decls: DeclTree[], rawByName: Map<string, Def[]>): TreeNode {
    const loc = [...this.loc, name];
    const defs = rawByName.get(name) ?? [];
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
    if (optionDecls.length === decls.length) {
      return new OptionNode(loc, () => mergeOptionDecls(loc, optionDecls), defs);
    }
    if (optionDecls.length > 0) {
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
        return new OptionNode(loc, () => mergeOptionDecls(loc, asOptions), defs);
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
    return new Namespace(loc, this.prefixLength, decls, defs);
  }

  /** Definitions below this level that no declared option matches, in Nix's order. */
  unmatched(): UnmatchedDef[] {
    // Depth first with an explicit stack, so deeply nested namespaces cost no call frames.
    const out: UnmatchedDef[] = [];
    const stack: { ns: Namespace; path: string[]; names: string[]; next: number }[] = [];
    const enter = (ns: Namespace, path: string[]) => {
      const names = sortNames(new Set([...ns.children.keys(), ...ns.definitionsByName.keys()]));
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
        for (const def of frame.ns.definitionsByName.get(name)!)
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
