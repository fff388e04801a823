/** Nix's `toString`: how Nix turns a value into the text it writes into files. */

import { ModuleError, nixValueKind, quoteOption } from "../errors.ts";
import { isStackOverflow, stackError } from "../thunk.ts";
import { formatNixInt, isNixInt } from "../util/nix-number.ts";

/** A Nix float as `toString` prints it: C's `%f`, six decimals, round half to even. */
export function formatNixFloat(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  // Number#toFixed rounds exact ties upwards, glibc's printf to even; compute
  // the exact binary value instead so that e.g. 0.0078125 gives 0.007812.
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const negative = hi >>> 31 === 1;
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exponent: number;
  if (biased === 0) {
    exponent = -1074;
  } else {
    mantissa |= 1n << 52n;
    exponent = biased - 1075;
  }
  const scaled = mantissa * 1_000_000n;
  let units: bigint;
  if (exponent >= 0) {
    units = scaled << BigInt(exponent);
  } else {
    const denominator = 1n << BigInt(-exponent);
    units = scaled / denominator;
    const twiceRest = (scaled % denominator) * 2n;
    if (twiceRest > denominator || (twiceRest === denominator && units % 2n === 1n)) units += 1n;
  }
  const digits = units.toString().padStart(7, "0");
  return (negative ? "-" : "") + digits.slice(0, -6) + "." + digits.slice(-6);
}

/**
 * Nix's `toString`: strings as is, `true` → `1`, `false`/`null` → ``, lists space-joined,
 * packages → outPath. A list that contains itself, or `__toString`s that never end, exhaust
 * the stack (as in Nix), which is reported as a ModuleError.
 */
export function nixToString(value: unknown, loc?: string[]): string {
  if (typeof value === "string") return value;
  try {
    return coerceToString(value, loc);
  } catch (error) {
    if (isStackOverflow(error)) throw stackError(loc, error);
    throw error;
  }
}

/**
 * Nix's string interpolation (`"${x}"`), stricter than `toString`: a string, or a set Nix
 * coerces (one with `__toString` or `outPath`); anything else fails in Nix's words.
 */
export function interpolate(value: unknown, loc?: string[]): string {
  if (typeof value === "string") return value;
  if (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    ("outPath" in value || typeof (value as { __toString?: unknown }).__toString === "function")
  ) {
    return nixToString(value, loc);
  }
  throw new ModuleError(`cannot coerce ${nixValueKind(value)} to a string`, { code: "type", loc });
}

function coerceToString(value: unknown, loc: string[] | undefined): string {
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "1" : "";
  if (value === null) return "";
  if (typeof value === "bigint") return formatNixInt(value);
  if (typeof value === "number")
    return isNixInt(value) ? formatNixInt(value) : formatNixFloat(value);
  if (Array.isArray(value)) {
    let out = "";
    value.forEach((item: unknown, index) => {
      out += coerceToString(item, loc);
      // Nix adds no separator after an empty nested list (a quirk kept for byte equality).
      if (index < value.length - 1 && !(Array.isArray(item) && item.length === 0)) out += " ";
    });
    return out;
  }
  if (typeof value === "object") {
    const attrs = value as { __toString?: unknown; outPath?: unknown };
    if (typeof attrs.__toString === "function") {
      return coerceToString((attrs.__toString as (self: unknown) => unknown)(value), loc);
    }
    if ("outPath" in attrs) return coerceToString(attrs.outPath, loc);
  }
  const kind =
    value === undefined
      ? "an undefined value"
      : typeof value === "function"
        ? "a function"
        : "a set";
  // Nix's words; its trace would name the option, which the message names here.
  const where = loc === undefined ? "" : `while evaluating the option ${quoteOption(loc)}: `;
  throw new ModuleError(`${where}cannot coerce ${kind} to a string`, { code: "type", loc });
}
