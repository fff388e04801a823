/** Error data and its formatting: every evaluation failure is a ModuleError. */

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
  }
}

const identifier = /^[a-zA-Z_][a-zA-Z0-9_'-]*$/;

/** An option path as Nix prints it: `a.b."c.d"` (components that are not identifiers are quoted). */
export function showOption(loc: readonly string[]): string {
  return loc.map((part) => (identifier.test(part) ? part : JSON.stringify(part))).join(".");
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

/** Nix's "Definition values:" block listing each definition with its file. */
export function showDefinitions(defs: readonly DefinitionSummary[]): string {
  if (defs.length === 0) return "";
  return (
    " Definition values:" + defs.map((d) => `\n- In \`${d.file}': ${showValue(d.value)}`).join("")
  );
}
