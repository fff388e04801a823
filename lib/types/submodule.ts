/** `submodule` and `submoduleWith`: a nested module evaluation for each value. */
import { evalModulesConfig, evalModulesWith } from "../modules/eval-modules.ts";
import type { Module } from "../modules/module.ts";
import { mkOptionDefault } from "../properties.ts";
import { isAttrs } from "../util/attrs.ts";
import { lazyFields } from "../util/lazy-fields.ts";
import { checkedBy } from "./merge-v2.ts";
import { mkOptionType, type Def, type OptionType } from "./option-type.ts";

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

// In full form (`config` spelled out), as every submodule value loads it: a shorthand module
// that also has `_file` is copied into a new object each time it is loaded.
const defaultName: Module = {
  _file: "lib/types.nix",
  config: { _module: { args: { name: mkOptionDefault("‹name›") } } },
};

const noCheck: Module = {
  _file: "<built-in module that disables checks for the purpose of documentation generation>",
  config: { _module: { check: { _type: "override", priority: 50, content: false } } },
};

function definitionModules(
  defs: readonly Def[],
  shorthandOnlyDefinesConfig: boolean | null,
): Module[] {
  return defs.map(({ file, value }) =>
    isAttrs(value) && shorthandOnlyDefinesConfig === true
      ? { _file: file, config: value }
      : { _file: file, imports: [value as Module] },
  );
}

/**
 * Options with `shorthandOnlyDefinesConfig` computed on first read: as in Nix, it is needed only
 * when definitions merge, so it may depend on `config` (e.g. be a getter reading an option).
 */
function withShorthand(
  opts: Omit<SubmoduleOptions, "shorthandOnlyDefinesConfig">,
  shorthand: () => boolean | null,
): SubmoduleOptions {
  return lazyFields({ shorthandOnlyDefinesConfig: shorthand }, { ...opts });
}

/** Whether a definition can be a submodule's value: a module, as an object or a function. */
function isSubmoduleDefinition(x: unknown): boolean {
  return isAttrs(x) || typeof x === "function";
}

const submoduleHeadError = checkedBy(isSubmoduleDefinition);

/** A submodule with its modules, special arguments and shorthand rule. */
export function submoduleWith(opts: SubmoduleOptions): OptionType {
  const { modules } = opts;
  const shorthand = (): boolean | null => opts.shorthandOnlyDefinesConfig ?? null;
  // Only a getter needs the lazy field; a plain value (what `submodule` gives) is copied.
  const given = Object.getOwnPropertyDescriptor(opts, "shorthandOnlyDefinesConfig");
  const withOwnShorthand = (o: Omit<SubmoduleOptions, "shorthandOnlyDefinesConfig">) =>
    given?.get === undefined
      ? // A literal, not `{ ...o, field }`: V8 makes a spread followed by a field slowly when,
        // as here, the spread objects come in several shapes.
        {
          modules: o.modules,
          specialArgs: o.specialArgs,
          description: o.description,
          class: o.class,
          shorthandOnlyDefinesConfig: (given?.value as boolean | null | undefined) ?? null,
        }
      : withShorthand(o, shorthand);
  const specialArgs = opts.specialArgs ?? {};
  const moduleClass = opts.class ?? null;
  const evalArgs = (extra: readonly Module[], prefix: readonly string[], name: string) => ({
    modules: [defaultName, ...modules, ...extra],
    specialArgs,
    prefix,
    name,
    class: moduleClass,
  });
  const evalWith = (extra: readonly Module[], prefix: readonly string[], name: string) =>
    evalModulesWith(evalArgs(extra, prefix, name));
  let base: ReturnType<typeof evalModulesWith> | undefined;
  const baseEval = () => (base ??= evalWith([], [], "‹name›"));
  let description: string | undefined = opts.description ?? undefined;
  const describe = (): string => {
    if (description !== undefined) return description;
    const docs = evalWith([noCheck], [], "‹name›");
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
    merge: (loc, defs) => {
      const name = loc[loc.length - 1] ?? "‹name›";
      return evalModulesConfig(
        evalArgs(
          [{ _module: { args: { name } } }, ...definitionModules(defs, shorthand())],
          loc,
          name,
        ),
      );
    },
    emptyValue: lazyFields({ value: () => baseEval().config }),
    getSubOptions: (prefix) => {
      const docs = evalWith([noCheck], prefix, "‹name›");
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
    subModules: modules,
    substSubModules: (m) =>
      submoduleWith(
        withOwnShorthand({
          modules: m,
          specialArgs: opts.specialArgs,
          description: opts.description,
          class: moduleClass,
        }),
      ),
    functor: {
      name: "submodule",
      type: (payload: SubmoduleOptions) => submoduleWith(payload),
      payload: withOwnShorthand({
        modules,
        specialArgs,
        description: opts.description ?? null,
        class: moduleClass,
      }),
      binOp: (a: SubmoduleOptions, b: SubmoduleOptions) => {
        const clash = Object.keys(a.specialArgs ?? {}).filter((k) => k in (b.specialArgs ?? {}));
        if (clash.length > 0) {
          throw new TypeError(
            `A submoduleWith option is declared multiple times with the same specialArgs "${clash.join(" ")}"`,
          );
        }
        const pick = <T>(
          x: T | null | undefined,
          y: T | null | undefined,
          what: string,
        ): T | null => {
          if (x === null || x === undefined) return y ?? null;
          if (y === null || y === undefined || x === y) return x;
          throw new TypeError(
            `A submoduleWith option is declared multiple times with conflicting ${what}`,
          );
        };
        const [x, y] = [a.class ?? null, b.class ?? null];
        if (x !== null && y !== null && x !== y) {
          throw new TypeError(
            `A submoduleWith option is declared multiple times with conflicting class values "${x}" and "${y}".`,
          );
        }
        return withShorthand(
          {
            modules: [...a.modules, ...b.modules],
            specialArgs: { ...a.specialArgs, ...b.specialArgs },
            description: pick(a.description, b.description, "descriptions"),
            class: x ?? y,
          },
          () =>
            pick(
              a.shorthandOnlyDefinesConfig,
              b.shorthandOnlyDefinesConfig,
              "shorthandOnlyDefinesConfig values",
            ),
        );
      },
    },
    toJsonSchema: (ctx) => {
      const ev = evalWith([noCheck], [], "‹name›");
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
