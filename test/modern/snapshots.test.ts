/**
 * A realistic host with today's containers, rendered: every file it would install
 * as a file snapshot (test/modern/__snapshots__/realistic-host/), and what real
 * tools say about them: `systemd-analyze verify` on the units of the realistic host
 * and of every modern vector, `bash -n` on every script.
 */

import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  evaluate,
  render,
  toFilePath,
  treeEntries,
  type Evaluation,
  type Rendered,
} from "../../lib/index.ts";
import { scriptConfig } from "../../modules/virtualisation/nixos-containers.ts";
import { containerInitText } from "../../modules/virtualisation/nixos-containers-scripts.ts";
import { systemdAnalyzeAvailable, verifyUnits } from "../helpers/systemd-verify.ts";
import { modernPkgs, realisticHost } from "./host.ts";

const snapshots = "./__snapshots__/realistic-host";

/** The text files of a host's containers that are not job scripts: container-init, reload-container, conf files. */
function containerFiles(ev: Evaluation): Record<string, string> {
  const files: Record<string, string> = {};
  const services = ev.config.systemd.services as Record<string, any>;
  for (const [name, service] of Object.entries(services)) {
    if (!name.startsWith("container@")) continue;
    const reload = service.serviceConfig.ExecReload;
    files[String(reload)] = reload.text;
    const init = /(\/nix\/store\/[0-9a-z]{32}-container-init) /.exec(service.script as string)![1]!;
    const command =
      name === "container@" ? undefined : ev.nspawn()[name.slice("container@".length)];
    if (command !== undefined) expect(command.init).toBe(init);
  }
  for (const [name, entry] of Object.entries(ev.config.environment.etc as Record<string, any>)) {
    if (name.startsWith("nixos-containers/")) files[String(entry.source)] = entry.source.text;
  }
  return files;
}

/** container-init texts, which only the start scripts name: made again, checked against their paths. */
function initScripts(ev: Evaluation): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, command] of Object.entries(ev.nspawn())) {
    const cfg = scriptConfig(name, ev.config.containers[name]);
    const text = containerInitText(ev.pkgs.runtimeShell, cfg);
    expect(toFilePath("container-init", text)).toBe(command.init);
    out[command.init] = text;
  }
  return out;
}

const ev = evaluate(realisticHost, { pkgs: modernPkgs });
const rendered: Rendered = render(ev);

/** A store path's name without its hash. */
const baseName = (path: string) => path.slice("/nix/store/".length + 33);

/**
 * `lan` is built from `config`: its toplevel's path is a content address of its
 * whole configuration, which changes whenever a built-in module gains an option,
 * and so do the paths made from it (its conf file, its restart-trigger file).
 * Snapshots show those hashes as `<hash>`; everything else byte for byte.
 */
const unstable =
  /\/nix\/store\/[0-9a-z]{32}-(nixos-system-[^/\s"]*|etc-nixos-containers-lan\.conf|X-Restart-Triggers-container-lan)/g;
const stable = (text: string) => text.replace(unstable, "/nix/store/<hash>-$1");

describe("the realistic host", () => {
  it("renders one template and three container units", () => {
    expect(Object.keys(rendered.units)).toEqual([
      "container@.service",
      "container@ci.service",
      "container@lan.service",
      "container@shop.service",
    ]);
    expect(rendered.links).toEqual({
      "machines.target.wants/container@lan.service": "../container@lan.service",
      "machines.target.wants/container@shop.service": "../container@shop.service",
    });
  });

  for (const [name, text] of Object.entries(rendered.units)) {
    it(`unit ${name}`, async () => {
      await expect(stable(text)).toMatchFileSnapshot(`${snapshots}/units/${name}`);
    });
  }

  it("job scripts", async () => {
    for (const [path, text] of Object.entries(rendered.scripts)) {
      await expect(text).toMatchFileSnapshot(`${snapshots}/scripts/${baseName(path)}`);
    }
  });

  it("conf files, reload-container and container-init", async () => {
    const files = { ...containerFiles(ev), ...initScripts(ev) };
    const names = Object.keys(files).map(baseName).sort();
    expect(names).toEqual([
      "container-init",
      "container-init",
      "etc-nixos-containers-ci.conf",
      "etc-nixos-containers-lan.conf",
      "etc-nixos-containers-shop.conf",
      "reload-container",
    ]);
    for (const [path, text] of Object.entries(files)) {
      const label =
        baseName(path) === "container-init"
          ? `container-init-${path.slice(11, 19)}`
          : baseName(path);
      await expect(stable(text)).toMatchFileSnapshot(`${snapshots}/files/${label}`);
    }
  });

  it("/etc/hosts", async () => {
    await expect(rendered.etcHosts).toMatchFileSnapshot(`${snapshots}/etc-hosts`);
  });

  it("nspawn command lines", async () => {
    await expect(stable(`${JSON.stringify(rendered.nspawn, null, 2)}\n`)).toMatchFileSnapshot(
      `${snapshots}/nspawn.txt`,
    );
  });

  it("/etc files: the containers' environment files, linked to the store files above", async () => {
    await expect(stable(`${JSON.stringify(rendered.etc, null, 2)}\n`)).toMatchFileSnapshot(
      `${snapshots}/etc.json`,
    );
    for (const [target, file] of Object.entries(rendered.etc)) {
      expect(rendered.files[file.source]).toBe(ev.config.environment.etc[target].text);
    }
  });

  it("render() has the scripts the units refer to, executable, with the texts above", () => {
    const expected = { ...containerFiles(ev), ...initScripts(ev) };
    for (const [path, text] of Object.entries(expected)) expect(rendered.files[path]).toBe(text);
    const scripts = Object.keys(expected).filter((path) => !path.endsWith(".conf"));
    expect([...rendered.executables].sort()).toEqual(expect.arrayContaining(scripts.sort()));
    for (const path of rendered.executables) {
      const entry = treeEntries(rendered).find((e) => e.path === path.slice(1));
      expect(entry).toMatchObject({ kind: "file", mode: 0o555 });
    }
  });

  it("trigger files", async () => {
    const etcSources = new Set(Object.values(rendered.etc).map((file) => file.source));
    const executables = new Set(rendered.executables);
    for (const [path, text] of Object.entries(rendered.files)) {
      if (etcSources.has(path) || executables.has(path)) continue;
      await expect(stable(`${text}\n`)).toMatchFileSnapshot(`${snapshots}/files/${baseName(path)}`);
    }
  });
});

/** Every modern vector that evaluates, rendered. */
function vectorHosts(): { name: string; rendered: Rendered; ev: Evaluation }[] {
  const hosts = [];
  for (const set of ["modern", "modern-extra"]) {
    const dir = new URL(`../vectors/${set}/`, import.meta.url);
    for (const file of readdirSync(dir)
      .filter((f) => f.endsWith(".json"))
      .sort()) {
      const v = JSON.parse(readFileSync(new URL(file, dir), "utf8"));
      if (v.expected === undefined || v.expected.assertions.length > 0) continue;
      const ev = evaluate(v.input, { pkgs: v.pkgs });
      hosts.push({ name: `${set}/${file}`, rendered: render(ev), ev });
    }
  }
  return hosts;
}

describe.runIf(systemdAnalyzeAvailable())("systemd-analyze verify", () => {
  it("passes the realistic host's units", () => {
    const result = verifyUnits(rendered.units);
    expect(result.stderr).toBe("");
    expect(result.ok).toBe(true);
  });

  it("passes the units of every modern vector", { timeout: 120_000 }, () => {
    const hosts = vectorHosts();
    expect(hosts.length).toBeGreaterThanOrEqual(30);
    // As few runs as unit names allow: a unit goes into the first batch that does
    // not hold another text under its name.
    const batches: Record<string, string>[] = [];
    for (const host of hosts) {
      for (const [name, text] of Object.entries(host.rendered.units)) {
        let batch = batches.find((b) => b[name] === undefined || b[name] === text);
        if (batch === undefined) batches.push((batch = {}));
        batch[name] = text;
      }
    }
    for (const units of batches) {
      const result = verifyUnits(units);
      expect(result.stderr).toBe("");
      expect(result.ok).toBe(true);
    }
  });
});

describe("bash -n", () => {
  it("parses every script of the realistic host and of the vectors", () => {
    const scripts: Record<string, string> = {
      ...rendered.scripts,
      ...containerFiles(ev),
      ...initScripts(ev),
    };
    for (const host of vectorHosts()) Object.assign(scripts, host.rendered.scripts);
    for (const [path, text] of Object.entries(scripts)) {
      if (path.endsWith(".conf")) continue;
      const r = spawnSync("bash", ["-n"], { input: text, encoding: "utf8" });
      expect([path, r.status, r.stderr]).toEqual([path, 0, ""]);
    }
  });
});
