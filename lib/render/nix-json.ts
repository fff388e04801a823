/** Nix's `builtins.toJSON`, byte for byte as the reference Nix (2.8) prints it. */
import { ModuleError, nixValueKind } from "../errors.ts";
import { isAttrs, sortNames } from "../util/attrs.ts";
import { nixJSONString } from "../util/nix-json-string.ts";
import { formatNixInt, nixNumberText } from "../util/nix-number.ts";
import { nixToString } from "./nix-to-string.ts";

export { nixJSONString };

/**
 * Nix's `builtins.toJSON` of a value: a set with `__toString` as that string, one with `outPath`
 * as its path, other sets with their names in byte order; a function cannot be written.
 */
export function nixToJSON(value: unknown): string {
  if (typeof value === "string") return nixJSONString(value);
  if (typeof value === "number") return nixNumberText(value);
  if (typeof value === "bigint") return formatNixInt(value);
  if (typeof value === "boolean" || value === null) return String(value);
  if (Array.isArray(value)) return `[${value.map(nixToJSON).join(",")}]`;
  if (isAttrs(value)) {
    if ("__toString" in value) return nixJSONString(nixToString(value));
    if ("outPath" in value) return nixToJSON(value.outPath);
    const names = sortNames(Object.keys(value));
    return `{${names.map((name) => `${nixJSONString(name)}:${nixToJSON(value[name])}`).join(",")}}`;
  }
  throw new ModuleError(`cannot convert ${nixValueKind(value)} to JSON`, { code: "type" });
}

/** Nix's `escapeNixString`: `toJSON` of a value with `$` escaped, as Nix's messages quote it. */
export function escapeNixValue(value: unknown): string {
  return nixToJSON(value).replace(/\$/g, "\\$");
}
