/**
 * Nix patterns (`types.strMatching`, `builtins.match`) as JSON Schema `pattern`s.
 *
 * Nix matches a POSIX extended regular expression against the whole string; JSON Schema
 * patterns are ECMAScript regular expressions searched anywhere in the string. The
 * translation anchors the pattern and rewrites what ERE spells differently:
 *
 * - `.` matches any character, newlines included (`[\s\S]`, as the `s` flag would);
 * - bracket expressions: a leading `]` is literal, `[:alpha:]`-style classes become ranges,
 *   `[.x.]` and `[=x=]` become the character itself;
 * - everything else (groups, alternation, `*+?{m,n}`, `^`/`$`) reads the same.
 *
 * Backslash escapes outside bracket expressions are kept with their ECMAScript meaning, and
 * rewritten only where the unicode (`u`) flag would reject them, so the result compiles in
 * every JSON Schema validator; inside a bracket expression a backslash is a literal
 * character, as in POSIX and Nix.
 *
 * Nix matches UTF-8 bytes, JSON Schema characters: beyond ASCII, a schema pattern can accept
 * what Nix refuses (`a.b` and `aéb`). `types.strMatching` itself matches bytes as Nix does.
 */

const posixClasses: Record<string, string> = {
  alpha: "A-Za-z",
  digit: "0-9",
  alnum: "0-9A-Za-z",
  upper: "A-Z",
  lower: "a-z",
  space: " \\t\\n\\r\\f\\v",
  blank: " \\t",
  punct: "!-\\/:-@\\[-`{-~",
  xdigit: "0-9A-Fa-f",
  cntrl: "\\x00-\\x1f\\x7f",
  print: " -~",
  graph: "!-~",
  word: "0-9A-Za-z_",
};

/** Characters an ECMAScript `u`-mode pattern may escape outside a class. */
const syntaxChars = new Set("^$\\.*+?()[]{}|/");

function escapeInClass(ch: string): string {
  return ch === "\\" || ch === "]" || ch === "[" || ch === "^" || ch === "-" ? `\\${ch}` : ch;
}

function escapeOutside(ch: string): string {
  return syntaxChars.has(ch) ? `\\${ch}` : ch;
}

/** Translates a bracket expression starting at `start` (the `[`); null when it is not closed. */
function bracket(pattern: string, start: number): { text: string; end: number } | null {
  let j = start + 1;
  let negate = false;
  if (pattern[j] === "^") {
    negate = true;
    j++;
  }
  let body = "";
  let first = true;
  while (j < pattern.length) {
    const ch = pattern[j]!;
    if (ch === "]" && !first) {
      return { text: `[${negate ? "^" : ""}${body}]`, end: j + 1 };
    }
    first = false;
    const kind = pattern[j + 1];
    if (ch === "[" && (kind === ":" || kind === "." || kind === "=")) {
      const close = pattern.indexOf(`${kind}]`, j + 2);
      if (close < 0) return null;
      const name = pattern.slice(j + 2, close);
      if (kind === ":") {
        const range = posixClasses[name];
        if (range === undefined) throw new SyntaxError(`unknown character class [:${name}:]`);
        body += range;
      } else {
        body += [...name].map(escapeInClass).join("");
      }
      j = close + 2;
      continue;
    }
    if (ch === "\\") {
      // POSIX (and Nix's builtins.match): a backslash in a bracket expression is
      // itself, not an escape, so `[a-z\-]` also matches `\` (as unit names with
      // systemd's `\x2d` escapes need).
      body += "\\\\";
      j++;
      continue;
    }
    body += ch === "[" || ch === "]" ? `\\${ch}` : ch;
    j++;
  }
  return null;
}

/** The ECMAScript pattern body for a POSIX extended regular expression (unanchored). */
export function posixEreToEcma(pattern: string): string {
  let out = "";
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i]!;
    if (ch === "\\") {
      const next = pattern[i + 1];
      if (next === undefined) {
        out += "\\\\";
        i++;
      } else {
        out += /[0-9A-Za-z]/.test(next) ? `\\${next}` : escapeOutside(next);
        i += 2;
      }
      continue;
    }
    if (ch === ".") {
      out += "[\\s\\S]";
      i++;
      continue;
    }
    if (ch === "[") {
      const b = bracket(pattern, i);
      if (b === null) throw new SyntaxError(`unterminated bracket expression in ${pattern}`);
      out += b.text;
      i = b.end;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

/** A JSON Schema `pattern` that matches exactly the strings Nix's `builtins.match pattern` matches. */
export function wholeMatchPattern(pattern: string): string {
  return `^(?:${posixEreToEcma(pattern)})$`;
}
