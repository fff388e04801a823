/**
 * Nix's v2 merge (nixpkgs lib 25.11 on): `listOf`, `attrsOf`, `submodule`, `either`,
 * `coercedTo` and `addCheck` of those check their definitions while merging, and the module
 * system reports their head error as `is not of type … TypeError: …`.
 */
import { ModuleError, nixValueKind, showDefinitionList, showOption } from "../errors.ts";
import { copyProperty } from "../util/lazy-fields.ts";
import {
  checkResult,
  type Def,
  type HeadError,
  type MergeV2,
  type OptionType,
  type ValueMeta,
} from "./option-type.ts";

/** The head error of definitions some of which fail `check` (Nix's `checkDefsForError`). */
export function checkDefsForError(
  check: (value: unknown) => boolean,
  defs: Def[],
): HeadError | null {
  for (const def of defs) {
    if (!checkResult(check(def.value))) {
      const invalid = defs.filter((d) => !check(d.value));
      // Read only when reported: `either` asks its first type and moves on when it refuses.
      return {
        get message() {
          return `Definition values: ${showDefinitionList(invalid)}`;
        },
        definitions: invalid,
      };
    }
  }
  return null;
}

/** The head error of a type whose definitions need only pass `check` (most types of v2 merge). */
export function checkedBy(
  check: (value: unknown) => boolean,
): (loc: string[], defs: Def[]) => HeadError | null {
  return (_loc, defs) => checkDefsForError(check, defs);
}

/** The v2 merge of `type`, which must agree with its `check` (Nix's `checkV2MergeCoherence`). */
export function coherentMergeV2(loc: string[], type: OptionType, mergeV2: MergeV2): MergeV2 {
  if (mergeV2.check === type.check) return mergeV2;
  throw new ModuleError(
    `The option \`${showOption(loc)}' has a type \`${type.description}' that uses
an ad-hoc \`type // { check = ...; }' override, which is incompatible with
the v2 merge mechanism.

Please use \`lib.types.addCheck\` instead of \`type // { check }' to add
custom validation. For example:

  lib.types.addCheck baseType (value: /* your check */)

instead of:

  baseType // { check = value: /* your check */; }
`,
    { code: "type", loc },
  );
}

/** Whether and why `defs` do not fit `type` at its top level, as a type nested in a v2 one sees it. */
export function headErrorOf(type: OptionType, loc: string[], defs: Def[]): HeadError | null {
  const mergeV2 = type.mergeV2;
  return mergeV2 === null
    ? checkDefsForError(type.check, defs)
    : coherentMergeV2(loc, type, mergeV2).headError(loc, defs);
}

/**
 * Nix's `checkedAndMerged.value`, what a v2 merge gives and its `valueMeta` describes: the merged
 * value when the definitions pass the type's check (the same value the option has), else the
 * type's own merge of them, unchecked (for no definitions, a submodule's evaluation at `loc`):
 * neither the empty value nor the option's type error.
 */
export function checkedValue(
  type: OptionType,
  loc: string[],
  defsFinal: () => Def[],
  mergedValue: () => unknown,
): () => unknown {
  return () => {
    if (type.mergeV2 === null) return mergedValue();
    const defs = defsFinal();
    return defs.length > 0 && headErrorOf(type, loc, defs) === null
      ? mergedValue()
      : type.merge(loc, defs);
  };
}

/**
 * An element's value as the merged list or set `whole` holds it (so its metadata describes that
 * very value, as Nix's shares it), or its own merge where the whole fails (an outer check).
 */
export function elementValue(
  whole: () => unknown,
  key: string | number,
  own: () => unknown,
): () => unknown {
  return () => {
    let container: unknown;
    try {
      container = whole();
    } catch {
      return own();
    }
    return (container as Record<string | number, unknown>)[key];
  };
}

/** A v2 merge's own `valueMeta` of `defs` (`{ }` for a type without one), as an enclosing v2 type reads it. */
export function rawValueMeta(
  type: OptionType,
  loc: string[],
  defs: () => Def[],
  value: () => unknown,
): ValueMeta {
  const mergeV2 = type.mergeV2;
  if (mergeV2 === null) return {};
  const valueMeta = coherentMergeV2(loc, type, mergeV2).valueMeta;
  return valueMeta === undefined ? {} : valueMeta(loc, defs, value);
}

/**
 * Nix's `checkedAndMerged.valueMeta`, what `options.<path>.valueMeta` and the elements of a
 * list's or set's metadata hold: `{ }` for a type without v2 merge, else the merge's own
 * metadata with the type under `_internal`.
 */
export function checkedValueMeta(
  type: OptionType,
  loc: string[],
  defs: () => Def[],
  value: () => unknown,
): ValueMeta {
  if (type.mergeV2 === null) return {};
  const raw = rawValueMeta(type, loc, defs, value);
  // Copied field by field: a field still to be computed stays so.
  const meta: Record<string, unknown> = {};
  for (const key of Object.keys(raw)) copyProperty(meta, raw, key);
  meta._internal = { type };
  return meta;
}

/** Throws Nix's error for the first definition whose value is not `kind` (what `fits` takes). */
export function checkDefinitionKind(
  loc: string[],
  defs: readonly Def[],
  fits: (value: unknown) => boolean,
  kind: string,
): void {
  for (const def of defs) {
    if (!fits(def.value)) {
      throw new ModuleError(`value is ${nixValueKind(def.value)} while ${kind} was expected`, {
        code: "type",
        loc,
      });
    }
  }
}
