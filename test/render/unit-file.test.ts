/** Unit text details beyond the vectors: the safety rule, merging generated and user keys, laziness. */

import { describe, expect, it } from "vitest";
import { mkPackage } from "../../lib/package.ts";
import type { RenderPackages, ServiceValue } from "../../lib/render/service.ts";
import { renderService, renderServices } from "../../lib/render/unit-file.ts";
import { withServiceDefaults } from "./service-defaults.ts";
import { moduleError } from "../helpers/module-error.ts";

const store = (name: string) => `/nix/store/${"0".repeat(32)}-${name}`;
const pkgs: RenderPackages = {
  bash: store("bash-5.2"),
  coreutils: store("coreutils-9.5"),
  findutils: store("findutils-4.10.0"),
  gnugrep: store("gnugrep-3.11"),
  gnused: store("gnused-4.9"),
  systemd: store("systemd-257"),
};

/** Reads a unit file back: section → list of [key, value], refusing anything systemd would misread. */
function parseUnit(text: string): Record<string, [string, string][]> {
  const sections: Record<string, [string, string][]> = {};
  let current: [string, string][] | undefined;
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      sections[header[1]!] = current = [];
      continue;
    }
    const eq = line.indexOf("=");
    if (eq <= 0 || current === undefined)
      throw new Error(`not a key line: ${JSON.stringify(line)}`);
    current.push([line.slice(0, eq), line.slice(eq + 1)]);
  }
  return sections;
}

function render(name: string, definition: Record<string, unknown>) {
  return renderService(name, withServiceDefaults(definition), { pkgs });
}

function unitOf(name: string, definition: Record<string, unknown>): string {
  const text = render(name, definition).text;
  if (text === null) throw new Error("masked");
  return text;
}

describe("the safety rule", () => {
  it("lets % specifiers through unchanged and parses back to the same values", () => {
    const text = unitOf("echo@", {
      description: "Echo %I at 100%%",
      serviceConfig: { ExecStart: "/bin/echo %i 100%%", Environment: ["X=%h"] },
      environment: { GREETING: "50% $off" },
    });
    const unit = parseUnit(text);
    expect(unit.Unit).toContainEqual(["Description", "Echo %I at 100%%"]);
    expect(unit.Service).toContainEqual(["ExecStart", "/bin/echo %i 100%%"]);
    expect(unit.Service).toContainEqual(["Environment", "X=%h"]);
    expect(unit.Service).toContainEqual(["Environment", '"GREETING=50% $off"']);
  });

  it.each([
    [
      "serviceConfig.ExecStart",
      { serviceConfig: { ExecStart: "/bin/true\nExecStartPost=/bin/evil" } },
      ["serviceConfig", "ExecStart"],
    ],
    ["description", { description: "nice\n[Service]\nUser=root" }, ["description"]],
    [
      "a carriage return",
      { serviceConfig: { User: "nobody\rUser=root" } },
      ["serviceConfig", "User"],
    ],
    [
      "a NUL byte",
      { unitConfig: { ConditionPathExists: "/a\0b" } },
      ["unitConfig", "ConditionPathExists"],
    ],
    [
      "a list element",
      { serviceConfig: { ExecStartPre: ["/bin/a", "/bin/b\nUser=root"] } },
      ["serviceConfig", "ExecStartPre"],
    ],
    [
      "a nested list element",
      { serviceConfig: { ExecStart: [["/bin/a", "x\ny"]] } },
      ["serviceConfig", "ExecStart"],
    ],
    [
      "a key",
      { serviceConfig: { "User=root\nGroup": "x" } },
      ["serviceConfig", "User=root\nGroup"],
    ],
    ["scriptArgs", { script: "echo", scriptArgs: "a\nUser=root" }, ["scriptArgs"]],
    ["documentation", { documentation: ["man:x(1)\nUser=root"] }, ["documentation"]],
  ])("rejects a line break in %s, naming the option", (_what, definition, rest) => {
    const error = moduleError(() => render("web", definition));
    expect(error.code).toBe("invalid");
    expect(error.loc).toEqual(["systemd", "services", "web", ...rest]);
    expect(error.message).toContain("`systemd.services.web.");
  });

  it.each([
    ["scriptArgs", { script: "echo", scriptArgs: "a\\" }, "scriptArgs", "ends with a backslash"],
    ["documentation", { documentation: ["man:x(1)\\"] }, "documentation", "ends with a backslash"],
    ["documentation", { documentation: ["man:x(1)\0"] }, "documentation", "contains a NUL byte"],
    ["onFailure", { onFailure: ["a\uD800.service"] }, "onFailure", "an unpaired UTF-16 surrogate"],
  ])(
    "rejects an entry of %s that would not stay one line (%#), naming the option",
    (_what, definition, option, problem) => {
      const error = moduleError(() => render("web", definition));
      expect(error.loc).toEqual(["systemd", "services", "web", option]);
      expect(error.message).toContain(`The option \`systemd.services.web.${option}'`);
      expect(error.message).toContain(problem);
    },
  );

  it("keeps NixOS's bytes for JSON-quoted Environment= values", () => {
    const text = unitOf("web", { environment: { MOTD: "line one\nline two\r\0end" } });
    expect(text).toContain('Environment="MOTD=line one\\nline two\\r\\u0000end"\n');
  });

  it("does not look at a masked unit's text (NixOS never evaluates it)", () => {
    const r = render("old", {
      enable: false,
      description: "a\nb",
      wantedBy: ["multi-user.target"],
    });
    expect(r.text).toBeNull();
    expect(r.links).toEqual({ "multi-user.target.wants/old.service": "../old.service" });
  });

  it("rejects link names that are not unit names", () => {
    const error = moduleError(() => render("web", { wantedBy: ["../../etc/passwd"] }));
    expect(error.code).toBe("type");
    expect(error.loc).toEqual(["systemd", "services", "web", "wantedBy"]);
  });
});

describe("generated keys next to the user's", () => {
  it("puts the generated list entry before the user's for the same key", () => {
    const text = unitOf("db", {
      preStart: "mkdir -p /var/lib/db",
      preStop: "sync",
      serviceConfig: { ExecStartPre: ["/bin/check"], ExecStop: ["/bin/stop-now"] },
    });
    const service = parseUnit(text).Service!;
    const pre = service.filter(([k]) => k === "ExecStartPre").map(([, v]) => v);
    expect(pre).toHaveLength(2);
    expect(pre[0]).toMatch(/-unit-script-db-pre-start\/bin\/db-pre-start$/);
    expect(pre[1]).toBe("/bin/check");
    const stop = service.filter(([k]) => k === "ExecStop").map(([, v]) => v);
    expect(stop[0]).toMatch(/\/bin\/db-pre-stop$/);
    expect(stop[1]).toBe("/bin/stop-now");
  });

  it("refuses two different scalars for one key, like mergeEqualOption", () => {
    const error = moduleError(() =>
      render("db", { script: "run", serviceConfig: { ExecStart: "/bin/other" } }),
    );
    expect(error.code).toBe("conflict");
    expect(error.message).toContain("has conflicting definition values");
    expect(error.loc).toEqual(["systemd", "services", "db", "serviceConfig", "ExecStart"]);
  });

  it("accepts a user value equal to the generated one", () => {
    const text = unitOf("db", { description: "D", unitConfig: { Description: "D" } });
    expect(parseUnit(text).Unit).toEqual([["Description", "D"]]);
  });

  it("refuses a user PATH that differs from the generated one", () => {
    const error = moduleError(() => render("db", { environment: { PATH: "/bin" } }));
    expect(error.code).toBe("conflict");
    expect(error.loc).toEqual(["systemd", "services", "db", "environment", "PATH"]);
  });

  it("writes onSuccess, startLimitBurst and upholds like the other dependency options", () => {
    const unit = parseUnit(
      unitOf("db", {
        onSuccess: ["a.service", "b.service"],
        startLimitBurst: 3,
        upholds: ["c.service"],
      }),
    ).Unit!;
    expect(unit).toEqual([
      ["OnSuccess", "a.service b.service"],
      ["StartLimitBurst", "3"],
      ["Upholds", "c.service"],
    ]);
  });

  it("makes strict job scripts as writeShellApplication does with enableStrictShellChecks", () => {
    const rendered = render("db", { script: "x", enableStrictShellChecks: true });
    expect(Object.values(rendered.scripts)).toEqual([
      `#!${store("bash-5.2")}/bin/bash\nset -o errexit\nset -o nounset\nset -o pipefail\n\nx\n`,
    ]);
  });
});

describe("values", () => {
  it("writes nested lists, packages and floats through Nix's toString", () => {
    const text = unitOf("v", {
      serviceConfig: {
        ExecStart: [["/bin/a", "--flag", 2]],
        BindReadOnlyPaths: [mkPackage(store("data"))],
        CPUWeight: 1.5,
        Nice: 0,
      },
    });
    const service = parseUnit(text).Service!;
    expect(service).toContainEqual(["ExecStart", "/bin/a --flag 2"]);
    expect(service).toContainEqual(["BindReadOnlyPaths", store("data")]);
    expect(service).toContainEqual(["CPUWeight", "1.500000"]);
    expect(service).toContainEqual(["Nice", "0"]);
  });

  it("merges globalEnvironment under the service's environment; null drops a variable", () => {
    const r = renderService("g", withServiceDefaults({ environment: { TZ: null, LANG: "C" } }), {
      pkgs,
      globalEnvironment: { TZ: "UTC", LOCALE_ARCHIVE: "/run/locale" },
    });
    const env = parseUnit(r.text!)
      .Service!.filter(([k]) => k === "Environment")
      .map(([, v]) => v);
    expect(env.map((v) => v.slice(1, v.indexOf("=")))).toEqual(["LANG", "LOCALE_ARCHIVE", "PATH"]);
  });

  it("uses a package's bin output for PATH", () => {
    const bin = mkPackage(store("tool-1.0-bin"));
    const tool = mkPackage(store("tool-1.0"), "tool-1.0", { bin });
    const text = unitOf("p", { path: [tool] });
    expect(text).toContain(`PATH=${store("tool-1.0-bin")}/bin:`);
    expect(text).toContain(`:${store("tool-1.0-bin")}/sbin:`);
  });

  it("checks every service's Environment= line, also after another service had the same variable", () => {
    const first = unitOf("a", { environment: { MODE: "fast" } });
    expect(unitOf("b", { environment: { MODE: "fast" } })).toContain('Environment="MODE=fast"\n');
    expect(first).toContain('Environment="MODE=fast"\n');
    const error = moduleError(() => render("c", { environment: { MODE: "fast\uD800" } }));
    expect(error.loc).toEqual(["systemd", "services", "c", "environment", "MODE"]);
    expect(unitOf("d", { environment: { MODE: "slow" } })).toContain('Environment="MODE=slow"\n');
  });

  it("refuses Environment= lines of 1 MiB or more, as NixOS does", () => {
    const error = moduleError(() => render("big", { environment: { BIG: "x".repeat(1048576) } }));
    expect(error.message).toContain("is too long");
  });

  it("names trigger files as stdenv sanitises writeText's name (template units)", () => {
    // mkDerivation applies lib.strings.sanitizeDerivationName: `@` becomes `-`.
    const r = render("container@web", { restartTriggers: ["x"] });
    expect(Object.keys(r.files)).toEqual([
      expect.stringMatching(/^\/nix\/store\/[0-9a-z]{32}-X-Restart-Triggers-container-web$/),
    ]);
  });

  it("escapes backslashes in script names as NixOS does", () => {
    const r = render("mnt-data\\x2dlake", { script: "true" });
    expect(Object.keys(r.scripts)[0]).toMatch(/-unit-script-mnt-data--x2dlake-start$/);
  });
});

describe("renderServices", () => {
  it("lets a later pass win when two links share a name, in unit-name order", () => {
    const services: Record<string, ServiceValue> = {
      b: withServiceDefaults({ aliases: ["x.service"] }),
      a: withServiceDefaults({ aliases: ["x.service"] }),
    };
    expect(renderServices(services, { pkgs }).links).toEqual({ "x.service": "b.service" });
  });

  it("lists masked units in byte order", () => {
    const services = {
      b: withServiceDefaults({ enable: false }),
      B: withServiceDefaults({ enable: false }),
      a: withServiceDefaults({}),
    };
    const r = renderServices(services, { pkgs });
    expect(r.masked).toEqual(["B.service", "b.service"]);
    expect(Object.keys(r.units)).toEqual(["a.service"]);
  });
});
