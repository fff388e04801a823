/** `submodule` and `submoduleWith`: a nested module evaluation for each value. */
import { ownGetter } from "../util/define-getter.ts";
import { ModuleError, nixValueKind, wrongArgument } from "../errors.ts";
import { evalModulesConfig, evalModulesWith, resultOfConfig } from "../modules/eval-modules.ts";
import { nameDefinition, type Module, type ModuleObject } from "../modules/module.ts";
import { mkOptionDefault } from "../properties.ts";
import { Thunk } from "../thunk.ts";
import { isAttrs, isAttrSet } from "../util/attrs.ts";
import { copyProperty, lazyFields } from "../util/lazy-fields.ts";
import { checkNamedArguments } from "../util/named-arguments.ts";
import { checkOnlyFileAndValue } from "./merge-functions.ts";
import { checkedBy } from "./merge-v2.ts";
import { Definition, mkOptionType, type Def, type OptionType } from "./option-type.ts";

/** What `submoduleWith` takes. */
export interface SubmoduleOptions {
  modules: readonly Module[];
  specialArgs?: Record<string, unknown>;
  /** Whether a plain object definition is all config (true for `submodule`); null means undecided. */
  shorthandOnlyDefinesConfig?: boolean | null;
  description?: string | null;
  /** The class of the submodule's modules (as `evalModules`'s `class`), or null for any. */
  class?: string | null;
}

// Nix's module giving `name` its default: no file of its own, as in Nix. In full form (`config`
// spelled out), as every submodule value loads it: a shorthand module that also has `_file` is
// copied into a new object each time it is loaded.
const defaultName: ModuleObject = {
  _file: "<unknown-file>",
  config: { _module: { args: { name: mkOptionDefault("‹name›") } } },
  [nameDefinition]: true,
};

/** Nix's `{ _module.args.name = last loc; }` for a submodule value, marked as the submodule's own. */
function nameModule(name: string): ModuleObject {
  return { _module: { args: { name } }, [nameDefinition]: true };
}

/** A module that turns `_module.check` off, so that documentation evaluates whatever is defined. */
export const noCheckForDocsModule: Module = {
  _file: "<built-in module that disables checks for the purpose of documentation generation>",
  config: { _module: { check: { _type: "override", priority: 50, content: false } } },
};

/**
 * The definitions as modules. As Nix's `isAttrs value && shorthandOnlyDefinesConfig`, the rule is
 * read for a set only: declarations that disagree on it do not matter to function values.
 */
function definitionModules(
  defs: readonly Def[],
  shorthandOnlyDefinesConfig: () => boolean | null,
): Module[] {
  // One definition after the other, as Nix's `map`: its argument pattern, then the shorthand rule.
  return defs.map((def) => {
    try {
      if (!(def instanceof Definition)) checkOnlyFileAndValue(def, "submoduleWith");
      const { file, value } = def;
      if (!isAttrs(value)) return { _file: file, imports: [value as Module] };
      const rule: unknown = shorthandOnlyDefinesConfig();
      // Nix's `&&` needs a Boolean: an undecided (null) rule fails a set's definition.
      if (typeof rule !== "boolean") {
        throw new ModuleError(`value is ${nixValueKind(rule)} while a Boolean was expected`, {
          code: "type",
        });
      }
      return rule ? { _file: file, config: value } : { _file: file, imports: [value as Module] };
    } catch (error) {
      // Nix's list is lazy: the failure comes when collection loads this definition's module,
      // after the modules before it (the type's own among them) have loaded.
      return new Thunk(() => {
        throw error;
      }) as unknown as Module;
    }
  });
}

/** The shorthand rule of `opts`: Nix's default is false; null (undecided) only when given. */
function shorthandOf(opts: SubmoduleOptions): boolean | null {
  const rule = opts.shorthandOnlyDefinesConfig;
  return rule === undefined ? false : rule;
}

/** The fields of `SubmoduleOptions` besides `modules`, each of which may be computed on first read. */
const lazyOptionFields = [
  "specialArgs",
  "shorthandOnlyDefinesConfig",
  "description",
  "class",
] as const;

/** The options `mergePayloads` and `withModules` make, whose fields may be lazy. */
const lazyPayloads = new WeakSet<SubmoduleOptions>();

/**
 * `opts` with other `modules`, every other field as it is: a value stays a value, and a lazy
 * one stays lazy. As in Nix, a field is needed only where it is used (`shorthandOnlyDefinesConfig`
 * when definitions merge, `specialArgs` when modules take arguments), so it may depend on
 * `config`, or hold a conflict of two declarations that nothing ever reads.
 */
function withModules(opts: SubmoduleOptions, modules: readonly Module[]): SubmoduleOptions {
  const out = { modules } as SubmoduleOptions;
  for (const key of lazyOptionFields) copyProperty(out, opts, key);
  lazyPayloads.add(out);
  return out;
}

/** Whether a field of `opts` may be lazy: one of those, or a `shorthandOnlyDefinesConfig` getter. */
function hasLazyFields(opts: SubmoduleOptions): boolean {
  return lazyPayloads.has(opts) || ownGetter(opts, "shorthandOnlyDefinesConfig") !== undefined;
}

/** The conflict of two `submoduleWith` declarations that Nix reports, when the field is read. */
function declaredTwice(what: string): ModuleError {
  return new ModuleError(`A submoduleWith option is declared multiple times with ${what}`, {
    code: "declared-twice",
  });
}

/** One field of two merged declarations: either may leave it unset (null), or both give the same. */
function pick<T>(x: T | null | undefined, y: T | null | undefined, what: string): T | null {
  if (x === null || x === undefined) return y ?? null;
  if (y === null || y === undefined || x === y) return x;
  throw declaredTwice(`conflicting ${what}`);
}

/** Nix's `binOp` of two `submoduleWith` payloads: modules joined, every other field lazy. */
function mergePayloads(a: SubmoduleOptions, b: SubmoduleOptions): SubmoduleOptions {
  const merged = lazyFields(
    {
      class: () => {
        const [x, y] = [a.class ?? null, b.class ?? null];
        if (x !== null && y !== null && x !== y) {
          throw declaredTwice(`conflicting class values "${x}" and "${y}".`);
        }
        return x ?? y;
      },
      specialArgs: () => {
        const [x, y] = [a.specialArgs ?? {}, b.specialArgs ?? {}];
        const clash = Object.keys(x).filter((k) => Object.prototype.hasOwnProperty.call(y, k));
        if (clash.length > 0)
          throw declaredTwice(`the same specialArgs "${clash.sort().join(" ")}"`);
        return { ...x, ...y };
      },
      description: () => pick(a.description, b.description, "descriptions"),
      shorthandOnlyDefinesConfig: () =>
        pick(
          a.shorthandOnlyDefinesConfig,
          b.shorthandOnlyDefinesConfig,
          "shorthandOnlyDefinesConfig values",
        ),
    },
    { modules: [...a.modules, ...b.modules] },
  );
  lazyPayloads.add(merged);
  return merged;
}

/** Whether a definition can be a submodule's value: a module, as an object or a function. */
function isSubmoduleDefinition(x: unknown): boolean {
  return isAttrSet(x) || typeof x === "function";
}

const submoduleHeadError = checkedBy(isSubmoduleDefinition);

/** The names `submoduleWith` takes, as Nix's does. */
const submoduleArguments = [
  "modules",
  "specialArgs",
  "shorthandOnlyDefinesConfig",
  "description",
  "class",
];

/** A submodule with its modules, special arguments and shorthand rule. */
export function submoduleWith(opts: SubmoduleOptions): OptionType {
  if (typeof opts !== "object" || opts === null) {
    throw wrongArgument("the argument of types.submoduleWith", opts, "a set");
  }
  checkNamedArguments("submoduleWith", opts, submoduleArguments, ["modules"]);
  if (!Array.isArray(opts.modules)) {
    throw wrongArgument("the `modules' of types.submoduleWith", opts.modules, "a list");
  }
  const { modules } = opts;
  // The fields are read where they are used, for the reason given at `withModules`.
  const lazy = hasLazyFields(opts);
  // Nix's `shorthandOnlyDefinesConfig ? false`: left out, a plain set is a module.
  const shorthand = (): boolean | null => shorthandOf(opts);
  const moduleClass = (): string | null => opts.class ?? null;
  // A lazy payload's specialArgs stay lazy: the evaluation reads them where Nix does.
  const lazySpecialArgs = lazy ? () => opts.specialArgs : undefined;
  const evalArgs = (
    extra: readonly Module[],
    prefix: readonly string[],
    name: string,
    defs: readonly Def[] = [],
  ) => {
    // Read before any module is loaded (the definitions' among them), as Nix's evalModules does.
    const cls = moduleClass();
    return {
      modules: [defaultName, ...modules, ...extra, ...definitionModules(defs, shorthand)],
      specialArgs: lazy ? undefined : opts.specialArgs,
      lazySpecialArgs,
      prefix,
      name,
      class: cls,
    };
  };
  const evalWith = (extra: readonly Module[], prefix: readonly string[], name: string) =>
    evalModulesWith(evalArgs(extra, prefix, name));
  let base: ReturnType<typeof evalModulesWith> | undefined;
  const baseEval = () => (base ??= evalWith([], [], "‹name›"));
  let description: string | undefined;
  const describe = (): string => {
    description ??= opts.description ?? undefined;
    if (description !== undefined) return description;
    const docs = evalWith([noCheckForDocsModule], [], "‹name›");
    const freeform = docs._module.freeformType as OptionType | null;
    description =
      freeform === null
        ? "submodule"
        : `open submodule of ${freeform.descriptionClass === "noun" || freeform.descriptionClass === "composite" ? freeform.description : `(${freeform.description})`}`;
    return description;
  };
  const type = mkOptionType({
    name: "submodule",
    description: describe,
    descriptionClass: null,
    check: isSubmoduleDefinition,
    headError: submoduleHeadError,
    // The value's own evaluation (Nix's `configuration`), with its options.
    valueMeta: (_loc, _defs, value) => lazyFields({ configuration: () => resultOfConfig(value()) }),
    merge: (loc, defs) => {
      const name = loc[loc.length - 1] ?? "‹name›";
      return evalModulesConfig(evalArgs([nameModule(name)], loc, name, defs));
    },
    emptyValue: lazyFields({ value: () => baseEval().config }),
    getSubOptions: (prefix) => {
      const docs = evalWith([noCheckForDocsModule], prefix, "‹name›");
      const freeform = docs._module.freeformType as OptionType | null;
      if (freeform === null) return docs.options;
      // As in Nix, the freeform type's sub-options are listed too, under `_freeformOptions`.
      const out: Record<string, unknown> = { ...docs.options };
      Object.defineProperty(out, "_freeformOptions", {
        get: () => freeform.getSubOptions(prefix),
        enumerable: true,
        configurable: true,
      });
      return out;
    },
    // Nix's: the freeform type, when the modules set one.
    nestedTypes: (): Record<string, OptionType> => {
      const freeform = baseEval()._module.freeformType as OptionType | null;
      return freeform === null ? {} : { freeformType: freeform };
    },
    subModules: modules,
    substSubModules: (m) =>
      submoduleWith(
        // A literal when every field is a value: V8 makes copies of several shapes slowly.
        lazy
          ? withModules(opts, m)
          : {
              modules: m,
              specialArgs: opts.specialArgs,
              description: opts.description,
              class: opts.class ?? null,
              shorthandOnlyDefinesConfig: shorthandOf(opts),
            },
      ),
    functor: {
      name: "submodule",
      type: (payload: SubmoduleOptions) => submoduleWith(payload),
      payload: lazy
        ? withModules(opts, modules)
        : {
            modules,
            specialArgs: opts.specialArgs ?? {},
            description: opts.description ?? null,
            class: opts.class ?? null,
            shorthandOnlyDefinesConfig: shorthandOf(opts),
          },
      binOp: mergePayloads,
    },
    toJsonSchema: (ctx) => {
      const ev = evalWith([noCheckForDocsModule], [], "‹name›");
      return ctx.options(
        ev.options as Record<string, unknown>,
        ev._module.freeformType as OptionType | null,
      );
    },
  });
  return type;
}

/** A submodule made of `modules`; a plain object definition is all config. */
export function submodule(modules: Module | readonly Module[]): OptionType {
  return submoduleWith({
    modules: Array.isArray(modules) ? modules : [modules as Module],
    shorthandOnlyDefinesConfig: true,
  });
}
