/**
 * The one place where nixmod is stricter than NixOS: a value written raw into
 * a unit line must stay on that line.
 */

import { ModuleError, quoteOption } from "../errors.ts";

// systemd ends a line at \n, \r and NUL alike, so each of them would let a
// value start a new key or section.
const lineBreak = /[\n\r\0]/;

/** Throws a ModuleError naming the option when `text` would break out of its unit line. */
export function assertSingleLine(text: string, loc: string[], unitName: string): void {
  if (!lineBreak.test(text)) return;
  const what = text.includes("\n")
    ? "a newline"
    : text.includes("\r")
      ? "a carriage return"
      : "a NUL byte";
  throw new ModuleError(
    `The option ${quoteOption(loc)} contains ${what}, which would be written raw into a line of ` +
      `${unitName} and let the rest be read as further keys; nixmod rejects it ` +
      `(write the value without line breaks, or use a script option for multi-line text).`,
    { code: "invalid", loc, definitions: [{ file: "<rendered unit>", value: text }] },
  );
}
