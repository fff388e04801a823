/** Nix's structural equality (`==`), used where definitions must agree. */
import { isPackage } from "../package.ts";
import { force } from "../thunk.ts";

/** Whether two values are equal as Nix compares them: deep for lists and sets, packages by outPath. */
export function nixEqual(x: unknown, y: unknown): boolean {
  // Nix never finds two functions equal, not even one compared with itself; only inside a list
  // or set does it take one value held in both places as equal (`[ f ] == [ f ]`).
  const a = force(x);
  return typeof a === "function" ? false : equalValues(a, y);
}

/** Nix's `==` of two values held in a list or set: one value is equal to itself, even a function. */
export function equalValues(x: unknown, y: unknown): boolean {
  // A module argument's stand-in placed in a value compares as the argument's value.
  const [a, b] = [force(x), force(y)];
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") {
    return typeof a === "number" && typeof b === "number" ? a === b : false;
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!equalValues(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  if (isPackage(a) && isPackage(b)) return a.outPath === b.outPath;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
    if (!equalValues((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
      return false;
  }
  return true;
}
