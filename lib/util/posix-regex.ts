/**
 * Nix patterns (`types.strMatching`, `builtins.match`) as JSON Schema `pattern`s.
 *
 * Nix matches a POSIX extended regular expression against the whole string; JSON Schema
 * patterns are ECMAScript regular expressions searched anywhere in the string. The
 * translation anchors the pattern and rewrites what ERE spells differently:
 *
 * - `.` matches any character, newlines included (`[\s\S]`, as the `s` flag would);
 * - bracket expressions: a leading `]` is literal, `[:alpha:]`-style classes become ranges
 *   (libstdc++'s names: POSIX's and `d`, `w`, `s`, in any case), a collating element `[.x.]`
 *   is the character of that POSIX name (`[.space.]`, `[.a.]`), and an equivalence class
 *   `[=x=]` is that character in either case;
 * - everything else (groups, alternation, `*+?{m,n}`, `^`/`$`) reads the same.
 *
 * Outside bracket expressions a backslash may only escape one of `.[{()\*+?|^$`; anything else
 * (`\d`, `\w`, `\-`, a trailing backslash) is an invalid regular expression in Nix, and so here.
 * Inside a bracket expression a backslash is a literal character, as in POSIX and Nix.
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
  d: "0-9",
  w: "0-9A-Za-z_",
  s: " \\t\\n\\r\\f\\v",
};

/** The POSIX names of the ASCII characters, by code, that libstdc++'s `lookup_collatename` knows. */
// prettier-ignore
const collatingNames = [
  "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "alert", "backspace", "tab", "newline",
  "vertical-tab", "form-feed", "carriage-return", "SO", "SI", "DLE", "DC1", "DC2", "DC3", "DC4",
  "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC", "IS4", "IS3", "IS2", "IS1", "space",
  "exclamation-mark", "quotation-mark", "number-sign", "dollar-sign", "percent-sign", "ampersand",
  "apostrophe", "left-parenthesis", "right-parenthesis", "asterisk", "plus-sign", "comma",
  "hyphen", "period", "slash", "zero", "one", "two", "three", "four", "five", "six", "seven",
  "eight", "nine", "colon", "semicolon", "less-than-sign", "equals-sign", "greater-than-sign",
  "question-mark", "commercial-at",
  ..."ABCDEFGHIJKLMNOPQRSTUVWXYZ", "left-square-bracket", "backslash", "right-square-bracket",
  "circumflex", "underscore", "grave-accent", ..."abcdefghijklmnopqrstuvwxyz", "left-curly-bracket",
  "vertical-line", "right-curly-bracket", "tilde", "DEL",
];

/** The character a collating element's name stands for, or undefined for no name libstdc++ knows. */
function collatingCharacter(name: string): string | undefined {
  const code = collatingNames.indexOf(name);
  return code < 0 ? undefined : String.fromCharCode(code);
}

/** A character written inside an ECMAScript class: controls as escapes, specials escaped. */
function classCharacter(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 0x20 || code === 0x7f) return `\\x${code.toString(16).padStart(2, "0")}`;
  return escapeInClass(ch);
}

/** The characters a backslash may escape outside a bracket expression (Nix's std::regex, extended). */
const escapable = new Set(".[{()\\*+?|^$");

/** Nix's error for a pattern it cannot read, with what is wrong with it. */
function invalidPattern(pattern: string, reason: string): SyntaxError {
  return new SyntaxError(`invalid regular expression '${pattern}': ${reason}`);
}

function escapeInClass(ch: string): string {
  return ch === "\\" || ch === "]" || ch === "[" || ch === "^" || ch === "-" ? `\\${ch}` : ch;
}

/**
 * A byte as libstdc++ compares it in a range: its `char`, which is signed, so the bytes of
 * UTF-8 sequences (0x80 to 0xff) come before every ASCII character.
 */
function signedByte(ch: string): number {
  const code = ch.charCodeAt(0);
  return code >= 0x80 && code <= 0xff ? code - 0x100 : code;
}

/**
 * `body`, whose last item `start` begins a range (its `-` read), with the range ended by the
 * character `ch` (written `text`), as Nix's matcher reads it: a range whose end comes before its
 * start is an invalid pattern, and one from a byte of 0x80 or more to an ASCII character holds
 * both ends of the byte values.
 */
function range(
  pattern: string,
  body: string,
  start: { ch: string; at: number },
  text: string,
  ch: string,
): string {
  const [from, to] = [signedByte(start.ch), signedByte(ch)];
  if (from > to) throw invalidPattern(pattern, "a range ends before it starts");
  if (from >= 0 || to < 0) return body + text;
  const startText = body.slice(start.at, body.length - 1);
  return `${body.slice(0, start.at)}\\x00-${text}${startText}-\\xff`;
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
  // The last item can start a range; a range is open (its `-` read); the last item ended a
  // range or was a class, which a `-` may then only follow as the last character.
  let canStart = false;
  let inRange = false;
  let ended = false;
  // The last item's character and where its text starts in `body`: a range begins with it.
  let last = { ch: "", at: 0 };
  const item = (text: string, ch: string) => {
    if (inRange) body = range(pattern, body, last, text, ch);
    else {
      last = { ch, at: body.length };
      body += text;
    }
    ended = inRange;
    canStart = !inRange;
    inRange = false;
  };
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
      // libstdc++ ends a range only with a plain character (`[[.a.]-z]` is a range, `[a-[.z.]]` none).
      if (inRange) throw invalidPattern(pattern, `a range cannot end in [${kind}…${kind}]`);
      const name = pattern.slice(j + 2, close);
      if (kind === ":") {
        const range = posixClasses[name.toLowerCase()];
        if (range === undefined) {
          throw invalidPattern(pattern, `unknown character class [:${name}:]`);
        }
        body += range;
        ended = true;
        canStart = false;
      } else {
        const ch = collatingCharacter(name);
        if (ch === undefined) {
          throw invalidPattern(pattern, `unknown collating element [${kind}${name}${kind}]`);
        }
        if (kind === "." || ch.toLowerCase() === ch.toUpperCase()) item(classCharacter(ch), ch);
        else {
          // libstdc++ compares an equivalence class's primary keys, which fold case.
          body += classCharacter(ch.toLowerCase()) + classCharacter(ch.toUpperCase());
          ended = true;
          canStart = false;
        }
      }
      j = close + 2;
      continue;
    }
    if (ch === "-" && kind !== "]" && (ended || canStart)) {
      if (ended) throw invalidPattern(pattern, "a range cannot start where a range or class ends");
      body += ch;
      inRange = true;
      canStart = false;
      j++;
      continue;
    }
    // POSIX (and Nix's builtins.match): a backslash in a bracket expression is itself, not
    // an escape, so `[a-z\-]` also matches `\` (as unit names with systemd's `\x2d` need).
    item(ch === "\\" ? "\\\\" : ch === "[" || ch === "]" ? `\\${ch}` : ch, ch);
    j++;
  }
  return null;
}

/** The ECMAScript pattern body for a POSIX extended regular expression (unanchored). */
export function posixEreToEcma(pattern: string): string {
  let out = "";
  // Where the last atom (character, bracket expression, group) starts in `out`, or -1.
  let atom = -1;
  // Whether `out` ends in a quantifier: ERE repeats a repeated atom (`a**`), ECMAScript does not.
  let quantified = false;
  const groups: number[] = [];
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i]!;
    if (ch === "*" || ch === "+" || ch === "?" || ch === "{") {
      let quantifier = ch;
      if (ch === "{") {
        const close = pattern.indexOf("}", i);
        if (close < 0 || !/^\{\d+(,\d*)?\}$/.test(pattern.slice(i, close + 1))) {
          throw invalidPattern(pattern, "malformed interval");
        }
        quantifier = pattern.slice(i, close + 1);
      }
      if (atom < 0) throw invalidPattern(pattern, `${quantifier} repeats nothing`);
      if (quantified) out = `${out.slice(0, atom)}(?:${out.slice(atom)})`;
      out += quantifier;
      quantified = true;
      i += quantifier.length;
      continue;
    }
    quantified = false;
    atom = out.length;
    if (ch === "\\") {
      const next = pattern[i + 1];
      if (next === undefined) throw invalidPattern(pattern, "it ends in a backslash");
      if (!escapable.has(next)) throw invalidPattern(pattern, `\\${next} is not an escape`);
      out += `\\${next}`;
      i += 2;
    } else if (ch === ".") {
      out += "[\\s\\S]";
      i++;
    } else if (ch === "[") {
      const b = bracket(pattern, i);
      if (b === null) throw invalidPattern(pattern, "unterminated bracket expression");
      out += b.text;
      i = b.end;
    } else if (ch === "(") {
      groups.push(out.length);
      out += ch;
      atom = -1;
      i++;
    } else if (ch === ")") {
      const open = groups.pop();
      if (open === undefined) throw invalidPattern(pattern, "unmatched )");
      out += ch;
      atom = open;
      i++;
    } else if (ch === "|" || ch === "^" || ch === "$") {
      out += ch;
      atom = -1;
      i++;
    } else {
      // A lone `]` or `}` is a literal character in ERE; ECMAScript's `u` mode wants it escaped.
      out += ch === "]" || ch === "}" ? `\\${ch}` : ch;
      i++;
    }
  }
  if (groups.length > 0) throw invalidPattern(pattern, "unmatched (");
  return out;
}

/** A JSON Schema `pattern` that matches exactly the strings Nix's `builtins.match pattern` matches. */
export function wholeMatchPattern(pattern: string): string {
  return `^(?:${posixEreToEcma(pattern)})$`;
}
