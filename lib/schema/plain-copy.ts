/**
 * A plain-data copy of a configuration, for `validate`: the validator reads only plain sets,
 * lists and scalars, never a getter or a proxy trap, and what is no JSON/YAML value (undefined,
 * a Map, a cycle, a value that cannot be read) stands as a marker the schema refuses, with the
 * path where it was found.
 */
import { thrownMessage } from "../errors.ts";
import { isAttrSet, jsClassName, setOwn } from "../util/attrs.ts";

/** Why a value in a configuration is not plain data. */
export type NotPlainKind =
  /** Reading it threw (a getter, a proxy's trap, a revoked proxy). */
  | "unreadable"
  /** It is no JSON/YAML value and evaluation refuses it too (undefined, a Map, a cycle). */
  | "not-plain"
  /** A function: no JSON value, yet a value evaluation takes (`functionTo`, `anything`). */
  | "function";

/** Where the copy holds a marker instead of a value, and why. */
export interface NotPlain {
  path: (string | number)[];
  kind: NotPlainKind;
  /** What the value was, as messages show it (`undefined`, `a JavaScript Map`, the thrown message). */
  what: string;
}

/** The copy, and the markers in it. */
export interface PlainCopy {
  value: unknown;
  markers: NotPlain[];
}

/** Whether a value is one of the copy's markers. */
export function isMarker(value: unknown): value is symbol {
  return typeof value === "symbol";
}

/** How a marker reads in a message. */
export function showMarker(marker: symbol): string {
  return `<${marker.description ?? "not plain data"}>`;
}

/** A path kept as links to its parent: a deep config's paths cost one link per level. */
interface PathLink {
  parent: PathLink | undefined;
  key: string | number;
}

function pathOf(link: PathLink | undefined): (string | number)[] {
  const out: (string | number)[] = [];
  for (let l = link; l !== undefined; l = l.parent) out.push(l.key);
  return out.reverse();
}

interface Visit {
  value: unknown;
  path: PathLink | undefined;
  /** Where the copy goes: a field of a copied list or set, or (undefined) the result. */
  target: unknown[] | Record<string, unknown> | undefined;
  key: string | number;
}

/** Whether a value is copied as it is: a string, a number, a Boolean, null. */
function isScalar(value: unknown): boolean {
  const kind = typeof value;
  return value === null || kind === "string" || kind === "number" || kind === "boolean";
}

/**
 * The copy of `root`. The walk keeps its own stack (a config nested ten thousand levels deep
 * is copied, not overflowed), and the values on the way down, to find a value containing itself.
 */
export function plainCopy(root: unknown): PlainCopy {
  const markers: NotPlain[] = [];
  const mark = (path: PathLink | undefined, kind: NotPlainKind, what: string): symbol => {
    markers.push({ path: pathOf(path), kind, what });
    return Symbol(kind === "unreadable" ? `unreadable: ${what}` : what);
  };
  let result: unknown;
  const put = (target: Visit["target"], key: string | number, copy: unknown) => {
    if (target === undefined) result = copy;
    else setOwn(target, String(key), copy);
  };
  const onPath = new Set<object>();
  const stack: (Visit | { leave: object })[] = [
    { value: root, path: undefined, target: undefined, key: "" },
  ];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if ("leave" in item) {
      onPath.delete(item.leave);
      continue;
    }
    const { value, path, target, key } = item;
    if (isScalar(value)) {
      put(target, key, value);
      continue;
    }
    if (typeof value !== "object" || value === null) {
      const what = value === undefined ? "undefined" : `a JavaScript ${typeof value}`;
      put(target, key, mark(path, typeof value === "function" ? "function" : "not-plain", what));
      continue;
    }
    if (onPath.has(value)) {
      put(target, key, mark(path, "not-plain", "a value that contains itself"));
      continue;
    }
    let copy: unknown[] | Record<string, unknown>;
    let keys: string[] | undefined;
    let count: number;
    try {
      if (Array.isArray(value)) {
        copy = [];
        count = value.length;
      } else if (isAttrSet(value)) {
        copy = {};
        keys = Object.keys(value);
        count = keys.length;
      } else {
        put(target, key, mark(path, "not-plain", `a JavaScript ${jsClassName(value)}`));
        continue;
      }
    } catch (error) {
      put(target, key, mark(path, "unreadable", thrownMessage(error)));
      continue;
    }
    put(target, key, copy);
    onPath.add(value);
    stack.push({ leave: value });
    // Fields are placed in order (scalars at once); the others are visited in order after.
    const later: Visit[] = [];
    for (let i = 0; i < count; i++) {
      const name = keys === undefined ? i : keys[i]!;
      let child: unknown;
      try {
        child = keys === undefined ? (value as unknown[])[i] : readProperty(value, keys[i]!);
      } catch (error) {
        put(copy, name, mark({ parent: path, key: name }, "unreadable", thrownMessage(error)));
        continue;
      }
      const scalar = isScalar(child);
      put(copy, name, scalar ? child : null);
      if (!scalar)
        later.push({ value: child, path: { parent: path, key: name }, target: copy, key: name });
    }
    for (let i = later.length - 1; i >= 0; i--) stack.push(later[i]!);
  }
  return { value: result, markers };
}

/** An own property's value, its getter run (a config may be a module written in TypeScript). */
function readProperty(obj: object, key: string): unknown {
  const desc = Object.getOwnPropertyDescriptor(obj, key);
  if (desc === undefined) return undefined;
  return desc.get !== undefined ? desc.get.call(obj) : desc.value;
}
