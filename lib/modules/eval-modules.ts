/** Nix's `evalModules`: collect the modules, build the option tree, and give lazy `config` and `options`. */
import {
  isModuleError,
  isThrownInstance,
  ModuleError,
  nixValueKind,
  quoteOption,
  showDefinitions,
  showOption,
  thrownMessage,
  wrongArgument,
} from "../errors.ts";
import * as nixlib from "../nixlib.ts";
import { mkOption } from "../options.ts";
import { mkDefault, typeTag } from "../properties.ts";
import { nixToString } from "../render/nix-to-string.ts";
import {
  force,
  forceThunk,
  isStackOverflow,
  lazyProperty,
  recursionError,
  Thunk,
  withStackGuard,
} from "../thunk.ts";
import { bool, raw, unspecified } from "../types/basic.ts";
import { lazyAttrsOf } from "../types/attrs-of.ts";
import { nullOr } from "../types/null-or.ts";
import { optionTypeType } from "../types/option-type-type.ts";
import { submoduleWith } from "../types/submodule.ts";
import { Definition, type OptionType } from "../types/option-type.ts";
import { isAttrs } from "../util/attrs.ts";
import { checkNamedArguments } from "../util/named-arguments.ts";
import { noteEffect } from "../util/evaluation-effects.ts";
import { hiddenField } from "../util/hidden-field.ts";
import { lazyFields } from "../util/lazy-fields.ts";
import { evaluationWarning } from "../util/evaluation-warning.ts";
import { emptyRecord, plainRecord } from "../util/plain-record.ts";
import { defineGetter } from "../util/define-getter.ts";
import { nixEqual } from "../util/equal.ts";
import { readingArgument } from "../util/reading-argument.ts";
import { agreesWithFinal, provisionalValue } from "./provisional-value.ts";
import { closestNames, didYouMean } from "../util/suggest.ts";
import {
  collectModules,
  DeferSignal,
  moduleGraph,
  type Loader,
  type ModuleGraphNode,
  type ModuleSite,
} from "./collect.ts";
import { isNameDefinition, noOptions, type Module, type NormalModule } from "./module.ts";
import { Namespace, registerLongLivedDeclarations } from "./namespace.ts";
import { OptionNode } from "./option-node.ts";
import { configView, deferredView, optionsView, viewOwner } from "./views.ts";
import { opaque } from "../util/opaque.ts";

/** What `evalModules` takes. */
export interface EvalModulesArgs {
  modules: readonly Module[];
  specialArgs?: Record<string, unknown>;
  prefix?: readonly string[];
  /** The class of configuration (`"nixos"`, …): a module with another `_class` is refused. */
  class?: string | null;
  /** Deprecated in Nix (define `_module.args` instead): module arguments, as a module defining `_module.args`. */
  args?: Record<string, unknown>;
  /** Deprecated in Nix (define `_module.check` instead): `_module.check` at `mkDefault` priority. */
  check?: boolean;
}

/** What `evalModules` returns: the configuration and the option tree. */
export interface EvalResult<C = any> {
  /** Tags the result as Nix does, so it is not mistaken for a module or an option. */
  readonly _type: "configuration";
  /** The merged configuration (checked: a definition of an undeclared option throws here). */
  readonly config: C;
  /** The option tree; each leaf has `value`, `isDefined`, `definitions`, `files`, `loc`, `type`, … */
  readonly options: any;
  /** The internal `_module` configuration (`args`, `check`, `freeformType`). */
  readonly _module: any;
  /** A submodule type made of the same modules, specialArgs and class (Nix's `type`). */
  readonly type: OptionType;
  /** The class the evaluation was given, or null. */
  readonly class: string | null;
  /** Evaluates again with more modules (Nix's `extendModules`). */
  extendModules(args: Partial<EvalModulesArgs>): EvalResult<C>;
  /** The modules given and what they import, as a tree, disabled ones marked (Nix's `graph`). */
  readonly graph: ModuleGraphNode[];
}

const internalFile = "lib/modules.nix";

/** Arguments every module function gets besides `specialArgs` and a submodule's `name`. */
const fixedArgNames: readonly string[] = [
  "config",
  "options",
  "lib",
  "specialArgs",
  "_prefix",
  "_class",
];

/** The option tree behind an evaluation result or a config object it produced. */
export function optionTreeOf(target: object): { tree: Namespace; prefix: string[] } | undefined {
  const ev = evaluationOf(target);
  return ev === undefined ? undefined : { tree: ev.tree, prefix: ev.prefix };
}

/** The states of an evaluation's freeform value before it has one. */
const notMerged = Symbol("nixmod.freeformNotMerged");
const mergingFreeform = Symbol("nixmod.mergingFreeform");

/** The internal module's options, made once for the root and once for every level below it. */
const internalOptions: { root?: Record<string, unknown>; below?: Record<string, unknown> } = {};

/**
 * The `_module` options. `_module.args` is documented once, at the root: below a prefix (in a
 * submodule) it is internal, as Nix declares it.
 */
function internalModuleOptions(belowRoot: boolean): Record<string, unknown> {
  const cached = belowRoot ? internalOptions.below : internalOptions.root;
  if (cached !== undefined) return cached;
  const options = {
    _module: {
      args: mkOption({
        type: lazyAttrsOf(raw),
        ...(belowRoot ? { internal: true } : {}),
        description:
          "Additional arguments passed to each module in addition to ones like `lib`, `config`, and `pkgs`.",
      }),
      check: mkOption({
        type: bool,
        internal: true,
        default: true,
        description: "Whether to check whether all option definitions have matching declarations.",
      }),
      freeformType: mkOption({
        type: nullOr(optionTypeType),
        internal: true,
        default: null,
        description:
          "If set, merge all definitions that don't have an associated option together using this type.",
      }),
      specialArgs: mkOption({
        type: unspecified,
        readOnly: true,
        internal: true,
        description:
          "Externally provided module arguments that can't be modified from within a configuration.",
      }),
    },
  };
  registerLongLivedDeclarations(options);
  if (belowRoot) internalOptions.below = options;
  else internalOptions.root = options;
  return options;
}

function internalModule(
  specialArgs: Record<string, unknown> | (() => Record<string, unknown>),
  own: Record<string, unknown>,
  belowRoot: boolean,
): Module {
  return plainRecord({
    _file: internalFile,
    key: internalFile,
    options: internalModuleOptions(belowRoot),
    config: plainRecord({
      // Given as a function when it is lazy (see `Evaluation.specialArgs`).
      _module:
        typeof specialArgs === "function"
          ? lazyFields({ specialArgs }, plainRecord({ args: own }))
          : plainRecord({ specialArgs, args: own }),
    }),
  });
}

const namePath = ["_module", "args", "name"];

/**
 * Whether `value` (a module's config, at `depth` of `namePath`) may define `_module.args.name`,
 * read without running any getter: one that may is taken to.
 */
function mayDefineName(value: unknown, depth = 0): boolean {
  if (depth === namePath.length || value instanceof Thunk) return true;
  const tag = typeTag(value);
  if (tag === "merge") {
    const contents = (value as { contents: unknown }).contents;
    return !Array.isArray(contents) || contents.some((c) => mayDefineName(c, depth));
  }
  if (tag === "if" || tag === "override") {
    return mayDefineName((value as { content: unknown }).content, depth);
  }
  if (tag !== undefined) return true;
  const key = namePath[depth]!;
  if (!isAttrs(value) || !Object.prototype.hasOwnProperty.call(value, key)) return false;
  return mayDefineName(lazyProperty(value, key), depth + 1);
}

/** Extra, non-contract inputs of an evaluation (a submodule's `name`). */
export interface InternalArgs extends EvalModulesArgs {
  name?: string;
  /** Set when `name` is already what a definition of `_module.args.name` made it (see `run`). */
  nameFromConfig?: boolean;
  /** `specialArgs` made on first use (a submodule's, when two declarations merged them). */
  lazySpecialArgs?: () => Record<string, unknown> | undefined;
  /** A finished evaluation of the same modules whose `_module.args` a new attempt starts from (see `run`). */
  argumentsFrom?: Evaluation;
  /** How many attempts came before this one. */
  attempt?: number;
}

/** How often an evaluation starts again from the module arguments the last attempt ended with. */
const maxArgumentAttempts = 3;

/** The special arguments of an evaluation's input, made now if they are lazy. */
function specialArgsOf(args: InternalArgs): Record<string, unknown> {
  return (args.lazySpecialArgs !== undefined ? args.lazySpecialArgs() : args.specialArgs) ?? {};
}

/**
 * One module function call: the target of its arguments proxy. Its fields are ordinary
 * configurable ones, so the proxy may report any argument names beside them.
 */
class ArgsCall {
  /** The stand-ins handed to this call while modules are collected, made on first need. */
  standIns: Map<string, object> | undefined = undefined;

  constructor(
    readonly evaluation: Evaluation,
    readonly site: ModuleSite,
  ) {}
}

/** One evaluation: module arguments during collection, then the option tree and its views. */
class Evaluation implements Loader {
  readonly prefix: string[];
  private specialArgsValue: Record<string, unknown> | undefined;
  /** While collecting, `config`/`options` do not exist yet; provisional evaluations answer `_module.args`. */
  private collecting = true;
  private provisional: Evaluation | undefined;
  private provisionalReads: Map<string, unknown> | undefined;
  /** In the last round of loading modules again: an argument nothing defines is a stand-in. */
  private lenientArgs = false;
  /** Arguments given as stand-ins because their provisional value could not be made yet. */
  private lazyFallbacks: Set<string> | undefined;
  private root: Namespace | undefined;
  private internalConfig: object | undefined;
  private publicConfig: object | undefined;
  private publicOptions: object | undefined;
  private checkedOnce = false;
  private configHandle: Record<string, unknown> | undefined;
  private optionsHandle: Record<string, unknown> | undefined;
  private freeform: unknown = notMerged;
  private graphNodes: ModuleGraphNode[] | undefined;
  /** Whether a module function got `name` while the modules were collected. */
  private nameHandedOut = false;
  /** Whether a module besides the submodule's own may define `_module.args.name`. */
  private nameMayBeRedefined = false;
  /** The internal module of this evaluation (it defines `_module`, but never `name`). */
  private internalSource: Module | undefined;
  /** Set when modules waiting for arguments computed from `config` were left out (see `run`). */
  private incomplete = false;

  constructor(
    readonly input: InternalArgs,
    /** The evaluation's own arguments, `extendModules` and `moduleType` (in `_module.args`, as in Nix). */
    readonly own: Record<string, unknown> = {},
  ) {
    this.prefix = [...(input.prefix ?? [])];
  }

  /**
   * The special arguments, read on first use: as in Nix, only a module function's arguments,
   * `_module.specialArgs` and a relative `disabledModules` path need them, so two declarations of a
   * submodule whose specialArgs clash fail only where a module takes its arguments.
   */
  get specialArgs(): Record<string, unknown> {
    return (this.specialArgsValue ??= specialArgsOf(this.input));
  }

  /** The class modules must have, if any. */
  get moduleClass(): string | null {
    return this.input.class ?? null;
  }

  /** The names of the arguments every module gets, whatever the configuration says. */
  private fixedNames(): string[] {
    const names = new Set([...fixedArgNames, ...Object.keys(this.specialArgs)]);
    if (this.input.name !== undefined) names.add("name");
    return [...names];
  }

  /** Whether `name` is one of those arguments. */
  private isFixed(name: string): boolean {
    return (
      fixedArgNames.includes(name) ||
      Object.prototype.hasOwnProperty.call(this.specialArgs, name) ||
      (name === "name" && this.input.name !== undefined)
    );
  }

  /** One of those arguments (specialArgs win, over a submodule's `name` too, as in Nix); `config` and `options` stand for views made after collection. */
  private fixedArg(name: string): unknown {
    if (Object.prototype.hasOwnProperty.call(this.specialArgs, name)) return this.specialArgs[name];
    if (name === "name" && this.input.name !== undefined) {
      // Nix's `name` is `config._module.args.name`: once the modules are known, that is read.
      if (!this.collecting && this.nameMayBeRedefined) return this.moduleArg("name");
      if (this.collecting) this.nameHandedOut = true;
      return this.input.name;
    }
    switch (name) {
      case "config":
        return (this.configHandle ??= deferredView(() => this.config));
      case "options":
        return (this.optionsHandle ??= deferredView(() => this.options));
      case "lib":
        return nixlib.lib;
      case "specialArgs":
        return this.specialArgs;
      case "_prefix":
        // The path of the evaluation, which its values do not otherwise hold.
        noteEffect();
        return this.prefix;
      case "_class":
        return this.moduleClass;
      default:
        return undefined;
    }
  }

  /** Nix's `toString` of `specialArgs.modulesPath`, or "" (what a relative `disabledModules` path is relative to). */
  modulesPath(): string {
    const path = this.specialArgs.modulesPath;
    return path === undefined ? "" : nixToString(path);
  }

  /** Nix's `graph`, made on first use by collecting the modules again. */
  graph(): ModuleGraphNode[] {
    // Before collection ran there is nothing to list.
    this.graphNodes ??= moduleGraph(
      this,
      this.internalSource === undefined ? [] : this.startModules(this.internalSource),
      internalFile,
    );
    return this.graphNodes;
  }

  /**
   * The modules collection starts from: the given ones, then the module system's own. Listed
   * when needed rather than kept: kept, they would be one more list for every submodule value.
   */
  private startModules(internal: Module): unknown[] {
    return [...this.input.modules, internal];
  }

  /**
   * Loads every module, then builds the option tree. A submodule's modules get its attribute name
   * as `name` while they are loaded; where a definition of `_module.args.name` (an `mkForce`)
   * makes it something else, they are loaded again with that, as Nix's modules would have read it.
   */
  run(): Evaluation {
    const lazy = this.input.lazySpecialArgs !== undefined;
    this.internalSource = internalModule(
      lazy ? () => this.specialArgs : this.specialArgs,
      this.own,
      this.prefix.length > 0,
    );
    const collected = collectModules(this, this.startModules(this.internalSource));
    let modules = collected.modules;
    if (collected.retry !== undefined) {
      const provide = (known: NormalModule[], lenient = false) => {
        this.provisional = new Evaluation({ ...this.input, modules: [] }, this.own).build(known);
        this.lenientArgs = lenient;
      };
      provide(modules);
      modules = collected.retry(provide);
      this.provisional = undefined;
      this.lenientArgs = false;
    }
    this.build(modules);
    // Left out, modules waited for arguments read from `config`: this attempt's config gives
    // them, and the next attempt loads those modules with them (and checks them at its end).
    if (this.incomplete) return this.nextAttempt()!.run();
    for (const [name, seen] of this.provisionalReads ?? []) {
      const final = this.moduleArg(name);
      if (agreesWithFinal(final, seen)) continue;
      // A value made from another argument's stand-in: start again from this attempt's values.
      const next = this.nextAttempt();
      if (next !== undefined) return next.run();
      throw new ModuleError(
        `infinite recursion encountered: the module argument \`${name}' (option ${quoteOption(["_module", "args", name])}) was read while the modules were being collected, and modules collected afterwards changed it`,
        { code: "recursion", loc: ["_module", "args", name] },
      );
    }
    for (const name of this.lazyFallbacks ?? []) {
      // Read lazily while collecting: the final value must exist, as in Nix, where the
      // module used it (a cycle through the reading module fails here).
      const final = this.moduleArg(name);
      // A stand-in answers for a set only: a body may have tested or called one standing for a
      // scalar, list or function (one computed from `config`). This attempt's value is known
      // now; the next starts from it, and checks it as it checks any provisional value.
      const next = isAttrs(final) ? undefined : this.nextAttempt();
      if (next !== undefined) return next.run();
    }
    if (this.nameHandedOut && this.nameMayBeRedefined) {
      const name = this.moduleArg("name");
      if (name !== this.input.name && !nixEqual(name, this.input.name)) {
        if (this.input.nameFromConfig === true) {
          const loc = [...this.prefix, "_module", "args", "name"];
          throw new ModuleError(
            `infinite recursion encountered: ${quoteOption(loc)} depends on the \`name' it defines`,
            { code: "recursion", loc },
          );
        }
        const input = { ...this.input, name: name as string, nameFromConfig: true };
        return new Evaluation(input, this.own).run();
      }
    }
    return this;
  }

  /** Builds the option tree from collected modules (in collection order; merged in reverse, as Nix does). */
  build(modules: readonly NormalModule[]): this {
    if (this.input.name !== undefined) {
      this.nameMayBeRedefined = modules.some(
        (m) =>
          m.source !== this.internalSource &&
          !isNameDefinition(m.source) &&
          mayDefineName(m.config),
      );
    }
    // Modules that declare nothing are left out of the declarations, so submodule values whose
    // definitions come from different modules still share one grouping of the same declarations.
    // A module is its own declaration tree (its `file` and `options`).
    const decls: NormalModule[] = [];
    for (let i = modules.length - 1; i >= 0; i--) {
      if (!declaresNothing(modules[i]!.options)) decls.push(modules[i]!);
    }
    const defs = modules.map((m) => new Definition(m.file, m.config)).reverse();
    this.root = new Namespace(this.prefix, this.prefix.length, decls, defs);
    this.collecting = false;
    return this;
  }

  hasProvisionalValues(): boolean {
    return this.provisional !== undefined;
  }

  startAgainWithout(): boolean {
    this.incomplete = this.nextAttempt() !== undefined;
    return this.incomplete;
  }

  /** The next attempt, starting from this one's module arguments; undefined after the last. */
  private nextAttempt(): Evaluation | undefined {
    const attempt = (this.input.attempt ?? 0) + 1;
    if (attempt >= maxArgumentAttempts) return undefined;
    return new Evaluation({ ...this.input, argumentsFrom: this, attempt }, this.own);
  }

  undefinedArguments(names: readonly string[]): string[] {
    const source = this.provisional;
    return source === undefined ? [] : names.filter((name) => !source.definesArg(name));
  }

  call(fn: (args: unknown) => unknown, site: ModuleSite): unknown {
    return fn(this.argsFor(site));
  }

  /**
   * The traps of every arguments object; the proxy's target is the call it answers for, so a
   * module function call makes one small record, not a handler and its closures.
   */
  private static readonly argsHandler: ProxyHandler<ArgsCall> = {
    get: (call, key) =>
      typeof key === "string" ? call.evaluation.arg(key, call.site, call) : undefined,
    // Nix's `args ? name`: what every module gets, and once the modules are known, what
    // `_module.args` defines (the names a module reads from the object, as nixmod allows).
    has: ({ evaluation }, key) =>
      typeof key === "string" &&
      (evaluation.isFixed(key) || (!evaluation.collecting && evaluation.definesArg(key))),
    ownKeys: ({ evaluation }) => evaluation.fixedNames(),
    // A plain set to whoever inspects it, as the arguments object of earlier versions was.
    getPrototypeOf: () => Object.prototype,
    getOwnPropertyDescriptor: ({ evaluation }, key) =>
      typeof key === "string" && evaluation.isFixed(key)
        ? {
            value: evaluation.fixedArg(key),
            enumerable: true,
            configurable: true,
            writable: false,
          }
        : undefined,
  };

  /** The arguments object one module function gets; its errors name that module. */
  private argsFor(site: ModuleSite): object {
    return new Proxy(new ArgsCall(this, site), Evaluation.argsHandler);
  }

  private arg(name: string, site: ModuleSite, call: ArgsCall): unknown {
    if (this.isFixed(name)) return this.fixedArg(name);
    // The evaluation's own arguments are read only when asked for (`moduleType` builds a type).
    if (Object.prototype.hasOwnProperty.call(this.own, name) && !(name in this.specialArgs)) {
      return this.own[name];
    }
    // Once the modules are known, reading the arguments object gives the value itself.
    if (!this.collecting) return this.moduleArgFor(name, site);
    let standIn = call.standIns?.get(name);
    if (standIn === undefined) {
      const known = this.provisionalArg(name, site);
      if (known !== noProvisionalValue) return known;
      standIn = this.makeStandIn(name, site);
      (call.standIns ??= new Map()).set(name, standIn);
      (site.handed ??= []).push(name);
    }
    return standIn;
  }

  /**
   * While modules are loaded again with provisional values (see collect.ts), or in an attempt
   * that starts from the last one's (see `run`), an argument that is a scalar, list or function
   * is given as its value, which the evaluation checks against the final one; anything else
   * stays a stand-in, resolved when it is used.
   */
  private provisionalArg(name: string, site: ModuleSite): unknown {
    const source = this.provisional ?? this.input.argumentsFrom;
    if (source === undefined) return noProvisionalValue;
    let value: unknown;
    try {
      value = source.moduleArg(name);
    } catch (error) {
      // A value that reads `config` (or loops) waits to be used: a stand-in, checked at the end.
      if (isModuleError(error) && error.code === "recursion") {
        (this.lazyFallbacks ??= new Set()).add(name);
        return noProvisionalValue;
      }
      // One made from another argument that nothing loaded defines yet waits like that one.
      const waiting = deferralBehind(error);
      if (waiting !== undefined) {
        if (!this.lenientArgs) throw waiting;
        (this.lazyFallbacks ??= new Set()).add(name);
        return noProvisionalValue;
      }
      // One that nothing defines yet may be unused; one defined but failing (a conflict, no
      // value, a throw) fails the module, as a stand-in would only hide it, once no module
      // still waiting can change it (disable a definition, outrank it).
      if (isModuleError(error) && error.code === "no-value" && !source.definesArg(name)) {
        // Nothing loaded defines it: a module still waiting may, unless no round loads more.
        if (!this.lenientArgs) throw new DeferSignal(name);
        return noProvisionalValue;
      }
      if (!this.lenientArgs && this.provisional !== undefined) throw new DeferSignal(name);
      throw argumentError(name, site, error);
    }
    if (isAttrs(value)) return noProvisionalValue;
    const given = this.provisionalValue(name, value);
    (this.provisionalReads ??= new Map()).set(name, given);
    return given;
  }

  /** A provisional value as bodies get it: its functions call the final value's once it exists. */
  private provisionalValue(name: string, value: unknown): unknown {
    return provisionalValue(
      value,
      () => this.moduleArg(name),
      () => !this.collecting,
    );
  }

  /** `moduleArg`, with errors saying which module asked for the argument (as Nix does). */
  private moduleArgFor(name: string, site: ModuleSite): unknown {
    try {
      return this.moduleArg(name);
    } catch (error) {
      throw argumentError(name, site, error);
    }
  }

  /** A value for `_module.args.<name>` that resolves when it is first used. */
  private makeStandIn(name: string, site: ModuleSite): object {
    // One provisional value per stand-in and round: the calls its functions log add up.
    let given: { from: Evaluation; value: unknown } | undefined;
    const resolve = (): unknown => {
      if (!this.collecting) return this.moduleArgFor(name, site);
      const previous = this.input.argumentsFrom;
      const provisional = this.provisional ?? previous;
      if (provisional === undefined) throw new DeferSignal(name);
      if (given?.from === provisional) return given.value;
      let value: unknown;
      try {
        value = provisional.moduleArg(name);
      } catch (error) {
        // A module still waiting may define it: this one waits for the next round.
        if (isModuleError(error) && error.code === "no-value") throw new DeferSignal(name);
        // A value read from `config`: the last attempt's, or none before the modules are known.
        if (!isModuleError(error) || error.code !== "recursion") throw error;
        if (previous === undefined || previous === provisional) throw new DeferSignal(name, true);
        value = previous.moduleArg(name);
      }
      given = { from: provisional, value: this.provisionalValue(name, value) };
      (this.provisionalReads ??= new Map()).set(name, given.value);
      return given.value;
    };
    const box = (v: unknown): object => (typeof v === "object" && v !== null ? v : Object(v));
    // To the module system the stand-in is a thunk: a definition whose value is the argument
    // itself (`s = foo`) gets the argument's value, not the stand-in's boxed copy of it.
    const target = Object.create(Thunk.prototype) as object;
    const forceIt = () => resolve();
    return new Proxy(target, {
      get: (_t, key) => {
        if (key === forceThunk) return forceIt;
        const value = resolve();
        if (key === Symbol.toPrimitive && (typeof value !== "object" || value === null)) {
          return () => value;
        }
        // Placed inside a value, a stand-in stays one: JSON shows the argument's value there.
        if (
          key === "toJSON" &&
          (typeof value !== "object" || value === null || Array.isArray(value))
        )
          return () => value;
        const out = Reflect.get(box(value), key);
        return typeof out === "function" && key !== "constructor" ? out.bind(value) : out;
      },
      has: (_t, key) => Reflect.has(box(resolve()), key),
      ownKeys: () => Reflect.ownKeys(box(resolve())),
      getOwnPropertyDescriptor: (_t, key) => {
        const desc = Reflect.getOwnPropertyDescriptor(box(resolve()), key);
        return desc === undefined ? undefined : { ...desc, configurable: true };
      },
    });
  }

  /** `config._module.args`, its values lazy. */
  private moduleArgs(): Record<string, unknown> {
    return (this.tree.lookup(["_module", "args"]) as OptionNode).value as Record<string, unknown>;
  }

  /** Whether some definition names `_module.args.<name>` (its value may still fail). */
  definesArg(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.moduleArgs(), name);
  }

  /** `config._module.args.<name>`, or a clear error when nothing provides it. */
  moduleArg(name: string): unknown {
    const args = this.moduleArgs();
    if (!Object.prototype.hasOwnProperty.call(args, name)) {
      throw new ModuleError(
        // Nix's own words first (`attribute 'pkgs' missing` is what people search for), then why.
        `attribute '${name}' missing: the module argument \`${name}' is neither in specialArgs nor defined in ${quoteOption([...this.prefix, "_module", "args", name])}.`,
        { code: "no-value", loc: [...this.prefix, "_module", "args", name] },
      );
    }
    return args[name];
  }

  /** The root of the option tree. */
  get tree(): Namespace {
    if (this.collecting) {
      // The modules are not all known yet: what `config' holds depends on the module reading it.
      const where = this.prefix.length > 0 ? ` (in ${quoteOption(this.prefix)})` : "";
      throw new ModuleError(
        `infinite recursion encountered: a module reads \`config' or \`options' in its body${where}, while the modules are still being loaded; read it inside a getter, an mkIf condition function or a lazy default instead`,
        { code: "recursion", ...(this.prefix.length > 0 ? { loc: [...this.prefix] } : {}) },
      );
    }
    if (this.root === undefined)
      throw recursionError(this.prefix.length > 0 ? this.prefix : undefined);
    return this.root;
  }

  /** The configuration as modules see it (with `_module`, not checked). */
  get config(): object {
    if (this.internalConfig === undefined) this.internalConfig = this.makeConfig();
    return this.internalConfig;
  }

  /**
   * The merged freeform definitions, once: both configurations (the modules' and the checked
   * one) are made of it. Needed again while it is merged (a definition that reads `config` under
   * a type that reads its definitions), it is Nix's infinite recursion.
   */
  private freeformValue(): Record<string, unknown> | undefined {
    const known = this.freeform;
    if (known === mergingFreeform)
      throw recursionError(this.prefix.length > 0 ? this.prefix : undefined);
    if (known !== notMerged) return known as Record<string, unknown> | undefined;
    this.freeform = mergingFreeform;
    try {
      this.freeform = this.mergeFreeform();
    } finally {
      if (this.freeform === mergingFreeform) this.freeform = notMerged;
    }
    return this.freeform as Record<string, unknown> | undefined;
  }

  private mergeFreeform(): Record<string, unknown> | undefined {
    const freeformType = this.tree.optionValue(modulePath, "freeformType") as OptionType | null;
    if (freeformType === null) return undefined;
    // The cheap test first: most evaluations with a freeform type define only declared options.
    const unmatched = mayHaveUnmatched(this.tree) ? this.tree.unmatched() : [];
    const defs = unmatched.map((u) => ({ file: u.file, value: nestValue(u.prefix, u.value) }));
    if (defs.length === 0) return {};
    const merged = freeformType.merge(this.prefix, defs);
    // Nix's recursiveUpdate of the declared config onto it needs a set.
    if (!isAttrs(merged)) {
      throw new ModuleError(`value is ${nixValueKind(merged)} while a set was expected`, {
        code: "type",
        loc: this.prefix,
      });
    }
    // Nix reads the evaluation's own options (`_module.freeformType`, `_module.args`) from the
    // configuration, where recursiveUpdate tests whether a freeform `_module` is a set: such a
    // value is computed, and fails, whenever the configuration is used.
    if (Object.prototype.hasOwnProperty.call(merged, "_module")) void merged._module;
    return merged;
  }

  private makeConfig(skip?: string, owner?: Evaluation): object {
    return configView(this.tree, this.freeformValue(), skip, owner);
  }

  /** The option tree view. */
  get options(): object {
    if (this.publicOptions === undefined) this.publicOptions = optionsView(this.tree);
    return this.publicOptions;
  }

  /** Nix's `checkUnmatched`: a definition of an undeclared option is an error (unless freeform or unchecked). */
  check(): void {
    if (this.checkedOnce) return;
    const tree = this.tree;
    const checkOn = tree.optionValue(modulePath, "check");
    const freeform = tree.optionValue(modulePath, "freeformType");
    if (checkOn === true && freeform === null && mayHaveUnmatched(tree)) {
      const first = tree.unmatched()[0];
      if (first !== undefined) throw undeclaredError(this, first.prefix, first.file, first.value);
    }
    this.checkedOnce = true;
  }

  /** The configuration users get: checked, without `_module`. */
  get checkedConfig(): object {
    this.check();
    return this.publicView();
  }

  /** The configuration without `_module`, whether or not it has been checked. */
  publicView(): object {
    // The evaluation is kept with the view, for tools that look inside (explain, plan).
    this.publicConfig ??= this.makeConfig("_module", this);
    return this.publicConfig;
  }

  /** The option tree users get: checked. */
  get checkedOptions(): object {
    this.check();
    return this.options;
  }
}

/** Where the evaluation's own options are. */
const modulePath: readonly string[] = ["_module"];

/** The cheap test first; when it fails, `unmatched()` walks in Nix's order and reports the first error. */
function mayHaveUnmatched(tree: Namespace): boolean {
  try {
    return tree.hasUnmatched();
  } catch {
    return true;
  }
}

function declaresNothing(options: unknown): boolean {
  if (options === noOptions) return true;
  if (!isAttrs(options)) return false;
  // Runs for every module of every submodule value: no key array.
  for (const key in options) if (Object.prototype.hasOwnProperty.call(options, key)) return false;
  return true;
}

function nestValue(path: readonly string[], value: unknown): unknown {
  let out = value;
  for (let i = path.length - 1; i >= 0; i--) {
    const layer = {};
    Object.defineProperty(layer, path[i]!, { value: out, enumerable: true, configurable: true });
    out = layer;
  }
  return out;
}

function undeclaredError(
  ev: Evaluation,
  path: string[],
  file: string,
  value: unknown,
): ModuleError {
  const loc = [...ev.prefix, ...path];
  const parent = ev.tree.lookup(path.slice(0, -1));
  const siblings =
    parent instanceof Namespace
      ? [...parent.children.keys()].filter((n) => !(path.length === 1 && n === "_module"))
      : [];
  const wrong = path[path.length - 1]!;
  const quoted = closestNames(wrong, siblings).map(
    (n) => `\`${showOption([...loc.slice(0, -1), n])}'`,
  );
  const hint = quoted.length === 0 ? "" : `\n\n${didYouMean(quoted)}`;
  let shown: unknown;
  try {
    shown = force(value);
  } catch {
    // Left out of the message below (read there again, it fails again), as Nix's showDefs does.
  }
  const definitions = showDefinitions([
    {
      file,
      get value() {
        return force(value);
      },
    },
  ]);
  // With no option declared besides `_module`, the definitions were probably meant as declarations.
  const onlyInternal = [...ev.tree.children.keys()].every((n) => n === "_module");
  const noOptions = !onlyInternal
    ? ""
    : ev.prefix.length === 0
      ? "\n\nIt seems as if you're trying to declare an option by placing it into `config' rather than `options'!"
      : `\n\nHowever there are no options defined in ${quoteOption(ev.prefix)}. Are you sure you've\ndeclared your options properly? This can happen if you e.g. declared your options in \`types.submodule'\nunder \`config' rather than \`options'.`;
  return new ModuleError(
    `The option ${quoteOption(loc)} does not exist.${definitions}${hint}${noOptions}`,
    { code: "undeclared", loc, definitions: [{ file, value: shown }] },
  );
}

/** Evaluates modules with an internal `name` for submodules. */
export function evalModulesWith(args: InternalArgs): EvalResult {
  return makeResult(args, true);
}

/** What a result and its `_module.args` entries (`extendModules`, `moduleType`) share. */
class ResultState {
  ev: Evaluation | undefined;
  private moduleType: OptionType | undefined;
  private extend: ((more: Partial<EvalModulesArgs>) => EvalResult) | undefined;
  /** Where a stack overflow in collection or in the checks is reported. */
  readonly at: readonly string[] | undefined;
  private resultRecord: EvalResult | undefined;
  /** The evaluation's own `_module.args` entries, read only when asked for. */
  readonly own: Record<string, unknown>;

  constructor(readonly args: InternalArgs) {
    this.at = args.prefix !== undefined && args.prefix.length > 0 ? args.prefix : undefined;
    this.own = stateRecord(this, ownArgGetters);
  }

  /** The result record, made on first use: a submodule value needs only its configuration. */
  get result(): EvalResult {
    return (this.resultRecord ??= stateRecord(
      this,
      resultGetters,
      "configuration",
    ) as unknown as EvalResult);
  }

  evaluation(): Evaluation {
    if (this.ev === undefined) {
      const ev = withStackGuard(() => {
        try {
          return new Evaluation(this.args, this.own).run();
        } catch (error) {
          // What a module's own object throws while it is read (a proxy's trap) names the evaluation.
          if (isModuleError(error) || isStackOverflow(error)) throw error;
          if (isThrownInstance(error, DeferSignal)) {
            // A stand-in read where the module's own shape is read (`config = c`, `imports = l`).
            const loc = ["_module", "args", error.name];
            throw new ModuleError(
              `infinite recursion encountered: the module argument \`${error.name}' (${quoteOption(loc)}) is read to load the module that is given it (as its \`config', \`imports' or the module itself); only specialArgs can shape modules`,
              { code: "recursion", loc },
            );
          }
          throw new ModuleError(`while collecting the modules: ${thrownMessage(error)}`, {
            code: "thrown",
            cause: error,
          });
        }
      }, this.at);
      this.ev = ev;
    }
    return this.ev;
  }

  /** Nix's `type` (and the `moduleType` argument), made on first use: most evaluations (one per submodule value) never ask for it. */
  type(): OptionType {
    return (this.moduleType ??= submoduleWith({
      modules: this.args.modules,
      specialArgs: specialArgsOf(this.args),
      class: this.args.class ?? null,
    }));
  }

  /** Nix's `extendModules`: the result is evaluated on first use, so a module may take `extendModules { ... }).type` of its own evaluation while it is loaded. */
  extendModules(): (more: Partial<EvalModulesArgs>) => EvalResult {
    const args = this.args;
    return (this.extend ??= (more) => {
      checkExtendModulesArgs(more);
      return makeResult(
        {
          ...args,
          modules: [...args.modules, ...(more.modules ?? [])],
          specialArgs: { ...specialArgsOf(args), ...more.specialArgs },
          lazySpecialArgs: undefined,
          prefix: more.prefix ?? args.prefix,
        },
        false,
      );
    });
  }
}

/** The state behind a result record (a hidden field: no property for copies and comparisons to see). */
const resultStates = hiddenField<ResultState>();

function stateOf(target: object): ResultState {
  const state = resultStates.read(target);
  if (state !== undefined) return state;
  throw new ModuleError(
    "an evaluation result's getter was read from an object it was copied to; copy the result's values instead",
    { code: "invalid" },
  );
}

/** The evaluation behind a result or a config view, if it has run. */
function evaluationOf(target: object): Evaluation | undefined {
  // A value below an option may be anything; only objects are results or views.
  if (typeof target !== "object" || target === null) return undefined;
  const state = resultStates.get(target);
  if (state !== undefined) return state.ev;
  return viewOwner(target) as Evaluation | undefined;
}

/**
 * The configuration of `result` without Nix's check for definitions of undeclared options, for a
 * caller that knows the check passes: a container system built from a template whose own
 * evaluation passed it with definitions at the same paths (modules/system/system-template.ts).
 */
export function configWithoutCheck(result: EvalResult): object {
  const state = resultStates.get(result);
  return state === undefined ? result.config : readEvaluation(state, (e) => e.publicView());
}

/** Reads from a result's evaluation; a stack overflow is reported at the result's path. */
function readEvaluation<T>(state: ResultState, read: (e: Evaluation) => T): T {
  const e = state.evaluation();
  return withStackGuard(() => read(e), state.at);
}

/** A result property read from its evaluation. */
function fromEvaluation(read: (e: Evaluation) => unknown): (this: object) => unknown {
  return function (this: object) {
    return readEvaluation(stateOf(this), read);
  };
}

type Getter = (this: object) => unknown;

function typeGetter(this: object): unknown {
  return stateOf(this).type();
}

function extendModulesGetter(this: object): unknown {
  return stateOf(this).extendModules();
}

// Shared getters that find their state through the object: a result (one per submodule value)
// costs two small objects, not a closure per property.
const resultGetters: readonly (readonly [string, Getter])[] = [
  [
    "class",
    function (this: object) {
      return stateOf(this).args.class ?? null;
    },
  ],
  ["config", fromEvaluation((e) => e.checkedConfig)],
  ["graph", fromEvaluation((e) => e.graph())],
  ["options", fromEvaluation((e) => e.checkedOptions)],
  ["_module", fromEvaluation((e) => (e.config as Record<string, unknown>)._module)],
  ["type", typeGetter],
  ["extendModules", extendModulesGetter],
];

const ownArgGetters: readonly (readonly [string, Getter])[] = [
  ["extendModules", extendModulesGetter],
  ["moduleType", typeGetter],
];

/** A new record that holds `state` and reads it through `getters` (one per submodule value: made without descriptors). */
function stateRecord(
  state: ResultState,
  getters: readonly (readonly [string, Getter])[],
  type?: string,
): Record<string, unknown> {
  const record = emptyRecord<Record<string, unknown>>();
  resultStates.set(record, state);
  if (type !== undefined) record._type = type;
  for (let i = 0; i < getters.length; i++) defineGetter(record, getters[i]![0], getters[i]![1]);
  return record;
}

/** An error evaluating a module argument, saying which module asked for it (as Nix does). */
function argumentError(name: string, site: ModuleSite, error: unknown): unknown {
  if (!isModuleError(error)) return error;
  return new ModuleError(
    `while evaluating the module argument \`${name}' in "${site.key}":\n${error.message}`,
    { code: error.code, loc: error.loc, definitions: error.definitions, cause: error },
  );
}

/** The deferral an option's evaluation met (and wrapped as its error), if that is why it failed. */
function deferralBehind(error: unknown): DeferSignal | undefined {
  for (let e = error, depth = 0; e !== undefined && depth < 64; depth++) {
    if (isThrownInstance(e, DeferSignal)) return e;
    if (!isModuleError(e)) return undefined;
    e = e.cause;
  }
  return undefined;
}

/** `provisionalArg`'s answer when the argument stays a stand-in. */
const noProvisionalValue: unique symbol = Symbol("nixmod.noProvisionalValue");

/** The result of an evaluation; evaluated now, or on first use for `extendModules`. */
function makeResult(args: InternalArgs, eager: boolean): EvalResult {
  const state = new ResultState(args);
  if (eager) state.evaluation();
  return state.result;
}

/** The result of the evaluation a submodule value's configuration comes from (Nix's `configuration`). */
export function resultOfConfig(config: unknown): EvalResult | undefined {
  const ev = evaluationOf(config as object);
  return ev === undefined ? undefined : stateOf(ev.own).result;
}

/** The checked configuration of an evaluation, with no result record (a submodule value). */
export function evalModulesConfig(args: InternalArgs): object {
  return readEvaluation(new ResultState(args), (e) => e.checkedConfig);
}

/** Refuses arguments of the wrong kind as Nix does, in its words ("… while a list was expected"). */
function checkEvalModulesArgs(args: EvalModulesArgs): void {
  const wrong = (what: string, value: unknown, expected: string) =>
    wrongArgument(
      what,
      value,
      expected,
      "evalModules takes { modules, specialArgs?, prefix?, class? }",
    );
  if (!isAttrs(args)) throw wrong("the argument of evalModules", args, "a set");
  checkNamedArguments(
    "evalModules",
    args,
    ["modules", "prefix", "specialArgs", "class", "args", "check"],
    ["modules"],
  );
  if (!Array.isArray(args.modules)) throw wrong("`modules'", args.modules, "a list");
  if (args.specialArgs !== undefined && !isAttrs(args.specialArgs))
    throw wrong("`specialArgs'", args.specialArgs, "a set");
  if (args.prefix !== undefined) checkPrefix(args.prefix, wrong);
  if (args.class !== undefined && args.class !== null && typeof args.class !== "string")
    throw wrong("`class'", args.class, "a string");
}

function checkPrefix(
  prefix: unknown,
  wrong: (what: string, value: unknown, expected: string) => ModuleError,
): void {
  if (!Array.isArray(prefix)) throw wrong("`prefix'", prefix, "a list");
  const part = prefix.find((p) => typeof p !== "string");
  if (part !== undefined || prefix.length !== Object.keys(prefix).length)
    throw wrong("an element of `prefix'", part, "a string");
}

/** Nix's `extendModules { modules ? [ ], specialArgs ? { }, prefix ? [ ] }`: other names and wrong kinds are refused. */
function checkExtendModulesArgs(more: unknown): asserts more is Partial<EvalModulesArgs> {
  const wrong = (what: string, value: unknown, expected: string) =>
    wrongArgument(what, value, expected, "extendModules takes { modules?, specialArgs?, prefix? }");
  if (!isAttrs(more)) throw wrong("the argument of extendModules", more, "a set");
  checkNamedArguments("extendModules", more, ["modules", "specialArgs", "prefix"]);
  // `undefined` is JavaScript's absent argument; Nix's null is a value of the wrong kind.
  if (more.modules !== undefined && !Array.isArray(more.modules))
    throw wrong("`modules'", more.modules, "a list");
  if (more.specialArgs !== undefined && !isAttrs(more.specialArgs))
    throw wrong("`specialArgs'", more.specialArgs, "a set");
  if (more.prefix !== undefined) checkPrefix(more.prefix, wrong);
}

/** Evaluates a list of modules with Nix's module system semantics. */
export function evalModules(args: EvalModulesArgs): EvalResult {
  readingArgument("the argument of evalModules", () => checkEvalModulesArgs(args));
  // Nix adds the deprecated arguments as modules after the others, and warns.
  const legacyModules: Module[] = [];
  if (Object.hasOwn(args, "args")) {
    evaluationWarning(
      "The args argument to evalModules is deprecated. Please set config._module.args instead.",
    );
    legacyModules.push({ config: { _module: { args: args.args } } });
  }
  if (Object.hasOwn(args, "check")) {
    evaluationWarning(
      "The check argument to evalModules is deprecated. Please set config._module.check instead.",
    );
    legacyModules.push({ config: { _module: { check: mkDefault(args.check) } } });
  }
  return evalModulesWith({
    modules: legacyModules.length === 0 ? args.modules : [...args.modules, ...legacyModules],
    specialArgs: args.specialArgs,
    prefix: args.prefix,
    class: args.class,
  });
}

opaque(Evaluation, "Evaluation");

opaque(ResultState, "ResultState");
