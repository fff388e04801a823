/** String types: separated strings (lines, commas, …), legacy `string`, pattern-checked strings. */
import { force } from "../thunk.ts";
import { escapeNixString, ModuleError, nixValueKind } from "../errors.ts";
import { interpolate } from "../render/nix-to-string.ts";
import { guardBacktracking } from "../util/backtrack-guard.ts";
import { wholeMatchPattern } from "../util/posix-regex.ts";
import { mergeEqualOption } from "./merge-functions.ts";
import { mkOptionType, type Def, type OptionType } from "./option-type.ts";
import { markLocFree } from "./loc-free.ts";
import { nixJSONString } from "../util/nix-json-string.ts";

const isString = (v: unknown): v is string => typeof v === "string";

/**
 * Nix's `concatStringsSep sep (getValues defs)`. Checked values are strings; a freeform type is
 * merged unchecked, and then the values are coerced as Nix coerces them (a package to its path).
 */
function joinStrings(loc: string[], defs: readonly Def[], sep: string): string {
  // JavaScript callers can pass any separator; Nix's concatStringsSep reads it first.
  if (typeof sep !== "string") {
    throw new ModuleError(`value is ${nixValueKind(sep)} while a string was expected`, {
      code: "type",
      loc,
    });
  }
  let out = "";
  for (let i = 0; i < defs.length; i++) {
    const text = interpolate(defs[i]!.value, loc);
    out += i === 0 ? text : sep + text;
  }
  return out;
}

/** Strings joined with `sep` (Nix's `separatedString`). */
export function separatedString(given: string): OptionType<string> {
  const sep = force(given);
  return markLocFree(
    mkOptionType({
      name: "separatedString",
      // Nix's `toJSON sep`; a separator of another kind fails only when strings are joined.
      description: `strings concatenated with ${typeof sep === "string" ? nixJSONString(sep) : JSON.stringify(sep)}`,
      descriptionClass: "noun",
      check: isString,
      merge: (loc, defs) => joinStrings(loc, defs, sep),
      functor: {
        name: "separatedString",
        type: (payload: { sep: string }) => separatedString(payload.sep),
        payload: { sep },
        binOp: (a: { sep: string }, b: { sep: string }) =>
          a.sep === b.sep ? { sep: a.sep } : null,
      },
      toJsonSchema: () => ({ type: "string" }),
    }),
  );
}

/** Lines joined with newlines. */
export const lines = separatedString("\n");
/** Strings joined with commas. */
export const commas = separatedString(",");
/** Strings joined with colons, as in `PATH`. */
export const envVar = separatedString(":");

/** The legacy `types.string`: every definition is concatenated, with no separator. */
export const string: OptionType<string> = markLocFree(
  mkOptionType({
    name: "string",
    description: "string",
    descriptionClass: "noun",
    check: isString,
    merge: (loc, defs) => joinStrings(loc, defs, ""),
    deprecationMessage:
      "See https://github.com/NixOS/nixpkgs/pull/66346 for better alternative types.",
    toJsonSchema: () => ({ type: "string" }),
  }),
);

/** A pattern compiled to match characters, when it is all ASCII, and to match UTF-8 bytes. */
interface WholeMatcher {
  readonly chars: RegExp | null;
  bytes: RegExp | undefined;
}

const matchers = new Map<string, WholeMatcher>();

const nonAscii = /[^\x00-\x7f]/;

/** Whether a string is all ASCII, where characters and UTF-8 bytes are the same. */
function isAscii(s: string): boolean {
  return !nonAscii.test(s);
}

/** A string's UTF-8 bytes, one character per byte. */
function utf8Bytes(s: string): string {
  return Buffer.from(s, "utf8").toString("latin1");
}

/**
 * Whether the whole string matches a Nix (POSIX extended) pattern, as `builtins.match` does.
 * Nix matches bytes: beyond ASCII, `.` and `[^x]` match one byte of a character's UTF-8 form,
 * so pattern and value are compared as bytes there.
 */
export function matchesWhole(pattern: string, value: string): boolean {
  let m = matchers.get(pattern);
  if (m === undefined) {
    const chars = isAscii(pattern) ? new RegExp(schemaPattern(pattern)) : null;
    m = { chars, bytes: undefined };
    matchers.set(pattern, m);
  }
  if (m.chars !== null && isAscii(value)) return m.chars.test(value);
  m.bytes ??= new RegExp(schemaPattern(utf8Bytes(pattern), pattern));
  return m.bytes.test(utf8Bytes(value));
}

/**
 * The JavaScript pattern (and JSON Schema pattern) of a Nix pattern. A pattern Nix cannot read
 * is Nix's error, a ModuleError; what is wrong with it is the error's cause.
 */
function schemaPattern(pattern: string, written = pattern): string {
  guardBacktracking();
  let source: string;
  try {
    source = wholeMatchPattern(pattern);
    // What the translation lets through (`a{2,1}`) JavaScript refuses as Nix does.
    new RegExp(source);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    throw new ModuleError(`invalid regular expression '${written}'`, {
      code: "invalid",
      cause: error,
    });
  }
  return source;
}

/** A string matching a pattern; the pattern must match the whole value. */
export function strMatching(given: string): OptionType<string> {
  const pattern = force(given);
  if (typeof pattern !== "string") {
    // Nix interpolates the pattern into the type's name first.
    throw new ModuleError(`cannot coerce ${nixValueKind(pattern)} to a string`, { code: "type" });
  }
  return markLocFree(
    mkOptionType({
      name: `strMatching ${escapeNixString(pattern)}`,
      description: `string matching the pattern ${pattern}`,
      descriptionClass: "noun",
      check: (x) => isString(x) && matchesWhole(pattern, x),
      merge: mergeEqualOption as (loc: string[], defs: Def[]) => string,
      functor: {
        name: "strMatching",
        type: (payload: { pattern: string }) => strMatching(payload.pattern),
        payload: { pattern },
        binOp: (a: { pattern: string }, b: { pattern: string }) =>
          a.pattern === b.pattern ? a : null,
      },
      toJsonSchema: () => ({ type: "string", pattern: schemaPattern(pattern) }),
    }),
  );
}

/** A string with something other than white space in it. */
export const nonEmptyStr: OptionType<string> = markLocFree(
  mkOptionType({
    name: "nonEmptyStr",
    description: "non-empty string",
    descriptionClass: "noun",
    check: (x) => isString(x) && !matchesWhole("[ \t\n]*", x),
    merge: mergeEqualOption as (loc: string[], defs: Def[]) => string,
    toJsonSchema: () => ({ type: "string", pattern: "[^ \\t\\n]" }),
  }),
);

/** A single line, optionally ending in a newline, which the merge removes. */
export const singleLineStr: OptionType<string> = markLocFree(
  mkOptionType({
    name: "singleLineStr",
    description: "(optionally newline-terminated) single-line string",
    descriptionClass: "noun",
    check: (x) => isString(x) && matchesWhole("[^\n\r]*\n?", x),
    merge: (loc, defs) => {
      const merged = mergeEqualOption(loc, defs) as string;
      return merged.endsWith("\n") ? merged.slice(0, -1) : merged;
    },
    toJsonSchema: () => ({ type: "string", pattern: "^[^\\n\\r]*\\n?$" }),
  }),
);
