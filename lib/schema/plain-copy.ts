/**
 * A plain-data copy of a configuration, for `validate`: the validator reads only plain sets,
 * lists and scalars, never a getter or a proxy trap, and what is no JSON/YAML value (undefined,
 * a Map, a cycle, a value that cannot be read) stands as a marker the schema refuses, with the
 * path where it was found.
 */
import { thrownMessage } from "../errors.ts";
import { isAttrSet, jsClassName } from "../util/attrs.ts";

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
  put: (copy: unknown) => void;
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
  const onPath = new Set<object>();
  const stack: (Visit | { leave: object })[] = [
    { value: root, path: undefined, put: (c) => (result = c) },
  ];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if ("leave" in item) {
      onPath.delete(item.leave);
      continue;
    }
    const { value, path, put } = item;
    if (value === undefined) {
      put(mark(path, "not-plain", "undefined"));
      continue;
    }
    if (typeof value === "function") {
      put(mark(path, "function", "a function"));
      continue;
    }
    if (typeof value === "bigint" || typeof value === "symbol") {
      put(mark(path, "not-plain", `a JavaScript ${typeof value}`));
      continue;
    }
    if (typeof value !== "object" || value === null) {
      put(value);
      continue;
    }
    if (onPath.has(value)) {
      put(mark(path, "not-plain", "a value that contains itself"));
      continue;
    }
    let children: [string | number, () => unknown][];
    let copy: unknown[] | Record<string, unknown>;
    try {
      if (Array.isArray(value)) {
        const list: unknown[] = [];
        copy = list;
        children = Array.from({ length: value.length }, (_, i) => [i, () => value[i]]);
      } else if (isAttrSet(value)) {
        copy = {};
        children = Object.keys(value).map((key) => [key, () => readProperty(value, key)]);
      } else {
        put(mark(path, "not-plain", `a JavaScript ${jsClassName(value)}`));
        continue;
      }
    } catch (error) {
      put(mark(path, "unreadable", thrownMessage(error)));
      continue;
    }
    put(copy);
    onPath.add(value);
    stack.push({ leave: value });
    for (let i = children.length - 1; i >= 0; i--) {
      const [key, read] = children[i]!;
      const at: PathLink = { parent: path, key };
      let child: unknown;
      try {
        child = read();
      } catch (error) {
        setOwn(copy, key, mark(at, "unreadable", thrownMessage(error)));
        continue;
      }
      stack.push({ value: child, path: at, put: (c) => setOwn(copy, key, c) });
    }
  }
  return { value: result, markers };
}

/** An own property's value, its getter run (a config may be a module written in TypeScript). */
function readProperty(obj: object, key: string): unknown {
  const desc = Object.getOwnPropertyDescriptor(obj, key);
  if (desc === undefined) return undefined;
  return desc.get !== undefined ? desc.get.call(obj) : desc.value;
}

/** Defined, not assigned: a `__proto__` key stays a key of the copy. */
function setOwn(target: unknown[] | Record<string, unknown>, key: string | number, value: unknown) {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}
