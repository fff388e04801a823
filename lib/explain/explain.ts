/** `explain(evaluation, "a.b.c")`: every definition of an option, where it came from, and why it won or lost. */
import {
  isModuleError,
  ModuleError,
  quoteOption,
  showOption,
  showValue,
  wrongArgument,
} from "../errors.ts";
import { dischargeInto } from "../modules/merge-definitions.ts";
import { optionTreeOf } from "../modules/eval-modules.ts";
import { Namespace } from "../modules/namespace.ts";
import { OptionNode } from "../modules/option-node.ts";
import type { MergedDecl } from "../modules/option-decls.ts";
import { pushDownInto } from "../modules/push-down.ts";
import { defaultOrderPriority, defaultOverridePriority, typeTag } from "../properties.ts";
import { asModuleError, force, lazyProperty } from "../thunk.ts";
import type { Def, OptionType } from "../types/option-type.ts";
import { selectionPath } from "../util/attr-path.ts";
import { isAttrs } from "../util/attrs.ts";
import { closestNames, didYouMean } from "../util/suggest.ts";
import { findDefinition, type SourcePosition } from "./source-positions.ts";

/** What happened to one definition. */
export type DefinitionStatus = "won" | "lost" | "removed";

/** One definition of an option, explained. */
export interface ExplainedDefinition {
  file: string;
  /** Line and column of the attribute in `file`, when the file can be read and parsed. */
  position?: SourcePosition;
  /** The definition's value with its properties stripped (undefined when `mkIf` removed it). */
  value?: unknown;
  /** Override priority: 50 mkForce, 100 plain, 1000 mkDefault, 1500 option default. */
  priority: number;
  /** Order priority for list and string merges: 500 mkBefore, 1000 plain, 1500 mkAfter. */
  order: number;
  /** Whether this is the option's `default`. */
  isDefault: boolean;
  status: DefinitionStatus;
  /** Why it won, lost or was removed, in words. */
  reason: string;
}

/** Which definition an element of a list, or a line of a string, came from. */
export interface Origin {
  value: unknown;
  file: string;
  position?: SourcePosition;
}

/** Everything `explain` knows about an option. */
export interface Explanation {
  loc: string[];
  type: { name: string; description: string };
  description?: string;
  value: unknown;
  /** Why the value cannot be had (conflicting definitions, a wrong type, none at all): the definitions still explain it. */
  error?: string;
  highestPrio: number;
  /** Every definition in Nix's merge order, the default first. */
  definitions: ExplainedDefinition[];
  /** How the winners were combined. */
  merge: string;
  /** For lists: each element's definition; for line-joined strings: each line's. */
  origins?: Origin[];
}

/** A name for a priority, as people write it. */
export function priorityName(priority: number): string {
  if (priority === 50) return "mkForce";
  if (priority === defaultOverridePriority) return "a plain definition";
  if (priority === 1000) return "mkDefault";
  if (priority === 1500) return "the option default (mkOptionDefault)";
  return `mkOverride ${priority}`;
}

/** A name below an attribute set of values (`services.<name>`) that the configuration does not define. */
function notDefinedError(parent: string[], name: string, defined: string[]): ModuleError {
  const placeholder = /^<.*>$|^\*$/.test(name);
  const listed =
    defined.length === 0
      ? "none is defined"
      : `defined: ${defined.slice(0, 10).join(", ")}${defined.length > 10 ? ", …" : ""}`;
  const head = placeholder
    ? `\`${name}' stands for a name the configuration defines below ${quoteOption(parent)}`
    : `${quoteOption([...parent, name])} is not defined`;
  return new ModuleError(`${head} (${listed}).`, { code: "invalid", loc: [...parent, name] });
}

function locate(target: object, path: readonly string[]): OptionNode {
  const found = optionTreeOf(target);
  if (found === undefined) {
    throw new ModuleError(
      "explain: not an evaluation result (pass what evalModules or evaluate returned)",
      {
        code: "invalid",
      },
    );
  }
  let node: Namespace | OptionNode = found.tree;
  for (let i = 0; i < path.length; i++) {
    if (node instanceof Namespace) {
      const child: Namespace | OptionNode | undefined = node.children.get(path[i]!);
      if (child === undefined) {
        const names = closestNames(path[i]!, [...node.children.keys()]);
        const quoted = names.map((n) => quoteOption([...found.prefix, ...path.slice(0, i), n]));
        const hint = quoted.length === 0 ? "" : ` ${didYouMean(quoted)}`;
        throw new ModuleError(
          `The option ${quoteOption([...found.prefix, ...path.slice(0, i + 1)])} does not exist.${hint}`,
          {
            code: "undeclared",
            loc: [...found.prefix, ...path.slice(0, i + 1)],
          },
        );
      }
      node = child;
      continue;
    }
    // Below an option: follow its value into a submodule (directly, or by attribute name).
    let value: unknown = node.value;
    const inner = optionTreeOf(value as object);
    if (inner !== undefined) return locate(value as object, path.slice(i));
    if (isAttrs(value) && !Object.prototype.hasOwnProperty.call(value, path[i]!)) {
      throw notDefinedError([...found.prefix, ...path.slice(0, i)], path[i]!, Object.keys(value));
    }
    value =
      typeof value === "object" && value !== null
        ? (value as Record<string, unknown>)[path[i]!]
        : undefined;
    const attribute = attributeOf(node, path[i]!);
    if (
      i === path.length - 1 &&
      attribute !== undefined &&
      optionTreeOf(value as object) === undefined
    ) {
      return attribute;
    }
    if (typeof value !== "object" || value === null || optionTreeOf(value) === undefined) {
      throw new ModuleError(
        `${quoteOption([...found.prefix, ...path.slice(0, i + 1)])} is a value, not an option with sub-options.`,
        {
          code: "invalid",
          loc: [...found.prefix, ...path.slice(0, i + 1)],
        },
      );
    }
    return locate(value, path.slice(i + 1));
  }
  if (node instanceof Namespace) {
    // What to ask for instead: the names below it (`_module' is the module system's own).
    const names = [...node.children.keys()].filter((n) => n !== "_module");
    const listed = `${names.slice(0, 20).join(", ")}${names.length > 20 ? ", …" : ""}`;
    throw new ModuleError(
      `${quoteOption([...found.prefix, ...path])} is a set of options, not an option; below it: ${listed}.`,
      {
        code: "invalid",
        loc: [...found.prefix, ...path],
      },
    );
  }
  return node;
}

/**
 * One attribute of an `attrsOf` option (`serviceConfig.User`) as an option of its own: its
 * definitions are that attribute of each of the option's definitions, as Nix's attrsOf merge
 * sees them.
 */
function attributeOf(option: OptionNode, name: string): OptionNode | undefined {
  const type = option.decl.type;
  if (type.name !== "attrsOf" && type.name !== "lazyAttrsOf") return undefined;
  const elemType = type.nestedTypes.elemType as OptionType;
  const defs: Def[] = [];
  for (const def of option.allDefs) {
    for (const config of pushDownInto(def.value)) {
      if (typeof config === "object" && config !== null && Object.hasOwn(config, name)) {
        defs.push({ file: def.file, value: lazyProperty(config, name) });
      }
    }
  }
  const parentLoc = option.loc;
  const decl: MergedDecl = {
    loc: [...parentLoc, name],
    option: { _type: "option", type: elemType },
    type: elemType,
    declarations: option.decl.declarations,
    subModules: [],
  };
  return new OptionNode(parentLoc, name, decl, defs);
}

function strip(value: unknown): { value: unknown; priority: number; order: number } {
  let v = force(value);
  let priority = defaultOverridePriority;
  let order = defaultOrderPriority;
  if (typeTag(v) === "override") {
    priority = (v as { priority: number }).priority;
    v = force((v as { content: unknown }).content);
  }
  if (typeTag(v) === "order") {
    order = (v as { priority: number }).priority;
    v = force((v as { content: unknown }).content);
  }
  return { value: v, priority, order };
}

/** Explains the option at `path` (a dotted string, quoted as Nix's `-A` takes it, or a list) of an evaluation. */
export function explain(evaluation: object, path: string | readonly string[]): Explanation {
  if (typeof evaluation !== "object" || evaluation === null) {
    throw wrongArgument(
      "the evaluation given to explain",
      evaluation,
      "a set",
      "an evaluation result",
    );
  }
  if (
    typeof path !== "string" &&
    !(Array.isArray(path) && path.every((part) => typeof part === "string"))
  ) {
    throw wrongArgument("the option path given to explain", path, "a string or a list of strings");
  }
  const parts = typeof path === "string" ? selectionPath(path) : [...path];
  let target: object;
  try {
    target =
      "config" in evaluation && optionTreeOf(evaluation) === undefined
        ? (evaluation as { config: object }).config
        : evaluation;
  } catch (error) {
    throw asModuleError(error, []);
  }
  const node = locate(target, parts);
  const merged = node.merged;
  const highestPrio = merged.highestPrio;
  const hasDefault = "default" in node.decl.option;
  const definitions: ExplainedDefinition[] = [];
  const defs: Def[] = node.allDefs;
  defs.forEach((def, index) => {
    const isDefault = hasDefault && index === 0;
    const position = isDefault ? undefined : findDefinition(def.file, node.loc);
    const at = position === undefined ? {} : { position };
    const items = dischargeInto(def.value, def.file);
    if (items.length === 0) {
      definitions.push({
        file: def.file,
        ...at,
        priority: defaultOverridePriority,
        order: defaultOrderPriority,
        isDefault,
        status: "removed",
        reason: "removed by mkIf: its condition is false",
      });
      return;
    }
    for (const item of items) {
      const { value, priority, order } = strip(item);
      const won = priority === highestPrio;
      definitions.push({
        file: def.file,
        ...at,
        value,
        priority,
        order,
        isDefault,
        status: won ? "won" : "lost",
        reason: won
          ? `has the winning priority ${priority} (${priorityName(priority)})`
          : `lost to priority ${highestPrio} (${priorityName(highestPrio)}); it had ${priority} (${priorityName(priority)})`,
      });
    }
  });
  const type = node.decl.type;
  const winners = merged.defsFinal;
  // The option people ask about is often the one that fails: explain it all the same.
  let value: unknown;
  let error: string | undefined;
  try {
    value = node.value;
  } catch (thrown) {
    if (!isModuleError(thrown)) throw thrown;
    error = thrown.message;
  }
  const explanation: Explanation = {
    loc: node.loc,
    type: { name: type.name, description: type.description },
    value,
    ...(error === undefined ? {} : { error }),
    highestPrio,
    definitions,
    merge:
      winners.length === 0
        ? "no definitions"
        : winners.length === 1
          ? "a single definition: its value is the option's value"
          : `${winners.length} definitions merged by the type \`${type.description}'`,
  };
  // A description is text, or Markdown given as `literalMD`/`mdDoc` (its `text`).
  const described: unknown = node.decl.option.description;
  const text = isAttrs(described) ? described.text : described;
  if (typeof text === "string") explanation.description = text;
  const origins = originsOf(type.name, type, winners, node.loc);
  if (origins !== undefined) explanation.origins = origins;
  return explanation;
}

function originsOf(
  name: string,
  type: { functor: { payload: unknown } },
  winners: readonly Def[],
  loc: readonly string[],
): Origin[] | undefined {
  const withPosition = (file: string) => {
    const position = findDefinition(file, loc);
    return position === undefined ? {} : { position };
  };
  if (name === "listOf") {
    return winners.flatMap((d) =>
      (d.value as unknown[]).map((value) => ({ value, file: d.file, ...withPosition(d.file) })),
    );
  }
  if (name === "separatedString" && (type.functor.payload as { sep: string }).sep === "\n") {
    return winners.flatMap((d) =>
      String(d.value)
        .split("\n")
        .map((value) => ({ value, file: d.file, ...withPosition(d.file) })),
    );
  }
  return undefined;
}

/** The explanation as text, the way `nixmod option` prints it. */
export function formatExplanation(e: Explanation): string {
  if (typeof e !== "object" || e === null || !Array.isArray(e.loc) || typeof e.type !== "object") {
    throw wrongArgument(
      "the explanation given to formatExplanation",
      e,
      "an explanation",
      "what explain() returns",
    );
  }
  const lines = [
    showOption(e.loc),
    `  type: ${e.type.description}`,
    ...(e.description === undefined
      ? []
      : [`  description: ${e.description.trim().replace(/\s+/g, " ")}`]),
    e.error === undefined
      ? `  value: ${showValue(e.value)}`
      : `  value: none, it fails: ${e.error.split("\n")[0]}`,
    `  highest priority: ${e.highestPrio} (${priorityName(e.highestPrio)})`,
    `  merge: ${e.merge}`,
    "  definitions:",
  ];
  for (const d of e.definitions) {
    const where = d.position ? `${d.file}:${d.position.line}:${d.position.column}` : d.file;
    const mark = d.status === "won" ? "+" : d.status === "lost" ? "-" : "x";
    const value = d.status === "removed" ? "" : ` = ${showValue(d.value)}`;
    lines.push(`    ${mark} ${where}${d.isDefault ? " (default)" : ""}${value}`);
    lines.push(`        ${d.status}: ${d.reason}`);
  }
  if (e.origins !== undefined) {
    lines.push("  origins:");
    for (const o of e.origins) {
      const where = o.position ? `${o.file}:${o.position.line}:${o.position.column}` : o.file;
      lines.push(`    ${showValue(o.value)}  <- ${where}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
