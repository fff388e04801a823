/**
 * `nixmod eval` on every example, as a child process: the JSON it prints is the configuration
 * `evaluate()` gives in this process, and `--out DIR` writes exactly the tree checked in under
 * test/render/__snapshots__/examples/ (the render tests keep those files current).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, describe, it } from "vitest";
import { render, treeEntries } from "../../lib/index.ts";
import { evaluateExample, exampleArgs, examples, readTree, treeListing } from "./examples.ts";
import { runCli } from "./run-cli.ts";

const scratch = mkdtempSync(join(tmpdir(), "nixmod-cli-examples-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const snapshots = new URL("../render/__snapshots__/examples/", import.meta.url);
const snapshot = (name: string, path: string) =>
  readFileSync(new URL(`${name}/${path}`, snapshots), "utf8");

/** The examples whose rendered tree is checked in; the `upgrade` pair is run by `nixmod plan`. */
const rendered = examples.filter((e) => e.snapshot);

describe.concurrent.each(rendered)("nixmod eval $config", (example) => {
  it("prints the evaluated configuration as JSON", async ({ expect }) => {
    const r = await runCli(["eval", ...exampleArgs(example)]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const expected = JSON.parse(JSON.stringify((await evaluateExample(example)).config));
    expect(JSON.parse(r.stdout)).toEqual(expected);
    expect(r.stdout.endsWith("}\n")).toBe(true);
  });

  it("--out DIR writes the rendered tree, byte for byte as checked in", async ({ expect }) => {
    const out = join(scratch, example.name);
    const r = await runCli(["eval", ...exampleArgs(example), "--out", out]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const written = readTree(out);
    expect(r.stdout).toBe(`wrote ${written.length} files and links to ${out}\n`);
    expect(written).toEqual(treeEntries(render(await evaluateExample(example))));
    expect(treeListing(written)).toBe(snapshot(example.name, "tree.txt"));
    for (const entry of written) {
      if (entry.kind !== "file") continue;
      const checkedIn = entry.path.startsWith("nix/store/")
        ? `scripts/${basename(entry.path)}`
        : entry.path;
      expect(entry.text, entry.path).toBe(snapshot(example.name, checkedIn));
    }
  });
});

describe.concurrent("nixmod eval --attr", () => {
  it("prints one part of the configuration", async ({ expect }) => {
    const r = await runCli([
      "eval",
      "examples/private-network/host.ts",
      "--attr",
      "networking.extraHosts",
    ]);
    expect(r).toEqual({
      status: 0,
      stdout: '"10.231.137.2 backend.containers\\n10.231.136.2 frontend.containers\\n"\n',
      stderr: "",
    });
  });

  it("follows attribute names with dashes (systemd.services.container-<name>)", async ({
    expect,
  }) => {
    const r = await runCli([
      "eval",
      "examples/layered/host.ts",
      "--attr",
      "systemd.services.site.serviceConfig",
    ]);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual({ Restart: "always", RestartSec: 2, User: "site" });
  });
});
