/** Integer ranges: `ints.between`, `ints.unsigned`, `ints.u8` … `ints.s32`, `port`. */
import { force } from "../thunk.ts";
import { addCheck } from "./add-check.ts";
import { int } from "./basic.ts";
import type { OptionType } from "./option-type.ts";
import { markLocFree } from "./loc-free.ts";
import { ModuleError, wrongArgument } from "../errors.ts";
import { formatNixFloat } from "../render/nix-to-string.ts";

/** A bound as Nix's `toString` writes it: a float (JavaScript cannot tell 1.0 from 1) with six decimals. */
const boundText = (n: number) => (Number.isInteger(n) ? String(n) : formatNixFloat(n));
const rangeText = (lo: number, hi: number) =>
  `${boundText(lo)} and ${boundText(hi)} (both inclusive)`;

function ranged(lo: number, hi: number, name: string, description: string): OptionType<number> {
  const base = addCheck(int, (x: number) => x >= lo && x <= hi);
  return markLocFree(
    {
      ...base,
      name,
      description,
      toJsonSchema: () => ({ type: "integer", minimum: lo, maximum: hi }),
    },
    base,
  );
}

/** Refuses bounds `family.between` (`ints` or `numbers`) cannot take, in Nix's words. */
export function checkBounds(family: string, lo: number, hi: number): void {
  if (typeof lo !== "number" || Number.isNaN(lo))
    throw wrongArgument(`the lowest value of types.${family}.between`, lo, "a number");
  if (typeof hi !== "number" || Number.isNaN(hi))
    throw wrongArgument(`the highest value of types.${family}.between`, hi, "a number");
  if (lo > hi) {
    throw new ModuleError(`${family}.between: lowest must be smaller than highest`, {
      code: "type",
    });
  }
}

/** An integer between `lo` and `hi`, both inclusive. */
export function intBetween(low: number, high: number): OptionType<number> {
  const [lo, hi] = [force(low), force(high)];
  checkBounds("ints", lo, hi);
  return ranged(lo, hi, "intBetween", `integer between ${rangeText(lo, hi)}`);
}

const unsign = (bits: number, range: number) =>
  ranged(
    0,
    range - 1,
    `unsignedInt${bits}`,
    `${bits} bit unsigned integer; between ${rangeText(0, range - 1)}`,
  );
const sign = (bits: number, range: number) =>
  ranged(
    -(range / 2),
    range / 2 - 1,
    `signedInt${bits}`,
    `${bits} bit signed integer; between ${rangeText(-(range / 2), range / 2 - 1)}`,
  );

/** Integer types with fixed ranges, as Nix's `types.ints`. */
export const ints = {
  between: intBetween,
  unsigned: markLocFree(
    {
      ...addCheck(int, (x: number) => x >= 0),
      name: "unsignedInt",
      description: "unsigned integer, meaning >=0",
      descriptionClass: "nonRestrictiveClause",
      toJsonSchema: () => ({ type: "integer", minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
    } as OptionType<number>,
    int,
  ),
  positive: markLocFree(
    {
      ...addCheck(int, (x: number) => x > 0),
      name: "positiveInt",
      description: "positive integer, meaning >0",
      descriptionClass: "nonRestrictiveClause",
      toJsonSchema: () => ({ type: "integer", minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    } as OptionType<number>,
    int,
  ),
  u8: unsign(8, 256),
  u16: unsign(16, 65536),
  u32: unsign(32, 4294967296),
  s8: sign(8, 256),
  s16: sign(16, 65536),
  s32: sign(32, 4294967296),
};

/** A TCP/UDP port number (`ints.u16`). */
export const port = ints.u16;
