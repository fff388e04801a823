/**
 * Systemd unit option values (`unitConfig`, `serviceConfig`): NixOS's
 * `unitOption` merge and `attrsToSection`, which writes them as `Key=value` lines.
 */

import { ModuleError, quoteOption, showValue } from "../errors.ts";
import type { Package } from "../package.ts";
import { sortedKeys } from "./byte-order.ts";
import { assertSingleLine, assertUnitKey } from "./line-safety.ts";
import { nixToString } from "./nix-to-string.ts";
import { nixEqual } from "../util/equal.ts";

/** One value of a unit option: a list repeats the key, anything else is one line. */
export type UnitOptionValue =
  string | number | bigint | boolean | null | Package | readonly UnitOptionValue[];

/** A section's options, e.g. `serviceConfig`. */
export type UnitSection = Readonly<Record<string, UnitOptionValue>>;

/** One definition fed to `mergeUnitOption`: where it came from and its value. */
export interface UnitOptionDefinition {
  file: string;
  value: UnitOptionValue;
}

/** NixOS's `unitOption` merge: lists concatenate (scalars join as one-element lists), scalars must be equal. */
export function mergeUnitOption(
  loc: string[],
  defs: readonly UnitOptionDefinition[],
): UnitOptionValue {
  if (defs.length === 0)
    throw new ModuleError("mergeUnitOption needs a definition", { code: "no-value", loc });
  if (defs.some((def) => Array.isArray(def.value))) {
    return defs.flatMap((def) =>
      Array.isArray(def.value) ? (def.value as readonly UnitOptionValue[]) : [def.value],
    );
  }
  const first = defs[0]!;
  for (const def of defs.slice(1)) {
    if (!nixEqual(def.value, first.value)) {
      throw new ModuleError(
        `The option ${quoteOption(loc)} has conflicting definition values:` +
          [first, def].map((d) => `\n- In \`${d.file}': ${showValue(d.value)}`).join(""),
        { code: "conflict", loc, definitions: [first, def] },
      );
    }
  }
  return first.value;
}

/** Merges whole sections key by key, earlier sections' definitions first (generated before the user's). */
export function mergeUnitSections(
  loc: string[],
  sections: readonly { file: string; section: UnitSection }[],
): Record<string, UnitOptionValue> {
  const defsByKey = new Map<string, UnitOptionDefinition[]>();
  for (const { file, section } of sections) {
    for (const key of Object.keys(section)) {
      const value = section[key];
      if (value === undefined) continue;
      let defs = defsByKey.get(key);
      if (defs === undefined) defsByKey.set(key, (defs = []));
      defs.push({ file, value });
    }
  }
  // fromEntries defines own properties, so even a key named "__proto__" stays a key.
  return Object.fromEntries(
    [...defsByKey].map(([key, defs]) => [key, mergeUnitOption([...loc, key], defs)]),
  );
}

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
