/** Numbers as Nix has them: which JS numbers are Nix integers, and how Nix prints its numbers. */

/** Nix's smallest integer, -2^63 (the largest is 2^63 - 1). */
const minNixInt = -(2 ** 63);

/** Whether a JS number stands for a Nix integer (anything else is a Nix float). */
export function isNixInt(value: number): boolean {
  // JSON and JS cannot tell 1 from 1.0; integral numbers are treated as Nix
  // integers, which is what a plain-data configuration almost always means,
  // except beyond Nix's 64 bits, where only a float can be (1e21).
  return Number.isInteger(value) && value >= minNixInt && value < -minNixInt;
}

/** A Nix integer in decimal (JS numbers beyond 2^53 are printed without exponent). */
export function formatNixInt(value: number | bigint): string {
  return typeof value === "bigint" ? value.toString() : BigInt(value).toString();
}

/**
 * A float as Nix 2.8 prints it in JSON and in messages (`toPretty`): C++'s default stream
 * format, six significant digits, an exponent outside 1e-5..1e6 (`1.23457e+08`, `1e-07`).
 */
function shortFloat(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
  // The exact decimal digits of the double (it has fewer than 101 before they end in zeros, where
  // they could tie), rounded to six as C's printf rounds them: a tie goes to the even digit.
  const [mantissa, exponentText] = Math.abs(value).toExponential(100).split("e") as [
    string,
    string,
  ];
  const digits = mantissa.replace(".", "");
  let exponent = Number(exponentText);
  let head = BigInt(digits.slice(0, 6));
  const rest = digits.slice(6);
  if (rest[0]! > "5" || (rest[0] === "5" && (!/^50*$/.test(rest) || head % 2n === 1n))) head++;
  if (head === 1_000_000n) {
    head = 100_000n;
    exponent++;
  }
  const six = head.toString();
  const sign = value < 0 ? "-" : "";
  const trimmed = (text: string) =>
    text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
  if (exponent < -4 || exponent >= 6) {
    const power = `e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
    return `${sign}${trimmed(`${six[0]}.${six.slice(1)}`)}${power}`;
  }
  const fixed =
    exponent >= 0
      ? `${six.slice(0, exponent + 1)}.${six.slice(exponent + 1)}`
      : `0.${"0".repeat(-exponent - 1)}${six}`;
  return sign + trimmed(fixed);
}

/** A number as Nix 2.8 prints it in JSON and in messages: an integer in full, a float in short. */
export function nixNumberText(value: number): string {
  return isNixInt(value) ? formatNixInt(value) : shortFloat(value);
}
