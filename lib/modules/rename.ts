/**
 * Options that moved or went away, as nixpkgs' lib/modules.nix keeps old configurations
 * working: `doRename` and the modules made with it (`mkRenamedOptionModule`,
 * `mkAliasOptionModule`), `mkRemovedOptionModule`, and `mkMergedOptionModule` /
 * `mkChangedOptionModule` for options whose values changed shape, and the definition aliases
 * they are made of (`mkAliasDefinitions`, `mkDerivedConfig`, …).
 */
import {
  abortMessage,
  ModuleError,
  nixValueKind,
  quoteOption,
  showFiles,
  showOption,
  wrongArgument,
} from "../errors.ts";
import { mkOption, type OptionDecl } from "../options.ts";
import { interpolate } from "../render/nix-to-string.ts";
import { recursionError } from "../thunk.ts";
import { defaultOverridePriority, mkIf, mkMerge, mkOverride } from "../properties.ts";
import { submodule } from "../types/submodule.ts";
import { types } from "../types/index.ts";
import type { OptionType } from "../types/option-type.ts";
import { attrByPath, isAttrs, setOwn, updateLazy } from "../util/attrs.ts";
import { evaluationTrace, evaluationWarning } from "../util/evaluation-warning.ts";
import { checkNamedArguments } from "../util/named-arguments.ts";
import type { Module } from "./module.ts";
import type { Option } from "./option-node.ts";

/** lib 26.11's `oldestSupportedRelease`: renames since this release or earlier warn. */
const oldestSupportedRelease = 2511;

/** The value `mkMergedOptionModule` gives its old options, telling "not defined" apart. */
const notMerged = "_mkMergedOptionModule";

/** The option record at `path` of an `options` tree; Nix's getAttrFromPath error when there is none. */
function optionAt(options: unknown, path: readonly string[]): Option {
  const option = attrByPath(options, path) as Option | undefined;
  // None when `from' goes into a submodule's option, which doRename cannot declare.
  if (option?._type !== "option") {
    throw new ModuleError(`cannot find attribute \`${path.join(".")}'`, { code: "invalid" });
  }
  return option;
}

/** Nix's `setAttrByPath` into `target`: the leaf given as a property descriptor, so it can be a getter. */
function defineAt(
  target: Record<string, unknown>,
  path: readonly string[],
  leaf: PropertyDescriptor,
): Record<string, unknown> {
  let node = target;
  for (const name of path.slice(0, -1)) {
    const next = Object.hasOwn(node, name) ? node[name] : undefined;
    if (typeof next === "object" && next !== null) node = next as Record<string, unknown>;
    else {
      const made: Record<string, unknown> = {};
      setOwn(node, name, made);
      node = made;
    }
  }
  Object.defineProperty(node, path[path.length - 1]!, {
    ...leaf,
    enumerable: true,
    configurable: true,
  });
  return target;
}

/** An option's definitions, each at the option's winning priority (what an alias gives its target). */
function withHighestPriority(option: Option): unknown[] {
  const priority = option.highestPrio ?? defaultOverridePriority;
  return option.definitions.map((value) => mkOverride(priority, value));
}

/** How `doRename` moves an option. */
export interface RenameSpec {
  /** The old option's path; `doRename` declares it. */
  from: readonly string[];
  /** The new option's path, declared elsewhere. */
  to: readonly string[];
  /** Whether the old option shows in documentation. */
  visible: boolean | "shallow" | "transparent";
  /** Whether defining the old option adds an entry to `warnings` (when that option is declared). */
  warn: boolean;
  /** Maps the new option's value to the old option's (reading the old option reads the new one). */
  use: (value: unknown) => unknown;
  /** Whether the definitions keep their priority when moved (default true). */
  withPriority?: boolean;
  /** When the definitions move at all; a function is called only when they are merged (default true). */
  condition?: boolean | (() => boolean);
}

/**
 * Nix's `doRename`: declares `from` as an alias of `to`. Definitions of `from` become
 * definitions of `to` (at their priority), reading `from` reads `to`, and with `warn` each
 * definition of `from` is reported in `warnings`.
 */
export function doRename(spec: RenameSpec): Module {
  if (!isAttrs(spec)) throw wrongArgument("the argument of doRename", spec, "a set");
  checkNamedArguments(
    "doRename",
    spec,
    ["from", "to", "visible", "warn", "use", "withPriority", "condition"],
    ["from", "to", "visible", "warn", "use"],
  );
  const { from, to, visible, warn, use, withPriority = true, condition = true } = spec;
  // Nix's `if warn` and `if withPriority` take only Booleans.
  for (const [name, flag] of [
    ["warn", warn],
    ["withPriority", withPriority],
  ] as const) {
    if (typeof flag !== "boolean")
      throw wrongArgument("value", flag, "a Boolean", `the \`${name}' of doRename`);
  }
  return ({ config, options }: { config: unknown; options: Record<string, unknown> }) => {
    // An empty path is the whole configuration, which the alias would then be made of: in
    // Nix too, where nothing else fails first.
    if ((Array.isArray(from) && from.length === 0) || (Array.isArray(to) && to.length === 0))
      throw recursionError(undefined);
    const fromOption = () => optionAt(options, from);
    const target = () => {
      const found = attrByPath(config, to);
      if (found === undefined) {
        throw new ModuleError(
          abortMessage(`Renaming error: option ${quoteOption(to)} does not exist.`),
          {
            code: "undeclared",
            loc: [...to],
          },
        );
      }
      return found;
    };
    const declaration: OptionDecl = mkOption({
      visible,
      description: `Alias of {option}\`${showOption(to)}\`.`,
      apply: () => use(target()),
      // The new option's type (read when needed: it is declared by another module).
      get type(): OptionType {
        const option = attrByPath(options, to) as Partial<Option> | undefined;
        return option?._type === "option" ? option.type! : submodule({});
      },
    });
    return {
      options: defineAt({}, from, { value: declaration }),
      // A getter, as Nix's `config` is lazy: it asks whether `warnings` is declared.
      get config() {
        const parts: unknown[] = [];
        if ("warnings" in options) {
          parts.push({
            get warnings() {
              const option = fromOption();
              return warn && option.isDefined
                ? [
                    `The option ${quoteOption(from)} defined in ${showFiles(option.files)} has been renamed to ${quoteOption(to)}.`,
                  ]
                : [];
            },
          });
        }
        parts.push(
          mkIf(
            () => fromOption().isDefined,
            defineAt({}, to, {
              get: () => {
                const option = fromOption();
                return mkMerge(withPriority ? withHighestPriority(option) : option.definitions);
              },
            }),
          ),
        );
        return mkIf(condition, mkMerge(parts));
      },
    };
  };
}

/** Nix's `mkRenamedOptionModule`: `from` moved to `to`; defining `from` warns (Nix also traces each read). */
export function mkRenamedOptionModule(from: readonly string[], to: readonly string[]): Module {
  return doRename({
    from,
    to,
    visible: false,
    warn: true,
    use: (value) => {
      evaluationTrace(obsoleteMessage(from, to));
      return value;
    },
  });
}

/** What Nix says where a renamed option is read under its old name. */
function obsoleteMessage(from: readonly string[], to: readonly string[]): string {
  return `Obsolete option ${quoteOption(from)} is used. It was renamed to ${quoteOption(to)}.`;
}

/** Nix's `mkRenamedOptionModuleWith`: a rename that warns once `sinceRelease` (e.g. 2505) is supported no more. */
export function mkRenamedOptionModuleWith(spec: {
  from: readonly string[];
  to: readonly string[];
  sinceRelease: number;
}): Module {
  if (!isAttrs(spec))
    throw wrongArgument("the argument of mkRenamedOptionModuleWith", spec, "a set");
  checkNamedArguments(
    "mkRenamedOptionModuleWith",
    spec,
    ["from", "to", "sinceRelease"],
    ["from", "to", "sinceRelease"],
  );
  if (typeof spec.sinceRelease !== "number")
    throw wrongArgument(
      "value",
      spec.sinceRelease,
      "an integer",
      "the `sinceRelease' of mkRenamedOptionModuleWith",
    );
  const warn = spec.sinceRelease <= oldestSupportedRelease;
  return doRename({
    from: spec.from,
    to: spec.to,
    visible: false,
    warn,
    use: (value) => {
      if (warn) evaluationWarning(obsoleteMessage(spec.from, spec.to));
      return value;
    },
  });
}

/** Nix's `mkAliasOptionModule`: `from` is another name for `to`, without a warning. */
export function mkAliasOptionModule(from: readonly string[], to: readonly string[]): Module {
  return doRename({ from, to, visible: true, warn: false, use: (value) => value });
}

/**
 * `type` (Nix's, unchanged) for an option that was removed: JSON Schema refuses any value, so
 * `validate` reports it with the instructions, as the evaluation does.
 */
export function removedOptionType<T>(type: OptionType<T>, instructions: string): OptionType<T> {
  return {
    ...type,
    toJsonSchema: () => ({ not: {}, "x-nixmod-removed": instructions, tsType: "never" }),
  };
}

/**
 * Nix's `mkRemovedOptionModule`: declares `optionName` so that defining it fails the system's
 * assertions (with `replacementInstructions`) and reading it throws.
 */
export function mkRemovedOptionModule(
  optionName: readonly string[],
  replacementInstructions: string,
): Module {
  return ({ options }: { options: Record<string, unknown> }) => ({
    options: defineAt({}, optionName, {
      value: mkOption({
        type: removedOptionType(types.unspecified, replacementInstructions),
        visible: false,
        apply: () => {
          throw new ModuleError(
            `The option ${quoteOption(optionName)} can no longer be used since it's been removed. ${interpolate(replacementInstructions)}`,
            { code: "thrown", loc: [...optionName] },
          );
        },
      }),
    }),
    config: {
      get assertions() {
        const option = optionAt(options, optionName);
        return [
          {
            assertion: !option.isDefined,
            message: `The option definition ${quoteOption(optionName)} in ${showFiles(option.files)} no longer has any effect; please remove it.\n${interpolate(replacementInstructions)}\n`,
          },
        ];
      },
    },
  });
}

/**
 * Nix's `mkMergedOptionModule`: the options `from` were replaced by `to`, of another type.
 * When any of them is defined, `to` is defined as `mergeFn(config)` and each defined one is
 * reported in `warnings`.
 */
export function mkMergedOptionModule(
  from: readonly (readonly string[])[],
  to: readonly string[],
  mergeFn: (config: any) => unknown,
): Module {
  return ({ config, options }: { config: unknown; options: Record<string, unknown> }) => {
    const defined = (path: readonly string[]) => attrByPath(config, path) !== notMerged;
    const declarations: Record<string, unknown> = {};
    for (const path of from) {
      defineAt(declarations, path, { value: mkOption({ visible: false, default: notMerged }) });
    }
    const definitions = {
      get warnings() {
        return from
          .filter(defined)
          .map(
            (path) =>
              `The option ${quoteOption(path)} defined in ${showFiles(optionAt(options, path).files)} has been changed to ${quoteOption(to)} that has a different type. Please read ${quoteOption(to)} documentation and update your configuration accordingly.`,
          );
      },
    };
    // Nix's `//`: the new option's definition is added beside `warnings`, lazily.
    updateLazy(
      definitions,
      defineAt({}, to, { get: () => mkMerge(from.some(defined) ? [mergeFn(config)] : []) }),
    );
    return { options: declarations, config: definitions };
  };
}

/** Nix's `mkChangedOptionModule`: `mkMergedOptionModule` for one old option. */
export function mkChangedOptionModule(
  from: readonly string[],
  to: readonly string[],
  changeFn: (config: any) => unknown,
): Module {
  return mkMergedOptionModule([from], to, changeFn);
}

/**
 * Refuses what is no option record (`options.<path>`) where one of these functions reads its
 * fields: Nix's words for selecting from a non-set, or a missing field.
 */
function checkOptionRecord(fn: string, option: unknown, fields: readonly string[]): void {
  if (!isAttrs(option)) throw wrongArgument(`the option given to ${fn}`, option, "a set");
  for (const field of fields) {
    if (!(field in option)) {
      throw new ModuleError(
        `attribute '${field}' missing: ${fn} takes an option (\`options.<path>'), not its value`,
        { code: "type" },
      );
    }
  }
}

/** Refuses a `wrap` or `f` that is no function, in Nix's words for calling it. */
function checkCallable(value: unknown): void {
  if (typeof value !== "function") {
    throw new ModuleError(
      `attempt to call something which is not a function but ${nixValueKind(value)}`,
      { code: "type" },
    );
  }
}

/** Nix's `mkAliasAndWrapDefinitions`: `option`'s definitions, wrapped, when it is defined (read it in a getter). */
export function mkAliasAndWrapDefinitions(wrap: (value: unknown) => unknown, option: Option) {
  checkCallable(wrap);
  checkOptionRecord("mkAliasAndWrapDefinitions", option, ["isDefined", "definitions"]);
  return mkIf(() => option.isDefined, wrap(mkMerge(option.definitions)));
}

/** Nix's `mkAliasDefinitions`: `option`'s definitions, as definitions of the option holding this. */
export function mkAliasDefinitions(option: Option) {
  return mkAliasAndWrapDefinitions((value) => value, option);
}

/** Nix's `mkAliasAndWrapDefsWithPriority`: like `mkAliasAndWrapDefinitions`, keeping the priority. */
export function mkAliasAndWrapDefsWithPriority(wrap: (value: unknown) => unknown, option: Option) {
  checkCallable(wrap);
  checkOptionRecord("mkAliasAndWrapDefsWithPriority", option, ["isDefined", "definitions"]);
  return mkIf(() => option.isDefined, wrap(mkMerge(withHighestPriority(option))));
}

/** Nix's `mkDerivedConfig`: `f` of `option`'s value, at the option's priority. */
export function mkDerivedConfig<T>(option: Option, f: (value: unknown) => T) {
  checkOptionRecord("mkDerivedConfig", option, ["value"]);
  checkCallable(f);
  return mkOverride(option.highestPrio ?? defaultOverridePriority, f(option.value));
}
