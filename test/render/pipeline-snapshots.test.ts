/**
 * File snapshots of what the example configurations render to, the way a user snapshot-tests
 * their own host (docs/snapshot-testing.md): one snapshot file per unit, per job script and
 * for /etc/hosts, at the path the tree writer gives it, plus a listing of the whole tree and the
 * containers' nspawn command lines. `npx vitest run -u` rewrites them after an intended change;
 * the diff then shows exactly what the host would get.
 */

import { basename } from "node:path";
import { describe, expect, it } from "vitest";
import { render, treeEntries, type Rendered } from "../../lib/index.ts";
import { evaluateExample, examples, treeListing } from "../cli/examples.ts";

describe.each(examples.filter((e) => e.snapshot))("$name example", (example) => {
  const dir = `./__snapshots__/examples/${example.name}`;
  let rendered: Rendered;
  const renderedExample = async () => (rendered ??= render(await evaluateExample(example)));

  it("renders the tree listed in tree.txt", async () => {
    const entries = treeEntries(await renderedExample());
    await expect(treeListing(entries)).toMatchFileSnapshot(`${dir}/tree.txt`);
  });

  it("renders its unit files and /etc/hosts", async () => {
    const r = await renderedExample();
    await expect(r.etcHosts).toMatchFileSnapshot(`${dir}/etc/hosts`);
    for (const [unit, text] of Object.entries(r.units)) {
      await expect(text).toMatchFileSnapshot(`${dir}/etc/systemd/system/${unit}`);
    }
  });

  it("renders its job scripts (by script name; the store paths are in tree.txt)", async () => {
    for (const entry of treeEntries(await renderedExample())) {
      if (entry.kind === "file" && entry.path.startsWith("nix/store/")) {
        await expect(entry.text).toMatchFileSnapshot(`${dir}/scripts/${basename(entry.path)}`);
      }
    }
  });

  it("gives each container's nspawn command line as argv and as data", async () => {
    const r = await renderedExample();
    if (Object.keys(r.nspawn).length === 0) return; // no containers: no snapshot file
    await expect(`${JSON.stringify(r.nspawn, null, 2)}\n`).toMatchFileSnapshot(`${dir}/nspawn.txt`);
  });
});
