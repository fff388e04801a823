/** Nix's `builtins.toJSON`, byte for byte as the reference Nix (2.8) prints it. */
import { ModuleError, nixValueKind } from "../errors.ts";
import { isAttrs, sortNames } from "../util/attrs.ts";
import { formatNixInt, isNixInt, nixToString } from "./nix-to-string.ts";

/** The escape Nix writes for a code unit, or undefined when the unit is written as it is. */
function escapeOf(unit: number): string | undefined {
  if (unit === 0x22) return '\\"';
  if (unit === 0x5c) return "\\\\";
  if (unit >= 0x20) return undefined;
  if (unit === 0x0a) return "\\n";
  if (unit === 0x0d) return "\\r";
  if (unit === 0x09) return "\\t";
  return "\\u" + unit.toString(16).padStart(4, "0");
}

/** A string as a JSON string literal the way Nix 2.8 writes it. */
export function nixJSONString(text: string): string {
  // Unlike JSON.stringify, Nix 2.8 writes \b and \f as \u0008 and \u000c and
  // never escapes anything above U+001F; keep those bytes so units match NixOS.
  // Runs without an escape are copied as slices: most texts (whole scripts) need few escapes.
  let out = '"';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const escape = escapeOf(text.charCodeAt(i));
    if (escape === undefined) continue;
    out += text.slice(start, i) + escape;
    start = i + 1;
  }
  return out + text.slice(start) + '"';
}

/** A float as Nix 2.8's `toJSON` writes it: C++'s default stream format, six significant digits. */
function nixJSONFloat(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
  const [mantissa, exponentText] = value.toExponential(5).split("e") as [string, string];
  const exponent = Number(exponentText);
  const trimmed = (digits: string) =>
    digits.includes(".") ? digits.replace(/\.?0+$/, "") : digits;
  if (exponent < -4 || exponent >= 6) {
    const sign = exponent < 0 ? "-" : "+";
    return `${trimmed(mantissa)}e${sign}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  return trimmed(value.toFixed(5 - exponent));
}

/**
 * Nix's `builtins.toJSON` of a value: a set with `__toString` as that string, one with `outPath`
 * as its path, other sets with their names in byte order; a function cannot be written.
 */
export function nixToJSON(value: unknown): string {
  if (typeof value === "string") return nixJSONString(value);
  if (typeof value === "number") {
    return isNixInt(value) ? formatNixInt(value) : nixJSONFloat(value);
  }
  if (typeof value === "bigint") return formatNixInt(value);
  if (typeof value === "boolean" || value === null) return String(value);
  if (Array.isArray(value)) return `[${value.map(nixToJSON).join(",")}]`;
  if (isAttrs(value)) {
    if ("__toString" in value) return nixJSONString(nixToString(value));
    if ("outPath" in value) return nixToJSON(value.outPath);
    const names = sortNames(Object.keys(value));
    return `{${names.map((name) => `${nixJSONString(name)}:${nixToJSON(value[name])}`).join(",")}}`;
  }
  throw new ModuleError(`cannot convert ${nixValueKind(value)} to JSON`, { code: "type" });
}

/** Nix's `escapeNixString`: `toJSON` of a value with `$` escaped, as Nix's messages quote it. */
export function escapeNixValue(value: unknown): string {
  return nixToJSON(value).replace(/\$/g, "\\$");
}
