/**
 * Plain data with the differential runs' encoding of what JSON cannot hold, as nixmod values:
 * `{ __mk: kind, v }` is an mk* property (`override`/`order` carry `p`, the priority; `if`
 * carries `c`, the condition), `{ __float: x }` a number. Keys are defined, not assigned, so a
 * name such as `__proto__` stays a key.
 */
import {
  mkAfter,
  mkBefore,
  mkDefault,
  mkForce,
  mkIf,
  mkMerge,
  mkOrder,
  mkOverride,
} from "../../lib/index.ts";

/** Decodes `value` (see the module comment). */
export function decodeProperties(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeProperties);
  if (typeof value !== "object" || value === null) return value;
  const record = value as Record<string, any>;
  if ("__float" in record) return record.__float;
  if (typeof record.__mk === "string") {
    const content = decodeProperties(record.v);
    switch (record.__mk) {
      case "force":
        return mkForce(content);
      case "default":
        return mkDefault(content);
      case "before":
        return mkBefore(content);
      case "after":
        return mkAfter(content);
      case "merge":
        return mkMerge(content as unknown[]);
      case "override":
        return mkOverride(record.p, content);
      case "order":
        return mkOrder(record.p, content);
      case "if":
        return mkIf(record.c, content);
    }
    throw new Error(`unknown property ${record.__mk}`);
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(record))
    Object.defineProperty(out, key, {
      value: decodeProperties(item),
      enumerable: true,
      writable: true,
    });
  return out;
}
