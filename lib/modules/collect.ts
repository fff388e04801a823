/** Nix's `collectModules`: load every module and its imports, honour `key` and `disabledModules`. */
import {
  ModuleError,
  isModuleError,
  isThrownInstance,
  nixValueKind,
  quoteOption,
  showDefinitions,
  showOption,
  thrownMessage,
} from "../errors.ts";
import { mkMerge, typeTag } from "../properties.ts";
import { force, isStackOverflow, lazyProperty } from "../thunk.ts";
import { escapeNixValue } from "../render/nix-json.ts";
import { nixToString } from "../render/nix-to-string.ts";
import { isAttrs, isAttrSet, jsClassName, nixTypeOf, sortNames } from "../util/attrs.ts";
import { setFunctionArgs } from "../util/function-args.ts";
import { copyProperty } from "../util/lazy-fields.ts";
import { NormalModule, noOptions, unknownModule } from "./module.ts";

/** Thrown by a module argument stand-in read before the module list is known. */
export class DeferSignal {
  constructor(
    readonly name: string,
    /** The argument's value reads `config`, which no module can have while they are loaded. */
    readonly needsConfig = false,
  ) {}
}

/** A module with its imports, before `disabledModules` and de-duplication. */
interface Structured {
  key: string;
  module: NormalModule | undefined;
  children: readonly Structured[];
  source: unknown;
  fallbackFile: string;
  /** The module whose `imports` list this one (undefined at the top). */
  parent: Structured | undefined;
  /** How many `imports` lists lead here. */
  depth: number;
  /** What a module loaded with stand-ins gave, which the provisional values are made from. */
  firstTry?: NormalModule;
  /** What that first try imported: its definitions count among the provisional values too. */
  firstTryChildren?: readonly Structured[];
  /** The module argument it waits for, when its body read one no loaded module defines. */
  waitingFor?: string;
  /** Whether that argument's value reads `config` (see `Loader.startAgainWithout`). */
  waitingForConfig?: boolean;
}

/**
 * How deep `imports` may nest. Past it, as past Nix's call-depth limit, the imports are taken
 * for an endless chain (a module function that imports a new function each time).
 */
export const maxImportDepth = 100_000;

/** How many levels up a module is compared with its importers, to name the cycle it closes. */
const cycleSearchDepth = 64;

/** Where a module function is called from: its key, known for sure once the module is loaded. */
export interface ModuleSite {
  key: string;
  /** The module arguments the function was given stand-ins for, their values not yet known. */
  handed?: string[];
}

/** The stand-ins each module function was given, by the module it returned. */
const handedArgs = new WeakMap<NormalModule, readonly string[]>();

/** How modules are loaded: calls module functions with their arguments. */
export interface Loader {
  call(fn: (args: unknown) => unknown, site: ModuleSite): unknown;
  /** The option path the modules are loaded into (a submodule's location). */
  readonly prefix: readonly string[];
  /** The class every module's `_class` must match (`evalModules { class }`), or null for any. */
  readonly moduleClass: string | null;
  /** `specialArgs.modulesPath`, read only for a relative `disabledModules` path. */
  modulesPath(): string;
  /** Whether modules are being loaded again with provisional argument values. */
  hasProvisionalValues(): boolean;
  /** Those of `names` no module loaded so far defines in `_module.args` (each was a stand-in). */
  undefinedArguments(names: readonly string[]): string[];
  /**
   * Whether the evaluation may go on without the modules that wait for arguments computed from
   * `config`, and start again from its own results, which give those arguments their values.
   */
  startAgainWithout(): boolean;
}

/** The attributes a module in full form may have (Nix's `unifyModuleSyntax`). */
export const fullFormKeys: ReadonlySet<string> = new Set([
  "_class",
  "_file",
  "key",
  "disabledModules",
  "imports",
  "options",
  "config",
  "meta",
  "freeformType",
]);
/** The keys of a shorthand module that are no config (a list to test a module by, a set to look up). */
const shorthandReservedNames = [
  "_class",
  "_file",
  "key",
  "disabledModules",
  "require",
  "imports",
  "freeformType",
] as const;
const shorthandReserved: ReadonlySet<string> = new Set(shorthandReservedNames);

function hasOwn(obj: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

/** Whether every own key of a full-form module is one it may have (checked for every module loaded: no key array). */
function onlyFullFormKeys(m: Record<string, unknown>): boolean {
  for (const key in m) if (hasOwn(m, key) && !fullFormKeys.has(key)) return false;
  return true;
}

/** The list of a field a module does not have (most have no `imports` and no `disabledModules`). */
const noItems: readonly unknown[] = Object.freeze([]);

function listField(m: Record<string, unknown>, key: string, file: string): readonly unknown[] {
  if (!hasOwn(m, key)) return noItems;
  // A module argument's stand-in as the whole list is read here (see `loadModuleValue`).
  const value = force(m[key]);
  if (!Array.isArray(value)) {
    throw new ModuleError(
      `value is ${nixValueKind(value)} while a list was expected: the \`${key}' of module \`${file}'.${showDefinitions([{ file, value }])}`,
      {
        code: "invalid",
      },
    );
  }
  return value;
}

/** A module's `require` and `imports`, in that order (most modules have neither). */
function importsOf(m: Record<string, unknown>, file: string): readonly unknown[] {
  const required = listField(m, "require", file);
  const imports = listField(m, "imports", file);
  return required.length === 0 ? imports : [...required, ...imports];
}

/** Nix's `unifyModuleSyntax`: a module in canonical form. */
function unify(
  file: string,
  key: string,
  m: Record<string, unknown>,
  source: unknown,
): NormalModule {
  // Nix's `toString`: `key = true` is "1", a list's items are joined with spaces.
  const moduleFile = hasOwn(m, "_file") ? nixToString(m._file) : file;
  const moduleKey = hasOwn(m, "key") ? nixToString(m.key) : key;
  let config: unknown;
  let options: object = noOptions;
  if (hasOwn(m, "config") || hasOwn(m, "options")) {
    if (!onlyFullFormKeys(m)) {
      const bad = sortNames(Object.keys(m).filter((k) => !fullFormKeys.has(k)));
      throw new ModuleError(
        `Module \`${key}' has an unsupported attribute \`${bad[0]}'. This is caused by introducing a top-level \`config' or \`options' attribute. Add configuration attributes immediately on the top level instead, or move all of them (namely: ${bad.join(" ")}) into the explicit \`config' attribute.`,
        { code: "invalid" },
      );
    }
    config = hasOwn(m, "config") ? lazyProperty(m, "config") : {};
    options = hasOwn(m, "options") ? (m.options as object) : noOptions;
    // Nix's addMeta: a full-form module's `meta` is a definition of the option `meta`.
    if (hasOwn(m, "meta")) {
      const meta = {};
      copyProperty(meta, m, "meta");
      config = mkMerge([config, meta]);
    }
  } else {
    // Most shorthand modules have none of the reserved names: tested without a key array.
    let reserved = false;
    for (let i = 0; i < shorthandReservedNames.length && !reserved; i++) {
      reserved = hasOwn(m, shorthandReservedNames[i]!);
    }
    if (!reserved) {
      config = m;
    } else {
      const shorthand: Record<string, unknown> = {};
      for (const k of Object.keys(m)) {
        if (shorthandReserved.has(k)) continue;
        copyProperty(shorthand, m, k);
      }
      config = shorthand;
    }
  }
  if (hasOwn(m, "freeformType")) {
    config = mkMerge([config, { _module: { freeformType: m.freeformType } }]);
  }
  return new NormalModule(
    moduleFile,
    moduleKey,
    listField(m, "disabledModules", moduleFile),
    importsOf(m, moduleFile),
    options,
    config,
    source,
  );
}

/** `loadModuleValue`, with an error thrown by the module's own code (its function, a getter) as a ModuleError. */
function loadModule(loader: Loader, file: string, key: string, m: unknown): NormalModule {
  try {
    return loadModuleValue(loader, file, key, m);
  } catch (error) {
    if (isModuleError(error) || isThrownInstance(error, DeferSignal) || isStackOverflow(error))
      throw error;
    const message = thrownMessage(error);
    throw new ModuleError(`while loading the module \`${key}' from \`${file}': ${message}`, {
      code: "thrown",
      cause: error,
    });
  }
}

/** What to do about an argument no module loaded without the reading one defines. */
function undefinedArgumentHint(name: string): string {
  return `If none defines it at all, this is Nix's attribute '${name}' missing; if the module itself defines it, read it inside a getter instead of in the body`;
}

/**
 * A module function's own failure where it was given stand-ins for arguments nothing defines:
 * the likely cause (Nix's lazy arguments would fail as "attribute missing" where it used one).
 */
function missingArgumentsError(
  file: string,
  key: string,
  error: unknown,
  names: readonly string[],
): ModuleError {
  const list = names.map((name) => `\`${name}'`).join(", ");
  const where = names.map((name) => quoteOption(["_module", "args", name])).join(", ");
  return new ModuleError(
    `while loading the module \`${key}' from \`${file}': ${thrownMessage(error)}\nThe module function was given no value for ${list}: no module loaded without it defines ${where}. ${undefinedArgumentHint(names[0]!)}.`,
    { code: "no-value", cause: error, loc: ["_module", "args", names[0]!] },
  );
}

/** What an object given as a module (or a function's result) is when it is a promise, a generator or one of JavaScript's own collections: never a module. */
function notModuleKind(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  // A plain set with a `then` function is a module (an option may be named `then`).
  const proto: unknown = Object.getPrototypeOf(value);
  const plain = proto === Object.prototype || proto === null;
  if (
    value instanceof Promise ||
    (!plain && typeof (value as { then?: unknown }).then === "function")
  )
    return "a Promise (the module system is synchronous: an async function cannot be a module)";
  if (Object.prototype.toString.call(value) === "[object Generator]")
    return "a generator (a generator function cannot be a module)";
  if (!isAttrSet(value))
    return Array.isArray(value) ? "a list" : `a ${jsClassName(value)} (not an attribute set)`;
  return undefined;
}

/**
 * A set with `__functor` as the function Nix takes it for (`lib.isFunction`): one whose functor
 * gives a function is applied as a module function is, its pattern `__functionArgs` or that of
 * the function (`lib.functionArgs`). Any other value is itself.
 */
function functorAsFunction(value: unknown): unknown {
  if (!isAttrs(value) || !hasOwn(value, "__functor")) return value;
  const functor = force(value.__functor);
  if (typeof functor !== "function") return value;
  const inner = force((functor as (self: unknown) => unknown)(value));
  if (typeof inner !== "function") return value;
  if (!hasOwn(value, "__functionArgs")) return inner;
  // A function of its own, so that the given pattern is this set's, not `inner`'s everywhere.
  const apply = (args: unknown) => (inner as (args: unknown) => unknown)(args);
  return setFunctionArgs(apply, () => {
    const declared = force(value.__functionArgs);
    if (!isAttrs(declared)) return undefined;
    return new Map(Object.keys(declared).map((name) => [name, declared[name] === true]));
  });
}

/** Loads one module value: calls a function module, accepts an object or a bare `mkIf`/`mkOverride`. */
function loadModuleValue(loader: Loader, file: string, key: string, given: unknown): NormalModule {
  // A module argument's stand-in in `imports` is read here (as Nix would: infinite recursion).
  const m = functorAsFunction(force(given));
  if (typeof m === "function") {
    const site: ModuleSite = { key };
    let result: unknown;
    try {
      // A module argument's stand-in as the whole module is read here, as for `imports`.
      result = force(loader.call(m as (args: unknown) => unknown, site));
    } catch (error) {
      // A stand-in may have been used where its value was needed (`f(1)`, a type constructor's
      // argument): the module is loaded again with provisional values, and fails then if it must.
      if (
        site.handed !== undefined &&
        !loader.hasProvisionalValues() &&
        !isThrownInstance(error, DeferSignal) &&
        !isStackOverflow(error)
      )
        throw new DeferSignal(site.handed[0]!);
      if (
        site.handed !== undefined &&
        !isModuleError(error) &&
        !isThrownInstance(error, DeferSignal) &&
        !isStackOverflow(error)
      ) {
        const missing = loader.undefinedArguments(site.handed);
        if (missing.length > 0) throw missingArgumentsError(file, key, error, missing);
      }
      throw error;
    }
    const wrongKind = notModuleKind(result);
    if (wrongKind !== undefined) {
      throw new ModuleError(
        `module ${file} (${key}) does not look like a module: its function returned ${wrongKind}.`,
        { code: "invalid" },
      );
    }
    if (!isAttrs(result)) {
      throw new ModuleError(
        `module ${file} (${key}) does not look like a module: its function returned ${nixValueKind(result)}.`,
        {
          code: "invalid",
        },
      );
    }
    // As in Nix, a function's result is not checked for `_type`: `() => mkMerge([…])` is config.
    const loaded = checkClass(loader, result, unify(file, key, result, m));
    // Errors about this module's arguments name the key the module gave itself.
    site.key = loaded.key;
    if (site.handed !== undefined) handedArgs.set(loaded, site.handed);
    return loaded;
  }
  if (isAttrs(m)) {
    const wrongKind = notModuleKind(m);
    if (wrongKind !== undefined) {
      throw new ModuleError(
        `module ${file} (${key}) does not look like a module: got ${wrongKind}.`,
        {
          code: "invalid",
        },
      );
    }
    return loadAttrs(loader, file, key, m, m);
  }
  if (Array.isArray(m)) {
    throw new ModuleError(
      `Module imports can't be nested lists. Perhaps you meant to remove one level of lists? Definitions:${showDefinitions([{ file, value: m }]).slice(" Definition values:".length)}`,
      { code: "invalid" },
    );
  }
  // Nix's own words first: it takes such a value for the path of a module file.
  const asPath =
    typeof m === "string"
      ? m.startsWith("/")
        ? `cannot import '${m}': a string is no module in nixmod (there are no module files)`
        : `string '${m}' doesn't represent an absolute path`
      : `cannot coerce ${nixValueKind(m)} to a string`;
  throw new ModuleError(
    `${asPath}: module ${file} (${key}) does not look like a module: got ${m === null ? "null" : typeof m}.`,
    { code: "invalid" },
  );
}

/** What a tagged value that is not a module probably is, and what to do instead (Nix's words). */
function notAModuleAdvice(tag: string, expectedClass: string | null): string | undefined {
  if (tag === "configuration") {
    return [
      "If you really mean to import this configuration, instead please only import the modules that make up the configuration.",
      "You may have to create a `let` binding, file or attribute to give yourself access to the relevant modules.",
      "While loading a configuration into the module system is a very sensible idea, it can not be done cleanly in practice.",
    ].join("\n");
  }
  if (tag !== "flake") return undefined;
  const classModules = expectedClass === null ? undefined : flakeClassModules.get(expectedClass);
  return [
    "Perhaps you forgot to select an attribute name?",
    "Instead of, for example,",
    "    inputs.someflake",
    "you need to write something like",
    `    inputs.someflake.modules.${expectedClass ?? "someApp"}.default`,
    ...(classModules === undefined ? [] : ["or", `    inputs.someflake.${classModules}.default`]),
  ].join("\n");
}

/** The flake outputs that held a class's modules before `modules.<class>`, which Nix suggests too. */
const flakeClassModules = new Map([
  ["nixos", "nixosModules"],
  ["darwin", "darwinModules"],
]);

/** Nix's `checkModule`: a module's `_class`, when it has one, must be the evaluation's class. */
function checkClass(
  loader: Loader,
  m: Record<string, unknown>,
  loaded: NormalModule,
): NormalModule {
  const expected = loader.moduleClass;
  const own = hasOwn(m, "_class") ? m._class : null;
  if (expected === null || own === null || own === undefined || own === expected) return loaded;
  // A class that is no string shows as Nix's JSON of it.
  const shown = escapeNixValue(own);
  const wanted = escapeNixValue(expected);
  throw new ModuleError(
    `The module \`${loaded.file}\` (class: ${shown}) cannot be imported into a module evaluation that expects class ${wanted}.

Help:
- Ensure that you are importing the correct module.
- Verify that the module's \`_class\`, ${shown} matches the expected \`class\` ${wanted}.
- If you are using a custom class, make sure it is correctly defined and used consistently across your modules.
`,
    { code: "invalid" },
  );
}

function loadAttrs(
  loader: Loader,
  file: string,
  key: string,
  m: Record<string, unknown>,
  source: unknown,
): NormalModule {
  const tag = typeTag(m);
  if (tag === undefined || tag === "module")
    return checkClass(loader, m, unify(file, key, m, source));
  if (tag === "if" || tag === "override") return unify(file, key, { config: m }, source);
  const into =
    (file !== unknownModule ? `, while trying to load a module into ${file}` : "") +
    (loader.prefix.length > 0
      ? `, while trying to load a module into ${showOption(loader.prefix)}`
      : "");
  const advice = notAModuleAdvice(tag, loader.moduleClass);
  throw new ModuleError(
    `Expected a module, but found a value of type "${tag}"${into}.\n` +
      "A module is typically loaded by adding it to the imports = [ ... ]; attribute of an existing module, or in the modules = [ ... ]; argument of various functions.\n" +
      "Please make sure that each of the list items is a module, and not a different kind of value." +
      (advice === undefined ? "" : `\n\n${advice}`),
    { code: "invalid" },
  );
}

/**
 * What loading found that needs a further pass over the tree; most evaluations need none, and
 * their modules are flattened straight away.
 */
class Findings {
  /** Some module waits for a module argument. */
  deferred = false;
  /** Some module function was given stand-ins for arguments. */
  handed = false;
  /** Some module lists `disabledModules`. */
  disables = false;
}

function collectStructured(
  loader: Loader,
  parentFile: string,
  parentKey: string,
  list: readonly unknown[],
  findings?: Findings,
): Structured[] {
  const nodes = childNodes(parentFile, parentKey, list, undefined);
  resolveAll(loader, nodes, findings);
  return nodes;
}

/** The keys of the first modules of a list given to an evaluation, which every evaluation repeats. */
const topKeys: string[] = [];
const maxTopKeys = 1024;

/** Nix's key of the `i`th module (from 0) of a list without keys: its position below its parent. */
function anonymousKey(parentKey: string, i: number): string {
  if (parentKey !== "" || i >= maxTopKeys) return `${parentKey}:anon-${i + 1}`;
  while (topKeys.length <= i) topKeys.push(`:anon-${topKeys.length + 1}`);
  return topKeys[i]!;
}

/** The children of a module that imports nothing (never changed: nodes get new lists). */
const noChildren: readonly Structured[] = Object.freeze([]);

function childNodes(
  parentFile: string,
  parentKey: string,
  list: readonly unknown[],
  parent: Structured | undefined,
): Structured[] {
  if (list.length === 0) return noChildren as Structured[];
  const depth = parent === undefined ? 0 : parent.depth + 1;
  return list.map((x, i) => ({
    key: anonymousKey(parentKey, i),
    module: undefined,
    children: noChildren,
    source: x,
    fallbackFile: parentFile,
    parent,
    depth,
  }));
}

/**
 * Refuses a module that imports itself, directly or through the modules it imports, and
 * imports nested past `maxImportDepth`: both would load for ever. (Nix, which dedups by key
 * only after collecting every module's `disabledModules`, overflows its stack on them.)
 */
function checkImportChain(node: Structured): void {
  const source = node.source;
  if (typeof source === "object" || typeof source === "function") {
    let steps = 0;
    for (let up = node.parent; up !== undefined && steps < cycleSearchDepth; up = up.parent) {
      steps++;
      if (up.source === source) {
        // Only now the keys on the way: every module is checked, and almost none closes a cycle.
        const chain: string[] = [];
        for (let on = node.parent; on !== undefined; on = on.parent) {
          chain.push(on.key);
          if (on === up) break;
        }
        const through = chain.reverse().map((key) => `\`${key}'`);
        throw new ModuleError(
          `infinite recursion encountered: the module ${through[0]} imports itself` +
            (through.length > 1 ? ` (through ${through.slice(1).join(", ")})` : ""),
          { code: "recursion" },
        );
      }
    }
  }
  if (node.depth > maxImportDepth) {
    throw new ModuleError(
      `stack exhausted while collecting modules: imports nest more than ${maxImportDepth} levels deep (possible infinite recursion: a module that imports a new module each time)`,
      { code: "stack" },
    );
  }
}

/**
 * Loads `nodes` and everything they import, depth first and in order, with an explicit
 * stack: the depth of `imports` costs no call frames, so deep import chains load.
 */
function resolveAll(
  loader: Loader,
  nodes: readonly Structured[],
  findings: Findings = new Findings(),
): void {
  const stack = [...nodes].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    checkImportChain(node);
    try {
      node.module = loadModule(loader, node.fallbackFile, node.key, node.source);
    } catch (error) {
      if (error instanceof DeferSignal) {
        node.waitingFor = error.name;
        node.waitingForConfig = error.needsConfig;
        findings.deferred = true;
        continue;
      }
      throw error;
    }
    if (handedArgs.has(node.module)) findings.handed = true;
    if (node.module.disabledModules.length > 0) findings.disables = true;
    node.key = node.module.key;
    node.children = childNodes(node.module.file, node.module.key, node.module.imports, node);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
}

function resolveStructured(loader: Loader, node: Structured): Structured {
  resolveAll(loader, [node]);
  return node;
}

/** Visits every node of the tree depth first, in order (below loaded nodes only), without recursion. */
function walkNodes(roots: readonly Structured[], visit: (node: Structured) => void): void {
  const stack = [...roots].reverse();
  while (stack.length > 0) {
    const n = stack.pop()!;
    visit(n);
    if (n.module !== undefined) {
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
    }
  }
}

function deferredNodes(nodes: Structured[]): Structured[] {
  const out: Structured[] = [];
  walkNodes(nodes, (n) => {
    if (n.module === undefined) out.push(n);
  });
  return out;
}

/** Nix's `isConvertibleWithToString`: what `toString` takes (string-like sets, null, numbers, Booleans, lists of those). */
function convertibleWithToString(value: unknown): boolean {
  if (value === null || ["string", "number", "bigint", "boolean"].includes(typeof value)) {
    return true;
  }
  if (Array.isArray(value)) return value.every(convertibleWithToString);
  return isAttrs(value) && (typeof value.__toString === "function" || hasOwn(value, "outPath"));
}

/**
 * What a `disabledModules` item names, as Nix's `moduleKey` reads it: a string relative to
 * `modulesPath`, anything `toString` takes as its text, a set's `key`. A module object or
 * function without a key (Nix has path values for these) names itself.
 */
function disabledKey(file: string, entry: unknown, loader: Loader): string | unknown {
  if (typeof entry === "string") {
    return entry.startsWith("/") ? entry : `${loader.modulesPath()}/${entry}`;
  }
  if (convertibleWithToString(entry)) {
    const text = nixToString(entry);
    if (isAttrs(entry) && hasOwn(entry, "key") && entry.key !== text) {
      throw new ModuleError(
        `Module \`${file}\` contains a disabledModules item that is an attribute set that can be converted to a string (${text}) but also has a \`.key\` attribute (${String(entry.key)}) with a different value. This makes it ambiguous which module should be disabled.`,
        { code: "invalid" },
      );
    }
    return text;
  }
  // Module keys are strings: a key of another kind is compared as it is, and matches none.
  if (isAttrs(entry) && hasOwn(entry, "key"))
    return typeof entry.key === "string" ? entry.key : Symbol("nixmod.unmatchedKey");
  if (isAttrs(entry) || typeof entry === "function") return entry;
  throw new ModuleError(
    `Each disabledModules item must be a path, string, or a attribute set with a key attribute, or a value supported by toString. However, one of the disabledModules items in \`${file}\` is none of that, but is of type ${nixTypeOf(entry)}.`,
    { code: "invalid" },
  );
}

/** Whether a node is disabled by some module's `disabledModules`. */
function disabledTest(roots: Structured[], loader: Loader): (node: Structured) => boolean {
  const disabled = new Set<unknown>();
  walkNodes(roots, (n) => {
    if (n.module === undefined) return;
    for (const d of n.module.disabledModules) disabled.add(disabledKey(n.module.file, d, loader));
  });
  // Most evaluations disable nothing: then nothing is looked up.
  return disabled.size === 0
    ? () => false
    : (n: Structured) => disabled.has(n.key) || disabled.has(n.source);
}

const neverDisabled = (): boolean => false;

/** Up to how many modules `filterModules` looks through the ones it took for a key. */
const maxScannedKeys = 16;

function keyTaken(taken: readonly NormalModule[], key: string): boolean {
  for (let i = 0; i < taken.length; i++) if (taken[i]!.key === key) return true;
  return false;
}

/**
 * Flattens the collected tree in Nix's order (breadth first, first key wins, disabled modules
 * removed); `mayDisable` false says no module lists `disabledModules`.
 */
function filterModules(roots: Structured[], loader: Loader, mayDisable = true): NormalModule[] {
  const isDisabled = mayDisable ? disabledTest(roots, loader) : neverDisabled;
  // The keys taken so far are those of `out`; a set of them is made only for many modules.
  let seen: Set<string> | undefined;
  const out: NormalModule[] = [];
  const queue: Structured[] = roots.filter((n) => !isDisabled(n));
  for (let i = 0; i < queue.length; i++) {
    const n = queue[i]!;
    if (n.module === undefined) continue;
    if (seen !== undefined ? seen.has(n.key) : keyTaken(out, n.key)) continue;
    if (seen !== undefined) seen.add(n.key);
    else if (out.length === maxScannedKeys) seen = new Set([...out.map((m) => m.key), n.key]);
    out.push(n.module);
    const children = n.children;
    for (let c = 0; c < children.length; c++)
      if (!isDisabled(children[c]!)) queue.push(children[c]!);
  }
  return out;
}

/** The result of collection: the modules in Nix's order, and whether some had to wait for `_module.args`. */
export interface Collected {
  modules: NormalModule[];
  /**
   * Loads the modules that wait for `_module.args` values, given provisional values made from
   * `modules`; `provide` is called with more modules when some still wait after a round.
   */
  retry:
    ((provide: (modules: NormalModule[], lenient: boolean) => void) => NormalModule[]) | undefined;
}

/** Whether some module waits to be loaded and has given no definitions yet. */
function unknownDefinitions(roots: Structured[]): boolean {
  return deferredNodes(roots).some((node) => node.firstTry === undefined);
}

/**
 * What the modules define `_module.args.<name>` as, read without evaluating anything: `object`
 * when every definition is a plain attribute set, `none` without definitions, `other` for
 * anything else (a scalar, list or function, or what only evaluation tells: getters, mkIf).
 */
function argumentKind(modules: readonly NormalModule[], name: string): "object" | "none" | "other" {
  let found = false;
  for (const m of modules) {
    let level: unknown = m.config;
    for (const key of ["_module", "args", name]) {
      if (typeTag(level) !== undefined) return "other";
      if (!isAttrs(level)) {
        level = undefined;
        break;
      }
      const desc = Object.getOwnPropertyDescriptor(level, key);
      if (desc === undefined) {
        level = undefined;
        break;
      }
      if (desc.get !== undefined) return "other";
      level = desc.value;
    }
    if (level === undefined) continue;
    if (!isAttrs(level) || typeTag(level) !== undefined) return "other";
    found = true;
  }
  return found ? "object" : "none";
}

/**
 * Loads again, once the other modules give provisional values, the module functions that were
 * given a stand-in for an argument that may be no attribute set: a scalar, list or function
 * stand-in cannot answer `if (flag)`, `host === "x"` or `f(1)` in the body.
 */
function deferUncertainArguments(roots: Structured[]): void {
  const handed: Structured[] = [];
  walkNodes(roots, (n) => {
    if (n.module !== undefined && handedArgs.has(n.module)) handed.push(n);
  });
  if (handed.length === 0) return;
  const modules: NormalModule[] = [];
  walkNodes(roots, (n) => {
    if (n.module !== undefined) modules.push(n.module);
  });
  const kinds = new Map<string, string>();
  const kindOf = (name: string) => {
    let kind = kinds.get(name);
    if (kind === undefined) kinds.set(name, (kind = argumentKind(modules, name)));
    return kind;
  };
  // A module that has not loaded may define what the others found no definition of.
  const unknown = unknownDefinitions(roots);
  const uncertain = (name: string) => {
    const kind = kindOf(name);
    return kind === "other" || (kind === "none" && unknown);
  };
  for (const node of handed) {
    if (handedArgs.get(node.module!)!.some(uncertain)) {
      node.firstTry = node.module;
      node.firstTryChildren = node.children;
      node.module = undefined;
      node.children = [];
    }
  }
}

/** Why the modules still waiting for a module argument cannot be loaded: only they could define it. */
function waitingError(name: string): ModuleError {
  return new ModuleError(
    `infinite recursion encountered: a module reads the module argument \`${name}' in its body, and no module loaded without it defines ${quoteOption(["_module", "args", name])}. ${undefinedArgumentHint(name)}`,
    { code: "recursion", loc: ["_module", "args", name] },
  );
}

/**
 * The modules provisional argument values come from: those loaded, and what waiting ones and
 * their imports gave with stand-ins (a module may define, in what it imports, the very argument
 * its body or another's reads). A key already present is not added again.
 */
function provisionalModules(roots: Structured[], loader: Loader): NormalModule[] {
  const modules = filterModules(roots, loader);
  const seen = new Set(modules.map((m) => m.key));
  const added: NormalModule[] = [];
  const stack = deferredNodes(roots).reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    const module = node.module ?? node.firstTry;
    if (module === undefined || seen.has(module.key)) continue;
    seen.add(module.key);
    added.push(module);
    const children = node.module !== undefined ? node.children : (node.firstTryChildren ?? []);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  if (added.length === 0) return modules;
  // What a waiting module's first try disables is disabled among the provisional modules too.
  const disabled = new Set<unknown>();
  for (const m of added)
    for (const d of m.disabledModules) disabled.add(disabledKey(m.file, d, loader));
  const kept = (m: NormalModule) => !disabled.has(m.key) && !disabled.has(m.source);
  return disabled.size === 0 ? [...modules, ...added] : [...modules, ...added].filter(kept);
}

/** Collects `initial` and everything it imports. */
export function collectModules(loader: Loader, initial: readonly unknown[]): Collected {
  const findings = new Findings();
  const roots = collectStructured(loader, unknownModule, "", initial, findings);
  if (!findings.deferred && !findings.handed)
    return { modules: filterModules(roots, loader, findings.disables), retry: undefined };
  deferUncertainArguments(roots);
  if (deferredNodes(roots).length === 0)
    return { modules: filterModules(roots, loader), retry: undefined };
  return {
    modules: provisionalModules(roots, loader),
    // In rounds: a module may wait for an argument that one loaded in the round before defines.
    retry: (provide) => {
      // Strict rounds first: a module waits for an argument nothing loaded defines yet, as one
      // still waiting may define it. When a round loads nothing, one lenient round gives such
      // arguments stand-ins (they may be unused), and then a module still waiting waits for good.
      let lenient = false;
      for (let pending = deferredNodes(roots); pending.length > 0;) {
        for (const node of pending) resolveStructured(loader, node);
        const waiting = deferredNodes(roots);
        if (waiting.length === pending.length) {
          // Each module still waiting failed this round on the argument it waits for.
          if (lenient) {
            if (waiting.every((n) => n.waitingForConfig === true) && loader.startAgainWithout())
              break;
            throw waitingError(waiting[0]!.waitingFor!);
          }
          lenient = true;
        }
        if (waiting.length > 0) provide(provisionalModules(roots, loader), lenient);
        pending = waiting;
      }
      return filterModules(roots, loader);
    },
  };
}

/** One module of an evaluation's import graph (Nix's `graph`), attributes in Nix's order. */
export interface ModuleGraphNode {
  /** Whether a `disabledModules` entry names it; what it imports is listed all the same. */
  disabled: boolean;
  file: string;
  imports: ModuleGraphNode[];
  key: string;
}

/**
 * Nix's `graph`: every module given and imported, as imported (keys repeat, nothing is
 * dropped), except the module system's own. Modules are collected again, as Nix does, so an
 * evaluation keeps no tree it is rarely asked for.
 */
export function moduleGraph(
  loader: Loader,
  initial: readonly unknown[],
  internalKey: string,
): ModuleGraphNode[] {
  const roots = collectStructured(loader, unknownModule, "", initial);
  for (const node of deferredNodes(roots)) resolveStructured(loader, node);
  const isDisabled = disabledTest(roots, loader);
  const toNode = (n: Structured): ModuleGraphNode => {
    if (n.module === undefined) {
      throw new ModuleError(
        `infinite recursion encountered: the module ${n.key} cannot be loaded`,
        {
          code: "recursion",
        },
      );
    }
    return {
      disabled: isDisabled(n),
      file: n.module.file,
      imports: n.children.map(toNode),
      key: n.key,
    };
  };
  return roots.filter((n) => n.key !== internalKey).map(toNode);
}
