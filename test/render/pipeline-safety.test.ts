/**
 * RENDERING.md's safety rule through the whole pipeline (`render(evaluate(...))`), proved by
 * reading the units back: a newline, carriage return or NUL in a value NixOS writes raw into a
 * unit line is a ModuleError naming the option, never a unit with injected keys; `%` stays a
 * systemd specifier; values NixOS JSON-quotes (`Environment=`) keep NixOS's bytes.
 */

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluate, render, type Module } from "../../lib/index.ts";
import { moduleError } from "../helpers/module-error.ts";

type Sections = Record<string, [string, string][]>;

/**
 * Reads a unit file back as systemd would split it: lines end at `\n` (systemd also ends them at
 * `\r` and NUL, so the text must not contain those), sections are `[Name]`, every other line is
 * `Key=value` with a key systemd accepts. Anything else is an error, not a silent skip.
 */
function parseBack(text: string): Sections {
  expect(text).not.toMatch(/[\r\0]/);
  const sections: Sections = {};
  let current: [string, string][] | undefined;
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const header = /^\[([A-Za-z-]+)\]$/.exec(line);
    if (header) {
      sections[header[1]!] = current = [];
      continue;
    }
    const m = /^([A-Za-z0-9_-]+)=(.*)$/.exec(line);
    if (m === null || current === undefined)
      throw new Error(`not a key line: ${JSON.stringify(line)}`);
    current.push([m[1]!, m[2]!]);
  }
  return sections;
}

const keys = (s: Sections, section: string) => (s[section] ?? []).map(([k]) => k);
const values = (s: Sections, section: string, key: string) =>
  (s[section] ?? []).filter(([k]) => k === key).map(([, v]) => v);

function renderUnit(module: Module, unit = "web.service"): string {
  const text = render(evaluate(module)).units[unit];
  if (text === undefined) throw new Error(`no ${unit}`);
  return text;
}

const web = (service: Record<string, unknown>): Module => ({
  systemd: { services: { web: { script: "exec sleep infinity", ...service } } },
});

describe("a line break in a raw unit value is a ModuleError naming the option", () => {
  it.each([
    [
      "a newline in serviceConfig.ExecStart",
      { serviceConfig: { ExecStart: "/bin/echo hi\nExecStartPre=/bin/evil" }, script: "" },
      "systemd.services.web.serviceConfig.ExecStart",
    ],
    [
      "a newline in one element of a serviceConfig list",
      { serviceConfig: { ExecStartPre: ["/bin/a", "/bin/b\nUser=root"] } },
      "systemd.services.web.serviceConfig.ExecStartPre",
    ],
    [
      "a carriage return in serviceConfig.User",
      { serviceConfig: { User: "nobody\rUser=root" } },
      "systemd.services.web.serviceConfig.User",
    ],
    [
      "a NUL in unitConfig.ConditionPathExists",
      { unitConfig: { ConditionPathExists: "/a\0b" } },
      "systemd.services.web.unitConfig.ConditionPathExists",
    ],
    [
      "a newline in a serviceConfig key",
      { serviceConfig: { "User=root\nGroup": "x" } },
      'systemd.services.web.serviceConfig."User=root\\nGroup"',
    ],
    ["a newline in scriptArgs", { scriptArgs: "a\nUser=root" }, "systemd.services.web.scriptArgs"],
    [
      "a newline in documentation",
      { documentation: ["man:a\nUser=root"] },
      "systemd.services.web.documentation",
    ],
    [
      "a newline in description (refused by its single-line type)",
      { description: "Web\n[Service]\nUser=root" },
      "systemd.services.web.description",
    ],
    [
      "a newline in an after entry (refused by the unit-name type)",
      { after: ["a.service\nUser=root"] },
      "systemd.services.web.after",
    ],
  ])("%s", (_what, service, option) => {
    const error = moduleError(() => render(evaluate(web(service))));
    expect(error.message).toContain(`\`${option}`);
    expect(error.loc?.join(".")).toContain(option.split(".").slice(0, 4).join("."));
  });

  it("names an option when a container's path carries the newline", () => {
    const error = moduleError(() =>
      render(
        evaluate({ systemd: { containers: { web: { path: "/nix/x\nExecStartPre=/evil" } } } }),
      ),
    );
    // Either the container's own option (checked by the container module) or the generated
    // service option the path is written into: both are named, neither yields a unit.
    expect(error.message).toMatch(
      /`(systemd\.containers\.web\.path|systemd\.services\.container-web\.[\w.]+)'/,
    );
  });

  it("rejects every raw value with a line break, whatever else it holds (property)", () => {
    const lineBreak = fc.constantFrom("\n", "\r", "\0");
    const text = fc.string({ maxLength: 12 });
    fc.assert(
      fc.property(text, lineBreak, text, (before, brk, after) => {
        const value = `/bin/echo ${before}${brk}${after}`;
        const error = moduleError(() =>
          render(evaluate(web({ serviceConfig: { ExecStartPost: value } }))),
        );
        expect(error.loc).toEqual(["systemd", "services", "web", "serviceConfig", "ExecStartPost"]);
      }),
      { numRuns: 40 },
    );
  });
});

describe("values without line breaks parse back unchanged", () => {
  it("keeps % specifiers as they are (a literal percent is %%)", () => {
    const unit = parseBack(
      renderUnit(
        web({
          description: "Echo %I at 100%%",
          scriptArgs: "%i --greeting '50%% off'",
          serviceConfig: { ExecStartPre: "/bin/echo %n %%", Environment: ["X=%h"] },
          environment: { GREETING: "50% $off" },
        }),
      ),
    );
    expect(values(unit, "Unit", "Description")).toEqual(["Echo %I at 100%%"]);
    expect(values(unit, "Service", "ExecStartPre")).toEqual(["/bin/echo %n %%"]);
    expect(values(unit, "Service", "ExecStart")[0]).toMatch(/ %i --greeting '50%% off'$/);
    expect(values(unit, "Service", "Environment")).toContain("X=%h");
    expect(values(unit, "Service", "Environment")).toContain('"GREETING=50% $off"');
  });

  it("JSON-quotes Environment values, control characters included, on one line", () => {
    const unit = parseBack(renderUnit(web({ environment: { MOTD: "line one\nline two\r\tend" } })));
    expect(values(unit, "Service", "Environment")).toContain('"MOTD=line one\\nline two\\r\\tend"');
    expect(keys(unit, "Service").sort()).toEqual(["Environment", "Environment", "ExecStart"]);
  });

  it("gives back exactly the keys and values written, for any single-line value (property)", () => {
    const single = fc
      .string({ maxLength: 24 })
      .filter((s) => !/[\n\r\0]/.test(s) && !/\\$/.test(s));
    fc.assert(
      fc.property(single, single, (user, exec) => {
        const unit = parseBack(
          renderUnit(web({ script: "", serviceConfig: { User: user, ExecStart: exec } })),
        );
        expect(keys(unit, "Service").sort()).toEqual(["Environment", "ExecStart", "User"]);
        expect(values(unit, "Service", "User")).toEqual([user]);
        expect(values(unit, "Service", "ExecStart")).toEqual([exec]);
      }),
      { numRuns: 40 },
    );
  });

  // Beyond RENDERING.md's rule (NixOS writes it as is): systemd joins a line that ends in an odd
  // number of backslashes with the next one, so `ExecStart = "/bin/true \\"` would swallow the
  // following key (e.g. `User=`).
  it("a raw value ending in a backslash is a ModuleError (it would swallow the next key)", () => {
    const error = moduleError(() =>
      renderUnit(web({ script: "", serviceConfig: { ExecStart: "/bin/true \\", User: "nobody" } })),
    );
    expect(error.loc).toEqual(["systemd", "services", "web", "serviceConfig", "ExecStart"]);
    const even = parseBack(
      renderUnit(
        web({ script: "", serviceConfig: { ExecStart: "/bin/echo \\\\", User: "nobody" } }),
      ),
    );
    expect(values(even, "Service", "User")).toEqual(["nobody"]);
  });
});
