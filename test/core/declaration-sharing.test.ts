import { describe, expect, it } from "vitest";
import { evalModules, mkOption, types } from "nixmod";
import { moduleError } from "../helpers/module-error.ts";

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

  it("shares the grouping of nested namespaces, and gives each value its own definitions there", () => {
    const nested = {
      options: {
        a: { b: { port: mkOption({ type: types.port, default: 1 }) }, c: mkOption({ default: 2 }) },
      },
    };
    const values = evalModules({
      modules: [
        { options: { sites: mkOption({ type: types.attrsOf(types.submodule(nested)) }) } },
        { sites: { x: { a: { b: { port: 10 } } }, y: { a: { c: 3 } }, z: {} } },
      ],
    }).config.sites as Record<string, unknown>;
    expect(values).toEqual({
      x: { a: { b: { port: 10 }, c: 2 } },
      y: { a: { b: { port: 1 }, c: 3 } },
      z: { a: { b: { port: 1 }, c: 2 } },
    });
    const error = moduleError(() =>
      JSON.stringify(
        evalModules({
          modules: [
            { options: { sites: mkOption({ type: types.attrsOf(types.submodule(nested)) }) } },
            { _file: "typo.nix", sites: { w: { a: { b: { prot: 1 } } } } },
          ],
        }).config,
      ),
    );
    expect(error.message).toContain("The option `sites.w.a.b.prot' does not exist.");
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

  it("merges an option two shared objects declare once, and one beside a fresh object anew each time", () => {
    const submoduleOption = (name: string) =>
      mkOption({
        type: types.submodule({ options: { [name]: mkOption({ type: types.int, default: 1 }) } }),
      });
    const left = submoduleOption("x");
    const right = submoduleOption("y");
    const evaluate = (other: unknown) =>
      evalModules({ modules: [{ options: { s: left } }, { options: { s: other } }] });
    const first = evaluate(right);
    const second = evaluate(right);
    expect(second.options.s.type).toBe(first.options.s.type);
    expect(second.config.s).toEqual({ x: 1, y: 1 });
    // More partners than one option object keeps merges for: each evaluation still merges its own.
    for (let i = 0; i < 20; i++) {
      const fresh = evaluate(submoduleOption(`z${i}`));
      expect(fresh.config.s).toEqual({ x: 1, [`z${i}`]: 1 });
      expect(fresh.options.s.type).not.toBe(first.options.s.type);
    }
    expect(evaluate(right).config.s).toEqual({ x: 1, y: 1 });
  });

  it("keeps the merge of one option object for each file that declares it, however many", () => {
    const shared = mkOption({
      type: types.submodule({ options: { x: mkOption({ type: types.int, default: 1 }) } }),
    });
    const files = Array.from({ length: 20 }, (_, i) => `/declares/${i}.nix`);
    const typeFrom = (file: string) =>
      evalModules({ modules: [{ _file: file, options: { s: shared } }] }).options.s.type;
    const first = files.map(typeFrom);
    // Each file's declaration is its own merge (its sub-modules carry the file) ...
    expect(new Set(first).size).toBe(files.length);
    // ... and is still the one kept after the other files', in a later evaluation.
    files.forEach((file, i) => expect(typeFrom(file)).toBe(first[i]));
  });
});

// A module function that declares options from its arguments gives a new object at each level it
// declares at, beside modules whose objects are shared (today's container module does, in every
// container system): the level is made from what the shared objects declare, plus its own.
describe("a level whose one new declaring object is made per evaluation", () => {
  const shared = {
    _file: "shared.nix",
    options: {
      services: { web: mkOption({ type: types.str, default: "shared" }) },
      port: mkOption({ type: types.port, default: 1 }),
    },
  };
  const later = {
    _file: "later.nix",
    options: { services: { db: mkOption({ type: types.str, default: "later" }) } },
  };
  const perEvaluation = ({ tag }: { tag: string }) => ({
    _file: `own-${tag}.nix`,
    options: {
      services: { own: mkOption({ type: types.str, default: tag }) },
      [`only-${tag}`]: mkOption({ type: types.str, default: tag }),
      tag: mkOption({ type: types.enum([tag]), default: tag }),
    },
  });
  const run = (tag: string, modules: unknown[] = [shared, perEvaluation, later]) =>
    evalModules({ modules: modules as never[], specialArgs: { tag } });

  it("gives each evaluation its own declarations at the names it declares, and the shared ones elsewhere", () => {
    const results = ["a", "b", "c"].map((tag) => run(tag));
    results.forEach((result, i) => {
      const tag = ["a", "b", "c"][i]!;
      expect(result.config.services).toEqual({ db: "later", own: tag, web: "shared" });
      expect(result.config.tag).toBe(tag);
      expect(result.config[`only-${tag}`]).toBe(tag);
      expect(result.options.tag.type.description).toBe(`value "${tag}" (singular enum)`);
      expect(result.options.tag.files).toEqual([`own-${tag}.nix`]);
    });
    expect(Object.keys(results[2]!.config)).toEqual(["only-c", "port", "services", "tag"]);
    expect(results[1]!.options.port.declarations).toBe(results[0]!.options.port.declarations);
    expect(results[1]!.options.services.web.type).toBe(results[0]!.options.services.web.type);
  });

  it("makes a level with several new objects, wherever they are, from what the others declare", () => {
    const first = ({ tag }: { tag: string }) => ({
      _file: `first-${tag}.nix`,
      options: { services: { own: mkOption({ type: types.str, default: tag }) } },
    });
    const second = ({ tag }: { tag: string }) => ({
      _file: `second-${tag}.nix`,
      options: {
        services: { x: mkOption({ type: types.int, default: tag.length }) },
        port: mkOption({ type: types.port, example: tag.length }),
      },
    });
    for (const tag of ["a", "bb", "ccc", "dddd"]) {
      const result = run(tag, [first, shared, second, later]);
      expect(result.config.services).toEqual({
        db: "later",
        own: tag,
        web: "shared",
        x: tag.length,
      });
      expect(result.options.services.own.files).toEqual([`first-${tag}.nix`]);
      expect(result.options.port.declarations).toEqual([`second-${tag}.nix`, "shared.nix"]);
      expect(result.options.port.example).toBe(tag.length);
      expect(result.config.port).toBe(1);
    }
  });

  it("makes each level right whatever the new object declares, past the templates it keeps", () => {
    // More shapes of the new object than a list keeps templates for, then the first again.
    const tags = [...Array.from({ length: 20 }, (_, i) => `t${i}`), "t0", "t1"];
    for (const tag of tags) {
      const result = run(tag);
      expect(result.config[`only-${tag}`]).toBe(tag);
      expect(result.config.services.own).toBe(tag);
      expect(Object.keys(result.config)).toEqual([`only-${tag}`, "port", "services", "tag"]);
    }
  });

  it("reads the declarations a getter gives once, beside a module declaring per evaluation", () => {
    let reads = 0;
    const lazy = {
      _file: "lazy.nix",
      options: {
        services: {
          get late() {
            reads++;
            return mkOption({ type: types.str, default: "late" });
          },
        },
      },
    };
    for (const tag of ["a", "b", "c"]) {
      const result = run(tag, [shared, perEvaluation, lazy]);
      expect(result.config.services).toEqual({ late: "late", own: tag, web: "shared" });
    }
    expect(reads).toBe(1);
  });

  it("refuses a definition of a name only an earlier evaluation declared", () => {
    run("a");
    const error = moduleError(() =>
      JSON.stringify(
        evalModules({
          modules: [shared, perEvaluation, later, { _file: "def.nix", config: { "only-a": "x" } }],
          specialArgs: { tag: "b" },
        }).config,
      ),
    );
    expect(error.message).toContain("The option `only-a' does not exist.");
  });

  it("keeps the order of the declarations around the new object, wherever it is", () => {
    const both = {
      _file: "both.nix",
      options: { services: { own: mkOption({ type: types.str, default: "both" }) } },
    };
    const conflict = (tag: string, modules: unknown[]) =>
      moduleError(() => run(tag, modules).config.services.own).message;
    for (const tag of ["a", "b"]) {
      expect(conflict(tag, [both, perEvaluation, later])).toContain(
        `The option \`services.own' in \`both.nix' is already declared in \`own-${tag}.nix'.`,
      );
      expect(conflict(tag, [perEvaluation, both])).toContain(
        `The option \`services.own' in \`own-${tag}.nix' is already declared in \`both.nix'.`,
      );
    }
  });

  it("reports a wrong declaration of each evaluation with its own file", () => {
    const broken = ({ tag }: { tag: string }) => ({
      _file: `broken-${tag}.nix`,
      options: { port: tag === "bad" ? types.str : mkOption({ type: types.port, default: 2 }) },
    });
    for (const tag of ["fine", "bad", "fine"]) {
      const error = moduleError(() => run(tag, [shared, broken]).config.port);
      expect(error.message).toContain(`broken-${tag}.nix`);
      expect(error.message).toMatch(
        tag === "bad" ? /expected an option declaration/ : /is already declared/,
      );
    }
  });
});
