import { describe, expect, it } from "vitest";
import { evalModules, mkIf, mkOption, types } from "nixmod";
import { moduleError as thrown } from "../helpers/module-error.ts";

function chain(n: number) {
  const options: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) options[`o${i}`] = mkOption({ type: types.int });
  const defs = ({ config }: { config: Record<string, number> }) => {
    const d: Record<string, unknown> = { o0: 0 };
    for (let i = 1; i < n; i++) {
      Object.defineProperty(d, `o${i}`, { get: () => config[`o${i - 1}`]! + 1, enumerable: true });
    }
    return d;
  };
  return evalModules({ modules: [{ options }, defs] });
}

describe("laziness", () => {
  it("evaluates a chain of 250 options, each defined from the previous one", () => {
    expect(chain(250).config.o249).toBe(249);
  });

  it("turns stack exhaustion on a very deep chain into a ModuleError saying so", () => {
    const error = thrown(() => chain(20000).config.o19999);
    expect(error.message).toContain("stack exhausted");
    expect(error.code).toBe("stack");
  });

  it("names the option path of a real cycle", () => {
    const error = thrown(
      () =>
        evalModules({
          modules: [
            { options: { a: mkOption({ type: types.int }), b: mkOption({ type: types.int }) } },
            ({ config }: { config: { a: number; b: number } }) => ({
              get a() {
                return config.b;
              },
              get b() {
                return config.a;
              },
            }),
          ],
        }).config.a,
    );
    expect(error.message).toContain("infinite recursion");
    expect(error.loc).toEqual(["a"]);
  });

  it("reports a throwing getter as a ModuleError naming the option, with the original as cause", () => {
    const original = new Error("boom");
    const error = thrown(
      () =>
        evalModules({
          modules: [
            { options: { a: mkOption({ type: types.int }) } },
            {
              get a(): number {
                throw original;
              },
            },
          ],
        }).config.a,
    );
    expect(error.loc).toEqual(["a"]);
    expect(error.message).toContain("boom");
    expect(error.cause).toBe(original);
  });

  it("reading config in a module body is infinite recursion, as in Nix", () => {
    const error = thrown(() =>
      evalModules({
        modules: [
          { options: { a: mkOption({ type: types.int, default: 1 }) } },
          ({ config }: { config: { a: number } }) => ({ imports: config.a > 0 ? [] : [] }),
        ],
      }),
    );
    expect(error.message).toContain("infinite recursion");
  });

  // Checked with Nix: `config = if config.a then { b = 1; } else { };` is infinite recursion.
  it.each(["a", "b"])(
    "a definition whose shape reads an option it defines is infinite recursion, as in Nix (reading %s)",
    (first) => {
      const ev = evalModules({
        modules: [
          ({ config }: { config: { a: boolean } }) => ({
            options: {
              a: mkOption({ type: types.bool, default: false }),
              b: mkOption({ type: types.int, default: 0 }),
            },
            get config() {
              return config.a ? { b: 1 } : {};
            },
          }),
          { a: true },
        ],
      });
      const error = thrown(() => (ev.config as Record<string, unknown>)[first]);
      expect(error.message).toContain("infinite recursion");
      expect(error.code).toBe("recursion");
    },
  );

  it("leaves definition objects as they were: same keys, same JSON", () => {
    const definition = {
      get a() {
        return 1;
      },
      b: mkIf(() => true, 2),
    };
    const before = [Object.keys(definition), JSON.stringify(definition)];
    const ev = evalModules({
      modules: [
        {
          options: {
            a: mkOption({ type: types.int }),
            b: mkOption({ type: types.int }),
          },
        },
        definition,
      ],
    });
    expect(ev.config).toEqual({ a: 1, b: 2 });
    expect([Object.keys(definition), JSON.stringify(definition)]).toEqual(before);
  });

  it("calls a getter and an mkIf condition at most once", () => {
    let getterCalls = 0;
    let conditionCalls = 0;
    const result = evalModules({
      modules: [
        {
          options: {
            a: mkOption({ type: types.int }),
            b: mkOption({ type: types.int }),
            c: mkOption({ type: types.int, default: 0 }),
          },
        },
        {
          get a() {
            getterCalls++;
            return 1;
          },
        },
        {
          config: mkIf(
            () => {
              conditionCalls++;
              return true;
            },
            { b: 2, c: 3 },
          ),
        },
      ],
    });
    expect(JSON.parse(JSON.stringify(result.config))).toEqual({ a: 1, b: 2, c: 3 });
    expect(result.config.a).toBe(1);
    expect(getterCalls).toBe(1);
    expect(conditionCalls).toBe(1);
  });

  it("module arguments from _module.args can be read in a module's body", () => {
    const result = evalModules({
      modules: [
        { options: { url: mkOption({ type: types.str }) } },
        ({ site }: { site: { domain: string } }) => ({ url: `https://${site.domain}/` }),
        { _module: { args: { site: { domain: "example.org" } } } },
      ],
    });
    expect(result.config.url).toBe("https://example.org/");
  });
});

describe("module arguments read in a module's body", () => {
  const url = { options: { url: mkOption({ type: types.str }) } };

  it("is infinite recursion when only the reading module defines the argument", () => {
    const error = thrown(
      () =>
        evalModules({
          modules: [
            url,
            ({ site }: { site: { domain: string } }) => ({
              _module: { args: { site: { domain: "a" } } },
              url: site.domain,
            }),
          ],
        }).config.url,
    );
    expect(error.message).toContain("infinite recursion");
    expect(error.loc).toEqual(["_module", "args", "site"]);
  });

  it("reports a later module that changes an argument already read", () => {
    const error = thrown(
      () =>
        evalModules({
          modules: [
            url,
            { _module: { args: { site: { domain: "a" } } } },
            ({ site }: { site: { domain: string } }) => ({
              url: site.domain,
              imports: [{ _module: { args: { site: { domain: "b" } } } }],
            }),
          ],
        }).config.url,
    );
    expect(error.loc).toEqual(["_module", "args", "site"]);
  });
});
