/**
 * An `ExecStart=`-style setting read as systemd reads it (systemd.service(5), "Command
 * lines"; `config_parse_exec`, `extract_first_word_and_warn` and
 * `replace_env_argv` of systemd 252): words split at blanks, single and double quotes, C
 * escapes (an unknown one kept as written), specifiers, the `-@:+!` prefixes, `;` between
 * commands, then at start the `$NAME` and `${NAME}` of the unit's environment.
 */

import { isBlank } from "./unit-settings.ts";
import { resolveSpecifiers, type Specifiers } from "./unit-specifiers.ts";

/** One command as systemd runs it. */
export interface ExecCommand {
  /** The program systemd runs (the first word; with `@`, argv[0] is the second). */
  path: string;
  /** The argv the process gets, the unit's environment substituted. */
  argv: string[];
}

/** A line systemd refuses: the unit does not load (unless the command's `-` ignores the line). */
class BadLine extends Error {}

/** An argument that is no UTF-8 text (an escaped byte), which nixmod's strings cannot hold. */
class NotText extends Error {}

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

/** A byte an escape gives, held in a word until it is decoded (lone low surrogates, which text never has). */
const rawByte = (byte: number) => String.fromCharCode(0xdc00 | byte);
const hasRawBytes = /[\udc00-\udcff]/;

/** The UTF-8 bytes of a character of a code point systemd writes without checking (`\u` surrogates). */
function utf8Bytes(code: number): number[] {
  if (code < 0x80) return [code];
  if (code < 0x800) return [0xc0 | (code >> 6), 0x80 | (code & 0x3f)];
  if (code < 0x10000)
    return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)];
  return [
    0xf0 | (code >> 18),
    0x80 | ((code >> 12) & 0x3f),
    0x80 | ((code >> 6) & 0x3f),
    0x80 | (code & 0x3f),
  ];
}

/**
 * systemd's `cunescape_one` at `text[i]` (after a backslash): what it stands for and the length
 * read, or undefined for an escape it refuses (which its relaxed retry keeps as written).
 */
function cunescapeOne(text: string, i: number): [string, number] | undefined {
  const c = text[i];
  if (c === undefined) return undefined;
  const simple = simpleEscapes.get(c);
  if (simple !== undefined) return [simple, 1];
  const digits = c === "x" ? 2 : c === "u" ? 4 : c === "U" ? 8 : 0;
  if (digits > 0) {
    const part = text.slice(i + 1, i + 1 + digits);
    if (part.length < digits || !/^[0-9a-fA-F]+$/.test(part)) return undefined;
    const code = parseInt(part, 16);
    if (code === 0) return undefined;
    if (c === "x") return [code < 0x80 ? String.fromCharCode(code) : rawByte(code), 3];
    if (c === "U" && (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))) return undefined;
    if (code >= 0xd800 && code <= 0xdfff)
      return [utf8Bytes(code).map(rawByte).join(""), digits + 1];
    return [String.fromCodePoint(code), digits + 1];
  }
  const octal = text.slice(i, i + 3);
  if (!/^[0-3][0-7]{2}$/.test(octal)) return undefined;
  const code = parseInt(octal, 8);
  if (code === 0) return undefined;
  return [code < 0x80 ? String.fromCharCode(code) : rawByte(code), 3];
}

/** A word's text with the bytes escapes gave decoded as UTF-8. */
function decodeWord(word: string): string {
  if (!hasRawBytes.test(word)) return word;
  const bytes: number[] = [];
  for (const char of word) {
    const code = char.codePointAt(0)!;
    if (code >= 0xdc00 && code <= 0xdcff) bytes.push(code & 0xff);
    else bytes.push(...utf8Bytes(code));
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(bytes));
  } catch {
    throw new NotText();
  }
}

/**
 * A cursor over one setting's value, reading words as `extract_first_word` with unquoting: for
 * a command line also with C unescaping, relaxed as systemd's retry is (an escape it does not
 * know is kept as written; an open quote refuses the word); for a variable's value relaxed (a
 * backslash keeps the next character, an open quote ends the word).
 */
class WordReader {
  i = 0;

  constructor(
    readonly text: string,
    readonly relaxed = false,
  ) {}

  skipBlanks(): void {
    while (this.i < this.text.length && isBlank(this.text[this.i])) this.i++;
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
    if (text[at] !== ";" || !(at + 1 === text.length || isBlank(text[at + 1]))) return false;
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
        const escape = cunescapeOne(text, this.i + 1);
        if (escape === undefined) {
          // Kept as written: the backslash and the character after it, if any.
          out += text.slice(this.i, this.i + 2);
          this.i += 1;
        } else {
          out += escape[0];
          this.i += escape[1];
        }
      } else if (quote !== "") {
        if (c === quote) quote = "";
        else out += c;
      } else if (c === '"' || c === "'") quote = c;
      else if (isBlank(c)) break;
      else out += c;
    }
    if (quote !== "" && !this.relaxed) throw new BadLine();
    return decodeWord(out);
  }
}

/** systemd's `string_is_safe`: no control character, quote, backslash or DEL. */
const unsafePath = /[\x00-\x1f\x7f"'\\]/;

/** The longest file name and path systemd takes (NAME_MAX, PATH_MAX less its terminating NUL). */
const nameMax = 255;
const pathMax = 4095;

/** Whether systemd takes `path` as a command's executable: an absolute path or a file name, within the limits. */
function validExecutable(path: string): boolean {
  if (path === "" || unsafePath.test(path) || path.endsWith("/")) return false;
  if (Buffer.byteLength(path) > pathMax) return false;
  // A file name, found in systemd's search path, or an absolute path.
  if (!path.startsWith("/") && (path.includes("/") || path === "." || path === "..")) return false;
  return path.split("/").every((part) => Buffer.byteLength(part) <= nameMax);
}

/**
 * A command of absolute-path words between single spaces with nothing systemd reads specially
 * (no quote, escape, specifier, variable, `;` or prefix): its words are its argv as they stand.
 */
const plainCommand = /^\/[^\x00-\x20\x7f"'\\%$;]*(?: [^\x00-\x20\x7f"'\\%$;]+)*$/;

/**
 * The commands of one `ExecStart=` value (not empty: an empty one resets the list), with the
 * unit's specifiers; `[]` for a line systemd ignores, undefined for one that makes the unit
 * fail to load. `environment` is the unit's, for the substitution at start.
 */
function parseExecLine(
  value: string,
  specifiers: Specifiers,
  environment: () => ReadonlyMap<string, string>,
): ExecCommand[] | undefined {
  if (plainCommand.test(value)) {
    const argv = value.split(" ");
    if (validExecutable(argv[0]!)) return [{ path: argv[0]!, argv }];
  }
  const reader = new WordReader(value);
  const commands: ExecCommand[] = [];
  for (;;) {
    let first: string | undefined;
    try {
      first = reader.word();
    } catch (error) {
      // systemd warns and ignores the rest of the line.
      if (error instanceof BadLine) return commands;
      throw error;
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
      if (path === undefined || !validExecutable(path)) throw new BadLine();
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
      commands.push({ path, argv: substitute ? substituteEnvironment(argv, environment()) : argv });
      if (!semicolon) return commands;
    } catch (error) {
      if (!(error instanceof BadLine)) throw error;
      return ignore ? commands : undefined;
    }
  }
}

/** Variables systemd gives a process at start (execute.c), whose values only the running host has: kept as written. */
const runtimeVariables = new Set([
  "INVOCATION_ID",
  "JOURNAL_STREAM",
  "SYSTEMD_EXEC_PID",
  "NOTIFY_SOCKET",
  "WATCHDOG_PID",
  "WATCHDOG_USEC",
  "LISTEN_PID",
  "LISTEN_FDS",
  "LISTEN_FDNAMES",
  "MAINPID",
  "MANAGERPID",
]);

/**
 * systemd's `replace_env_argv`: a word `$NAME` becomes the variable's words, `${NAME}` in a word
 * its value, `$$` a `$`; `${NAME:…}` (a form it does not read there) stays.
 */
function substituteEnvironment(
  argv: readonly string[],
  env: ReadonlyMap<string, string>,
): string[] {
  const out: string[] = [];
  for (const word of argv) {
    if (word[0] === "$" && word[1] !== "{" && word[1] !== "$") {
      const name = word.slice(1);
      if (runtimeVariables.has(name)) {
        out.push(word);
        continue;
      }
      const value = env.get(name);
      if (value === undefined) continue;
      // Split as `strv_split_full` does, unquoting, relaxed.
      const reader = new WordReader(value, true);
      for (let part = reader.word(); part !== undefined; part = reader.word()) out.push(part);
      continue;
    }
    out.push(
      word.replace(/\$(\$|\{([^}:]*)\})/g, (whole, what: string, name: string | undefined) =>
        what === "$" ? "$" : runtimeVariables.has(name!) ? whole : (env.get(name!) ?? ""),
      ),
    );
  }
  return out;
}

/**
 * The one command a service of type `simple` (systemd's default) starts from its unit's
 * `ExecStart=` lines; undefined when there is none, more than one, a line systemd refuses, or
 * an argument that is no UTF-8 text.
 */
export function startCommand(
  lines: readonly string[],
  specifiers: Specifiers,
  environment: () => ReadonlyMap<string, string>,
): ExecCommand | undefined {
  let commands: ExecCommand[] = [];
  try {
    for (const line of lines) {
      if (line === "") {
        commands = [];
        continue;
      }
      const parsed = parseExecLine(line, specifiers, environment);
      if (parsed === undefined) return undefined;
      commands.push(...parsed);
    }
  } catch (error) {
    if (error instanceof NotText) return undefined;
    throw error;
  }
  return commands.length === 1 ? commands[0] : undefined;
}
