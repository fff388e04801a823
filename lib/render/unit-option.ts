/**
 * Systemd unit option values (`unitConfig`, `serviceConfig`): NixOS's
 * `unitOption` type and `attrsToSection`, which writes them as `Key=value` lines.
 */

import { filterByPriority } from "../modules/merge-definitions.ts";
import type { Package } from "../package.ts";
import { attrsOf } from "../types/attrs-of.ts";
import { markLocFree } from "../types/loc-free.ts";
import { mergeEqualOption } from "../types/merge-functions.ts";
import { mkOptionType, type OptionType } from "../types/option-type.ts";
import { lazyItems } from "../util/lazy-fields.ts";
import { sortedKeys } from "./byte-order.ts";
import { assertSingleLine, assertUnitKey } from "./line-safety.ts";
import { nixToString } from "./nix-to-string.ts";

/** One value of a unit option: a list repeats the key, anything else is one line. */
export type UnitOptionValue =
  string | number | bigint | boolean | null | Package | readonly UnitOptionValue[];

/** A section's options, e.g. `serviceConfig`. */
export type UnitSection = Readonly<Record<string, UnitOptionValue>>;

/**
 * NixOS's `unitOption`, the type of each key of `unitConfig`/`serviceConfig`. Like NixOS's, it
 * accepts any value: what cannot be written (a set without `outPath`, a function) fails when the
 * unit is rendered, through Nix's `toString`, which also flattens nested lists (`["b" "c"]` is
 * `b c`). NixOS filters the definitions by `mkOverride` once more; those that win concatenate
 * if any is a list (a non-list one counting as a one-element list), else they must all be equal.
 */
export const unitOption: OptionType = markLocFree(
  mkOptionType({
    name: "systemd option",
    merge: (loc, all) => {
      // NixOS's unitOption filters overrides once more: an mkOverride inside a definition's own
      // mkOverride weighs against the other definitions.
      const defs = filterByPriority([...all]).values;
      if (!defs.some((d) => Array.isArray(d.value))) return mergeEqualOption(loc, defs);
      // Nix's concatMap leaves the elements unread: a masked unit's are never needed.
      const parts = defs.map((d) => (Array.isArray(d.value) ? (d.value as unknown[]) : [d.value]));
      if (parts.length === 1) return parts[0];
      // By index: reading an element (as `map` would) could fail.
      return lazyItems(
        parts.flatMap((part) => Array.from({ length: part.length }, (_, i) => () => part[i])),
      );
    },
    toJsonSchema: () => ({
      anyOf: [
        { type: ["null", "boolean", "number", "string", "array"] },
        // A package, or anything else Nix's `toString` writes as its `outPath`.
        { type: "object", properties: { outPath: {} }, required: ["outPath"] },
      ],
    }),
  }),
);

/** A section of unit options (`unitConfig`; `serviceConfig` adds NixOS's `checkService`). */
export const unitSectionType = attrsOf(unitOption);

/** NixOS's `toOption`: booleans as `true`/`false`, everything else through Nix's `toString`. */
export function unitOptionToString(value: UnitOptionValue, loc?: string[]): string {
  if (value === true) return "true";
  if (value === false) return "false";
  return nixToString(value, loc);
}

/** NixOS's `attrsToSection`: `Key=value` lines in byte order of keys; lists repeat the key. */
export function attrsToSection(section: UnitSection, loc: string[], unitName: string): string {
  let out = "";
  for (const key of sortedKeys(section)) {
    const value = section[key];
    if (value === undefined) continue;
    const keyLoc = [...loc, key];
    assertUnitKey(key, keyLoc, unitName);
    const items: readonly UnitOptionValue[] = Array.isArray(value)
      ? (value as readonly UnitOptionValue[])
      : [value as UnitOptionValue];
    for (const item of items) {
      const text = unitOptionToString(item, keyLoc);
      assertSingleLine(text, keyLoc, unitName);
      out += `${key}=${text}\n`;
    }
  }
  return out;
}
