/** Option metadata as documentation shows it: JSON-representable values, Nix syntax, descriptions. */
import { prettyValue } from "../errors.ts";
import { isPackage } from "../package.ts";
import { typeTag } from "../properties.ts";

/** The JSON form of a value as Nix's `builtins.toJSON` would give it, or undefined when it has none. */
export function toJsonValue(value: unknown): { value: unknown } | undefined {
  if (value === null || typeof value === "boolean" || typeof value === "string") {
    return { value };
  }
  if (typeof value === "number") return Number.isFinite(value) ? { value } : undefined;
  if (isPackage(value)) return { value: value.outPath };
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const elem of value) {
      const json = toJsonValue(elem);
      if (json === undefined) return undefined;
      out.push(json.value);
    }
    return { value: out };
  }
  if (typeof value === "object" && typeTag(value) === undefined) {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return undefined;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const desc = Object.getOwnPropertyDescriptor(value, key)!;
      // A getter is a lazy definition: its value is not known without evaluating it.
      if (!("value" in desc)) return undefined;
      const json = toJsonValue(desc.value);
      if (json === undefined) return undefined;
      Object.defineProperty(out, key, { value: json.value, enumerable: true, writable: true });
    }
    return { value: out };
  }
  return undefined;
}

/** The value of an own data property; undefined for a getter (a lazy value) or a missing key. */
export function staticProperty(obj: object, key: string): { value: unknown } | undefined {
  const desc = Object.getOwnPropertyDescriptor(obj, key);
  return desc !== undefined && "value" in desc ? { value: desc.value } : undefined;
}

/** Whether an object has `key`, as a value or as a (lazy) getter. */
export function hasProperty(obj: object, key: string): boolean {
  return Object.getOwnPropertyDescriptor(obj, key) !== undefined;
}

/** A description as written in a module: surrounding blank lines and common indentation removed. */
export function normalizeDescription(text: string): string {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  while (lines.length > 0 && lines[0]!.trim() === "") lines.shift();
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === "") lines.pop();
  const indents = lines.filter((l) => l.trim() !== "").map((l) => /^[ \t]*/.exec(l)![0].length);
  const common = indents.length === 0 ? 0 : Math.min(...indents);
  return lines.map((l) => (l.trim() === "" ? "" : l.slice(common).trimEnd())).join("\n");
}

/** What documentation shows for an option's default or example. */
export type DocValue =
  { kind: "expression"; text: string } | { kind: "markdown"; text: string } | { kind: "computed" };

/** A default/example as documentation shows it: `literalExpression`/`literalMD` text, or the value in Nix syntax. */
export function docValue(value: unknown): DocValue {
  const tag = typeTag(value);
  const text = (value as { text?: unknown } | null)?.text;
  if ((tag === "literalExpression" || tag === "literalExample") && typeof text === "string") {
    return { kind: "expression", text };
  }
  if (tag === "literalMD" && typeof text === "string") return { kind: "markdown", text };
  // Nix's renderOptionValue: anything else is written out by toPretty.
  return { kind: "expression", text: prettyValue(value, { readGetters: false }) };
}
