/**
 * Module argument values given to module bodies before the modules are all known, and the check
 * that the final values agree with what the bodies saw.
 *
 * A function has no equality, and a module loaded again makes a new closure each time, so a
 * function in such a value (at the top, or in its lists and plain sets) is given as a function
 * that calls the provisional one while the modules are collected, logging each call, and the
 * final one afterwards. The final value agrees where the final function gives the same results
 * for the logged calls: what a body computed from the function holds, and what it kept calls the
 * final function.
 */
import { Thunk } from "../thunk.ts";
import { isAttrs } from "../util/attrs.ts";
import { equalValues } from "../util/equal.ts";

/** One call of a provisional function while the modules were collected. */
interface LoggedCall {
  self: unknown;
  args: unknown[];
  result: unknown;
}

/** The calls each function given in a provisional value logged. */
const callLogs = new WeakMap<object, LoggedCall[]>();

/** How deep a provisional value is looked into for functions (as deep as values are compared). */
const maxDepth = 32;

/** Whether `value` is a plain set (a record literal), whose fields are looked into. */
function isPlainSet(value: unknown): value is Record<string, unknown> {
  if (!isAttrs(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Whether `found` holds for `value` or something in its lists and plain sets (getters left unread). */
function holds(value: unknown, found: (v: unknown) => boolean, depth: number): boolean {
  if (found(value)) return true;
  if (depth > maxDepth || typeof value !== "object" || value === null) return false;
  if (Array.isArray(value)) return value.some((item) => holds(item, found, depth + 1));
  if (!isPlainSet(value)) return false;
  return Object.keys(value).some((key) => {
    const desc = Object.getOwnPropertyDescriptor(value, key);
    return desc !== undefined && desc.get === undefined && holds(desc.value, found, depth + 1);
  });
}

const isFunction = (v: unknown) => typeof v === "function";
const isThunk = (v: unknown) => v instanceof Thunk;

/** Whether a function is somewhere in `value`. */
function holdsFunction(value: unknown, depth: number): boolean {
  return holds(value, isFunction, depth);
}

/**
 * `value` as a body gets it: itself when it holds no function, else a copy whose functions log
 * their calls until `known()` says the final value exists, and then call it (`final()`, the
 * final value at the same place).
 */
export function provisionalValue(
  value: unknown,
  final: () => unknown,
  known: () => boolean,
): unknown {
  return holdsFunction(value, 0) ? copy(value, final, known, 0) : value;
}

function copy(value: unknown, final: () => unknown, known: () => boolean, depth: number): unknown {
  if (typeof value === "function")
    return loggingFunction(value as (...args: unknown[]) => unknown, final, known);
  if (depth > maxDepth || !holdsFunction(value, depth)) return value;
  if (Array.isArray(value)) {
    return value.map((item, i) => copy(item, () => (final() as unknown[])[i], known, depth + 1));
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value as object)) {
    const desc = Object.getOwnPropertyDescriptor(value, key)!;
    const item =
      desc.get === undefined
        ? copy(desc.value, () => (final() as Record<string, unknown>)[key], known, depth + 1)
        : desc.value;
    Object.defineProperty(out, key, desc.get === undefined ? { ...desc, value: item } : desc);
  }
  return out;
}

function loggingFunction(
  provisional: (...args: unknown[]) => unknown,
  final: () => unknown,
  known: () => boolean,
): (...args: unknown[]) => unknown {
  const calls: LoggedCall[] = [];
  const given = function (this: unknown, ...args: unknown[]): unknown {
    if (known()) return Reflect.apply(final() as (...a: unknown[]) => unknown, this, args);
    const result = Reflect.apply(provisional, this, args);
    calls.push({ self: this, args, result });
    return result;
  };
  callLogs.set(given, calls);
  return given;
}

/** Whether the final value of an argument agrees with the provisional one a body was given (`seen`). */
export function agreesWithFinal(final: unknown, seen: unknown, depth = 0): boolean {
  if (final === seen) return true;
  const calls = typeof seen === "function" ? callLogs.get(seen) : undefined;
  if (calls !== undefined) {
    if (typeof final !== "function") return false;
    return calls.every((call) => {
      try {
        const again: unknown = Reflect.apply(final, call.self, call.args);
        return !holds(call.result, isThunk, 0) && equalValues(again, call.result);
      } catch {
        return false;
      }
    });
  }
  if (depth <= maxDepth && Array.isArray(seen) && holdsFunction(seen, depth)) {
    return (
      Array.isArray(final) &&
      final.length === seen.length &&
      seen.every((item, i) => agreesWithFinal(final[i], item, depth + 1))
    );
  }
  if (depth <= maxDepth && isPlainSet(seen) && holdsFunction(seen, depth)) {
    const keys = Object.keys(seen);
    return (
      isAttrs(final) &&
      Object.keys(final).length === keys.length &&
      keys.every(
        (key) => Object.hasOwn(final, key) && agreesWithFinal(final[key], seen[key], depth + 1),
      )
    );
  }
  return !holds(seen, isThunk, 0) && equalValues(final, seen);
}
