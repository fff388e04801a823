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

const resolvers = new WeakMap<object, () => object>();
const resolved = (t: object) => resolvers.get(t)!();

/** One handler for every deferred view: each target's resolver is looked up, so no closures per view. */
const deferredHandler: ProxyHandler<object> = {
  get: (t, key) => Reflect.get(resolved(t), key),
  has: (t, key) => Reflect.has(resolved(t), key),
  ownKeys: (t) => Reflect.ownKeys(resolved(t)),
  getOwnPropertyDescriptor: (t, key) => {
    const desc = Reflect.getOwnPropertyDescriptor(resolved(t), key);
    return desc === undefined ? undefined : { ...desc, configurable: true };
  },
  set: () => false,
  defineProperty: () => false,
  deleteProperty: () => false,
};

/** A stable object standing for a view that exists only after module collection. */
export function deferredView(resolve: () => object): Record<string, unknown> {
  const target = {};
  resolvers.set(target, resolve);
  return new Proxy(target, deferredHandler) as Record<string, unknown>;
}
