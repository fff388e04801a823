/**
 * A unit's `EnvironmentFile=` as systemd reads it (`parse_env_file` of src/basic/env-file.c):
 * `KEY=value` lines, `#`/`;` comments, values unquoted (backslash escapes a character, a line
 * ends the value, trailing blanks are dropped), in single quotes (taken as they are) or in
 * double quotes (backslash escapes only `"`, `\`, `` ` `` and `$`); a backslash before a line
 * break continues the value. Later assignments of a name win.
 */

const blank = " \t\n\r";
const lineBreak = "\n\r";
const escapedInDoubleQuotes = '"\\`$';

type State =
  | "preKey"
  | "key"
  | "preValue"
  | "value"
  | "valueEscape"
  | "single"
  | "double"
  | "doubleEscape"
  | "comment"
  | "commentEscape";

/** Where a run of trailing blanks begins once `c` is appended at `length` (-1: none), given where it began. */
function blankFrom(c: string, start: number, length: number): number {
  if (!blank.includes(c)) return -1;
  return start < 0 ? length : start;
}

/** The variables `text` assigns, in the order first assigned. */
export function parseEnvironmentFile(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  let state: State = "preKey";
  let key = "";
  let value = "";
  // Where trailing blanks of the key or an unquoted value begin, or -1.
  let keyBlank = -1;
  let valueBlank = -1;
  const assign = (chomp: boolean) => {
    const name = keyBlank >= 0 ? key.slice(0, keyBlank) : key;
    const v = chomp && valueBlank >= 0 ? value.slice(0, valueBlank) : value;
    // systemd ignores an assignment to a name no environment variable may have.
    if (/^[^=\0]+$/.test(name) && !/[\0]/.test(v)) vars.set(name, v);
    key = "";
    value = "";
    keyBlank = -1;
    valueBlank = -1;
  };
  for (const c of text) {
    switch (state) {
      case "preKey":
        if (c === "#" || c === ";") state = "comment";
        else if (!blank.includes(c)) {
          state = "key";
          key = c;
          keyBlank = -1;
        }
        break;
      case "key":
        if (lineBreak.includes(c)) {
          state = "preKey";
          key = "";
        } else if (c === "=") {
          state = "preValue";
          valueBlank = -1;
        } else {
          keyBlank = blankFrom(c, keyBlank, key.length);
          key += c;
        }
        break;
      case "preValue":
        if (lineBreak.includes(c)) {
          state = "preKey";
          assign(false);
        } else if (c === "'") state = "single";
        else if (c === '"') state = "double";
        else if (c === "\\") state = "valueEscape";
        else if (!blank.includes(c)) {
          state = "value";
          value += c;
        }
        break;
      case "value":
        if (lineBreak.includes(c)) {
          state = "preKey";
          assign(true);
        } else if (c === "\\") {
          state = "valueEscape";
          valueBlank = -1;
        } else {
          valueBlank = blankFrom(c, valueBlank, value.length);
          value += c;
        }
        break;
      case "valueEscape":
        state = "value";
        if (!lineBreak.includes(c)) value += c;
        break;
      case "single":
        if (c === "'") state = "preValue";
        else value += c;
        break;
      case "double":
        if (c === '"') state = "preValue";
        else if (c === "\\") state = "doubleEscape";
        else value += c;
        break;
      case "doubleEscape":
        state = "double";
        if (escapedInDoubleQuotes.includes(c)) value += c;
        else if (c !== "\n") value += `\\${c}`;
        break;
      case "comment":
        if (c === "\\") state = "commentEscape";
        else if (lineBreak.includes(c)) state = "preKey";
        break;
      case "commentEscape":
        state = lineBreak.includes(c) ? "preKey" : "comment";
        break;
    }
  }
  if (state === "value") assign(true);
  else if (
    state !== "preKey" &&
    state !== "key" &&
    state !== "comment" &&
    state !== "commentEscape"
  )
    assign(false);
  return vars;
}
