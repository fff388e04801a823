/** A config's `$schema` key: it names the file's JSON Schema for editors, and nixmod ignores it. */
import { isAttrs } from "../util/attrs.ts";
import { copyProperty } from "../util/lazy-fields.ts";

/** `module` without its own `$schema` key (a copy, whose other properties stay as they are: getters unread). */
export function withoutSchemaKey(module: unknown): unknown {
  if (!isAttrs(module) || !Object.prototype.hasOwnProperty.call(module, "$schema")) return module;
  const copy: Record<string, unknown> = {};
  // Defined, not assigned: a `__proto__` key from JSON stays a key instead of becoming the prototype.
  for (const key of Object.keys(module)) if (key !== "$schema") copyProperty(copy, module, key);
  return copy;
}
