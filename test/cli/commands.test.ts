/**
 * `nixmod option`, `plan`, `schema`, `docs` and every `--help`, run as child processes on the
 * examples. Expected outputs are checked in under test/cli/__snapshots__/ (`-u` rewrites them).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { commands } from "../../bin/commands/index.ts";
import { runCli } from "./run-cli.ts";

const repoFile = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");

/** Markdown from the first option heading on (the title and preamble differ by design). */
const optionEntries = (markdown: string) => markdown.slice(markdown.indexOf("\n## "));

describe.concurrent("nixmod --help", () => {
  it("lists every command and the exit statuses", async ({ expect }) => {
    const r = await runCli(["--help"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    for (const command of ["eval", "option", "plan", "schema", "docs"]) {
      expect(r.stdout).toMatch(new RegExp(`^  ${command} +\\S`, "m"));
    }
    expect(r.stdout).toContain("1 for a configuration error, 2 for bad usage");
  });

  // Every command's help goes through the same `--help`/`-h` dispatch; two child processes
  // prove it, and every command's text is checked in this process (each run costs a second).
  it.for([
    ["eval", "--help"],
    ["docs", "-h"],
  ])("%s %s", async ([command, flag]) => {
    const r = await runCli([command!, flag!]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(commands[command!]!.help);
  });

  it("`help COMMAND` is the command's help, and --version the package's version", async ({
    expect,
  }) => {
    const help = await runCli(["help", "plan"]);
    expect([help.status, help.stdout]).toEqual([0, commands.plan!.help]);
    const version = await runCli(["--version"]);
    expect(version.status).toBe(0);
    expect(version.stdout).toMatch(/^nixmod \d+\.\d+\.\d+\n$/);
  });

  it.for(["eval", "option", "plan", "schema", "docs"])("%s has a help text", (command) => {
    const help = commands[command]!.help;
    expect(help).toMatch(new RegExp(`^Usage: nixmod ${command}\\b`));
    expect(help).toContain("-h, --help");
  });
});

describe.concurrent("nixmod option", () => {
  it("shows each definition with its file, line and fate (mkDefault loses to a plain one)", async ({
    expect,
  }) => {
    const r = await runCli(["option", "networking.hostName", "examples/layered/host.ts"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ {4}- examples\/layered\/base\.ts:\d+:\d+ = "web"$/m);
    expect(r.stdout).toMatch(/^ {4}\+ examples\/layered\/host\.ts:\d+:\d+ = "web-eu-1"$/m);
    await expect(r.stdout).toMatchFileSnapshot("./__snapshots__/option-hostName.txt");
  });

  it("--json: mkForce wins over the base's list instead of adding to it", async ({ expect }) => {
    const r = await runCli([
      "option",
      "systemd.services.site.after",
      "examples/layered/host.ts",
      "--json",
    ]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const e = JSON.parse(r.stdout) as {
      value: string[];
      highestPrio: number;
      definitions: {
        file: string;
        position?: { line: number };
        priority: number;
        status: string;
      }[];
    };
    expect(e.value).toEqual(["network-online.target"]);
    expect(e.highestPrio).toBe(50);
    const user = e.definitions.filter((d) => d.file.startsWith("examples/"));
    expect(user.map((d) => [d.file, d.priority, d.status])).toEqual([
      ["examples/layered/host.ts", 50, "won"],
      ["examples/layered/base.ts", 100, "lost"],
    ]);
    for (const d of user) expect(d.position?.line).toBeGreaterThan(0);
  });
});

describe.concurrent("nixmod plan", () => {
  const args = ["plan", "examples/upgrade/before.ts", "examples/upgrade/after.ts"];

  it("reloads the container whose path changed, stops and starts the rest", async ({ expect }) => {
    const r = await runCli(args);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    await expect(r.stdout).toMatchFileSnapshot("./__snapshots__/plan-upgrade.txt");
  });

  it("--json", async ({ expect }) => {
    const r = await runCli([...args, "--json"]);
    expect(r.stderr).toBe("");
    const p = JSON.parse(r.stdout) as Record<string, string[]>;
    expect({
      stop: p.stop,
      restart: p.restart,
      reload: p.reload,
      start: p.start,
      skip: p.skip,
    }).toEqual({
      stop: ["backup.service", "container-database.service"],
      restart: [],
      reload: ["container-webserver.service"],
      start: ["backup.service", "container-cache.service"],
      skip: [],
    });
  });
});

describe.concurrent("nixmod schema and docs", () => {
  it("schema prints the built-in schema, as shipped in schema/nixmod.schema.json", async ({
    expect,
  }) => {
    const r = await runCli(["schema"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(repoFile("schema/nixmod.schema.json"));
  });

  it("schema CONFIG adds the options the config declares", async ({ expect }) => {
    const r = await runCli(["schema", "examples/layered/host.ts"]);
    expect(r.stderr).toBe("");
    const schema = JSON.parse(r.stdout) as { properties: Record<string, any> };
    expect(schema.properties.site.properties.port).toMatchObject({ default: 8080 });
    expect(schema.properties.systemd).toBeDefined();
  });

  it("docs prints the option reference of docs/options.md", async ({ expect }) => {
    const r = await runCli(["docs"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout.startsWith("# Option reference\n")).toBe(true);
    expect(optionEntries(r.stdout)).toBe(optionEntries(repoFile("docs/options.md")));
  });

  it("docs CONFIG --json includes the config's options with their declaring file", async ({
    expect,
  }) => {
    const r = await runCli(["docs", "examples/layered/host.ts", "--json"]);
    expect(r.stderr).toBe("");
    const docs = JSON.parse(r.stdout) as { name: string; declarations: string[]; type: string }[];
    expect(docs.find((d) => d.name === "site.port")).toMatchObject({
      declarations: ["examples/layered/base.ts"],
      type: expect.stringContaining("16 bit unsigned integer"),
    });
    expect(docs.some((d) => d.name === "systemd.containers.<name>.path")).toBe(true);
  });
});
