/**
 * The one place where nixmod is stricter than NixOS: a value written raw into
 * a unit line must stay on that line.
 */

import { ModuleError, quoteOption } from "../errors.ts";

// systemd ends a line at \n, \r and NUL alike, so each of them would let a
// value start a new key or section.
const lineBreak = /[\n\r\0]/;

// A NUL byte or an unpaired surrogate: no Nix string holds one, and no UTF-8 file can
// carry it as written (bash refuses a script with a NUL; a lone surrogate becomes U+FFFD).
// Checked natively (`isWellFormed`, ES2024): a regular expression over every script and unit
// value took about fifteen times as long.
function unwritable(text: string): boolean {
  return text.includes("\0") || !(text as string & { isWellFormed(): boolean }).isWellFormed();
}

/**
 * Throws a ModuleError naming the option (`at`, then `last` if given) when `text` cannot be
 * written to `where` as it is.
 * With `nulQuoted`, a NUL is allowed (it is written escaped, as NixOS's JSON quoting does).
 */
export function assertWritableText(
  text: string,
  at: readonly string[],
  where: string,
  nulQuoted = false,
  last?: string,
): void {
  if (!unwritable(nulQuoted ? text.replaceAll("\0", "") : text)) return;
  const loc = optionLoc(at, last);
  const what = text.includes("\0") && !nulQuoted ? "a NUL byte" : "an unpaired UTF-16 surrogate";
  throw new ModuleError(
    `The option ${quoteOption(loc)} contains ${what}, which no Nix string can hold and ${where} ` +
      "cannot carry as written; nixmod rejects it.",
    { code: "invalid", loc, definitions: [{ file: "<rendered file>", value: text }] },
  );
}

/** Whether `text` ends in an odd number of backslashes: systemd then joins the next line to it. */
function continuesLine(text: string): boolean {
  let n = 0;
  for (let i = text.length - 1; i >= 0 && text[i] === "\\"; i--) n++;
  return n % 2 === 1;
}

/**
 * The option's path: `at`, with `last` after it when given. Values are checked by the thousand
 * and almost all pass, so callers give the parts and the path is made only for an error.
 */
function optionLoc(at: readonly string[], last: string | undefined): string[] {
  return last === undefined ? [...at] : [...at, last];
}

/** Throws a ModuleError naming the option (`at`, then `last` if given) when `text` would break out of its unit line. */
export function assertSingleLine(
  text: string,
  at: readonly string[],
  unitName: string,
  last?: string,
): void {
  if (continuesLine(text)) {
    const loc = optionLoc(at, last);
    throw new ModuleError(
      `The option ${quoteOption(loc)} ends with a backslash, which systemd reads as a line ` +
        `continuation: the next line of ${unitName} (another key) would become part of this ` +
        `value; nixmod rejects it (write a literal trailing backslash as two).`,
      { code: "invalid", loc, definitions: [{ file: "<rendered unit>", value: text }] },
    );
  }
  if (!lineBreak.test(text)) {
    assertWritableText(text, at, unitName, false, last);
    return;
  }
  const loc = optionLoc(at, last);
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

/**
 * Throws a ModuleError naming the option when `key` would not be read back as itself:
 * systemd splits a line at its first `=`, strips spaces and tabs around the key, and reads
 * a line starting with `[` as a section header and one starting with `#` or `;` as a comment.
 */
export function assertUnitKey(key: string, loc: string[], unitName: string): void {
  assertSingleLine(key, loc, unitName);
  const problem =
    key === ""
      ? "is empty"
      : key.includes("=")
        ? "contains `='"
        : /^[[#;]/.test(key)
          ? `starts with \`${key[0]}'`
          : /^[ \t]|[ \t]$/.test(key)
            ? "starts or ends with whitespace"
            : null;
  if (problem === null) return;
  throw new ModuleError(
    `The option ${quoteOption(loc)} has a key that ${problem}: systemd would read its line in ` +
      `${unitName} as another key, a section header or a comment; nixmod rejects it.`,
    { code: "invalid", loc, definitions: [{ file: "<rendered unit>", value: key }] },
  );
}
