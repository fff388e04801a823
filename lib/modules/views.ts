/** `config` and `options` as objects: keys from the option tree, values forced on first read. */
import { defineLazy } from "../types/attrs-of.ts";
import { isAttrs, sortNames } from "../util/attrs.ts";
import { Namespace, type TreeNode } from "./namespace.ts";
import type { OptionNode } from "./option-node.ts";

function memoGetter(target: object, name: string, compute: () => unknown): void {
  defineLazy(target, name, compute);
}

/** The config of a namespace: option values, nested namespaces, and freeform values beside them. */
export function configView(
  ns: Namespace,
  freeform: Record<string, unknown> | undefined,
  skip?: string,
): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  const children = ns.children;
  const names = freeform
    ? sortNames(new Set([...children.keys(), ...Object.keys(freeform)]))
    : children.keys();
  for (const name of names) {
    if (name === skip) continue;
    const child: TreeNode | undefined = children.get(name);
    if (child === undefined) {
      Object.defineProperty(view, name, {
        ...Object.getOwnPropertyDescriptor(freeform!, name)!,
        enumerable: true,
        configurable: true,
      });
    } else if (child instanceof Namespace) {
      memoGetter(view, name, () => {
        const sub = freeform?.[name];
        return configView(child, isAttrs(sub) ? sub : undefined);
      });
    } else {
      const node = child as OptionNode;
      Object.defineProperty(view, name, {
        enumerable: true,
        configurable: true,
        get: () => node.value,
      });
    }
  }
  return view;
}

/** The options of a namespace: option records and nested namespaces. */
export function optionsView(ns: Namespace): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  for (const [name, child] of ns.children) {
    memoGetter(view, name, () =>
      child instanceof Namespace ? optionsView(child) : (child as OptionNode).option,
    );
  }
  return view;
}

/** A stable object standing for a view that exists only after module collection. */
export function deferredView(resolve: () => object): Record<string, unknown> {
  return new Proxy({} as Record<string, unknown>, {
    get: (_t, key) => Reflect.get(resolve(), key),
    has: (_t, key) => Reflect.has(resolve(), key),
    ownKeys: () => Reflect.ownKeys(resolve()),
    getOwnPropertyDescriptor: (_t, key) => {
      const desc = Reflect.getOwnPropertyDescriptor(resolve(), key);
      return desc === undefined ? undefined : { ...desc, configurable: true };
    },
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
  });
}
