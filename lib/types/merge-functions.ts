/** The merge functions types share (Nix's `mergeEqualOption`, `mergeOneOption`, …). */
import {
  abortMessage,
  ModuleError,
  nixValueKind,
  quoteOption,
  showDefinitions,
  wrongArgument,
} from "../errors.ts";
import { checkNamedArguments } from "../util/named-arguments.ts";
import { isAttrs, updateAllLazy } from "../util/attrs.ts";
import { interpolate } from "../render/nix-to-string.ts";
import { nixEqual } from "../util/equal.ts";
import type { Def } from "./option-type.ts";

const prioritySuggestion =
  "\nUse `lib.mkForce value` or `lib.mkDefault value` to change the priority on any of these definitions.";

/** The values of some definitions (Nix's `getValues`). */
export function getValues(defs: readonly Def[]): unknown[] {
  return checkDefinitionList(defs, "value").map((d) => d.value);
}

/** The files of some definitions (Nix's `getFiles`). */
export function getFiles(defs: readonly Def[]): string[] {
  return checkDefinitionList(defs, "file").map((d) => d.file);
}

/** `defs` if it is a list of sets with `field`, as Nix's `map (x: x.value)` needs; a ModuleError otherwise. */
export function checkDefinitionList(defs: readonly Def[], field: "file" | "value"): readonly Def[] {
  if (!Array.isArray(defs)) {
    throw new ModuleError(`value is ${nixValueKind(defs)} while a list was expected`, {
      code: "type",
    });
  }
  for (const def of defs) {
    if (!isAttrs(def)) {
      throw new ModuleError(`value is ${nixValueKind(def)} while a set was expected`, {
        code: "type",
      });
    }
    if (!(field in def)) throw new ModuleError(`attribute '${field}' missing`, { code: "type" });
  }
  return defs;
}

/**
 * Refuses what a merge function cannot be given: the module system always gives a path and a
 * list of definitions, but a custom type may call one itself.
 */
function checkMergeArguments(fn: string, loc: unknown, defs: unknown): void {
  if (!Array.isArray(loc)) throw wrongArgument(`the option path given to ${fn}`, loc, "a list");
  if (!Array.isArray(defs)) throw wrongArgument(`the definitions given to ${fn}`, defs, "a list");
  // What Nix's merges read of each definition: `def.value` of a set.
  for (const def of defs as unknown[]) {
    if (typeof def !== "object" || def === null || Array.isArray(def))
      throw wrongArgument("value", def, "a set", `a definition given to ${fn}`);
    if (!("value" in def))
      throw new ModuleError(`attribute 'value' missing (a definition given to ${fn})`, {
        code: "type",
      });
  }
}

/** Nix's `head defs` in a type's merge: the first definition, or Nix's error for none. */
export function headDefinition(fn: string, loc: string[], defs: Def[]): Def {
  checkMergeArguments(fn, loc, defs);
  const first = defs[0];
  if (first === undefined)
    throw new ModuleError("list index 0 is out of bounds", { code: "invalid", loc });
  return first;
}

/**
 * Nix's submodule and optionType take each definition as `{ value, file }`: one that carries
 * more, an mkDefinition record (`_type`) or one sorted by mkOrder (`priority`), fails there.
 */
export function checkOnlyFileAndValue(def: Def, type: string): void {
  const extra = Object.keys(def).filter((key) => key !== "file" && key !== "value");
  if (extra.length === 0) return;
  const shown = extra.find((key) => key !== "_type") ?? extra[0];
  throw new ModuleError(
    `anonymous function at lib/types.nix (${type}'s definitions) called with unexpected argument '${shown}'`,
    { code: "type" },
  );
}

/** All definitions must be equal; their common value is the result. */
export function mergeEqualOption(loc: string[], defs: Def[]): unknown {
  checkMergeArguments("mergeEqualOption", loc, defs);
  if (defs.length === 0)
    throw new ModuleError(abortMessage("This case should never happen."), { code: "invalid", loc });
  const first = defs[0]!;
  for (let i = 1; i < defs.length; i++) {
    const def = defs[i]!;
    if (!nixEqual(def.value, first.value)) {
      throw new ModuleError(
        `The option ${quoteOption(loc)} has conflicting definition values:${showDefinitions([first, def]).slice(" Definition values:".length)}${prioritySuggestion}`,
        { code: "conflict", loc, definitions: [first, def] },
      );
    }
  }
  return first.value;
}

/** Only one definition is allowed; `message` explains why (positional, for the types). */
export function uniqueMerge(
  message: string,
  merge: (loc: string[], defs: Def[]) => unknown = (_loc, defs) => defs[0]!.value,
): (loc: string[], defs: Def[]) => unknown {
  return (loc, defs) => {
    checkMergeArguments("a unique option's merge", loc, defs);
    if (defs.length === 1) return merge(loc, defs);
    if (defs.length === 0)
      throw new ModuleError("assertion '(length defs > 1)' failed", { code: "invalid", loc });
    throw new ModuleError(
      `The option ${quoteOption(loc)} is defined multiple times while it's expected to be unique.\n${message}\nDefinition values:${showDefinitions(defs).slice(" Definition values:".length)}${prioritySuggestion}`,
      { code: "multiple", loc, definitions: defs },
    );
  };
}

/** Exactly one definition: its value. */
export const mergeOneOption = uniqueMerge("");

/** Nix's `mergeUniqueOption { message, merge ? … }`: a merge that allows one definition, merged by `merge`. */
export function mergeUniqueOption(args: {
  message: string;
  merge?: (loc: string[], defs: Def[]) => unknown;
}): (loc: string[], defs: Def[]) => unknown {
  if (typeof args !== "object" || args === null)
    throw wrongArgument("the argument of mergeUniqueOption", args, "a set");
  checkNamedArguments("mergeUniqueOption", args, ["message", "merge"], ["message"]);
  // Nix interpolates it into the message: a set with `outPath` or `__toString` is its string.
  const message = interpolate(args.message);
  if (args.merge !== undefined && typeof args.merge !== "function")
    throw wrongArgument("the `merge' of mergeUniqueOption", args.merge, "a function");
  return uniqueMerge(message, args.merge);
}

/** A result of a merged function as Nix's `mergeDefaultOption` reads it: its `value` attribute. */
function resultAsDefinition(result: unknown, loc: string[]): Def {
  if (isAttrs(result) && Object.prototype.hasOwnProperty.call(result, "value")) {
    return { file: "<unknown-file>", value: (result as { value: unknown }).value };
  }
  // Nix's own words first (its `getValues` reads `.value`), then why that happens.
  const failure = isAttrs(result)
    ? "attribute 'value' missing"
    : `value is ${nixValueKind(result)} while a set was expected`;
  throw new ModuleError(
    `${failure}: the option ${quoteOption(loc)} has several function definitions, and Nix's default merge (\`types.unspecified', or no type) merges what they return as if it were definitions, so the merged function fails when called; define the option once, or give it a type such as \`functionTo'.`,
    { code: "thrown", loc },
  );
}

/** Nix's fallback merge for untyped options: concatenate lists and strings, update sets, or-booleans. */
export function mergeDefaultOption(loc: string[], defs: Def[]): unknown {
  checkMergeArguments("mergeDefaultOption", loc, defs);
  const list = getValues(defs);
  if (list.length === 1) return list[0];
  if (list.every((v) => typeof v === "function")) {
    // Nix's version merges the functions' results as if they were definitions (it reads each
    // result's `value`), so calling the merged function fails as it does in Nix.
    return (x: unknown) =>
      mergeDefaultOption(
        loc,
        list.map((f) => resultAsDefinition((f as (a: unknown) => unknown)(x), loc)),
      );
  }
  if (list.every(Array.isArray)) return (list as unknown[][]).flat(1);
  if (list.every(isAttrs)) return updateAllLazy(list as object[]);
  if (list.every((v) => typeof v === "boolean")) return list.some((v) => v);
  if (list.every((v) => typeof v === "string")) return list.join("");
  if (list.every((v) => Number.isInteger(v) && v === list[0])) return list[0];
  throw new ModuleError(
    `Cannot merge definitions of ${quoteOption(loc)}.${showDefinitions(defs)}`,
    { code: "conflict", loc, definitions: defs },
  );
}
