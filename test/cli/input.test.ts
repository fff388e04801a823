/**
 * Config files the CLI takes besides TypeScript (YAML), and bad input, as child processes:
 * a missing file, a syntax error, a config error (exit status 1, the option path and the
 * definitions' files on stderr), and bad usage (exit status 2). Pipes are not terminals, so
 * nothing is coloured.
 */
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { jsonText } from "../../bin/commands/command.ts";
import { runCli, type CliResult } from "./run-cli.ts";
import { scratchFiles } from "../helpers/scratch-files.ts";

// Broken files are made here, not checked in: prettier and tsc would refuse them.
// `"type": "module"` makes the folder's .ts files ES modules, as in the repository.
const { dir: scratch, write: scratchFile } = scratchFiles("cli-input");
scratchFile("package.json", '{ "type": "module" }\n');

/** A failed run: the status, nothing on stdout, one `error:` report on stderr, no colour, no stack. */
function expectFailure(r: CliResult, status: 1 | 2): void {
  expect(r.status).toBe(status);
  expect(r.stdout).toBe("");
  expect(r.stderr).toMatch(/^error: /);
  expect(r.stderr).not.toContain("\x1b[");
  expect(r.stderr).not.toMatch(/^\s+at /m);
}

describe.concurrent("config files", () => {
  it("evaluates a YAML config", async ({ expect }) => {
    const r = await runCli(["eval", "test/cli/fixtures/host.yaml", "--attr", "networking"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      hostName: "yaml-host",
      extraHosts: "10.231.138.2 web.containers\n",
    });
  });
});

describe.concurrent("warnings", () => {
  // A NixOS build shows `config.warnings`; printing the configuration does not.
  it("--out prints the configuration's warnings on stderr, JSON output does not", async ({
    expect,
  }) => {
    const file = scratchFile(
      "warning.json",
      JSON.stringify({ systemd: { services: { web: { after: ["network-online.target"] } } } }),
    );
    const built = await runCli(["eval", file, "--out", join(scratch, "warning-tree")]);
    expect(built.status).toBe(0);
    expect(built.stderr).toBe(
      "warning: web.service is ordered after 'network-online.target' but doesn't depend on it\n",
    );
    const printed = await runCli(["eval", file, "--attr", "systemd.services.web.after"]);
    expect(printed.status).toBe(0);
    expect(printed.stderr).toBe("");
  });
});

describe.concurrent("--check-scripts", () => {
  // NixOS's build runs `bash -n -O extglob` on every job script; with the flag, so does eval.
  it("fails as the build would on a job script's syntax error, and passes good scripts", async ({
    expect,
  }) => {
    const service = (script: string) =>
      JSON.stringify({
        systemd: { services: { web: { script, wantedBy: ["multi-user.target"] } } },
      });
    const bad = scratchFile("bad-script.json", service("if true; then echo up"));
    const r = await runCli(["eval", bad, "--check-scripts", "--out", join(scratch, "bad-tree")]);
    expectFailure(r, 1);
    // As a failed build, it leaves nothing behind.
    expect(existsSync(join(scratch, "bad-tree"))).toBe(false);
    expect(r.stderr).toMatch(
      /^error: A job script fails NixOS's build check \(bash -n -O extglob\), so the system would not build:\n  \/nix\/store\/[0-9a-z]{32}-unit-script-web-start\/bin\/web-start: line 6: syntax error: unexpected end of file\n/,
    );
    const good = scratchFile("good-script.json", service("shopt -q extglob; echo @(up|down)"));
    const ok = await runCli(["eval", good, "--check-scripts", "--attr", "networking.hostName"]);
    expect(ok.stderr).toBe("");
    expect(ok.stdout).toBe('"nixos"\n');
  });
});

describe.concurrent("a config error: exit status 1", () => {
  it("a missing config file", async ({ expect }) => {
    const r = await runCli(["eval", "test/cli/fixtures/no-such-file.ts"]);
    expectFailure(r, 1);
    expect(r.stderr).toContain("no-such-file.ts");
  });

  it("a syntax error in a TypeScript config names the file", async ({ expect }) => {
    const file = scratchFile(
      "syntax-error.ts",
      'export default {\n  networking: { hostName: "a" \n};\n',
    );
    const r = await runCli(["eval", file]);
    expectFailure(r, 1);
    expect(r.stderr).toContain(file);
  });

  it("a syntax error in a YAML config names the file, line and column", async ({ expect }) => {
    const file = scratchFile("broken.yaml", "networking:\n  hostName: [a\n");
    const r = await runCli(["eval", file]);
    expectFailure(r, 1);
    expect(r.stderr).toMatch(new RegExp(`^error: ${file.replace(/[.]/g, "\\.")}:\\d+:\\d+: `));
  });

  it("an option that does not exist: the path, the file, and the likely fix", async ({
    expect,
  }) => {
    const r = await runCli(["eval", "test/cli/fixtures/undeclared-option.ts"]);
    expectFailure(r, 1);
    expect(r.stderr).toContain("The option `networking.hostname' does not exist.");
    expect(r.stderr).toContain('- In `test/cli/fixtures/undeclared-option.ts\': "typo"');
    expect(r.stderr).toContain("Did you mean `networking.hostName'");
  });

  it("a value of the wrong type: the path, the type and the definition with its file", async ({
    expect,
  }) => {
    const r = await runCli(["eval", "test/cli/fixtures/type-error.ts"]);
    expectFailure(r, 1);
    expect(r.stderr).toContain(
      "A definition for option `systemd.containers.web.privateNetwork' is not of type `boolean'.",
    );
    expect(r.stderr).toContain('- In `test/cli/fixtures/type-error.ts\': "yes"');
  });

  it("a deprecated type: Nix's evaluation warning on stderr, the value on stdout", async ({
    expect,
  }) => {
    const r = await runCli(["eval", "test/cli/fixtures/deprecated-type.ts", "--attr", "legacy"]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ a: 1 });
    expect(r.stderr).toBe(
      "evaluation warning: The type `types.loaOf' of option `legacy' defined in `test/cli/fixtures/deprecated-type.ts' is deprecated. Mixing lists with attribute values is no longer possible; please use `types.attrsOf` instead. See https://github.com/NixOS/nixpkgs/issues/1800 for the motivation.\n",
    );
  });

  it("a warning comes before the error the same evaluation ends with, as Nix prints them", async ({
    expect,
  }) => {
    const r = await runCli(["eval", "test/cli/fixtures/either-neither.ts", "--attr", "value"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    const warning = r.stderr.indexOf(
      "evaluation warning: One or more definitions did not pass the type-check of the 'either' type.",
    );
    const error = r.stderr.indexOf("error: The option `value' is defined multiple times");
    expect(warning).toBe(0);
    expect(error).toBeGreaterThan(warning);
  });

  it("a deprecated type under NIX_ABORT_ON_WARN=1: a configuration error", async ({ expect }) => {
    const r = await runCli(["eval", "test/cli/fixtures/deprecated-type.ts"], undefined, {
      NIX_ABORT_ON_WARN: "1",
    });
    expectFailure(r, 1);
    expect(r.stderr).toContain("evaluation warning: The type `types.loaOf'");
    expect(r.stderr).toContain(
      "NIX_ABORT_ON_WARN=true; warnings are treated as unrecoverable errors.",
    );
  });

  it("the seed example without the package it needs (--pkgs)", async ({ expect }) => {
    const r = await runCli(["eval", "examples/seed/host.ts"]);
    expectFailure(r, 1);
    expect(r.stderr).toBe(
      "error: while loading the module `:anon-26' from `<unknown-file>': attribute 'postgresql92' missing from the package set `pkgs' (nixmod's has stand-ins for the packages its modules use; give others by name: evaluate(config, { pkgs: { \"postgresql92\": \"/nix/store/…\" } }), or the command's --pkgs file)\n",
    );
  });

  // Found while writing these tests (bin/load-config.ts, bin/cli.ts); reported.
  it("a missing config file is reported as `cannot read FILE`, without machine paths", async ({
    expect,
  }) => {
    const r = await runCli(["eval", "test/cli/fixtures/no-such-file.ts"]);
    expectFailure(r, 1);
    expect(r.stderr).toBe("error: cannot read test/cli/fixtures/no-such-file.ts: no such file\n");
  });

  it("a TypeScript syntax error names the file's line and column", async ({ expect }) => {
    const file = scratchFile("syntax-at.ts", 'export default {\n  networking: { hostName: "a" }\n');
    const r = await runCli(["eval", file]);
    expectFailure(r, 1);
    expect(r.stderr).toBe(`error: ${file}:3:1: Expected "}" but found end of file\n`);
  });

  it('loads a .ts config from a folder whose package.json lacks "type": "module"', async ({
    expect,
  }) => {
    const file = scratchFile("plain.ts", 'export default { networking: { hostName: "plain" } };\n');
    const r = await runCli(["eval", file, "--attr", "networking.hostName"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe('"plain"\n');
    expect(r.status).toBe(0);
  });
});

describe.concurrent("what cannot be printed or written", () => {
  it("a value that contains itself (a YAML alias cycle) as JSON", async ({ expect }) => {
    const file = scratchFile(
      "cycle.yaml",
      "systemd:\n  services:\n    x: &a\n      script: e\n      unitConfig:\n        X: *a\n",
    );
    const r = await runCli(["eval", file, "--attr", "systemd.services.x.unitConfig"]);
    expectFailure(r, 1);
    expect(r.stderr).toContain(
      "error: cannot print the value as JSON: Converting circular structure",
    );
  });

  it("a YAML alias bomb", async ({ expect }) => {
    const lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 12; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(", ")}]`,
      );
    const r = await runCli(["eval", scratchFile("bomb.yaml", lines.join("\n") + "\n")]);
    expectFailure(r, 1);
    expect(r.stderr).toMatch(/bomb\.yaml:1:1: Invalid YAML: Excessive alias count/);
  });

  it("--out naming the config's own folder: refused, nothing deleted", async ({ expect }) => {
    const file = scratchFile("keep.json", "{}");
    const r = await runCli(["eval", file, "--out", scratch]);
    expectFailure(r, 1);
    expect(r.stderr).toContain("which is no part of a tree nixmod writes");
    const again = await runCli(["eval", file, "--attr", "networking.hostName"]);
    expect(again.status).toBe(0);
  });
});

describe.concurrent("bad usage: exit status 2", () => {
  it("an unknown command", async ({ expect }) => {
    const r = await runCli(["frobnicate"]);
    expectFailure(r, 2);
    expect(r.stderr).toBe("error: unknown command `frobnicate'\nTry `nixmod --help'.\n");
  });

  it("an unknown option", async ({ expect }) => {
    const r = await runCli(["eval", "--bogus", "examples/layered/host.ts"]);
    expectFailure(r, 2);
    expect(r.stderr).toContain("'--bogus'");
  });

  it("a missing argument", async ({ expect }) => {
    const r = await runCli(["option", "networking.hostName"]);
    expectFailure(r, 2);
    expect(r.stderr).toContain("expected PATH and CONFIG");
  });

  it("an --attr path that is not in the configuration", async ({ expect }) => {
    const r = await runCli(["eval", "examples/layered/host.ts", "--attr", "networking.nope"]);
    expectFailure(r, 2);
    expect(r.stderr).toContain("attribute 'nope' in selection path 'networking.nope' not found");
    const misspelt = await runCli([
      "eval",
      "examples/layered/host.ts",
      "--attr",
      "networking.hostNme",
    ]);
    expectFailure(misspelt, 2);
    expect(misspelt.stderr).toContain(
      "error: attribute 'hostNme' in selection path 'networking.hostNme' not found\n       Did you mean hostName?\n",
    );
  });

  it("--attr paths read as Nix's -A reads them: quoted names, list indices", async ({ expect }) => {
    const config = scratchFile(
      "attr-path.json",
      JSON.stringify({
        containers: { web: { path: "/nix/store/00000000000000000000000000000000-sys" } },
      }),
    );
    const quoted = await runCli([
      "eval",
      config,
      "--attr",
      'systemd.services."container@web".description',
    ]);
    expect(quoted.status).toBe(0);
    expect(JSON.parse(quoted.stdout)).toBe("Container '%i'");
    const first = await runCli(["eval", config, "--attr", "environment.systemPackages.0"]);
    expect(first.status).toBe(0);
    expect(JSON.parse(first.stdout)).toMatch(/^\/nix\/store\/.*-nixos-container$/);
    for (const [attr, message] of [
      [
        'systemd.services."container@web',
        `missing closing quote in selection path 'systemd.services."container@web'`,
      ],
      ["systemd..services", "empty attribute name in selection path 'systemd..services'"],
      [
        "environment.systemPackages.length",
        "the expression selected by the selection path 'environment.systemPackages.length' should be a set but is a list",
      ],
      [
        "environment.systemPackages.9",
        "list index 9 in selection path 'environment.systemPackages.9' is out of range",
      ],
    ]) {
      const r = await runCli(["eval", config, "--attr", attr!]);
      expectFailure(r, 2);
      expect(r.stderr).toContain(message);
    }
  });

  it("an --attr path naming what every object inherits", async ({ expect }) => {
    for (const attr of ["constructor", "networking.__proto__"]) {
      const r = await runCli(["eval", "examples/layered/host.ts", "--attr", attr]);
      expectFailure(r, 2);
      expect(r.stderr).toContain(`in selection path '${attr}' not found`);
    }
  });

  it("no command at all: the usage", async ({ expect }) => {
    const r = await runCli([]);
    expect(r.status).toBe(2);
    expect(r.stdout + r.stderr).toContain("Usage: nixmod <command> [options]");
  });
});

// Found by a review of the command line as a user runs it.
describe.concurrent("found by a workflow review", () => {
  const { write: plainFile } = scratchFiles("cli-cjs");

  it("a TypeScript config reads the same in a folder without package.json", async ({ expect }) => {
    const modules = plainFile(
      "mods.ts",
      'export const modules = [{ networking: { hostName: "one" } }];\n',
    );
    const ok = await runCli(["eval", modules, "--attr", "networking.hostName"]);
    expect([ok.status, ok.stdout]).toEqual([0, '"one"\n']);
    const byDefault = plainFile("def.ts", 'export default { networking: { hostName: "two" } };\n');
    const def = await runCli(["eval", byDefault, "--attr", "networking.hostName"]);
    expect([def.status, def.stdout]).toEqual([0, '"two"\n']);
    for (const text of ["export const x = 1;\n", "// nothing yet\n"]) {
      const r = await runCli(["eval", plainFile(`none-${text.length}.ts`, text)]);
      expectFailure(r, 1);
      expect(r.stderr).toContain("export a module (or a list of modules) as the default export");
    }
  });

  it("--out with an empty name is a usage error, and nothing is written", async ({ expect }) => {
    const r = await runCli(["eval", "examples/layered/host.ts", "--out", ""]);
    expectFailure(r, 2);
    expect(r.stderr).toContain("--out needs a directory name");
  });

  it("--attr naming a value JSON has no form for", async ({ expect }) => {
    const file = scratchFile(
      "unset.json",
      '{ "systemd": { "services": { "web": { "script": "x" } } } }',
    );
    const r = await runCli(["eval", file, "--attr", "systemd.services.web.startLimitBurst"]);
    expectFailure(r, 1);
    expect(r.stderr).toContain("cannot print the value as JSON: it is undefined");
  });

  it("--pkgs: a package attribute that is no path, and a key named __proto__", async ({
    expect,
  }) => {
    const bad = scratchFile("pkgs-text.json", '{ "bash": "oops\\nrm -rf /tmp/x #" }');
    const r = await runCli(["eval", "examples/layered/host.ts", "--pkgs", bad]);
    expectFailure(r, 1);
    expect(r.stderr).toContain("the package override `bash' is");
    expect(r.stderr).toContain("which is not a store path");
    const proto = scratchFile("pkgs-proto.json", '{ "__proto__": "/nix/store/x-y" }');
    const p = await runCli([
      "eval",
      "examples/layered/host.ts",
      "--pkgs",
      proto,
      "--attr",
      "networking",
    ]);
    expect(p.status).toBe(0);
  });
});

describe.concurrent("config files that are not one", () => {
  it("a directory, whatever its name", async ({ expect }) => {
    for (const name of ["folder.ts", "folder.json", "folder"]) {
      const dir = join(scratch, name);
      mkdirSync(dir, { recursive: true });
      const r = await runCli(["eval", dir]);
      expectFailure(r, 1);
      expect(r.stderr).toContain(`cannot read ${dir}: it is a directory, not a config file`);
    }
  });

  it("a YAML file with several documents", async ({ expect }) => {
    const r = await runCli(["eval", scratchFile("multi.yaml", "a: 1\n---\nb: 2\n")]);
    expectFailure(r, 1);
    expect(r.stderr).toContain("a config file holds one YAML document");
  });
});

describe("jsonText", () => {
  it("refuses what JSON has no form for, naming it", () => {
    expect(() => jsonText(undefined)).toThrow(
      "cannot print the value as JSON: it is undefined (an option that has no value)",
    );
    expect(() => jsonText(() => 1)).toThrow("cannot print the value as JSON: it is a function");
    expect(jsonText({ a: 1n })).toBe('{\n  "a": "1"\n}');
  });
});
