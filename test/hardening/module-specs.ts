/**
 * Random module sets for the property tests, as plain data (so fast-check can
 * print and shrink them) and a builder that turns the data into real modules.
 *
 * A spec describes option types, option declarations, definitions (with mkIf,
 * mkMerge, mkOverride, mkOrder, getters, getters that throw or read other
 * options, values of the wrong type) and imports. `buildModules(spec, order)`
 * makes fresh module objects every time; `order` decides the insertion order of
 * the keys of every object it makes, so one spec can be evaluated with its keys
 * inserted in different orders.
 */
import fc from "fast-check";
import {
  mkIf,
  mkMerge,
  mkOption,
  mkOrder,
  mkOverride,
  types,
  type Module,
  type OptionType,
} from "nixmod";

/** An option type, as data. */
export type TypeSpec =
  | {
      k:
        | "bool"
        | "int"
        | "str"
        | "lines"
        | "commas"
        | "float"
        | "enum"
        | "u8"
        | "port"
        | "nonEmptyStr"
        | "strMatching"
        | "anything"
        | "attrs"
        | "unspecified"
        | "raw"
        | "path"
        | "coercedTo";
    }
  | { k: "nullOr" | "listOf" | "attrsOf" | "lazyAttrsOf" | "uniq" | "addCheck"; of: TypeSpec }
  | { k: "either"; a: TypeSpec; b: TypeSpec }
  | { k: "submodule"; options: DeclSpec[]; freeform: boolean };

/** A definition value, as data: literals, lists, sets, and the `mk*` wrappers. */
export type ValSpec =
  | { v: "lit"; x: string | number | boolean | null }
  | { v: "undef" }
  | { v: "fn" }
  | { v: "list"; items: ValSpec[] }
  | { v: "set"; entries: EntrySpec[] }
  | { v: "if"; cond: boolean; lazy: boolean; body: ValSpec }
  | { v: "merge"; parts: ValSpec[] }
  | { v: "override"; prio: number; body: ValSpec }
  | { v: "order"; prio: number; body: ValSpec };

/** One attribute of a set: a plain value, a getter, a getter that throws, or a getter reading `config`. */
export type EntrySpec =
  | { name: string; kind: "value" | "getter"; val: ValSpec }
  | { name: string; kind: "throw" }
  | { name: string; kind: "read"; path: string[] };

/** One option declaration: its path, type, optional default and `apply`. */
export interface DeclSpec {
  path: string[];
  type: TypeSpec;
  dflt?: ValSpec | undefined;
  apply?: "none" | "wrap" | "throw" | undefined;
}

/** One module: declarations, a config tree, imports, and how it is written. */
export interface ModuleSpec {
  form: "full" | "shorthand" | "function";
  decls: DeclSpec[];
  config: EntrySpec[];
  imports: ModuleSpec[];
  freeform: boolean;
  wrap: "none" | "if" | "merge" | "override";
  file?: string | undefined;
}

/** Attribute names, including ones that are special in JavaScript. */
export const hostileNames = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "valueOf",
] as const;

const plainNames = ["a", "b", "c"] as const;
/** Names of options and attributes: mostly plain, sometimes hostile. */
export const nameArb: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...plainNames), weight: 6 },
  { arbitrary: fc.constantFrom(...hostileNames), weight: 2 },
  { arbitrary: fc.constantFrom("", "a.b", "é", "x y", "1"), weight: 1 },
);

// ---------------------------------------------------------------------------
// Types

const leafKinds = [
  "bool",
  "int",
  "str",
  "lines",
  "commas",
  "float",
  "enum",
  "u8",
  "port",
  "nonEmptyStr",
  "strMatching",
  "anything",
  "attrs",
  "unspecified",
  "raw",
  "path",
  "coercedTo",
] as const;

/** A random type, at most `depth` constructors deep. */
export function typeArb(depth: number): fc.Arbitrary<TypeSpec> {
  const leaf = fc.constantFrom(...leafKinds).map((k) => ({ k }) as TypeSpec);
  if (depth <= 0) return leaf;
  const inner = typeArb(depth - 1);
  return fc.oneof(
    { arbitrary: leaf, weight: 4 },
    {
      arbitrary: fc
        .tuple(
          fc.constantFrom("nullOr", "listOf", "attrsOf", "lazyAttrsOf", "uniq", "addCheck"),
          inner,
        )
        .map(([k, of]) => ({ k, of }) as TypeSpec),
      weight: 4,
    },
    {
      arbitrary: fc.tuple(inner, inner).map(([a, b]) => ({ k: "either", a, b }) as TypeSpec),
      weight: 1,
    },
    {
      arbitrary: fc
        .tuple(fc.array(declArb(depth - 1, 1), { maxLength: 3 }).map(distinctDecls), fc.boolean())
        .map(([options, freeform]) => ({ k: "submodule", options, freeform }) as TypeSpec),
      weight: 2,
    },
  );
}

/** A declaration with a path of up to `maxPath` names. */
export function declArb(typeDepth: number, maxPath = 2): fc.Arbitrary<DeclSpec> {
  return typeArb(typeDepth).chain((type) =>
    fc.record({
      path: fc.array(nameArb, { minLength: 1, maxLength: maxPath }),
      type: fc.constant(type),
      dflt: fc.option(valArb(type, 1, { wrong: 0.1, lazy: false }), { nil: undefined }),
      apply: fc.constantFrom<DeclSpec["apply"]>(...Array(12).fill("none"), "wrap", "wrap", "throw"),
    }),
  );
}

/** Builds a real option type from its spec. */
export function buildType(t: TypeSpec): OptionType {
  switch (t.k) {
    case "bool":
      return types.bool;
    case "int":
      return types.int;
    case "str":
      return types.str;
    case "lines":
      return types.lines;
    case "commas":
      return types.commas;
    case "float":
      return types.float;
    case "enum":
      return types.enum(["a", "b", 1]);
    case "u8":
      return types.ints.u8;
    case "port":
      return types.port;
    case "nonEmptyStr":
      return types.nonEmptyStr;
    case "strMatching":
      return types.strMatching("[a-z]+");
    case "anything":
      return types.anything;
    case "attrs":
      return types.attrs;
    case "unspecified":
      return types.unspecified;
    case "raw":
      return types.raw;
    case "path":
      return types.path;
    case "coercedTo":
      return types.coercedTo(types.int, (n: number) => `n${n}`, types.str);
    case "nullOr":
      return types.nullOr(buildType(t.of));
    case "listOf":
      return types.listOf(buildType(t.of));
    case "attrsOf":
      return types.attrsOf(buildType(t.of));
    case "lazyAttrsOf":
      return types.lazyAttrsOf(buildType(t.of));
    case "uniq":
      return types.uniq(buildType(t.of));
    case "addCheck":
      return types.addCheck(buildType(t.of), (v: unknown) => typeof v !== "number" || v % 2 === 0);
    case "either":
      return types.either(buildType(t.a), buildType(t.b));
    case "submodule": {
      const module: Record<string, unknown> = { options: buildOptions(t.options, identity) };
      if (t.freeform) module.freeformType = types.attrsOf(types.anything);
      return types.submodule(module as Module);
    }
  }
}

/** Whether values of a type are the user's own objects, passed through without merging their insides. */
export function passesThrough(t: TypeSpec): boolean {
  switch (t.k) {
    case "attrs":
    case "unspecified":
    case "raw":
      return true;
    case "nullOr":
    case "listOf":
    case "attrsOf":
    case "lazyAttrsOf":
    case "uniq":
    case "addCheck":
      return passesThrough(t.of);
    case "either":
      return passesThrough(t.a) || passesThrough(t.b);
    case "submodule":
      return t.freeform || t.options.some((d) => passesThrough(d.type));
    default:
      return false;
  }
}

/** Whether values of a type are scalars or lists of scalars. */
export function holdsNoSets(t: TypeSpec): boolean {
  switch (t.k) {
    case "anything":
    case "attrs":
    case "unspecified":
    case "raw":
    case "attrsOf":
    case "lazyAttrsOf":
    case "submodule":
      return false;
    case "nullOr":
    case "listOf":
    case "uniq":
    case "addCheck":
      return holdsNoSets(t.of);
    case "either":
      return holdsNoSets(t.a) && holdsNoSets(t.b);
    default:
      return true;
  }
}

// ---------------------------------------------------------------------------
// Values

/** How values are generated: the chance of a wrong value, and whether getters may appear. */
export interface ValOptions {
  /** Probability-like weight (0..1) of a value of the wrong type. */
  wrong: number;
  /** Whether sets may hold getters, throwing getters and getters that read config. */
  lazy: boolean;
  /** Whether `mkOverride` with priority 50 or less may appear (false for the mkForce property). */
  strongOverrides?: boolean;
  /** Paths that getters may read. */
  readable?: string[][];
}

const stringArb = fc.oneof(
  fc.constantFrom("", "a", "b", "x y", "é", "line\nbreak", "$(id)", "%i", "__proto__"),
  fc.string({ maxLength: 6 }),
);

const literalArb: fc.Arbitrary<ValSpec> = fc
  .oneof(
    stringArb,
    fc.integer({ min: -3, max: 300 }),
    fc.constantFrom(0.5, -0, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60, 1e21),
    fc.boolean(),
    fc.constant(null),
  )
  .map((x) => ({ v: "lit", x }) as ValSpec);

/** Any value at all, for types that take anything and for wrong definitions. */
export function anyValArb(depth: number, opts: ValOptions): fc.Arbitrary<ValSpec> {
  const leaf = fc.oneof(
    { arbitrary: literalArb, weight: 8 },
    { arbitrary: fc.constant<ValSpec>({ v: "undef" }), weight: 1 },
    { arbitrary: fc.constant<ValSpec>({ v: "fn" }), weight: 1 },
  );
  if (depth <= 0) return leaf;
  const inner = anyValArb(depth - 1, { ...opts, lazy: false });
  return fc.oneof(
    { arbitrary: leaf, weight: 4 },
    {
      arbitrary: fc
        .array(inner, { maxLength: 3 })
        .map((items) => ({ v: "list", items }) as ValSpec),
      weight: 1,
    },
    { arbitrary: setArb(fc.constant(inner), opts), weight: 2 },
  );
}

/** A set whose entries come from `entryVal` (a value arbitrary per entry). */
function setArb(
  entryVal: fc.Arbitrary<fc.Arbitrary<ValSpec>>,
  opts: ValOptions,
): fc.Arbitrary<ValSpec> {
  return fc
    .array(
      fc.tuple(nameArb, entryVal).chain(([name, val]) => entryArb(name, val, opts)),
      { maxLength: 3 },
    )
    .map((entries) => ({ v: "set", entries }) as ValSpec);
}

function entryArb(
  name: string,
  val: fc.Arbitrary<ValSpec>,
  opts: ValOptions,
): fc.Arbitrary<EntrySpec> {
  const value = val.map((v) => ({ name, kind: "value", val: v }) as EntrySpec);
  if (!opts.lazy) return value;
  const readable = opts.readable ?? [];
  return fc.oneof(
    { arbitrary: value, weight: 24 },
    { arbitrary: val.map((v) => ({ name, kind: "getter", val: v }) as EntrySpec), weight: 6 },
    { arbitrary: fc.constant<EntrySpec>({ name, kind: "throw" }), weight: 1 },
    {
      arbitrary:
        readable.length === 0
          ? val.map((v) => ({ name, kind: "getter", val: v }) as EntrySpec)
          : fc.constantFrom(...readable).map((path) => ({ name, kind: "read", path }) as EntrySpec),
      weight: 1,
    },
  );
}

/** A value for type `t`: mostly of that type, sometimes wrong, sometimes wrapped in `mk*`. */
export function valArb(t: TypeSpec, depth: number, opts: ValOptions): fc.Arbitrary<ValSpec> {
  const good = goodValArb(t, depth, opts);
  const wrongWeight = Math.round(opts.wrong * 20);
  const plain =
    wrongWeight === 0
      ? good
      : fc.oneof(
          { arbitrary: good, weight: 20 - wrongWeight },
          { arbitrary: anyValArb(1, { ...opts, lazy: false }), weight: wrongWeight },
        );
  if (depth <= 0) return plain;
  const again = valArb(t, depth - 1, opts);
  const prio =
    opts.strongOverrides === false
      ? fc.integer({ min: 51, max: 1600 })
      : fc.constantFrom(10, 50, 100, 1000, 1500);
  return fc.oneof(
    { arbitrary: plain, weight: 12 },
    {
      arbitrary: fc
        .tuple(fc.boolean(), fc.boolean(), again)
        .map(([cond, lazy, body]) => ({ v: "if", cond, lazy, body }) as ValSpec),
      weight: 2,
    },
    {
      arbitrary: fc
        .array(again, { maxLength: 3 })
        .map((parts) => ({ v: "merge", parts }) as ValSpec),
      weight: 1,
    },
    {
      arbitrary: fc
        .tuple(prio, again)
        .map(([p, body]) => ({ v: "override", prio: p, body }) as ValSpec),
      weight: 1,
    },
    {
      arbitrary: fc
        .tuple(fc.constantFrom(500, 1000, 1500), again)
        .map(([p, body]) => ({ v: "order", prio: p, body }) as ValSpec),
      weight: 1,
    },
  );
}

function lit(x: string | number | boolean | null): ValSpec {
  return { v: "lit", x };
}

function goodValArb(t: TypeSpec, depth: number, opts: ValOptions): fc.Arbitrary<ValSpec> {
  const d = Math.max(depth - 1, 0);
  switch (t.k) {
    case "bool":
      return fc.boolean().map(lit);
    case "int":
      return fc.integer({ min: -5, max: 5 }).map(lit);
    case "float":
      return fc.constantFrom(0.5, 1, -2.25).map(lit);
    case "u8":
    case "port":
      return fc.integer({ min: 0, max: 255 }).map(lit);
    case "str":
    case "lines":
    case "commas":
    case "nonEmptyStr":
      return stringArb.map(lit);
    case "strMatching":
      return fc.constantFrom("abc", "x", "Abc").map(lit);
    case "enum":
      return fc.constantFrom<string | number>("a", "b", 1).map(lit);
    case "path":
      return fc.constantFrom("/a", "/nix/store/x", "rel").map(lit);
    case "coercedTo":
      return fc.oneof(fc.integer({ min: 0, max: 9 }), fc.constantFrom("s", "t")).map(lit);
    case "anything":
      return anyValArb(Math.min(depth, 2), opts);
    case "attrs":
    case "unspecified":
    case "raw":
      return anyValArb(Math.min(depth, 2), { ...opts, lazy: false });
    case "nullOr":
      return fc.oneof(fc.constant(lit(null)), valArb(t.of, d, opts));
    case "uniq":
    case "addCheck":
      return valArb(t.of, d, opts);
    case "listOf":
      return fc
        .array(valArb(t.of, d, { ...opts, lazy: false }), { maxLength: 3 })
        .map((items) => ({ v: "list", items }) as ValSpec);
    case "attrsOf":
    case "lazyAttrsOf":
      return setArb(fc.constant(valArb(t.of, d, opts)), opts);
    case "either":
      return fc.oneof(valArb(t.a, d, opts), valArb(t.b, d, opts));
    case "submodule": {
      if (t.options.length === 0 && !t.freeform)
        return fc.constant<ValSpec>({ v: "set", entries: [] });
      const fields = t.options.map((decl) =>
        fc.option(valAtPath(decl.path, valArb(decl.type, d, opts), opts), { nil: undefined }),
      );
      const extra = t.freeform
        ? fc.array(entryArb("free", anyValArb(1, opts), opts), { maxLength: 1 })
        : fc.constant([] as EntrySpec[]);
      return fc.tuple(fc.tuple(...fields), extra).map(([entries, more]) => ({
        v: "set",
        entries: [...entries.filter((e): e is EntrySpec => e !== undefined), ...more],
      }));
    }
  }
}

/** An entry that sets `path` (nested sets for the leading names) to a value from `val`. */
export function valAtPath(
  path: string[],
  val: fc.Arbitrary<ValSpec>,
  opts: ValOptions,
): fc.Arbitrary<EntrySpec> {
  const [head, ...rest] = path;
  if (rest.length === 0) return entryArb(head!, val, opts);
  return valAtPath(rest, val, opts).map(
    (inner) => ({ name: head!, kind: "value", val: { v: "set", entries: [inner] } }) as EntrySpec,
  );
}

// ---------------------------------------------------------------------------
// Modules

/** A module set: up to `maxModules` modules, some with imports, declaring and defining random options. */
export function moduleSetArb(maxModules = 4): fc.Arbitrary<ModuleSpec[]> {
  return fc
    .array(declArb(2), { minLength: 1, maxLength: 4 })
    .map(distinctDecls)
    .chain((decls) => {
      // Getters read only options whose values hold no sets: a cycle can then only go
      // through options (which nixmod reports), never through data shared between them.
      const readable = decls.filter((d) => holdsNoSets(d.type)).map((d) => d.path);
      const opts: ValOptions = { wrong: 0.05, lazy: true, readable };
      // Definitions mostly for declared options, sometimes for undeclared ones.
      const defArb = fc.oneof(
        {
          arbitrary: fc
            .constantFrom(...decls)
            .chain((decl) => valAtPath(decl.path, valArb(decl.type, 2, opts), opts)),
          weight: 8,
        },
        {
          arbitrary: fc
            .array(nameArb, { minLength: 1, maxLength: 2 })
            // The path may hit a declared option of a type that passes its value through
            // (raw, attrs): getters inside such a value are the user's own, read when the
            // user reads the value, so only the definition itself may be a getter here.
            .chain((path) => valAtPath(path, anyValArb(1, { ...opts, lazy: false }), opts)),
          weight: 1,
        },
      );
      const moduleArb = (depth: number): fc.Arbitrary<ModuleSpec> =>
        fc.record({
          form: fc.constantFrom<ModuleSpec["form"]>("full", "full", "shorthand", "function"),
          // Declaring an option again (type only: a second default is an error) is rarer.
          decls: fc.oneof(
            { arbitrary: fc.constant([] as DeclSpec[]), weight: 6 },
            {
              arbitrary: fc
                .subarray(decls, { maxLength: Math.min(2, decls.length) })
                .map((ds) => ds.map((d) => ({ path: d.path, type: d.type }))),
              weight: 1,
            },
          ),
          config: fc.array(defArb, { maxLength: 3 }),
          imports: depth <= 0 ? fc.constant([]) : fc.array(moduleArb(depth - 1), { maxLength: 1 }),
          freeform: fc.constantFrom(false, false, false, true),
          wrap: fc.constantFrom<ModuleSpec["wrap"]>(
            "none",
            "none",
            "none",
            "if",
            "merge",
            "override",
          ),
          file: fc.option(fc.constantFrom("a.nix", "__proto__", "x y"), { nil: undefined }),
        });
      // Every declaration is made by some module: the first module declares them all,
      // and others may declare some again (same type: merged; else "already declared").
      return fc
        .tuple(fc.array(moduleArb(2), { minLength: 1, maxLength: maxModules }), fc.boolean())
        .map(([modules, freeformFirst]) => {
          const first: ModuleSpec = {
            form: "full",
            decls,
            config: [],
            imports: [],
            freeform: freeformFirst,
            wrap: "none",
          };
          return [first, ...modules];
        });
    });
}

/** Insertion orders for the keys of built objects. */
export type KeyOrder = "as-generated" | "reversed" | "rotated";

function ordered<T>(items: readonly T[], order: KeyOrder): T[] {
  if (order === "reversed") return [...items].reverse();
  if (order === "rotated" && items.length > 1) return [...items.slice(1), items[0]!];
  return [...items];
}

const identity: KeyOrder = "as-generated";

/** Where getters that read `config` look: set by the caller to the module argument or the result. */
export interface ConfigRef {
  current: () => unknown;
}

/** The error a throwing getter throws (a plain Error, as user code would). */
export class GetterBoom extends Error {
  constructor() {
    super("boom from a getter");
  }
}

/** Builds a value from its spec; every call makes fresh objects. */
export function buildVal(spec: ValSpec, order: KeyOrder, ref: ConfigRef): unknown {
  switch (spec.v) {
    case "lit":
      return spec.x;
    case "undef":
      return undefined;
    case "fn":
      return (x: unknown) => x;
    case "list":
      return spec.items.map((i) => buildVal(i, order, ref));
    case "set": {
      const out: Record<string, unknown> = {};
      for (const entry of ordered(firstByName(spec.entries), order))
        defineEntry(out, entry, order, ref);
      return out;
    }
    case "if": {
      const body = buildVal(spec.body, order, ref);
      return mkIf(spec.lazy ? () => spec.cond : spec.cond, body);
    }
    case "merge":
      return mkMerge(spec.parts.map((p) => buildVal(p, order, ref)));
    case "override":
      return mkOverride(spec.prio, buildVal(spec.body, order, ref));
    case "order":
      return mkOrder(spec.prio, buildVal(spec.body, order, ref));
  }
}

/** The entries of a set with each name once (the first one), so key order never decides a value. */
function firstByName(entries: readonly EntrySpec[]): EntrySpec[] {
  const seen = new Set<string>();
  return entries.filter((e) => !seen.has(e.name) && (seen.add(e.name), true));
}

/**
 * The declarations of one module with each path once, and none below another one's path
 * (the shorter wins), so the order in which they are written never changes what is declared.
 */
export function distinctDecls(decls: readonly DeclSpec[]): DeclSpec[] {
  const key = (p: readonly string[]) => p.join("\u0000");
  const seen = new Set<string>();
  const unique = decls.filter((d) => !seen.has(key(d.path)) && (seen.add(key(d.path)), true));
  const isBelow = (d: DeclSpec) =>
    unique.some(
      (o) => o.path.length < d.path.length && key(d.path.slice(0, o.path.length)) === key(o.path),
    );
  return unique.filter((d) => !isBelow(d));
}

function readPath(root: unknown, path: readonly string[]): unknown {
  let v = root;
  for (const name of path) {
    if (typeof v !== "object" || v === null) return undefined;
    v = Object.prototype.hasOwnProperty.call(v, name)
      ? (v as Record<string, unknown>)[name]
      : undefined;
  }
  return v;
}

function defineEntry(
  target: Record<string, unknown>,
  entry: EntrySpec,
  order: KeyOrder,
  ref: ConfigRef,
): void {
  // A repeated name in one set: the later entry wins, as the last `defineProperty` does.
  const desc: PropertyDescriptor = { enumerable: true, configurable: true };
  switch (entry.kind) {
    case "value":
      desc.value = buildVal(entry.val, order, ref);
      desc.writable = true;
      break;
    case "getter": {
      const val = entry.val;
      desc.get = () => buildVal(val, order, ref);
      break;
    }
    case "throw":
      desc.get = () => {
        throw new GetterBoom();
      };
      break;
    case "read": {
      const path = entry.path;
      desc.get = () => readPath(ref.current(), path);
      break;
    }
  }
  // A name that is not an own key yet keeps its generated place; an existing one is redefined.
  Object.defineProperty(target, entry.name, desc);
}

function buildOptions(decls: readonly DeclSpec[], order: KeyOrder): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const decl of ordered(distinctDecls(decls), order)) {
    let node = root;
    const path = decl.path;
    for (let i = 0; i < path.length - 1; i++) {
      const name = path[i]!;
      const existing = Object.prototype.hasOwnProperty.call(node, name) ? node[name] : undefined;
      if (typeof existing !== "object" || existing === null || "_type" in existing) {
        const fresh: Record<string, unknown> = {};
        Object.defineProperty(node, name, {
          value: fresh,
          enumerable: true,
          configurable: true,
          writable: true,
        });
        node = fresh;
      } else node = existing as Record<string, unknown>;
    }
    const spec: Record<string, unknown> = { type: buildType(decl.type) };
    const dflt = decl.dflt;
    if (dflt !== undefined) {
      const empty: ConfigRef = { current: () => undefined };
      Object.defineProperty(spec, "default", {
        get: () => buildVal(dflt, order, empty),
        enumerable: true,
        configurable: true,
      });
    }
    if (decl.apply === "wrap") spec.apply = (v: unknown) => ({ applied: v });
    if (decl.apply === "throw")
      spec.apply = () => {
        throw new GetterBoom();
      };
    Object.defineProperty(node, path[path.length - 1]!, {
      value: mkOption(spec),
      enumerable: true,
      configurable: true,
      writable: true,
    });
  }
  return root;
}

/** Builds the modules of a spec; `ref` is where config-reading getters of non-function modules look. */
export function buildModules(
  specs: readonly ModuleSpec[],
  order: KeyOrder,
  ref: ConfigRef,
): Module[] {
  return specs.map((s, i) => buildModule(s, order, ref, `m${i}`));
}

function buildModule(spec: ModuleSpec, order: KeyOrder, ref: ConfigRef, label: string): Module {
  const make = (own: ConfigRef): Record<string, unknown> => {
    const config = buildVal({ v: "set", entries: spec.config }, order, own);
    const wrapped =
      spec.wrap === "if"
        ? mkIf(true, config)
        : spec.wrap === "merge"
          ? mkMerge([config, {}])
          : spec.wrap === "override"
            ? mkOverride(90, config)
            : config;
    const imports = spec.imports.map((m, i) => buildModule(m, order, ref, `${label}.${i}`));
    if (
      spec.form === "shorthand" &&
      spec.decls.length === 0 &&
      imports.length === 0 &&
      !spec.freeform &&
      spec.wrap === "none"
    ) {
      return config as Record<string, unknown>;
    }
    const parts: [string, unknown][] = [
      ["options", buildOptions(spec.decls, order)],
      ["config", wrapped],
      ["imports", imports],
    ];
    if (spec.freeform) parts.push(["freeformType", types.attrsOf(types.anything)]);
    if (spec.file !== undefined) parts.push(["_file", spec.file]);
    const out: Record<string, unknown> = {};
    for (const [k, v] of ordered(parts, order)) out[k] = v;
    return out;
  };
  if (spec.form === "function") {
    return (args: { config: unknown }) => make({ current: () => args.config });
  }
  return make(ref);
}

/** Every type spec used in a module set (declarations and nested submodule options). */
export function typesOf(specs: readonly ModuleSpec[]): TypeSpec[] {
  const out: TypeSpec[] = [];
  const visit = (m: ModuleSpec) => {
    for (const d of m.decls) out.push(d.type);
    m.imports.forEach(visit);
  };
  specs.forEach(visit);
  return out;
}
