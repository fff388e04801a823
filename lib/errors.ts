/** Error data and its formatting: every evaluation failure is a ModuleError. */
import { compareBytes } from "./render/byte-order.ts";
import { functionArgs } from "./util/function-args.ts";
import { nixJSONString } from "./util/nix-json-string.ts";
import { nixNumberText } from "./util/nix-number.ts";
import { force, Thunk } from "./thunk.ts";
import { isAttrSet, jsClassName } from "./util/attrs.ts";
import { noteEffect } from "./util/evaluation-effects.ts";

/** What kind of failure an error is; each maps to the phrase Nix users search for. */
export type ErrorCode =
  | "undeclared"
  | "type"
  | "declared-twice"
  | "conflict"
  | "multiple"
  | "no-value"
  | "recursion"
  | "stack"
  | "read-only"
  | "assertion"
  | "invalid"
  | "thrown";

/** One definition as shown in an error: where it came from and what it was. */
export interface DefinitionSummary {
  file: string;
  value: unknown;
}

/** The data behind a ModuleError, so callers can format it themselves. */
export interface ModuleErrorData {
  code: ErrorCode;
  loc?: string[];
  definitions?: DefinitionSummary[];
  cause?: unknown;
}

/** Every evaluation failure: carries the option path and the offending definitions. */
export class ModuleError extends Error {
  override name = "ModuleError";
  readonly code: ErrorCode;
  readonly loc: string[] | undefined;
  readonly definitions: DefinitionSummary[];

  constructor(message: string, data: ModuleErrorData) {
    super(message, data.cause === undefined ? undefined : { cause: data.cause });
    this.code = data.code;
    this.loc = data.loc;
    this.definitions = data.definitions ?? [];
    noteEffect();
  }
}

const identifier = /^[a-zA-Z_][a-zA-Z0-9_'-]*$/;
const nixKeywords = new Set([
  "assert",
  "else",
  "if",
  "in",
  "inherit",
  "let",
  "or",
  "rec",
  "then",
  "with",
]);

/**
 * The message of whatever a module's code threw. Anything can be thrown: an object with no
 * prototype or whose `toString` throws, a proxy whose traps throw; such a value is described
 * instead of failing the error report itself.
 */
export function thrownMessage(error: unknown): string {
  try {
    if (isThrownInstance(error, Error)) return String(error.message);
    const text = String(error);
    // A thrown object without its own text (`throw { code: 42 }`) is shown by its contents.
    return /^\[object \w+\]$/.test(text) ? `thrown value ${showValue(error)}` : text;
  } catch {
    return "a thrown value that cannot be shown as text";
  }
}

/**
 * `value instanceof type` for whatever was thrown: false where asking throws (a proxy whose
 * prototype trap fails), so classifying an error never raises another one.
 */
export function isThrownInstance<T>(
  value: unknown,
  type: abstract new (...args: never[]) => T,
): value is T {
  try {
    return value instanceof type;
  } catch {
    return false;
  }
}

/** Whether a thrown value is a ModuleError. */
export function isModuleError(error: unknown): error is ModuleError {
  return isThrownInstance(error, ModuleError);
}

/**
 * The error for a library function's argument `what`, given `value` where `expected` was
 * expected; `hint` (in parentheses after it) says what the function takes.
 */
export function wrongArgument(
  what: string,
  value: unknown,
  expected: string,
  hint?: string,
): ModuleError {
  const after = hint === undefined ? "" : ` (${hint})`;
  return new ModuleError(
    `${what} is ${nixValueKind(value)} while ${expected} was expected${after}`,
    {
      code: "type",
    },
  );
}

/** Nix's `abort message`, in the words Nix prints it with. */
export function abortMessage(message: string): string {
  return `evaluation aborted with the following error message: '${message}'`;
}

/** Nix's `escapeNixString`: a string as Nix source writes it. */
export function escapeNixString(text: string): string {
  return nixJSONString(text).replace(/\$/g, "\\$");
}

/** Nix's `escapeNixIdentifier`: an attribute name as Nix source writes it (quoted unless an identifier). */
export function escapeNixIdentifier(name: string): string {
  return identifier.test(name) && !nixKeywords.has(name) ? name : escapeNixString(name);
}

/**
 * An option path as Nix prints it: `a.b."c.d"`. Components that are not identifiers (or are
 * keywords) are quoted; placeholders such as `<name>` and `*` are left as they are.
 */
export function showOption(loc: readonly string[]): string {
  if (!Array.isArray(loc))
    throw wrongArgument("the option path given to showOption", loc, "a list");
  return loc
    .map((part) =>
      // A path is names; anything else (from a caller outside the module system) is shown as a value.
      typeof part !== "string"
        ? showValue(part)
        : part === "*" || /^<.*>$/s.test(part)
          ? part
          : escapeNixIdentifier(part),
    )
    .join(".");
}

/** Nix's `showFiles`: each file quoted as `` `file' ``, joined with " and ". */
export function showFiles(files: readonly string[]): string {
  if (!Array.isArray(files)) throw wrongArgument("the files given to showFiles", files, "a list");
  return files
    .map((file) => `\`${typeof file === "string" ? file : showValue(file)}'`)
    .join(" and ");
}

/** An option path quoted the way Nix quotes it in messages: `` `a.b.c' ``. */
export function quoteOption(loc: readonly string[]): string {
  return "`" + showOption(loc) + "'";
}

/** A value rendered briefly for an error message, never throwing. */
export function showValue(value: unknown): string {
  try {
    if (typeof value === "function") return "<function>";
    if (value === undefined) return "<undefined>";
    const text = JSON.stringify(value, (_key, v: unknown) =>
      typeof v === "function" ? "<function>" : typeof v === "bigint" ? v.toString() : v,
    );
    if (text === undefined) return String(value);
    return text.length > 200 ? text.slice(0, 197) + "..." : text;
  } catch {
    return "<unprintable>";
  }
}

function showString(s: string): string {
  return '"' + s.replace(/[\\"]|\$\{/g, (m) => "\\" + m).replace(/\n/g, "\\n") + '"';
}

/** A function as toPretty shows it: with the names of its set pattern, `?` after those with a default. */
function showFunction(fn: (...args: never[]) => unknown): string {
  const args = functionArgs(fn);
  if (args === undefined || args.size === 0) return "<function>";
  const names = [...args.keys()].sort(compareBytes).map((n) => (args.get(n) ? `${n}?` : n));
  return `<function, args: {${names.join(", ")}}>`;
}

/** How `prettyValue` shows a value (the options of Nix's `toPretty` that nixmod uses). */
export interface PrettyOptions {
  /** Nix's `allowPrettyValues`: a set with `__pretty` and `val` is shown as `__pretty(val)` gives it. */
  allowPrettyValues?: boolean;
  /** Whether an attribute that is a getter (a lazy value) is read; false shows it as `<lazy>`. */
  readGetters?: boolean;
  /**
   * How many levels deep values are shown before `<unevaluated>` (showDefs' `withRecursion`),
   * 10 by default; `Infinity` shows all of it, as `toPretty` alone does.
   */
  depthLimit?: number;
}

/**
 * A value written as Nix writes it in error messages and option documentation (the layout of
 * `lib.generators.toPretty { multiline = true; }`): `[ ]`, `{ }`, one element or attribute per
 * line, `<function>`, `<derivation name>`.
 */
export function prettyValue(value: unknown, options: PrettyOptions = {}): string {
  const settings = {
    allowPrettyValues: options.allowPrettyValues ?? false,
    readGetters: options.readGetters ?? true,
    depthLimit: options.depthLimit ?? 10,
  };
  return showPretty(value, "", 0, settings, []);
}

/** One level of `prettyValue`; `within` holds the lists and sets being shown around this value. */
function showPretty(
  value: unknown,
  indent: string,
  depth: number,
  settings: Required<PrettyOptions>,
  within: readonly object[],
): string {
  const intro = "\n" + indent + "  ";
  const outro = "\n" + indent;
  if (depth > settings.depthLimit) return "<unevaluated>";
  // A value push-down left unforced (an mkIf's content) shows as what it gives, as Nix shows it.
  if (value instanceof Thunk) {
    return settings.readGetters
      ? showPretty(force(value), indent, depth, settings, within)
      : "<lazy>";
  }
  if (typeof value === "number") return nixNumberText(value);
  if (typeof value === "string") {
    const lines = value.split("\n");
    if (lines.length === 1) return showString(value);
    const escaped = lines.map((l) => l.replace(/''/g, "'''").replace(/\$\{/g, "''${"));
    const last = escaped[escaped.length - 1]!;
    const body = escaped.slice(0, -1).join(intro) + (last === "" ? outro : intro + last);
    return "''" + intro + body + "''";
  }
  if (typeof value === "boolean") return String(value);
  if (value === null) return "null";
  if (value === undefined) return "<undefined>";
  if (typeof value === "function") return showFunction(value as (...args: never[]) => unknown);
  if (typeof value === "bigint") return value.toString();
  if (typeof value !== "object") return String(value);
  // Within a depth limit, a value that contains itself ends in `<unevaluated>` as Nix's does.
  if (settings.depthLimit === Infinity && within.includes(value)) {
    // Nix has no such values; showing one in full would never end.
    throw new ModuleError("stack overflow: the value contains itself, so it cannot be shown", {
      code: "stack",
    });
  }
  const around = settings.depthLimit === Infinity ? [...within, value] : within;
  const inner = (v: unknown) => showPretty(v, indent + "  ", depth + 1, settings, around);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[ ]";
    return "[" + intro + value.map(inner).join(intro) + outro + "]";
  }
  const obj = value as Record<string, unknown>;
  if (settings.allowPrettyValues && isPrettyValue(obj)) return showByOwnPretty(obj);
  // An mkIf shows its condition's value, as Nix prints it, not how nixmod keeps it unforced.
  if (obj._type === "if" && typeof obj.toJSON === "function") {
    return showPretty(obj.toJSON(), indent, depth, settings, within);
  }
  const names = Object.keys(obj).sort(compareBytes);
  if (names.length === 0) return "{ }";
  if (obj.type === "derivation") {
    return `<derivation ${typeof obj.name === "string" ? obj.name : "???"}>`;
  }
  const attrs = names.map((n) => {
    const lazy =
      !settings.readGetters && Object.getOwnPropertyDescriptor(obj, n)?.get !== undefined;
    return `${escapeNixIdentifier(n)} = ${lazy ? "<lazy>" : inner(obj[n])};`;
  });
  return "{" + intro + attrs.join(intro) + outro + "}";
}

/** Whether a value says how it is shown (Nix's `allowPrettyValues`): a set with `__pretty` and `val`. */
export function isPrettyValue(value: unknown): value is { __pretty: unknown; val: unknown } {
  return typeof value === "object" && value !== null && "__pretty" in value && "val" in value;
}

/** What a pretty value's `__pretty` gives for its `val` (a string, if the value is well made). */
export function callPretty(value: { __pretty: unknown; val: unknown }): unknown {
  const pretty = value.__pretty;
  if (typeof pretty !== "function") {
    throw new ModuleError(
      `attempt to call something which is not a function but ${nixValueKind(pretty)}`,
      { code: "type" },
    );
  }
  return pretty(value.val);
}

/** A pretty value shown inside a larger one: what its `__pretty` gives must be a string. */
function showByOwnPretty(value: { __pretty: unknown; val: unknown }): string {
  const shown = callPretty(value);
  if (typeof shown !== "string") {
    throw new ModuleError(`cannot coerce ${nixValueKind(shown)} to a string`, { code: "type" });
  }
  return shown;
}

/**
 * Nix's evaluator's own refusals, in the words nixmod gives them (not a module's or lib's
 * `throw`), on any line: one wrapped in the context of where it happened is still one.
 */
const evaluatorMessage =
  /^(value is (a|an|null)\b.* was expected|('[^']*'|anonymous function at .*) called with(out)? (unexpected|required) argument|attribute '[^']*' missing|cannot coerce |attempt to call something which is not a function|Maximum call stack size exceeded|evaluation aborted with the following error message: )/m;

/**
 * Whether Nix's `tryEval` would let `error` through: only a `throw` (or an `assert`) is caught,
 * not an `abort`.
 * A package set's missing name is a plain error (the evaluation reports it where it was read).
 */
function isEvaluatorError(error: unknown): boolean {
  if (isModuleError(error) && (error.code === "recursion" || error.code === "stack")) return true;
  return error instanceof Error && evaluatorMessage.test(error.message);
}

/**
 * One definition's value after its file, as Nix shows it: inline, or indented below when long.
 * The value is read here (it may be a getter), so one that fails to evaluate is left out.
 */
function showDefinitionValue(def: DefinitionSummary): string {
  let text: string;
  try {
    text = prettyValue(def.value);
  } catch (error) {
    // Nix's tryEval leaves out a value that throws, but not one its evaluator refuses (one that
    // needs itself, a wrong kind of value): that error is the whole message's, as in Nix.
    if (isEvaluatorError(error)) {
      if (isModuleError(error)) throw error;
      throw new ModuleError((error as Error).message, { code: "thrown", cause: error });
    }
    return "";
  }
  const lines = text.split("\n");
  if (lines.length === 1) return ": " + text;
  const shown = lines.length > 5 ? [...lines.slice(0, 5), "..."] : lines;
  return ":\n    " + shown.join("\n    ");
}

/** Nix's `showDefs`: a line per definition with its file and value. */
export function showDefinitionList(defs: readonly DefinitionSummary[]): string {
  return defs.map((d) => `\n- In \`${d.file}'${showDefinitionValue(d)}`).join("");
}

/** Nix's "Definition values:" block listing each definition with its file. */
export function showDefinitions(defs: readonly DefinitionSummary[]): string {
  if (defs.length === 0) return "";
  return " Definition values:" + showDefinitionList(defs);
}

/** How Nix names a value's type in its own errors (`value is an integer while a string was expected`). */
export function nixValueKind(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "number") return Number.isInteger(value) ? "an integer" : "a float";
  if (typeof value === "bigint") return "an integer";
  if (typeof value === "string") return "a string";
  if (typeof value === "boolean") return "a Boolean";
  if (typeof value === "function") return "a function";
  if (typeof value === "symbol") return "a symbol";
  if (Array.isArray(value)) return "a list";
  // JavaScript's own collections and records (a Map, a Date) are no sets: named as they are.
  return value instanceof Thunk || isAttrSet(value)
    ? "a set"
    : `a JavaScript ${jsClassName(value)}`;
}
