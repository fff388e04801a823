import { describe, expect, it } from "vitest";
import { evalModules, explain, formatExplanation, mkForce, mkOption, types } from "nixmod";
import { moduleError } from "../helpers/module-error.ts";
import base from "./fixtures/base.ts";
import decl from "./fixtures/decl.ts";
import extra from "./fixtures/extra.ts";
import force from "./fixtures/force.ts";
import generatedDecl from "./fixtures/generated-decl.ts";
import host from "./fixtures/host.ts";
import twice from "./fixtures/twice.ts";

const result = evalModules({ modules: [decl, base, host, force, extra] });
const name = (file: string) => file.split("/").pop();

describe("explain", () => {
  it("names every definition of a value set with mkDefault, plainly and with mkForce, with lines, and the winner", () => {
    const e = explain(result, "services.web.port");
    expect(e.value).toBe(443);
    expect(e.highestPrio).toBe(50);
    const defs = e.definitions.map((d) => ({
      file: name(d.file),
      line: d.position?.line,
      status: d.status,
      priority: d.priority,
      value: d.value,
    }));
    expect(defs).toEqual([
      { file: "decl.ts", line: undefined, status: "lost", priority: 1500, value: 80 },
      { file: "force.ts", line: 8, status: "won", priority: 50, value: 443 },
      { file: "host.ts", line: 8, status: "lost", priority: 100, value: 8081 },
      { file: "base.ts", line: 8, status: "lost", priority: 1000, value: 8080 },
    ]);
    expect(e.definitions[1]!.position).toEqual({ line: 8, column: 7 });
    expect(e.definitions[2]!.reason).toContain("lost to priority 50 (mkForce)");
  });

  it("gives each list element's origin", () => {
    const e = explain(result, ["services", "web", "hosts"]);
    expect(e.value).toEqual([
      "base.example",
      "extra.example",
      "host.example",
      "www.host.example",
      "last.example",
    ]);
    expect(e.origins!.map((o) => [o.value, name(o.file), o.position?.line])).toEqual([
      ["base.example", "base.ts", 9],
      ["extra.example", "extra.ts", 5],
      ["host.example", "host.ts", 9],
      ["www.host.example", "host.ts", 9],
      ["last.example", "force.ts", 9],
    ]);
  });

  it("marks a definition removed by mkIf and gives each line's origin", () => {
    const e = explain(result, "services.web.banner");
    const removed = e.definitions.find((d) => d.status === "removed")!;
    expect(name(removed.file)).toBe("host.ts");
    expect(removed.reason).toContain("mkIf");
    expect(e.origins!.map((o) => [o.value, name(o.file)])).toEqual([
      ["from force", "force.ts"],
      ["second line", "force.ts"],
      ["from base", "base.ts"],
    ]);
    expect(formatExplanation(e)).toContain("x ");
  });

  it("explains one attribute of an attrsOf option, as its merge sees it", () => {
    const r = evalModules({
      modules: [
        { _file: "decl.ts", options: { limits: mkOption({ type: types.attrsOf(types.int) }) } },
        { _file: "a.ts", limits: { cpu: 1, mem: 2 } },
        { _file: "b.ts", limits: { cpu: mkForce(4) } },
      ],
    });
    const e = explain(r, "limits.cpu");
    expect(e.value).toBe(4);
    expect(e.type.name).toBe("int");
    expect(e.definitions.map((d) => [d.file, d.status, d.value])).toEqual([
      ["b.ts", "won", 4],
      ["a.ts", "lost", 1],
    ]);
  });

  it("rejects a path that is not an option", () => {
    expect(() => explain(result, "services.web.nope")).toThrow(/does not exist/);
    expect(() => explain(result, "services.web")).toThrow(/set of options/);
  });
});

describe("explain given what it cannot explain", () => {
  const thrownBy = (f: () => unknown): string => moduleError(f).message;

  it("a module whose `_file' names a device: positions are read from regular files only", () => {
    const result = evalModules({
      modules: [{ options: { a: mkOption({ type: types.str }) } }, { _file: "/dev/zero", a: "x" }],
    });
    const e = explain(result, "a");
    expect(e.definitions.map((d) => [d.file, d.position])).toEqual([["/dev/zero", undefined]]);
  });

  it("a path below an option whose value is no set, and arguments of the wrong kind", () => {
    const result = evalModules({
      modules: [{ options: { a: mkOption({ type: types.nullOr(types.str), default: null }) } }],
    });
    expect(thrownBy(() => explain(result, "a.b"))).toBe(
      "`a.b' is a value, not an option with sub-options.",
    );
    expect(thrownBy(() => explain(null as never, "a"))).toBe(
      "the evaluation given to explain is null while a set was expected (an evaluation result)",
    );
    expect(thrownBy(() => explain(result, 5 as never))).toBe(
      "the option path given to explain is an integer while a string or a list of strings was expected",
    );
  });
});

describe("explain of an option that fails", () => {
  it("explains conflicting definitions instead of failing with them", () => {
    const evaluation = evalModules({ modules: [decl, ...twice] });
    const e = explain(evaluation, "services.web.port");
    expect(e.error).toMatch(/^The option `services\.web\.port' has conflicting definition values/);
    const defined = e.definitions.filter((d) => !d.isDefault);
    expect(defined.map((d) => [d.value, d.status])).toEqual([
      [8002, "won"],
      [8001, "won"],
    ]);
    // Both are written in one file: which line each came from is unknown, so none is given.
    expect(defined.map((d) => d.position)).toEqual([undefined, undefined]);
    expect(formatExplanation(e)).toContain(
      "  value: none, it fails: The option `services.web.port' has conflicting definition values:",
    );
  });
});

describe("explain of an option that does not exist", () => {
  it("suggests the declared names closest to it, as the evaluation does", () => {
    const evaluation = evalModules({ modules: [decl] });
    expect(moduleError(() => explain(evaluation, "services.web.prot")).message).toBe(
      "The option `services.web.prot' does not exist. Did you mean `services.web.port', `services.web.hosts' or `services.web.banner'?",
    );
  });
});

describe("explain of a name the configuration does not define", () => {
  const evaluation = evalModules({
    modules: [
      {
        options: {
          sites: mkOption({
            type: types.attrsOf(
              types.submodule({ options: { root: mkOption({ type: types.str, default: "/" }) } }),
            ),
            default: {},
          }),
        },
      },
      { sites: { blog: {}, shop: {} } },
    ],
  });

  it("a placeholder copied from the documentation says what it stands for", () => {
    expect(moduleError(() => explain(evaluation, "sites.<name>.root")).message).toBe(
      "`<name>' stands for a name the configuration defines below `sites' (defined: blog, shop).",
    );
  });

  it("a name that is not defined lists the ones that are", () => {
    expect(moduleError(() => explain(evaluation, "sites.wiki.root")).message).toBe(
      "`sites.wiki' is not defined (defined: blog, shop).",
    );
    expect(explain(evaluation, "sites.blog.root").value).toBe("/");
  });
});

describe("explain of a set of options", () => {
  it("lists the options below it", () => {
    const evaluation = evalModules({ modules: [decl] });
    expect(moduleError(() => explain(evaluation, "services.web")).message).toBe(
      "`services.web' is a set of options, not an option; below it: banner, hosts, port.",
    );
  });
});

describe("declaration positions", () => {
  const positions = (r: any, path: string[]) =>
    path
      .reduce((o, k) => o[k], r.options)
      .declarationPositions.map((p: any) => [name(p.file), p.line, p.column]);

  it("are where the declaring file writes the option, mkPackageOption's included", () => {
    const r = evalModules({ modules: [generatedDecl] });
    expect(positions(r, ["a", "port"])).toEqual([["generated-decl.ts", 10, 10]]);
    expect(positions(r, ["tool"])).toEqual([["generated-decl.ts", 12, 5]]);
    expect(positions(result, ["services", "web", "port"])).toEqual([["decl.ts", 9, 9]]);
  });

  it("give the file alone for a name the file does not write out, not another option's line", () => {
    const r = evalModules({ modules: [generatedDecl] });
    expect(positions(r, ["c", "port"])).toEqual([["generated-decl.ts", null, null]]);
  });
});
