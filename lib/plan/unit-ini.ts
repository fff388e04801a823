/**
 * Reads a unit file as switch-to-configuration (the Rust one NixOS runs) reads it: its INI
 * reader (rust-ini 0.21 with inline comments, quotes read, backslashes kept), then its
 * `parse_systemd_ini`, which gathers each section's keys.
 */
import { ModuleError, wrongArgument } from "../errors.ts";

/** A unit file as data: section → key → values. */
export type UnitIni = Map<string, Map<string, string[]>>;

/** The reader's whitespace: Unicode's, as Rust's `char::is_whitespace`. */
const whitespace = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
const leadingWhitespace = new RegExp(`^${whitespace.source}+`);
const trailingWhitespace = new RegExp(`${whitespace.source}+$`);
const trimEnd = (text: string) => text.replace(trailingWhitespace, "");
const trim = (text: string) => trimEnd(text).replace(leadingWhitespace, "");

const endOfFile = undefined;
type Char = string | undefined;

/** One section as written: its name and its assignments in order. */
interface SectionText {
  name: string;
  entries: [string, string][];
}

/** The INI reader, one character at a time (by code point, as Rust's `chars`). */
class Reader {
  private readonly chars: string[];
  private at = 0;
  private line = 1;
  private column = 0;
  ch: Char;

  constructor(
    text: string,
    private readonly file: string,
  ) {
    this.chars = Array.from(text);
    this.ch = this.chars[0];
    if (this.ch !== endOfFile) this.column = 1;
    if (this.ch === "\n") [this.line, this.column] = [2, 0];
  }

  bump(): void {
    this.ch = this.chars[++this.at];
    if (this.ch === "\n") {
      this.line++;
      this.column = 0;
    } else if (this.ch !== endOfFile) this.column++;
  }

  fail(message: string): never {
    throw new ModuleError(
      `switch-to-configuration cannot read ${this.file}: line ${this.line}, column ${this.column + 1}: ${message}`,
      { code: "invalid" },
    );
  }

  /** Skips through the end of the line. */
  skipComment(): void {
    while (this.ch !== endOfFile) {
      const ch = this.ch;
      this.bump();
      if (ch === "\n") return;
    }
  }

  /**
   * The text up to one of `ends` (not taken). A backslash before a line break joins the lines
   * (once joined, a comment line inside is skipped); any other backslash stays, with the
   * character after it. With `comments`, a blank followed by `#` or `;` ends the text there.
   */
  until(ends: readonly Char[], comments: boolean): string {
    let text = "";
    let continued = false;
    while (!ends.includes(this.ch)) {
      const ch = this.ch;
      if (ch === endOfFile) this.fail(`expected ${describe(ends)} but found the end of the file`);
      if (comments && (ch === " " || ch === "\t")) {
        this.bump();
        if (this.ch === "#" || this.ch === ";") {
          this.skipComment();
          if (!continued) break;
          text += ch;
          continue;
        }
        text += ch;
        if (this.ch !== endOfFile) continue;
      } else if (comments && continued && (ch === "#" || ch === ";")) {
        this.skipComment();
        continue;
      } else if (ch === "\\") {
        this.bump();
        if (this.ch === endOfFile) {
          text += "\\";
          continue;
        }
        if (this.ch === "\n") continued = true;
        else text += "\\" + this.ch;
      } else {
        text += ch;
      }
      this.bump();
    }
    return text;
  }

  /** The value after `=` or `:`: quoted parts without their quotes, the rest trimmed, up to the line's end or a comment. */
  value(): string {
    this.bump();
    while (
      this.ch !== endOfFile &&
      this.ch !== "\n" &&
      this.ch !== "\r" &&
      whitespace.test(this.ch)
    )
      this.bump();
    let value = "";
    let first = true;
    while (this.ch !== endOfFile) {
      const quote = this.ch;
      if (quote === '"' || quote === "'") {
        this.bump();
        value += this.until([quote], false);
        this.bump();
        first = false;
        continue;
      }
      const rest = this.until(["\n", "\r", endOfFile], true);
      value += first ? trim(rest) : trimEnd(rest);
      break;
    }
    return value;
  }

  /** An indented key, trimmed; undefined if the file ends before its `=` or `:`. */
  private keyToEnd(): string | undefined {
    while (this.ch === " " || this.ch === "\t") this.bump();
    try {
      return trim(this.until(["=", ":"], false));
    } catch (error) {
      // The reader only fails here at the end of the file.
      if (this.ch === endOfFile) return undefined;
      throw error;
    }
  }

  /** Skips blanks and line breaks, but stops before the blanks that begin a line. */
  skipBetween(): void {
    while (this.ch !== endOfFile) {
      if (this.ch === "\n" || this.ch === "\r") {
        this.bump();
        const next: Char = this.ch;
        if (next === " " || next === "\t") return;
      } else if (whitespace.test(this.ch)) this.bump();
      else return;
    }
  }

  /** The sections in the order written; assignments before any section are left out. */
  sections(): SectionText[] {
    const sections: SectionText[] = [];
    let current: SectionText | undefined;
    let key = "";
    while (this.ch !== endOfFile && whitespace.test(this.ch)) this.bump();
    while (this.ch !== endOfFile) {
      const ch = this.ch;
      if (ch === ";" || ch === "#") {
        this.skipComment();
      } else if (ch === "[") {
        this.bump();
        const name = trim(this.until(["]"], false));
        if (this.ch === "]") this.bump();
        if (this.ch === "#" || this.ch === ";") this.skipComment();
        current = { name, entries: [] };
        sections.push(current);
      } else if (ch === "=" || ch === ":") {
        if (key === "") this.fail("an assignment has no key");
        const value = this.value();
        current?.entries.push([key, value]);
        key = "";
      } else if (ch === " " || ch === "\t") {
        // An indented key that never ends is dropped with the rest of the file, unlike others.
        const indented = this.keyToEnd();
        if (indented === undefined) break;
        key = indented;
      } else {
        key = trim(this.until(["=", ":"], false));
      }
      this.skipBetween();
    }
    return sections;
  }
}

function describe(ends: readonly Char[]): string {
  return ends.map((end) => (end === endOfFile ? "the end" : JSON.stringify(end))).join(" or ");
}

/**
 * Parses unit file text into what switch-to-configuration compares: for each section but
 * `[Install]`, each key's values. As its `parse_systemd_ini` gathers them, an empty value
 * clears the values before it (the key stays), and a key written n times in a section, none
 * of them empty, gets that section's values n times over. Text its INI reader refuses (an
 * assignment without a key, a quote or key that never ends) is a `ModuleError`, as the switch
 * fails on it; `file` names the unit in that error.
 */
export function parseUnit(text: string, file = "this unit file"): UnitIni {
  if (typeof text !== "string")
    throw wrongArgument("the unit file given to parseUnit", text, "a string");
  const unit: UnitIni = new Map();
  for (const { name, entries } of new Reader(text, file).sections()) {
    if (name === "Install") continue;
    let keys = unit.get(name);
    if (keys === undefined) {
      keys = new Map();
      unit.set(name, keys);
    }
    const all = new Map<string, string[]>();
    for (const [key, value] of entries) {
      const values = all.get(key);
      if (values === undefined) all.set(key, [value]);
      else values.push(value);
    }
    for (const [key] of entries) {
      const values = all.get(key)!;
      const cleared = values.lastIndexOf("");
      const kept = values.slice(cleared + 1);
      const before = keys.get(key);
      if (before === undefined || cleared >= 0) keys.set(key, kept);
      else before.push(...kept);
    }
  }
  return unit;
}
