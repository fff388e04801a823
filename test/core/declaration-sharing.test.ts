import { describe, expect, it } from "vitest";
import { evalModules, mkOption, types } from "nixmod";

// Each attribute of an `attrsOf (submodule ...)` is its own evaluation; declarations that are the
// same objects must be grouped and merged once for all of them, or every value pays for it again.
describe("declarations shared between submodule values", () => {
  const declarations = {
    port: mkOption({ type: types.port, default: 80 }),
    tags: mkOption({ type: types.listOf(types.str), default: [] }),
  };

  function declarationsOf(modules: unknown[]) {
    const seen: Record<string, any> = {};
    const capture = ({ name, options }: { name: string; options: any }) => {
      seen[name] = options;
      return { options: declarations };
    };
    const result = evalModules({
      modules: [
        { options: { sites: mkOption({ type: types.attrsOf(types.submodule(capture)) }) } },
        ...(modules as never[]),
      ],
    });
    JSON.stringify(result.config);
    return seen;
  }

  it("merges a declaration once, however many values use it, with definition-only modules beside it", () => {
    const seen = declarationsOf([
      { sites: { a: { port: 1 }, b: { tags: ["x"] } } },
      { sites: { a: { tags: ["y"] } } },
    ]);
    expect(seen.a.port.declarations).toBe(seen.b.port.declarations);
    expect(seen.a.tags.declarations).toBe(seen.b.tags.declarations);
    expect(seen.a.port.value).toBe(1);
    expect(seen.b.port.value).toBe(80);
    expect(seen.a.tags.value).toEqual(["y"]);
  });

  it("still gives each value its own definitions and paths", () => {
    const seen = declarationsOf([{ sites: { a: { port: 1 }, b: { port: 2 } } }]);
    expect(seen.a.port.loc).toEqual(["sites", "a", "port"]);
    expect(seen.b.port.loc).toEqual(["sites", "b", "port"]);
    expect(seen.b.port.value).toBe(2);
  });

  it("merges an option object a module function returns in every evaluation once, beside fresh ones", () => {
    const shared = mkOption({
      type: types.submodule({ options: { x: mkOption({ type: types.int, default: 1 }) } }),
    });
    const module = ({ name }: { name: string }) => ({
      options: { shared, own: mkOption({ type: types.str, default: name }) },
    });
    const first = evalModules({ modules: [module], specialArgs: { name: "a" } });
    const second = evalModules({ modules: [module], specialArgs: { name: "b" } });
    expect(second.options.shared.type).toBe(first.options.shared.type);
    expect(second.options.own.declarations).not.toBe(first.options.own.declarations);
    expect([first.config.own, second.config.own]).toEqual(["a", "b"]);
    expect(second.config.shared).toEqual({ x: 1 });
  });
});
