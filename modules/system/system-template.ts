/**
 * What systems evaluated from the same definitions but for a few options have in common.
 *
 * A host with many containers evaluates a nested system for each, and those systems usually
 * differ only in a few definitions (a host name). A template is a system evaluated with those
 * definitions replaced by placeholders that fail when read. The text of each option of the
 * template whose evaluation had no effect (lib/util/evaluation-effects.ts: no error made, even
 * one caught, so no placeholder read; no warning; no read of the system's path) depends only
 * on definitions that every such system
 * shares, so it is every such system's text of that option, and the toplevel takes it from
 * here instead of evaluating the option again. Likewise for each definition of `assertions`
 * whose entries all hold: a system reads only its other definitions before it is built.
 *
 * An option is known only if nothing had an effect in its evaluation before it: a value computed
 * for one option while it caught a placeholder's failure could be read by another option
 * without reading the placeholder. So one evaluation goes through the options until one has an
 * effect, and the next starts after it: a template costs an evaluation per option that depends
 * on the systems' own values, plus one, once.
 */

import { types } from "node:util";
import { ModuleError } from "../../lib/errors.ts";
import { fullFormKeys } from "../../lib/modules/collect.ts";
import { optionTreeOf, type EvalResult } from "../../lib/modules/eval-modules.ts";
import { dischargeInto } from "../../lib/modules/merge-definitions.ts";
import type { Module } from "../../lib/modules/module.ts";
import { OptionNode } from "../../lib/modules/option-node.ts";
import { ConfigLevel, configLevelOf } from "../../lib/modules/views.ts";
import type { Def } from "../../lib/types/option-type.ts";
import { isAttrs, setOwn } from "../../lib/util/attrs.ts";
import { effectCount, withoutWarnings } from "../../lib/util/evaluation-effects.ts";
import { lazyField } from "../../lib/util/lazy-fields.ts";
import {
  memberPrefix,
  memberText,
  systemTextRules,
  type KnownSystemParts,
  type SystemTextRules,
} from "./toplevel.ts";

/** A known text of a member's value, and of the members below it (a namespace's). */
interface TextNode {
  text: string | undefined;
  readonly below: Map<string, TextNode>;
}

/** A definition of `assertions` in the template: its file, and whether its entries hold in every system. */
interface AssertionsDefinition {
  readonly file: string;
  readonly holds: boolean;
}

class SystemTemplate implements KnownSystemParts {
  constructor(
    private readonly assertions: readonly AssertionsDefinition[] | undefined,
    private readonly root: TextNode,
  ) {}

  textAt(loc: readonly string[], prefixLength: number): string | undefined {
    let node: TextNode | undefined = this.root;
    for (let i = prefixLength; i < loc.length && node !== undefined; i++) {
      node = node.below.get(loc[i]!);
    }
    return node?.text;
  }

  /**
   * True when every entry of every definition of the system's `assertions` holds, whatever
   * their priorities and order: then the merged list holds too. The definitions the template
   * knows to hold are not read again, and the others are read here; anything else (a
   * definition that is no list, an entry that fails or is not `true`) is left to the full check.
   */
  assertionsHold(config: any): boolean {
    const known = this.assertions;
    const defs = assertionsDefinitions(config);
    if (known === undefined || defs === undefined || defs.length !== known.length) return false;
    for (let i = 0; i < defs.length; i++) {
      const def = defs[i]!;
      if (def.file !== known[i]!.file) return false;
      if (!known[i]!.holds && !definitionHolds(def)) return false;
    }
    return true;
  }
}

/** The definitions of the system's `assertions`, as the modules gave them. */
function assertionsDefinitions(config: object): readonly Def[] | undefined {
  const node = optionTreeOf(config)?.tree.lookup(["assertions"]);
  return node instanceof OptionNode ? node.defs : undefined;
}

/** Whether every entry of an `assertions` definition is a set whose `assertion` is `true`. */
function definitionHolds(def: Def): boolean {
  try {
    for (const value of dischargeInto(def.value, def.file)) {
      if (!Array.isArray(value)) return false;
      for (const entry of value) if (!isAttrs(entry) || entry.assertion !== true) return false;
    }
    return true;
  } catch {
    return false;
  }
}

/** An option of the template: its path below the system's, and its level's path. */
interface OptionPlace {
  readonly parent: readonly string[];
  readonly name: string;
}

/**
 * The template of the systems `evaluate` stands for: it evaluates the system afresh each time
 * it is called, with placeholders in place of the definitions the systems differ in, at
 * `prefix`. Undefined when the modules read a placeholder (or do anything else a value cannot
 * show) while they are collected: then nothing of the template is common to the systems.
 */
export function makeSystemTemplate(
  evaluate: () => EvalResult,
  prefix: readonly string[],
): KnownSystemParts | undefined {
  // Each system gives its own warnings when it is evaluated.
  return withoutWarnings(() => templateOf(evaluate, prefix));
}

function templateOf(
  evaluate: () => EvalResult,
  prefix: readonly string[],
): SystemTemplate | undefined {
  const rules = systemTextRules(prefix);
  const first = effectCount();
  let config: unknown;
  try {
    config = evaluate().config;
  } catch {
    return undefined;
  }
  if (effectCount() !== first) return undefined;
  const root = configLevelOf(config as object);
  if (root === undefined) return undefined;
  const places: OptionPlace[] = [];
  collectOptions(root, [], prefix, rules, places);
  const texts = inPasses(evaluate, places.length, (system, i) => {
    const place = places[i]!;
    let level = configLevelOf(system);
    for (const name of place.parent) level = level && readLevel(level, name);
    if (level === undefined) return undefined;
    const loc = [...prefix, ...place.parent];
    return memberText(level, place.name, loc, rules.skip, rules.onDemand);
  });
  const top: TextNode = { text: undefined, below: new Map() };
  places.forEach((place, i) => {
    const text = texts[i];
    if (text !== undefined) nodeAt(top, [...place.parent, place.name]).text = text;
  });
  composeNamespaces(root, top, [...prefix], rules);
  return new SystemTemplate(assertionsDefinitionsHold(evaluate), top);
}

/** Adds the options below `level` (at `path` below the system) to `out`, in the walk's order. */
function collectOptions(
  level: ConfigLevel,
  path: readonly string[],
  prefix: readonly string[],
  rules: SystemTextRules,
  out: OptionPlace[],
): void {
  for (const name of level.names) {
    if (rules.skip([...prefix, ...path, name])) continue;
    if (level.declarations(name) !== undefined) {
      out.push({ parent: path, name });
      continue;
    }
    // A namespace reads as a level; a freeform value is left to each system.
    const below = readLevel(level, name);
    if (below !== undefined) collectOptions(below, [...path, name], prefix, rules, out);
  }
}

/**
 * `compute(config, i)` for each i below `count`, each in an evaluation where nothing before it
 * had an effect, so that no value computed before it stands for a placeholder: one evaluation
 * goes on from one computation to the next until one has an effect or fails, whose result is
 * undefined, and the next evaluation starts after it. As few evaluations as computations with
 * effects, plus one.
 */
function inPasses<T>(
  evaluate: () => EvalResult,
  count: number,
  compute: (config: object, i: number) => T | undefined,
): (T | undefined)[] {
  const results = new Array<T | undefined>(count).fill(undefined);
  let next = 0;
  while (next < count) {
    const start = effectCount();
    let config: object;
    try {
      config = evaluate().config as object;
    } catch {
      break;
    }
    if (effectCount() !== start) break;
    while (next < count) {
      const i = next++;
      const before = effectCount();
      try {
        const result = compute(config, i);
        if (effectCount() !== before) break;
        results[i] = result;
      } catch {
        break;
      }
    }
  }
  return results;
}

/**
 * The definitions of `assertions` in the template, each known to hold if its entries do,
 * computed without effects (see `inPasses`); undefined when they cannot be read.
 */
function assertionsDefinitionsHold(
  evaluate: () => EvalResult,
): readonly AssertionsDefinition[] | undefined {
  let files: readonly string[] | undefined;
  try {
    files = assertionsDefinitions(evaluate().config)?.map((def) => def.file);
  } catch {
    return undefined;
  }
  if (files === undefined) return undefined;
  const holds = inPasses(evaluate, files.length, (config, i) => {
    const def = assertionsDefinitions(config)?.[i];
    return def !== undefined && def.file === files[i] && definitionHolds(def);
  });
  return files.map((file, i) => ({ file, holds: holds[i] === true }));
}

function nodeAt(top: TextNode, path: readonly string[]): TextNode {
  let node = top;
  for (const name of path) {
    let below = node.below.get(name);
    if (below === undefined) node.below.set(name, (below = { text: undefined, below: new Map() }));
    node = below;
  }
  return node;
}

/**
 * Gives each namespace whose members' texts are all known its own text, as the walk writes it
 * (members in the level's order, the ones it skips left out).
 */
function composeNamespaces(
  level: ConfigLevel,
  node: TextNode,
  loc: string[],
  rules: SystemTextRules,
): void {
  let text = "";
  let complete = true;
  for (const name of level.names) {
    loc.push(name);
    if (!rules.skip(loc)) {
      const below = node.below.get(name);
      if (
        below !== undefined &&
        below.text === undefined &&
        level.declarations(name) === undefined
      ) {
        const namespace = readLevel(level, name);
        if (namespace !== undefined) composeNamespaces(namespace, below, loc, rules);
      }
      if (below?.text === undefined) complete = false;
      else text += `${text === "" ? "" : ","}${memberPrefix(name)}${below.text}`;
    }
    loc.pop();
  }
  if (complete) node.text = `{${text}}`;
}

/** The level of the namespace `name` in `level`; undefined for anything else, or when reading it fails. */
function readLevel(level: ConfigLevel, name: string): ConfigLevel | undefined {
  try {
    const below = level.read(name);
    return below instanceof ConfigLevel ? below : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `value` is an object made of definitions: a plain prototype, data properties only, no proxy. */
function isDataObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  // A proxy may answer each read differently: the paths found here need not be the system's.
  if (types.isProxy(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  if (Object.getOwnPropertySymbols(value).length > 0) return false;
  const descriptors = Object.getOwnPropertyDescriptors(value);
  for (const key in descriptors) {
    const d = descriptors[key]!;
    if (!d.enumerable || d.get !== undefined || d.set !== undefined) return false;
  }
  return true;
}

/** How deep and how many paths a template's module may define: more (or a cycle) is left to full evaluations. */
const maxPathDepth = 100;
const maxPaths = 1_000;

/**
 * The paths a module of definitions defines: below nested sets (not a property such as
 * `mkDefault`, nor an empty set), each value's path. Undefined for any other module: a function,
 * one with getters, or one with imports, options or other module attributes; and for one past
 * `maxPathDepth` or `maxPaths`.
 */
export function definedPaths(module: unknown): string[][] | undefined {
  if (!isDataObject(module)) return undefined;
  // Nix's module attributes, and `_module`, which sets the evaluation's own options.
  for (const name of Object.keys(module)) {
    if (fullFormKeys.has(name) || name === "_module") return undefined;
  }
  const out: string[][] = [];
  const walk = (set: Record<string, unknown>, path: string[]): boolean => {
    if (path.length >= maxPathDepth) return false;
    for (const name of Object.keys(set)) {
      const value = set[name];
      const at = [...path, name];
      const nested =
        typeof value === "object" &&
        value !== null &&
        !Array.isArray(value) &&
        Object.getPrototypeOf(value) === Object.prototype &&
        !Object.hasOwn(value, "_type") &&
        Object.keys(value).length > 0;
      if (!nested) {
        if (out.push(at) > maxPaths) return false;
      } else if (!isDataObject(value) || !walk(value, at)) return false;
    }
    return true;
  };
  return walk(module, []) ? out : undefined;
}

/** Whether `path` is `system.build`, something below it, or above it. */
function definesBuild(path: readonly string[]): boolean {
  return path[0] === "system" && (path.length === 1 || path[1] === "build");
}

/** A template placeholder's failure; no one sees it, the template only notes that it happened. */
function readPlaceholder(): never {
  throw new ModuleError("a placeholder of a system template was read", { code: "invalid" });
}

/** A module that defines each of `paths` as a placeholder; undefined when one path is below another. */
function placeholderModule(paths: readonly (readonly string[])[]): Module | undefined {
  const config: Record<string, unknown> = {};
  // The sets made here, to tell them from a placeholder's place.
  const sets = new Set<object>([config]);
  for (const path of paths) {
    let set = config;
    for (const name of path.slice(0, -1)) {
      if (!Object.hasOwn(set, name)) {
        const made = {};
        sets.add(made);
        setOwn(set, name, made);
      }
      const below = Object.getOwnPropertyDescriptor(set, name)!.value as unknown;
      if (typeof below !== "object" || below === null || !sets.has(below)) return undefined;
      set = below as Record<string, unknown>;
    }
    const name = path[path.length - 1]!;
    if (Object.hasOwn(set, name)) return undefined;
    lazyField(set, name, readPlaceholder);
  }
  return { _file: "modules/system/system-template.ts#placeholders", config };
}

/** What a system must give to be built from a template (see `systemTemplate`). */
export interface TemplateRequest {
  /** What evaluates the systems: requests of one kind evaluate alike (`evaluate` below). */
  readonly kind: string;
  /** The modules the systems share. */
  readonly baseModules: readonly Module[];
  /** The package set's fingerprint (modules/packages.ts): systems of equal sets share templates. */
  readonly fingerprint: string;
  /** The system's own module: plain definitions (see `definedPaths`). */
  readonly configuration: unknown;
  /** The paths of other definitions that differ between the systems (the container's host name). */
  readonly varying: readonly (readonly string[])[];
  /** Evaluates the system with `placeholders` in place of its own module and varying definitions. */
  readonly evaluate: (placeholders: Module) => EvalResult;
  /** The path the evaluated system's options start with. */
  readonly prefix: readonly string[];
}

/**
 * How many systems of a kind are evaluated in full before their template is made. A template
 * costs about as much as four or five systems (an evaluation per option that depends on the
 * systems' own values) and saves more than half of every later one: made after eight, it never
 * costs a host more than about half again for the systems of a kind, and pays from the
 * sixteenth or so.
 */
const fullSystemsFirst = 8;

/**
 * Templates by their systems' base modules, then kind, package set and defined paths: a number
 * counts the systems of a kind that has none yet; null, a kind with nothing in common.
 */
const templates = new WeakMap<readonly Module[], Map<string, KnownSystemParts | null | number>>();
/** Enough for any host; past it the oldest template is dropped. */
const maxTemplates = 1_000;

/**
 * The template of the systems that share everything with this one but the values at the paths
 * its own module defines and the varying ones: made once `fullSystemsFirst` such systems were
 * evaluated as they are, then kept. Undefined when there is none: the system's own module is
 * more than plain definitions or defines `system.build`, its kind is new, or its kind has
 * nothing in common.
 */
export function systemTemplate(request: TemplateRequest): KnownSystemParts | undefined {
  const paths = definedPaths(request.configuration);
  // A system that defines `system.build` itself may define its toplevel, which the template's
  // systems take to be the toplevel module's alone.
  if (paths === undefined || paths.some(definesBuild)) return undefined;
  // A path the system's module and the varying definitions share is one placeholder.
  const unique = new Map<string, readonly string[]>();
  for (const path of [...paths, ...request.varying]) unique.set(JSON.stringify(path), path);
  const texts = [...unique.keys()].sort();
  const key = `${JSON.stringify(request.kind)}\n${request.fingerprint}\n${texts.join("\n")}`;
  let known = templates.get(request.baseModules);
  if (known === undefined) templates.set(request.baseModules, (known = new Map()));
  let template = known.get(key);
  if (template === undefined || typeof template === "number") {
    const seen = template ?? 0;
    if (seen === 0 && known.size >= maxTemplates) known.delete(known.keys().next().value!);
    if (seen < fullSystemsFirst) {
      known.set(key, seen + 1);
      return undefined;
    }
    const placeholders = placeholderModule([...unique.values()]);
    template =
      (placeholders && makeSystemTemplate(() => request.evaluate(placeholders), request.prefix)) ??
      null;
    known.set(key, template);
  }
  return template ?? undefined;
}
