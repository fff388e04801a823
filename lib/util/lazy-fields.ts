/**
 * Lazy fields: properties computed once, on first read, that look like plain getters.
 *
 * V8 keeps the getter of an accessor property in its old generation. A getter closure
 * made for one object is then referenced from there, and it keeps everything it closes
 * over (an option's definitions, a whole evaluation) alive through young-generation
 * collections until the next full one. Measured on nested container systems, such getters
 * and weak-map memos made collecting take five times as long. So the getter is one function
 * per property name, shared by every object, and each object keeps its own computations in
 * a hidden table.
 */
import { ModuleError } from "../errors.ts";
import { emptyRecord } from "./plain-record.ts";

const CELLS = Symbol("nixmod.lazyFields");

/** One field's computation and value (a class, for the reason given in plain-record.ts). */
class Cell {
  value: unknown = undefined;
  constructor(public compute: (() => unknown) | undefined) {}
}

/** An object's fields (a class, for the same reason). */
class Table {
  constructor(
    /** The object the table belongs to: a copy of the object (its descriptors) gets its own. */
    readonly owner: object,
    readonly cells: Map<string, Cell>,
  ) {}
}

type WithTable = { [CELLS]?: Table };

/** Names can be data (attribute names), so the shared getters are bounded; past the bound they are made again. */
const maxSharedGetters = 100_000;
const sharedGetters = new Map<string, (this: WithTable) => unknown>();
const isSharedGetter = new WeakSet<object>();

function readField(target: WithTable, key: string): unknown {
  const cell = target[CELLS]?.cells.get(key);
  if (cell === undefined) {
    throw new ModuleError(
      `the lazy attribute \`${key}' was read from an object its getter was copied to; copy the attribute's value instead`,
      { code: "invalid" },
    );
  }
  const compute = cell.compute;
  if (compute !== undefined) {
    cell.value = compute();
    cell.compute = undefined;
  }
  return cell.value;
}

function sharedGetter(key: string): (this: WithTable) => unknown {
  let get = sharedGetters.get(key);
  if (get === undefined) {
    if (sharedGetters.size >= maxSharedGetters) sharedGetters.clear();
    get = function (this: WithTable) {
      return readField(this, key);
    };
    sharedGetters.set(key, get);
    isSharedGetter.add(get);
  }
  return get;
}

/** The field table of `target`, made on first use (a copy starts from the fields it was copied with). */
function tableOf(target: WithTable): Map<string, Cell> {
  const table = Object.prototype.hasOwnProperty.call(target, CELLS) ? target[CELLS] : undefined;
  let cells: Map<string, Cell>;
  if (table !== undefined && table.owner === target) cells = table.cells;
  else {
    cells = new Map(table?.cells);
    Object.defineProperty(target, CELLS, {
      value: new Table(target, cells),
      writable: true,
      configurable: true,
    });
  }
  return cells;
}

function defineField(
  cells: Map<string, Cell>,
  target: object,
  key: string,
  compute: () => unknown,
): void {
  cells.set(key, new Cell(compute));
  Object.defineProperty(target, key, {
    get: sharedGetter(key),
    enumerable: true,
    configurable: true,
  });
}

/** Defines `key` on `target` as a getter computed once, on first read (a failure is retried on the next read). */
export function lazyField(target: object, key: string, compute: () => unknown): void {
  defineField(tableOf(target), target, key, compute);
}

/** Defines a lazy field on `target` for each of `names` that `computation` gives a computation for. */
export function lazyFieldsFor(
  target: object,
  names: readonly string[],
  computation: (name: string) => (() => unknown) | undefined,
): void {
  // The table is made with the first field: an object without fields stays plain data.
  let cells: Map<string, Cell> | undefined;
  for (const name of names) {
    const compute = computation(name);
    if (compute !== undefined) defineField((cells ??= tableOf(target)), target, name, compute);
  }
}

/**
 * `into` (a new object by default) with a lazy field per entry of `fields`: each function runs
 * once, when its property is first read. Modules use it where they would write getters.
 */
export function lazyFields<T extends Record<string, unknown>, B extends object = object>(
  fields: { [K in keyof T]: () => T[K] },
  into?: B,
): B & T {
  const target = (into ?? emptyRecord()) as B & T;
  lazyFieldsFor(target, Object.keys(fields), (key) => fields[key]);
  return target;
}

/**
 * Copies the property `key` of `source` onto `target` as it is: a value stays a value, a getter
 * stays lazy (a lazy field shares its computation with the source).
 */
export function copyProperty(target: object, source: object, key: string): void {
  const desc = Object.getOwnPropertyDescriptor(source, key);
  if (desc === undefined) return;
  if (desc.get !== undefined && isSharedGetter.has(desc.get)) {
    const cell = (source as WithTable)[CELLS]?.cells.get(key);
    if (cell !== undefined) tableOf(target).set(key, cell);
  }
  Object.defineProperty(target, key, { ...desc, enumerable: true, configurable: true });
}
