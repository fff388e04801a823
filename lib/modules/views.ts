/** `config` and `options` as objects: keys from the option tree, values forced on first read. */
import { isAttrs, sortNames } from "../util/attrs.ts";
import { defineGetter } from "../util/define-getter.ts";
import { ModuleError } from "../errors.ts";
import { hiddenField } from "../util/hidden-field.ts";
import { copyProperty } from "../util/lazy-fields.ts";
import { Namespace, noSharedValue, type Children, type TreeNode } from "./namespace.ts";
import type { OptionNode } from "./option-node.ts";
import { opaque } from "../util/opaque.ts";

/**
 * What a view's getters read: its level of the option tree, freeform values, child views made
 * so far (a class, for the reason given in lib/util/plain-record.ts).
 */
class ViewState {
  /** Made when the first nested namespace is read: most views (one per submodule value) never need it. */
  subviews: Map<string, object> | undefined = undefined;

  constructor(
    readonly ns: Namespace,
    readonly freeform: Record<string, unknown> | undefined,
    readonly options: boolean,
    /** A name the view leaves out (`_module` of the public config). */
    readonly skip: string | undefined,
    /** The evaluation a public config view belongs to, for tools that look inside. */
    readonly owner: object | undefined,
  ) {}
}

/** A hidden field, not a symbol property: no descriptor to make per view, and nothing for reflection to see. */
const viewState = hiddenField<ViewState>();

type View = Record<string, unknown>;

/** The declared child `name` of a level: an option's value or record, or the nested namespace. */
function declaredChild(children: Children, name: string, options: boolean): unknown {
  const i = children.indexOf(name)!;
  if (!options) {
    const shared = children.sharedValueAt(i);
    if (shared !== noSharedValue) return shared;
  }
  const child: TreeNode = children.at(i);
  if (child instanceof Namespace) return child;
  return options ? (child as OptionNode).option : (child as OptionNode).value;
}

function childOf(view: View, name: string): unknown {
  const state = viewState.read(view);
  if (state === undefined) {
    throw new ModuleError(
      `the getter of \`${name}' was read from an object it was copied to; copy the configuration's values instead`,
      { code: "invalid" },
    );
  }
  const child = declaredChild(state.ns.children, name, state.options);
  if (!(child instanceof Namespace)) return child;
  let sub = state.subviews?.get(name);
  if (sub === undefined) {
    sub = makeView(child, freeformBelow(state.freeform, name), state.options);
    (state.subviews ??= new Map()).set(name, sub);
  }
  return sub;
}

function freeformBelow(
  freeform: Record<string, unknown> | undefined,
  name: string,
): Record<string, unknown> | undefined {
  const free = freeform?.[name];
  return isAttrs(free) ? free : undefined;
}

/** A level's names: the declared ones, and freeform ones beside them in a config. */
function levelNames(
  children: Children,
  freeform: Record<string, unknown> | undefined,
  options: boolean,
): readonly string[] {
  return freeform && !options
    ? sortNames(new Set([...children.keys(), ...Object.keys(freeform)]))
    : children.names;
}

// One getter per option name, shared by every view that has the name: a submodule evaluated for
// thousands of attributes allocates no closure per attribute and option. Freeform names are
// data, so the set is bounded, as lib/util/lazy-fields.ts bounds its names.
const getters = new Map<string, (this: View) => unknown>();
const maxSharedGetters = 100_000;

function getterFor(name: string): (this: View) => unknown {
  let get = getters.get(name);
  if (get === undefined) {
    if (getters.size >= maxSharedGetters) getters.clear();
    get = function (this: View) {
      return childOf(this, name);
    };
    getters.set(name, get);
  }
  return get;
}

function makeView(
  ns: Namespace,
  freeform: Record<string, unknown> | undefined,
  options: boolean,
  skip?: string,
  owner?: object,
): Record<string, unknown> {
  const view: View = {};
  viewState.set(view, new ViewState(ns, freeform, options, skip, owner));
  const children = ns.children;
  // Loops here and in the merge run per value and name: indexed, they make no iterators.
  const names = levelNames(children, freeform, options);
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    if (name === skip) continue;
    if (children.has(name)) {
      defineGetter(view, name, getterFor(name));
    } else {
      copyProperty(view, freeform!, name);
    }
  }
  return view;
}

/** The config of a namespace: option values, nested namespaces, and freeform values beside them. */
export function configView(
  ns: Namespace,
  freeform: Record<string, unknown> | undefined,
  skip?: string,
  owner?: object,
): Record<string, unknown> {
  return makeView(ns, freeform, false, skip, owner);
}

/** The evaluation a public config view was made for (see `configView`), if `value` is one. */
export function viewOwner(value: object): object | undefined {
  return viewState.get(value)?.owner;
}

/** The options of a namespace: option records and nested namespaces. */
export function optionsView(ns: Namespace): Record<string, unknown> {
  return makeView(ns, undefined, true);
}

/**
 * One level of a configuration, read without making a view of each level below it: a walk
 * of a whole configuration (a system's content address) would otherwise make a view of
 * every namespace only to read it once.
 */
export class ConfigLevel {
  constructor(
    private readonly ns: Namespace,
    private readonly freeform: Record<string, unknown> | undefined,
    /** The level's names, in byte order. */
    readonly names: readonly string[],
  ) {}

  /** What the view reads at `name`, with a level in place of a nested namespace's view. */
  read(name: string): unknown {
    const children = this.ns.children;
    if (!children.has(name)) return this.freeform?.[name];
    const child = declaredChild(children, name, false);
    if (!(child instanceof Namespace)) return child;
    const freeform = freeformBelow(this.freeform, name);
    return new ConfigLevel(child, freeform, levelNames(child.children, freeform, false));
  }

  /** The files that declare the option at `name`; undefined for a namespace or a freeform name. */
  declarations(name: string): readonly string[] | undefined {
    const children = this.ns.children;
    const i = children.indexOf(name);
    if (i === undefined) return undefined;
    const child = children.at(i);
    return child instanceof Namespace ? undefined : (child as OptionNode).decl.declarations;
  }
}

/**
 * The level a config view reads (a deferred one's too, once the view exists), or undefined for
 * any other value.
 */
export function configLevelOf(value: object): ConfigLevel | undefined {
  const state = viewState.get((value as Partial<Deferred>)[RESOLVE]?.() ?? value);
  if (state === undefined || state.options) return undefined;
  const { ns, freeform, skip } = state;
  const names = levelNames(ns.children, freeform, false);
  return new ConfigLevel(ns, freeform, skip ? names.filter((name) => name !== skip) : names);
}

const RESOLVE = Symbol("nixmod.resolve");
type Deferred = { [RESOLVE]: () => object };
const resolved = (t: object) => (t as Deferred)[RESOLVE]();

/** One handler for every deferred view: the target holds its resolver, so no closures per view. */
const deferredHandler: ProxyHandler<object> = {
  // The resolver itself is not the view's: a walk of a module's `config` (a system's content
  // address) takes it to read the view's levels directly, not a view of each namespace.
  get: (t, key) => (key === RESOLVE ? (t as Deferred)[RESOLVE] : Reflect.get(resolved(t), key)),
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
  // A configurable property: the proxy may leave it out of the keys it reports.
  const target: Deferred = { [RESOLVE]: resolve };
  return new Proxy(target, deferredHandler) as Record<string, unknown>;
}

opaque(ViewState, "ViewState");
