/**
 * A text that stands for a value made only of plain data: `null`, booleans, finite
 * numbers, strings, arrays and objects with `Object.prototype` (or no prototype)
 * whose properties are all enumerable data properties with string keys. Two such
 * values with the same text are interchangeable as module definitions.
 */

/** How many values, and how deeply nested, one text may cover: shared or cyclic structure gives up instead of blowing up. */
const maxValues = 10_000;
const maxDepth = 100;

/** The text of `value`, or `undefined` when it holds anything else (a function, a getter, a class instance, a cycle) or is too large. */
export function plainDataText(value: unknown): string | undefined {
  const budget = { left: maxValues };
  return textOf(value, budget, 0);
}

function textOf(value: unknown, budget: { left: number }, depth: number): string | undefined {
  if (--budget.left < 0 || depth > maxDepth) return undefined;
  if (value === null || typeof value === "boolean" || typeof value === "string") {
    return JSON.stringify(value);
  }
  if (typeof value === "number") return Number.isFinite(value) ? JSON.stringify(value) : undefined;
  if (typeof value !== "object") return undefined;
  const isArray = Array.isArray(value);
  const proto = Object.getPrototypeOf(value);
  if (isArray ? proto !== Array.prototype : proto !== Object.prototype && proto !== null) {
    return undefined;
  }
  if (Object.getOwnPropertySymbols(value).length > 0) return undefined;
  const parts: string[] = [];
  for (const key of Object.getOwnPropertyNames(value)) {
    if (isArray && key === "length") continue;
    const desc = Object.getOwnPropertyDescriptor(value, key)!;
    if (!desc.enumerable || desc.get !== undefined || desc.set !== undefined) return undefined;
    const text = textOf(desc.value, budget, depth + 1);
    if (text === undefined) return undefined;
    parts.push(isArray ? text : `${JSON.stringify(key)}:${text}`);
  }
  if (!isArray) return `{${parts.join(",")}}`;
  // A sparse array has fewer own elements than its length.
  return parts.length === (value as unknown[]).length ? `[${parts.join(",")}]` : undefined;
}
