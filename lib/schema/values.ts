/** Option metadata as documentation shows it: JSON-representable values, Nix syntax, descriptions. */
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

const nixIdentifier = /^[a-zA-Z_][a-zA-Z0-9_'-]*$/;

/** A string as a Nix string literal. */
export function nixString(s: string): string {
  return `"${s
    .replace(/[\\"]/g, (c) => `\\${c}`)
    .replace(/\$\{/g, "\\${")
    .replace(/\n/g, "\\n")
    .replace(/\r/g, "\\r")
    .replace(/\t/g, "\\t")}"`;
}

/** A value written as a Nix expression, like `lib.generators.toPretty` (packages as `<derivation name>`). */
export function toNix(value: unknown, indent = ""): string {
  if (value === null) return "null";
  if (typeof value === "boolean" || typeof value === "number") return String(value);
  if (typeof value === "string") return nixString(value);
  if (typeof value === "function") return "<function>";
  if (value === undefined) return "<undefined>";
  if (isPackage(value)) return `<derivation ${value.name}>`;
  const inner = indent + "  ";
  if (Array.isArray(value)) {
    if (value.length === 0) return "[ ]";
    const items = value.map((v) => toNix(v, inner));
    const flat = `[ ${items.join(" ")} ]`;
    if (flat.length <= 60 && !flat.includes("\n")) return flat;
    return `[\n${items.map((i) => inner + i).join("\n")}\n${indent}]`;
  }
  if (typeof value === "object") {
    const keys = Object.keys(value);
    if (keys.length === 0) return "{ }";
    const items = keys.map((k) => {
      const desc = Object.getOwnPropertyDescriptor(value, k)!;
      const shown = "value" in desc ? toNix(desc.value, inner) : "<lazy>";
      return `${nixIdentifier.test(k) ? k : nixString(k)} = ${shown};`;
    });
    const flat = `{ ${items.join(" ")} }`;
    if (flat.length <= 60 && !flat.includes("\n")) return flat;
    return `{\n${items.map((i) => inner + i).join("\n")}\n${indent}}`;
  }
  return String(value);
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
  return { kind: "expression", text: toNix(value) };
}

/** A `defaultText` as documentation shows it; a plain string is taken as Nix code, as NixOS does. */
export function docText(defaultText: unknown): DocValue {
  return typeof defaultText === "string"
    ? { kind: "expression", text: defaultText }
    : docValue(defaultText);
}
