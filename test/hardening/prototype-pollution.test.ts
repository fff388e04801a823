/**
 * Names that are special in JavaScript (`__proto__`, `constructor`, `prototype`, `toString`,
 * `hasOwnProperty`) are plain data everywhere a user can choose a name: `attrsOf` keys,
 * freeform keys, option and namespace names, values parsed from JSON (whose `__proto__` is an
 * own property), container and service names, unit keys and environment variables. After
 * evaluating and rendering them, Object.prototype is untouched.
 */
import fc from "fast-check";
import {
  evalModules,
  evaluate,
  mkForce,
  mkIf,
  mkMerge,
  mkOption,
  ModuleError,
  render,
  toJsonSchema,
  types,
  type Module,
} from "nixmod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validate } from "../../lib/validate.ts";
import {
  expectModuleError,
  expectPrototypeUntouched,
  fuzzParams,
  prototypeSnapshot,
} from "./fuzz.ts";

const hostile = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "__defineGetter__",
];

/** An object with the given own enumerable keys (defined, never assigned: `__proto__` stays a key). */
function own(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries)
    Object.defineProperty(out, k, {
      value: v,
      enumerable: true,
      configurable: true,
      writable: true,
    });
  return out;
}

/** Every hostile name mapped to `value(name)`. */
function allHostile(value: (name: string) => unknown): Record<string, unknown> {
  return own(hostile.map((n) => [n, value(n)] as const));
}

/** Fails unless `obj` holds exactly `expected` as own data properties, with the normal prototype. */
function expectPlainData(obj: unknown, expected: Record<string, unknown>): void {
  expect(typeof obj).toBe("object");
  expect(Object.getPrototypeOf(obj)).toBe(Object.prototype);
  const keys = Object.keys(obj as object).sort();
  expect(keys).toEqual(Object.keys(expected).sort());
  for (const k of keys) {
    const desc = Object.getOwnPropertyDescriptor(obj, k)!;
    const value = desc.get ? desc.get.call(obj) : desc.value;
    expect(value).toEqual(expected[k]);
  }
  // JSON sees the same keys (a key that had become the prototype would be missing).
  expect(Object.keys(JSON.parse(JSON.stringify(obj))).sort()).toEqual(Object.keys(expected).sort());
}

let snapshot = "";
beforeAll(() => {
  snapshot = prototypeSnapshot();
});
afterAll(() => {
  expectPrototypeUntouched(snapshot);
});

describe("special names in the module system", () => {
  it("are keys of attrsOf and lazyAttrsOf values, merged per name", () => {
    for (const attrs of [types.attrsOf, types.lazyAttrsOf]) {
      const r = evalModules({
        modules: [
          { options: { a: mkOption({ type: attrs(types.listOf(types.int)) }) } },
          { a: allHostile(() => [1]) },
          { a: allHostile(() => [2]) },
          { a: mkMerge([allHostile(() => mkIf(true, [3])), own([["__proto__", mkForce([9])]])]) },
        ],
      });
      const expected = allHostile(() => [3, 2, 1]);
      expected.__proto__ = undefined;
      Object.defineProperty(expected, "__proto__", { value: [9], enumerable: true });
      expectPlainData(r.config.a, expected);
      expectPrototypeUntouched(snapshot);
    }
  });

  it("are attribute names an mkIf or mkOverride is pushed down onto", () => {
    const r = evalModules({
      modules: [
        { options: { a: mkOption({ type: types.attrsOf(types.int) }) } },
        { freeformType: types.attrsOf(types.anything) },
        {
          a: mkIf(
            true,
            own([
              ["__proto__", 1],
              ["constructor", 2],
            ]),
          ),
        },
        {
          a: mkForce(
            own([
              ["__proto__", 3],
              ["toString", 4],
            ]),
          ),
        },
        mkIf(true, JSON.parse('{"__proto__": {"x": 5}, "b": 6}') as Module),
      ],
    });
    const a = r.config.a as Record<string, unknown>;
    expect(Object.getPrototypeOf(a)).toBe(Object.prototype);
    expect(Object.entries(a)).toEqual([
      ["__proto__", 3],
      ["toString", 4],
    ]);
    const free = r.config as unknown as Record<string, unknown>;
    expect(Object.getOwnPropertyDescriptor(free, "__proto__")?.enumerable).toBe(true);
    expect(free.__proto__).toEqual({ x: 5 });
    expect(free.b).toBe(6);
    expectPrototypeUntouched(snapshot);
  });

  it("are keys of nested attrsOf and of attrsOf submodule, whose `name` is the key", () => {
    const r = evalModules({
      modules: [
        {
          options: {
            nested: mkOption({ type: types.attrsOf(types.attrsOf(types.str)) }),
            subs: mkOption({
              type: types.attrsOf(
                types.submodule(({ name }: { name: string }) => ({
                  options: { n: mkOption({ type: types.str, default: name }) },
                })),
              ),
            }),
          },
        },
        { nested: allHostile((n) => allHostile((m) => `${n}/${m}`)) },
        { subs: allHostile(() => ({})) },
      ],
    });
    expectPlainData(
      r.config.nested,
      allHostile((n) => allHostile((m) => `${n}/${m}`)),
    );
    for (const n of hostile)
      expectPlainData(
        r.config.nested[n],
        allHostile((m) => `${n}/${m}`),
      );
    expectPlainData(
      r.config.subs,
      allHostile((n) => ({ n })),
    );
  });

  it("are names of options and namespaces", () => {
    const r = evalModules({
      modules: [
        { options: allHostile(() => ({ inner: mkOption({ type: types.int, default: 1 }) })) },
        { options: { flat: allHostile(() => mkOption({ type: types.str, default: "d" })) } },
        allHostile(() => ({ inner: 2 })),
      ],
    });
    expectPlainData(r.config, { ...allHostile(() => ({ inner: 2 })), flat: allHostile(() => "d") });
    for (const n of hostile) {
      expect(r.options[n].inner.loc).toEqual([n, "inner"]);
      expect(r.options.flat[n].value).toBe("d");
    }
  });

  it("are freeform keys, at the top and in submodules", () => {
    const r = evalModules({
      modules: [
        { freeformType: types.attrsOf(types.anything) },
        {
          options: {
            sub: mkOption({ type: types.submodule({ freeformType: types.attrsOf(types.int) }) }),
          },
        },
        allHostile((n) => ({ from: n })),
        { sub: allHostile(() => 7) },
      ],
    });
    const { sub, ...top } = r.config as Record<string, unknown>;
    expectPlainData(
      own(Object.entries(top)),
      allHostile((n) => ({ from: n })),
    );
    expectPlainData(
      sub,
      allHostile(() => 7),
    );
  });

  it("stay data when they come from JSON.parse, whose `__proto__` is an own key", () => {
    const text =
      '{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 2}}, "toString": 3}';
    for (const type of [
      types.anything,
      types.attrs,
      types.unspecified,
      types.attrsOf(types.anything),
    ]) {
      const r = evalModules({
        modules: [
          { options: { a: mkOption({ type }) } },
          { a: JSON.parse(text) },
          { a: JSON.parse('{"hasOwnProperty": 4}') },
        ],
      });
      const a = r.config.a as Record<string, unknown>;
      expect(Object.getPrototypeOf(a)).toBe(Object.prototype);
      expect(JSON.parse(JSON.stringify(a))).toEqual(
        JSON.parse(text.replace(/}$/, ', "hasOwnProperty": 4}')),
      );
      expectPrototypeUntouched(snapshot);
    }
    // A whole module parsed from JSON: undeclared names are refused, freeform ones kept as data.
    try {
      evalModules({ modules: [JSON.parse('{"__proto__": {"a": 1}}') as Module] }).config;
      expect.fail("expected a ModuleError");
    } catch (error) {
      expectModuleError(error);
      expect(error.message).toContain("does not exist");
      expect(error.loc).toEqual(["__proto__"]);
    }
    const free = evalModules({
      modules: [{ freeformType: types.attrsOf(types.anything) }, JSON.parse(text) as Module],
    }).config;
    expect(JSON.parse(JSON.stringify(free))).toEqual(JSON.parse(text));
  });

  it("can be specialArgs and _module.args names", () => {
    const r = evalModules({
      specialArgs: JSON.parse('{"__proto__": {"polluted": 1}}'),
      modules: [
        { options: { seen: mkOption({ type: types.anything }) } },
        { _module: { args: own([["constructor", "c"]]) } },
        (args: Record<string, unknown>) => ({
          get seen() {
            return { proto: args.__proto__, ctor: args.constructor };
          },
        }),
      ],
    });
    expect(r.config.seen).toEqual({ proto: { polluted: 1 }, ctor: "c" });
  });

  it("random names and values from JSON round-trip through attrsOf exactly", () => {
    const name = fc.oneof(fc.constantFrom(...hostile), fc.string({ maxLength: 5 }));
    fc.assert(
      fc.property(
        fc.array(fc.dictionary(name, fc.integer(), { maxKeys: 6 }), { minLength: 1, maxLength: 4 }),
        (layers) => {
          // Through JSON text, so `__proto__` arrives as an own key as it would from a file.
          const defs = layers.map(
            (l) =>
              JSON.parse(JSON.stringify(Object.entries(l)).replace(/^\[/, "[")) as [
                string,
                number,
              ][],
          );
          const modules: Module[] = [
            { options: { a: mkOption({ type: types.attrsOf(types.listOf(types.int)) }) } },
            ...defs.map((entries) => ({ a: own(entries.map(([k, v]) => [k, [v]] as const)) })),
          ];
          const out = evalModules({ modules }).config.a as Record<string, number[]>;
          const expected = new Map<string, number[]>();
          for (const entries of [...defs].reverse())
            for (const [k, v] of entries) expected.set(k, [...(expected.get(k) ?? []), v]);
          expectPlainData(out, own([...expected]));
          expectPrototypeUntouched(snapshot);
        },
      ),
      fuzzParams(200, 5000),
    );
  });
});

describe("special names in the built-in system", () => {
  it("are plain container names: services, /etc/hosts and nspawn argv use them as data, or they are refused", () => {
    const names = [...hostile, "__proto__x"];
    const containers = own(
      names.map(
        (n, i) =>
          [
            n,
            {
              path: "/nix/store/00000000000000000000000000000000-system",
              localAddress: `10.0.0.${i + 2}`,
            },
          ] as const,
      ),
    );
    let rendered: ReturnType<typeof render> | undefined;
    let evaluation: ReturnType<typeof evaluate> | undefined;
    try {
      evaluation = evaluate({ systemd: { containers } });
      rendered = render(evaluation);
    } catch (error) {
      // Refusing such names is allowed, with a clear ModuleError.
      expectModuleError(error);
      expect(error.message).toMatch(/container name|is not of type/);
      return;
    }
    const services = evaluation.config.systemd.services as Record<string, unknown>;
    for (const n of names) {
      expect(Object.prototype.hasOwnProperty.call(services, `container-${n}`)).toBe(true);
      expect(Object.prototype.hasOwnProperty.call(rendered.units, `container-${n}.service`)).toBe(
        true,
      );
      expect(rendered.nspawn[n]!.machine).toBe(n);
      expect(rendered.etcHosts).toContain(` ${n}.containers\n`);
    }
    expect(Object.getPrototypeOf(rendered.units)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(rendered.nspawn)).toBe(Object.prototype);
    expectPrototypeUntouched(snapshot);
  });

  it("are plain service names, unit keys and environment variable names", () => {
    const ev = evaluate({
      systemd: {
        services: allHostile((n) => ({
          script: `echo ${n}`,
          environment: allHostile((m) => `${n}:${m}`),
          serviceConfig: allHostile(() => "s"),
          unitConfig: allHostile(() => "u"),
        })),
      },
    });
    const r = render(ev);
    for (const n of hostile) {
      const unit = r.units[`${n}.service`];
      expect(unit).toBeDefined();
      for (const m of hostile) {
        expect(unit).toContain(`\nEnvironment="${m}=${n}:${m}"\n`);
        expect(unit).toContain(`\n${m}=s\n`);
        expect(unit).toContain(`\n${m}=u\n`);
      }
    }
    expect(Object.keys(r.units).sort()).toEqual(hostile.map((n) => `${n}.service`).sort());
    expectPrototypeUntouched(snapshot);
  });

  it("are plain keys when validate() reads JSON and YAML text", () => {
    for (const [text, file] of [
      [
        '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}',
        "c.json",
      ],
      ["__proto__:\n  polluted: true\nconstructor:\n  prototype:\n    polluted: true\n", "c.yaml"],
      [
        '{"systemd": {"containers": {"__proto__": {"path": "/nix/store/00000000000000000000000000000000-s"}}}}',
        "d.json",
      ],
    ] as const) {
      const result = validate(text, { file });
      expect(Object.getPrototypeOf(result.config)).toBe(Object.prototype);
      for (const e of result.errors) expect(typeof e.message).toBe("string");
      expectPrototypeUntouched(snapshot);
    }
    // With a `$schema` key the config is copied without it: `__proto__` must stay a key.
    const copied = validate('{"$schema": "x", "__proto__": {"polluted": true}}', {
      file: "e.json",
    });
    expect(Object.getPrototypeOf(copied.config)).toBe(Object.prototype);
    expect(Object.keys(copied.config as object)).toEqual(["__proto__"]);
    expect((copied.config as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("are plain option names in the JSON Schema of an option tree", () => {
    const options = evalModules({
      modules: [{ options: allHostile(() => mkOption({ type: types.int, default: 1 })) }],
    }).options;
    const schema = toJsonSchema(options) as { properties: Record<string, unknown> };
    expect(Object.getPrototypeOf(schema.properties)).toBe(Object.prototype);
    for (const n of hostile)
      expect(Object.prototype.hasOwnProperty.call(schema.properties, n)).toBe(true);
    expectPrototypeUntouched(snapshot);
  });
});

describe("a ModuleError itself", () => {
  it("is an Error with the normal prototype chain", () => {
    const e = new ModuleError("m", { code: "invalid" });
    expect(Object.getPrototypeOf(Object.getPrototypeOf(e))).toBe(Error.prototype);
  });
});
