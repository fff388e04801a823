/** Option declarations: `mkOption`, `mkEnableOption` and what the evaluator needs to recognise them. */
import { ownGetter } from "./util/define-getter.ts";
import {
  ModuleError,
  escapeNixIdentifier,
  nixValueKind,
  showDefinitionList,
  showOption,
  showValue,
  wrongArgument,
  type DefinitionSummary,
} from "./errors.ts";
import { interpolate } from "./render/nix-to-string.ts";
import { mkOptionType, type OptionType } from "./types/option-type.ts";
import { bool, packageType } from "./types/basic.ts";
import { nullOr } from "./types/null-or.ts";
import { attrByPath, isAttrs } from "./util/attrs.ts";
import { copyProperty } from "./util/lazy-fields.ts";
import { checkNamedArguments } from "./util/named-arguments.ts";
import { unreadableArgument } from "./util/reading-argument.ts";

/** What `mkOption` takes; `default` may be a getter, read only when the option is evaluated. */
export interface OptionSpec<T = any, In = T> {
  type?: OptionType<T> & { readonly "~input"?: In };
  default?: In;
  defaultText?: unknown;
  example?: unknown;
  description?: string;
  /** Maps the merged value; one that takes no parameter is called without merging the definitions (Nix passes the value lazily). */
  apply?: (value: T) => unknown;
  readOnly?: boolean;
  internal?: boolean;
  visible?: boolean | "shallow" | "transparent";
  relatedPackages?: unknown;
}

/** An option declaration: `mkOption`'s argument tagged as an option. */
export type OptionDecl<T = any> = OptionSpec<T> & { readonly _type: "option" };

/** The names `mkOption` takes, as Nix's does. */
export const optionArguments = [
  "default",
  "defaultText",
  "example",
  "description",
  "relatedPackages",
  "type",
  "apply",
  "internal",
  "visible",
  "readOnly",
];

/** Declares an option; a getter (`get default()`, `get type()`, …) stays lazy. */
export function mkOption<T = any, In = T>(spec: OptionSpec<T, In> = {}): OptionDecl<T> {
  try {
    return optionDecl(spec);
  } catch (error) {
    throw unreadableArgument("the argument of mkOption", error);
  }
}

/** `mkOption`'s work, whose failures reading `spec` it reports. */
function optionDecl<T, In>(spec: OptionSpec<T, In>): OptionDecl<T> {
  if (typeof spec !== "object" || spec === null || Array.isArray(spec))
    throw wrongArgument("the argument of mkOption", spec, "a set");
  checkNamedArguments("mkOption", spec, optionArguments);
  const lazy = Object.keys(spec).some((key) => ownGetter(spec, key) !== undefined);
  if (!lazy) {
    return { _type: "option", ...spec } as OptionDecl<T>;
  }
  const decl = { _type: "option" } as OptionDecl<T>;
  for (const key of Object.keys(spec)) {
    copyProperty(decl, spec, key);
  }
  return decl;
}

/** A boolean option that enables `name`: default false, example true. */
export function mkEnableOption(name: string): OptionDecl<boolean> {
  return mkOption({
    type: bool,
    default: false,
    example: true,
    // Nix's interpolation: a set with `outPath` or `__toString` is its string.
    description: `Whether to enable ${interpolate(name)}.`,
  });
}

/** The sink's type: takes anything, merges to false. */
const sinkType = mkOptionType({ name: "sink", check: () => true, merge: () => false });

/**
 * Nix's `mkSinkUndeclaredOptions`: an internal option that takes any definitions and cannot be
 * read, for a namespace whose definitions are to be dropped; `attrs` replaces its fields.
 */
export function mkSinkUndeclaredOptions(attrs: OptionSpec = {}): OptionDecl<boolean> {
  if (typeof attrs !== "object" || attrs === null || Array.isArray(attrs))
    throw wrongArgument("the argument of mkSinkUndeclaredOptions", attrs, "a set");
  const spec: OptionSpec = {
    internal: true,
    visible: false,
    default: false,
    description: "Sink for option definitions.",
    type: sinkType,
    apply: () => {
      throw new ModuleError("Option value is not readable because the option is not declared.", {
        code: "thrown",
      });
    },
  };
  for (const key of Object.keys(attrs)) copyProperty(spec, attrs, key);
  return mkOption(spec);
}

/** Nix's `unknownModule`: the file of a definition or declaration whose module has none. */
export const unknownModule = "<unknown-file>";

/** Nix's `showOptionWithDefLocs`: an option's path, then the files that define it, one per line. */
export function showOptionWithDefLocs(option: {
  loc: readonly string[];
  files: readonly string[];
}): string {
  if (
    typeof option !== "object" ||
    option === null ||
    !Array.isArray(option.loc) ||
    !Array.isArray(option.files)
  )
    throw wrongArgument("the argument of showOptionWithDefLocs", option, "an option");
  const files = option.files.map(
    (file) => `  - ${typeof file === "string" ? file : showValue(file)}`,
  );
  return `${showOption(option.loc)}, with values defined in:\n${files.join("\n")}\n`;
}

/**
 * Nix's `showDefs`, for custom types' own messages: per definition a line `` - In `file' ``
 * and its value as `toPretty` shows it (its first five lines, then `...`; nothing for a value
 * that fails to evaluate). The definitions are refused as Nix refuses them.
 */
export function showDefs(defs: readonly DefinitionSummary[]): string {
  if (!Array.isArray(defs)) {
    throw new ModuleError(`value is ${nixValueKind(defs)} while a list was expected`, {
      code: "type",
    });
  }
  let text = "";
  for (const def of defs as unknown[]) {
    if (typeof def !== "object" || def === null || Array.isArray(def)) {
      throw new ModuleError(`value is ${nixValueKind(def)} while a set was expected`, {
        code: "type",
      });
    }
    if (!("file" in def)) throw new ModuleError("attribute 'file' missing", { code: "type" });
    const file = interpolate(def.file);
    if (!("value" in def)) throw new ModuleError("attribute 'value' missing", { code: "type" });
    const source = def as { value: unknown };
    // Read where a value that fails to evaluate is left out, as Nix's `tryEval` leaves it.
    text += showDefinitionList([
      {
        file,
        get value() {
          return source.value;
        },
      },
    ]);
  }
  return text;
}

/** Whether a value is an option declaration. */
export function isOption(value: unknown): value is OptionDecl {
  if (typeof value !== "object" || value === null) return false;
  // Read with no descriptor made: this runs for every level of every option tree.
  return (
    Object.prototype.hasOwnProperty.call(value, "_type") &&
    ownGetter(value, "_type") === undefined &&
    (value as { _type?: unknown })._type === "option"
  );
}

/** A Nix expression shown in documentation instead of a value (Nix's `literalExpression`). */
export function literalExpression(text: string): { _type: "literalExpression"; text: string } {
  if (typeof text !== "string")
    throw new ModuleError("literalExpression expects a string.", { code: "thrown" });
  return { _type: "literalExpression", text };
}

/** Markdown shown in documentation instead of a value (Nix's `literalMD`). */
export function literalMD(text: string): { _type: "literalMD"; text: string } {
  if (typeof text !== "string")
    throw new ModuleError("literalMD expects a string.", { code: "thrown" });
  return { _type: "literalMD", text };
}

/**
 * Code in another language shown in documentation (Nix's `literalCode`): a Markdown code block
 * tagged `languageTag`, the text as it is (each is interpolated as Nix interpolates it).
 */
export function literalCode(
  languageTag: string,
  text: string,
): { _type: "literalMD"; text: string } {
  const tag = interpolate(languageTag);
  return literalMD("```" + tag + "\n" + interpolate(text) + "\n```\n");
}

/** What `mkPackageOption` takes besides the package set and the name (all optional). */
export interface PackageOptionSpec {
  /** Whether the option also accepts null. */
  nullable?: boolean;
  /** The default's attribute path in the package set (default: the name); null for none. */
  default?: string | readonly string[] | null;
  /** An example: an attribute path in the package set, or a Nix expression. */
  example?: string | readonly string[] | null;
  /** Text added to the description. */
  extraDescription?: string;
  /** How the package set is named in the documentation (default `pkgs`). */
  pkgsText?: string;
}

/** Nix's `showAttrPath`: an attribute path as Nix source writes it. */
function showAttrPath(path: readonly string[]): string {
  return path.length === 0 ? "<root attribute path>" : path.map(escapeNixIdentifier).join(".");
}

/** An attribute path as Nix reads one: a name, or a list of names. */
function checkAttrPath(path: unknown): void {
  const parts: unknown[] = Array.isArray(path) ? path : [path];
  for (const part of parts)
    if (typeof part !== "string") throw wrongArgument("value", part, "a string");
}

/** Nix's `mkPackageOption`: which package to use, by default `pkgs.<name>` (looked up when read). */
export function mkPackageOption(
  pkgs: object,
  name: string | readonly string[],
  spec: PackageOptionSpec = {},
): OptionDecl {
  if (!isAttrs(spec as unknown))
    throw wrongArgument("the third argument of mkPackageOption", spec, "a set");
  checkNamedArguments("mkPackageOption", spec, [
    "nullable",
    "default",
    "example",
    "extraDescription",
    "pkgsText",
  ]);
  const { nullable = false, example = null } = spec;
  const extraDescription =
    spec.extraDescription === undefined ? "" : interpolate(spec.extraDescription);
  const pkgsText = spec.pkgsText === undefined ? "pkgs" : interpolate(spec.pkgsText);
  if (typeof nullable !== "boolean")
    throw wrongArgument("the `nullable' of mkPackageOption", nullable, "a Boolean");
  if (typeof name !== "string" && !(Array.isArray(name) && name.length > 0))
    throw wrongArgument("the name given to mkPackageOption", name, "a string");
  // Nix interpolates the name's parts into the description.
  if (Array.isArray(name)) for (const part of name as unknown[]) interpolate(part);
  // A default is a path in the package set; an example is one too, or a Nix expression.
  if (spec.default !== undefined && spec.default !== null) checkAttrPath(spec.default);
  if (example !== null && !Array.isArray(example) && typeof example !== "string")
    throw new ModuleError("literalExpression expects a string.", { code: "type" });
  if (Array.isArray(example)) checkAttrPath(example);
  const shortName = typeof name === "string" ? name : name[name.length - 1]!;
  const declaration: OptionSpec = {
    description:
      `The ${shortName} package to use.` + (extraDescription === "" ? "" : " ") + extraDescription,
    type: nullable ? nullOr(packageType) : packageType,
  };
  const defaultPath = spec.default === undefined ? name : spec.default;
  if (defaultPath !== null) {
    const path = typeof defaultPath === "string" ? [defaultPath] : defaultPath;
    const text = showAttrPath(path);
    Object.defineProperty(declaration, "default", {
      get() {
        const found = attrByPath(pkgs, path);
        if (found === undefined) {
          throw new ModuleError(`${text} cannot be found in ${pkgsText}`, { code: "thrown" });
        }
        return found;
      },
      enumerable: true,
      configurable: true,
    });
    declaration.defaultText = literalExpression(`${pkgsText}.${text}`);
  } else if (nullable) {
    declaration.default = null;
  }
  if (example !== null) {
    declaration.example = literalExpression(
      typeof example === "string" ? example : `${pkgsText}.${showAttrPath(example)}`,
    );
  }
  return mkOption(declaration);
}
