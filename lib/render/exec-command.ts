/**
 * An `ExecStart=`-style setting read as systemd reads it (systemd.service(5), "Command
 * lines"; `config_parse_exec` and `extract_first_word` of systemd 252): words split at blanks,
 * single and double quotes, C escapes, specifiers, the `-@:+!` prefixes, `;` between
 * commands, then at start the `$NAME` and `${NAME}` of the unit's environment.
 */

import { resolveSpecifiers, type Specifiers } from "./unit-specifiers.ts";

/** One command as systemd runs it. */
export interface ExecCommand {
  /** The argv the process gets, environment variables substituted. */
  argv: string[];
}

/** Why a line does not load: systemd's own reading refuses it. */
class BadLine extends Error {}

const blanks = " \t\n\r";

/** Characters a word reads as they are outside quotes. */
const plainRun = /[^ \t\n\r"'\\]+/y;

/** The one-character escapes of `cunescape_one`. */
const simpleEscapes = new Map([
  ["a", "\x07"],
  ["b", "\b"],
  ["f", "\f"],
  ["n", "\n"],
  ["r", "\r"],
  ["t", "\t"],
  ["v", "\v"],
  ["\\", "\\"],
  ['"', '"'],
  ["'", "'"],
  ["s", " "],
]);

/** systemd's `cunescape_one` at `text[i]` (after a backslash): the character and the length read. */
function cunescapeOne(text: string, i: number): [string, number] {
  const c = text[i];
  const simple = c === undefined ? undefined : simpleEscapes.get(c);
  if (simple !== undefined) return [simple, 1];
  const hex = (digits: number): [string, number] => {
    const part = text.slice(i + 1, i + 1 + digits);
    if (!new RegExp(`^[0-9a-fA-F]{${digits}}$`).test(part)) throw new BadLine();
    const code = parseInt(part, 16);
    if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) throw new BadLine();
    // `\xNN` is one byte: a lone high byte is no character of the UTF-8 text nixmod writes.
    if (digits === 2 && code > 0x7f) throw new BadLine();
    return [String.fromCodePoint(code), digits + 1];
  };
  if (c === "x") return hex(2);
  if (c === "u") return hex(4);
  if (c === "U") return hex(8);
  if (c !== undefined && /[0-7]/.test(c)) {
    const part = text.slice(i, i + 3);
    if (!/^[0-7]{3}$/.test(part)) throw new BadLine();
    const code = parseInt(part, 8);
    if (code === 0 || code > 0x7f) throw new BadLine();
    return [String.fromCharCode(code), 3];
  }
  throw new BadLine();
}

/**
 * A cursor over one setting's value, reading words as `extract_first_word` with unquoting: for
 * a command line also with C unescaping (a bad escape or an open quote refuses the line); for a
 * variable's value relaxed (a backslash keeps the next character, an open quote ends the word).
 */
class WordReader {
  i = 0;

  constructor(
    readonly text: string,
    readonly relaxed = false,
  ) {}

  skipBlanks(): void {
    while (this.i < this.text.length && blanks.includes(this.text[this.i]!)) this.i++;
  }

  /** Whether only blanks are left. */
  get done(): boolean {
    this.skipBlanks();
    return this.i >= this.text.length;
  }

  /** Whether the next word is a lone `;` (or `\;`, a literal one), which it then consumes. */
  separator(escaped: boolean): boolean {
    const text = this.text;
    const at = escaped ? this.i + 1 : this.i;
    if (escaped && text[this.i] !== "\\") return false;
    if (text[at] !== ";" || !(at + 1 === text.length || blanks.includes(text[at + 1]!)))
      return false;
    this.i = at + 1;
    return true;
  }

  /** The next word (blanks before it skipped); undefined at the end. */
  word(): string | undefined {
    this.skipBlanks();
    const text = this.text;
    if (this.i >= text.length) return undefined;
    let out = "";
    let quote = "";
    for (; this.i < text.length; this.i++) {
      if (quote === "") {
        plainRun.lastIndex = this.i;
        if (plainRun.test(text)) {
          out += text.slice(this.i, plainRun.lastIndex);
          this.i = plainRun.lastIndex;
          if (this.i === text.length) break;
        }
      }
      const c = text[this.i]!;
      if (c === "\\" && this.relaxed) {
        if (this.i + 1 < text.length) out += text[++this.i];
      } else if (c === "\\") {
        const [unescaped, length] = cunescapeOne(text, this.i + 1);
        out += unescaped;
        this.i += length;
      } else if (quote !== "") {
        if (c === quote) quote = "";
        else out += c;
      } else if (c === '"' || c === "'") quote = c;
      else if (blanks.includes(c)) break;
      else out += c;
    }
    if (quote !== "" && !this.relaxed) throw new BadLine();
    return out;
  }
}

/** systemd's `string_is_safe`: no control character, quote, backslash or DEL. */
const unsafePath = /[\x00-\x1f\x7f"'\\]/;

/**
 * The commands of one `ExecStart=` value (not empty: an empty one resets the list), with the
 * unit's specifiers; `[]` for a line systemd ignores, undefined for one that makes the unit
 * fail to load. `environment` is the unit's, for the substitution at start.
 */
export function parseExecLine(
  value: string,
  specifiers: Specifiers,
  environment: () => ReadonlyMap<string, string>,
): ExecCommand[] | undefined {
  const reader = new WordReader(value);
  const commands: ExecCommand[] = [];
  for (;;) {
    let first: string | undefined;
    try {
      first = reader.word();
    } catch {
      // systemd warns and ignores the rest of the line.
      return commands;
    }
    if (first === undefined) return commands;
    if (first === ";") continue;
    let rest = first;
    let ignore = false;
    let separateArgv0 = false;
    let expand = true;
    let privileges = "";
    for (;;) {
      const c = rest[0];
      if (c === "-" && !ignore) ignore = true;
      else if (c === "@" && !separateArgv0) separateArgv0 = true;
      else if (c === ":" && expand) expand = false;
      else if ((c === "+" || c === "!") && privileges === "") privileges = c;
      else if (c === "!" && privileges === "!") privileges = "!!";
      else break;
      rest = rest.slice(1);
    }
    try {
      const path = resolveSpecifiers(rest, specifiers);
      if (path === undefined) throw new BadLine();
      if (path === "") return commands;
      if (unsafePath.test(path) || path.endsWith("/")) throw new BadLine();
      if (!path.startsWith("/") && (path.includes("/") || path === "." || path === ".."))
        throw new BadLine();
      const argv = separateArgv0 ? [] : [path];
      let semicolon = false;
      while (!reader.done) {
        if (reader.separator(false)) {
          semicolon = true;
          break;
        }
        if (reader.separator(true)) {
          argv.push(";");
          continue;
        }
        const word = reader.word()!;
        const resolved = resolveSpecifiers(word, specifiers);
        if (resolved === undefined) throw new BadLine();
        argv.push(resolved);
      }
      if (argv.length === 0) throw new BadLine();
      const substitute = expand && argv.some((word) => word.includes("$"));
      commands.push({ argv: substitute ? substituteEnvironment(argv, environment()) : argv });
      if (!semicolon) return commands;
    } catch (error) {
      if (!(error instanceof BadLine)) throw error;
      return ignore ? commands : undefined;
    }
  }
}

/** systemd's `replace_env_argv`: a word `$NAME` becomes the variable's words, `${NAME}` in a word its value, `$$` a `$`. */
function substituteEnvironment(
  argv: readonly string[],
  env: ReadonlyMap<string, string>,
): string[] {
  const out: string[] = [];
  for (const word of argv) {
    if (word[0] === "$" && word[1] !== "{" && word[1] !== "$") {
      const value = env.get(word.slice(1));
      if (value === undefined) continue;
      // Split as `strv_split_full` does, unquoting, relaxed.
      const reader = new WordReader(value, true);
      for (let part = reader.word(); part !== undefined; part = reader.word()) out.push(part);
      continue;
    }
    out.push(
      word.replace(/\$(\$|\{([^}]*)\})/g, (_whole, what: string, name: string | undefined) =>
        what === "$" ? "$" : (env.get(name!) ?? ""),
      ),
    );
  }
  return out;
}

/**
 * The one command a service of type `simple` (systemd's default) starts from its unit's
 * `ExecStart=` lines, undefined when there is none, more than one, or a line systemd refuses.
 */
export function startCommand(
  lines: readonly string[],
  specifiers: Specifiers,
  environment: () => ReadonlyMap<string, string>,
): ExecCommand | undefined {
  let commands: ExecCommand[] = [];
  for (const line of lines) {
    if (line === "") {
      commands = [];
      continue;
    }
    const parsed = parseExecLine(line, specifiers, environment);
    if (parsed === undefined) return undefined;
    commands.push(...parsed);
  }
  return commands.length === 1 ? commands[0] : undefined;
}

/** The values of `key=` in section `[section]` of a unit file's text, as systemd's parser reads them (continued lines joined). */
export function unitSettings(text: string, section: string, key: string): string[] {
  const values: string[] = [];
  let current = "";
  let pending = "";
  for (const raw of text.split("\n")) {
    const line = pending + raw;
    if (line.endsWith("\\")) {
      pending = `${line.slice(0, -1)} `;
      continue;
    }
    pending = "";
    const trimmed = line.trim();
    if (trimmed.startsWith("[") && trimmed.endsWith("]")) current = trimmed.slice(1, -1);
    else if (current === section && !/^[#;]/.test(trimmed)) {
      const eq = trimmed.indexOf("=");
      if (eq !== -1 && trimmed.slice(0, eq).trim() === key)
        values.push(trimmed.slice(eq + 1).trim());
    }
  }
  return values;
}
