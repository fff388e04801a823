/** Nix's laziness in JavaScript: memoised thunks, lazy reads of definition objects, cycle detection. */
import { isModuleError, ModuleError, quoteOption, thrownMessage } from "./errors.ts";
import { ownGetter } from "./util/define-getter.ts";
import { hiddenField } from "./util/hidden-field.ts";
import { objectMemo } from "./util/object-memo.ts";
import { opaque } from "./util/opaque.ts";

const PENDING = 0;
const EVALUATING = 1;
const DONE = 2;

/** A memoised lazy value; forcing it while it is being forced is a real cycle. */
/**
 * How `force` forces a thunk: a symbol, so that a value that stands in for a thunk (a module
 * argument's stand-in) can answer it while every attribute name stays the value's own.
 */
export const forceThunk: unique symbol = Symbol("nixmod.forceThunk");

export class Thunk<T = unknown> {
  private state = PENDING;
  private value: T | undefined;
  private fn: ((this: any) => T) | undefined;
  private self: unknown;

  constructor(
    fn: (this: any) => T,
    /** The option path this thunk computes, named in a cycle error. */
    readonly loc?: readonly string[],
    /** `this` for `fn`, so methods need no wrapping closure (each frame saved lets deeper chains evaluate). */
    self?: unknown,
  ) {
    this.fn = fn;
    this.self = self === undefined ? this : self;
  }

  /** `force()`, under the name `force` (the function) calls. */
  [forceThunk](): T {
    return this.force();
  }

  /** Computes the value once; a cycle throws `infinite recursion`, a failure leaves it pending. */
  force(): T {
    if (this.state === DONE) return this.value as T;
    if (this.state === EVALUATING) throw recursionError(this.loc);
    this.state = EVALUATING;
    try {
      const value = this.fn!.call(this.self);
      this.value = value;
      this.state = DONE;
      this.fn = undefined;
      this.self = undefined;
      return value;
    } catch (error) {
      this.state = PENDING;
      throw error;
    }
  }

  /** Takes a value computed elsewhere from the same inputs, so both give the same object. */
  settle(value: T): void {
    if (this.state === DONE) return;
    this.value = value;
    this.state = DONE;
    this.fn = undefined;
    this.self = undefined;
  }

  /** Whether the value has been computed. */
  get forced(): boolean {
    return this.state === DONE;
  }
}

/** The value behind a possibly lazy value. */
export function force<T>(value: T | Thunk<T>): T {
  let v: unknown = value;
  // A thunk's value may be a stand-in for another (a getter that returns a module argument).
  while (v instanceof Thunk) v = v[forceThunk]();
  return v as T;
}

const bareRecursion = "infinite recursion encountered";

/** The `infinite recursion` error, naming the option path when one is known. */
export function recursionError(loc: readonly string[] | undefined): ModuleError {
  return new ModuleError(
    loc && loc.length > 0
      ? `${bareRecursion} while evaluating the option ${quoteOption(loc)}`
      : bareRecursion,
    loc ? { code: "recursion", loc: [...loc] } : { code: "recursion" },
  );
}

const stackMessages = ["Maximum call stack size exceeded", "too much recursion"];

/** Whether an error is V8 running out of stack (a RangeError, or a SyntaxError inside a regex). */
export function isStackOverflow(error: unknown): boolean {
  try {
    if (!(error instanceof RangeError || error instanceof SyntaxError)) return false;
    const message = error.message;
    return stackMessages.some((m) => message.includes(m));
  } catch (inner) {
    // A proxy whose traps throw is not V8's own error; but the check itself overflowing the
    // stack means the stack was at its end when `error` was thrown.
    return inner instanceof RangeError;
  }
}

/** The error a stack overflow becomes: a ModuleError that says the stack was exhausted. */
export function stackError(loc: readonly string[] | undefined, cause: unknown): ModuleError {
  const where = loc && loc.length > 0 ? ` while evaluating the option ${quoteOption(loc)}` : "";
  return new ModuleError(
    `stack exhausted${where}: the evaluation nests too deeply (a very long chain of options defined from each other, or deeply nested values)`,
    loc ? { code: "stack", loc: [...loc], cause } : { code: "stack", cause },
  );
}

/**
 * How deep option paths may nest (options in namespaces, submodules, `attrsOf` and list
 * elements, counted together). Every level keeps its whole path, so memory and time grow
 * with the square of the depth; past this limit evaluation stops with a stack error instead
 * of running out of memory. Nix bounds the same nesting with its call-depth limit.
 */
export const maxOptionDepth = 2048;

/** A path short enough for a message: its first and last components around a count of the rest. */
function abbreviatedPath(loc: readonly string[]): string[] {
  if (loc.length <= 12) return [...loc];
  return [...loc.slice(0, 6), `...${loc.length - 12} more...`, ...loc.slice(-6)];
}

/** Throws the stack error when `loc` nests deeper than `maxOptionDepth`. */
export function checkOptionDepth(loc: readonly string[]): void {
  if (loc.length <= maxOptionDepth) return;
  throw new ModuleError(
    `stack exhausted while evaluating the option ${quoteOption(abbreviatedPath(loc))}: option paths nest more than ${maxOptionDepth} levels deep`,
    { code: "stack", loc: [...loc] },
  );
}

/** Runs `f`, turning a stack overflow into the ModuleError that says the stack was exhausted. */
export function withStackGuard<T>(f: () => T, loc?: readonly string[]): T {
  try {
    return f();
  } catch (error) {
    if (isStackOverflow(error)) throw stackError(loc, error);
    throw error;
  }
}

/** Turns any failure inside an option's evaluation into a ModuleError that names the option. */
export function asModuleError(error: unknown, loc: readonly string[]): ModuleError {
  if (isModuleError(error)) {
    if (error.loc !== undefined || loc.length === 0) return error;
    // One that knows no option (a bad mkIf condition, a pattern Nix cannot read) happened in
    // this one's evaluation, the innermost that catches it; the error itself may be thrown again
    // elsewhere, so the option goes on a copy.
    // A bare cycle (met in a thunk that knows no option) is told as happening in this option.
    const message = error.message === bareRecursion ? recursionError(loc).message : error.message;
    const located = new ModuleError(message, {
      code: error.code,
      loc: [...loc],
      definitions: error.definitions,
      cause: error.cause,
    });
    located.stack = error.stack;
    return located;
  }
  if (isStackOverflow(error)) return stackError(loc, error);
  const message = thrownMessage(error);
  const where = loc.length > 0 ? `the option ${quoteOption(loc)}` : "the configuration";
  return new ModuleError(`while evaluating ${where}: ${message}`, {
    code: "thrown",
    loc: [...loc],
    cause: error,
  });
}

const getterThunks = objectMemo<Map<PropertyKey, Thunk>>();

/**
 * Shared getters (lib/util/lazy-fields.ts) read their object's thunks by position, from one
 * hidden list per object: a lazy read of such a property is that thunk, with nothing made per
 * object. Each shared getter is mapped to its position.
 */
export const thunkSlots = new WeakMap<object, number>();

/** Where an object with shared getters keeps its fields' thunks. */
export const entryThunks = hiddenField<Thunk[]>();

/** The thunk the shared getter at `position` reads on `obj`, if `obj` has it. */
export function slotThunk(obj: object, position: number): Thunk | undefined {
  const own = entryThunks.get(obj)?.[position];
  return own instanceof Thunk ? own : undefined;
}

/** The thunk behind `get`, the getter of a property of `obj`, where it is a shared one. */
export function sharedThunk(obj: object, get: (() => unknown) | undefined): Thunk | undefined {
  const position = get === undefined ? undefined : thunkSlots.get(get);
  return position === undefined ? undefined : slotThunk(obj, position);
}

/** The value of an own property, a getter becoming a thunk that runs at most once (shared by all readers). */
export function lazyProperty(obj: object, key: string): unknown {
  if (!Object.hasOwn(obj, key)) return undefined;
  const get = ownGetter(obj, key);
  if (get === undefined) return (obj as Record<string, unknown>)[key];
  const own = sharedThunk(obj, get);
  if (own !== undefined) return own;
  let perObject = getterThunks.get(obj);
  if (perObject === undefined) {
    perObject = new Map();
    getterThunks.set(obj, perObject);
  }
  let thunk = perObject.get(key);
  if (thunk === undefined) {
    thunk = new Thunk(get, undefined, obj);
    perObject.set(key, thunk);
  }
  return thunk;
}

opaque(Thunk, "Thunk");
