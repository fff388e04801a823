/**
 * What render() does with values it cannot write: every failure is a ModuleError, with the
 * option's path where one is known, never a raw RangeError or TypeError.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evaluate, render, writeTree, type Module, type ModuleError } from "../../lib/index.ts";
import { moduleError } from "../helpers/module-error.ts";

/** The ModuleError that rendering `service` (as `systemd.services.s`) throws. */
function renderError(service: Record<string, unknown>): ModuleError {
  return moduleError(() => render(evaluate({ systemd: { services: { s: service } } } as Module)));
}

describe("render() refuses with a ModuleError", () => {
  it("values that exhaust the stack: a list containing itself, 20,000 nested lists, endless __toString or outPath", () => {
    const cyclic: unknown[] = ["x"];
    cyclic.push(cyclic);
    const deep = JSON.parse("[".repeat(20000) + '"x"' + "]".repeat(20000)) as unknown[];
    const selfString = { __toString: (self: unknown) => self };
    const selfPath: Record<string, unknown> = {};
    selfPath.outPath = selfPath;
    for (const [service, loc] of [
      [{ serviceConfig: { ExecStartPre: cyclic } }, ["serviceConfig", "ExecStartPre"]],
      [{ serviceConfig: { ExecStartPre: deep } }, ["serviceConfig", "ExecStartPre"]],
      [{ serviceConfig: { User: selfString } }, ["serviceConfig", "User"]],
      [{ restartTriggers: [selfPath] }, ["restartTriggers"]],
      [{ restartTriggers: cyclic }, undefined],
    ] as const) {
      const error = renderError({ script: "true", ...service });
      expect(error.code).toBe("stack");
      expect(error.message).toMatch(/^stack exhausted/);
      if (loc !== undefined) expect(error.loc).toEqual(["systemd", "services", "s", ...loc]);
    }
  });

  it("trigger files that would hold a NUL byte or an unpaired surrogate, as units and scripts do", () => {
    for (const [option, text, what] of [
      ["restartTriggers", "a\0b", "a NUL byte"],
      ["reloadTriggers", "c\uD800", "an unpaired UTF-16 surrogate"],
    ] as const) {
      const error = renderError({ script: "true", [option]: [text] });
      expect(error.code).toBe("invalid");
      expect(error.loc).toEqual(["systemd", "services", "s", option]);
      expect(error.message).toContain(`contains ${what}`);
    }
  });

  it("an error thrown by a value's own code, kept as the cause", () => {
    const trap = new TypeError("the trap fails");
    const environment = new Proxy(
      {},
      {
        ownKeys() {
          throw trap;
        },
      },
    );
    const error = renderError({ script: "true", environment });
    expect(error.cause).toBe(trap);
    expect(error.message).toContain("the trap fails");
  });

  it("something that is not an evaluation", () => {
    expect(moduleError(() => render(null as never)).message).toBe(
      "render() takes the result of evaluate(), not null",
    );
    expect(moduleError(() => render({} as never)).message).toBe(
      "render() takes the result of evaluate(), not an object without `config'",
    );
  });
});

describe("writeTree", () => {
  const rendered = () =>
    render(evaluate({ systemd: { services: { hello: { script: "echo hi" } } } }));

  it("replaces a tree it wrote, fills an empty or missing directory, and refuses anything else", () => {
    const scratch = mkdtempSync(join(tmpdir(), "nixmod-tree-"));
    try {
      const out = join(scratch, "out");
      const first = writeTree(rendered(), out);
      expect(writeTree(rendered(), out)).toEqual(first);
      mkdirSync(join(scratch, "empty"));
      expect(writeTree(rendered(), join(scratch, "empty"))).toEqual(first);
      const file = join(scratch, "config.json");
      writeFileSync(file, "{}");
      const mine = join(scratch, "mine");
      mkdirSync(join(mine, "etc"), { recursive: true });
      writeFileSync(join(mine, "etc", "passwd"), "root");
      const theirs = (path: string) =>
        `it holds \`${path}', which is no part of a tree nixmod writes (only etc and nix/store, with etc's files linked in etc/static)`;
      for (const [dir, why] of [
        [scratch, theirs("config.json")],
        [file, "it is not a directory"],
        [mine, theirs("etc/passwd")],
      ] as const) {
        const error = moduleError(() => writeTree(rendered(), dir));
        expect(error.message).toBe(
          `refusing to write the tree to \`${dir}': ${why}; remove it or choose another directory`,
        );
      }
      expect(readFileSync(file, "utf8")).toBe("{}");
      const below = join(file, "tree");
      const failed = moduleError(() => writeTree(rendered(), below)).message;
      expect(failed.startsWith(`cannot write the tree to \`${below}': ENOTDIR`)).toBe(true);
      // "" names no directory, though writing to it would land in the working directory.
      expect(moduleError(() => writeTree(rendered(), "")).message).toBe(
        "writeTree needs a directory name",
      );
      // A parent that exists but takes no children: node's own recursive mkdir never returned.
      if (existsSync("/proc/self")) {
        const proc = moduleError(() => writeTree(rendered(), "/proc/self/nixmod/tree")).message;
        expect(proc).toMatch(/^cannot write the tree to `\/proc\/self\/nixmod\/tree': ENOENT/);
      }
      expect(readFileSync(join(mine, "etc", "passwd"), "utf8")).toBe("root");
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});

describe("names and paths that could not stay one word or one file", () => {
  it("a service whose unit cannot be one file of the unit directory", () => {
    for (const [name, problem] of [
      ["a\nb", "contains a control character"],
      ["sub/dir", "contains `/'"],
      ["", "is empty"],
      ["x".repeat(250), "makes the unit file name longer than 255 bytes"],
      // NixOS's builder fails on these (`b.service: command not found`, `unexpected EOF`, …),
      // for masked units too, or writes another file (`x$y` as `x.service`).
      ["a b", "contains ` ', which NixOS's unit builder reads as shell syntax"],
      ["it's", "contains `'', which NixOS's unit builder reads as shell syntax"],
      ["x$y", "contains `$'"],
      ["a(b)", "contains `('"],
      ["a;b", "contains `;'"],
      // NixOS's generateUnits expands these in its unquoted paths (`mkdir: missing operand`,
      // or a masked one links nothing), and its `*' skips a hidden file (`basename: missing operand`).
      ["a*b", "contains `*', a pattern NixOS's generateUnits expands"],
      ["a?b", "contains `?', a pattern"],
      ["a[b]", "contains `[b]', a pattern"],
      [".a", "starts with `.', which the `*' of NixOS's generateUnits skips"],
    ] as const) {
      const error = moduleError(() =>
        render(
          evaluate({
            systemd: { services: { [name]: { serviceConfig: { ExecStart: "/bin/true" } } } },
          }),
        ),
      );
      expect(error.loc).toEqual(["systemd", "services", name]);
      expect(error.message).toContain(problem);
      expect(error.message).toContain(", so its unit cannot be a file");
    }
    const masked = (name: string) => () =>
      render(evaluate({ systemd: { services: { [name]: { enable: false } } } }));
    expect(moduleError(masked("a|b")).message).toContain("contains `|'");
    const target = moduleError(() => render(evaluate({ systemd: { targets: { "a&b": {} } } })));
    expect(target.loc).toEqual(["systemd", "targets", "a&b"]);
    // What bash takes as it is in an assignment stays a name, as in NixOS.
    const fine = ["a[b", "a#b", "a{b}", "a=b", "with%pct", "ü", "back\\slash", "a$", "$", "a$.b"];
    const services = Object.fromEntries(fine.map((name) => [name, { script: "true" }]));
    expect(Object.keys(render(evaluate({ systemd: { services } })).units)).toHaveLength(
      fine.length,
    );
  });

  it("a unit whose name starts with `-' and that has aliases, which generateUnits' ln reads as options", () => {
    const aliased = (aliases: string[]) =>
      render(
        evaluate({
          systemd: { services: { "-a": { aliases, serviceConfig: { ExecStart: "/bin/x" } } } },
        }),
      );
    const error = moduleError(() => aliased(["b.service"]));
    expect(error.loc).toEqual(["systemd", "services", "-a", "aliases"]);
    expect(error.message).toBe(
      "The unit \"-a.service\" (`systemd.services.\"-a\"') has aliases, which NixOS's generateUnits links with `ln -sfn '-a.service' …', reading a name that starts with `-' as options: its build fails; nixmod rejects it.",
    );
    expect(Object.keys(aliased([]).units)).toEqual(["-a.service"]);
    const target = moduleError(() =>
      render(evaluate({ systemd: { targets: { "-t": { aliases: ["u.target"] } } } })),
    );
    expect(target.loc).toEqual(["systemd", "targets", "-t", "aliases"]);
  });

  it("a package override whose path a script or unit could not carry unquoted", () => {
    const service = { systemd: { services: { s: { script: "true" } } } };
    for (const [pkgs, text] of [
      [{ bash: "/x\nrm -rf /" }, 'the package override `bash\' has the path "/x\\nrm -rf /"'],
      [{ bash: "/nix/store/a-bash 2" }, "the package override `bash' has the path"],
      [
        { bash: 5 },
        "the package override `bash' is an integer while a package or a store path was expected",
      ],
    ] as const) {
      expect(moduleError(() => render(evaluate(service, { pkgs }))).message).toContain(text);
    }
    const fine = render(evaluate(service, { pkgs: { bash: "/nix/store/a-bash-5" } }));
    expect(Object.values(fine.scripts)[0]!.startsWith("#!/nix/store/a-bash-5/bin/bash\n")).toBe(
      true,
    );
  });
});
