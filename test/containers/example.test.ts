/** The seed's documented example (examples/seed): a webserver with a profile path, a database with a nested config. */

import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { evaluate } from "../../lib/index.ts";
import { examplePkgs, seedExample } from "../../examples/seed/containers.ts";

describe("examples/seed", () => {
  const { config } = evaluate(seedExample, { pkgs: examplePkgs });

  it("runs the webserver from its profile", () => {
    const web = config.systemd.services["container-webserver"];
    expect(web.serviceConfig.ExecStart).toContain(
      "-M webserver -D /containers/webserver --bind-ro=/nix/store",
    );
    expect(web.serviceConfig.ExecStart.endsWith(" /nix/var/nix/profiles/webserver/init")).toBe(
      true,
    );
    expect(web.preStart).toContain(
      'ln -sfn "/containers/webserver" "/var/lib/containers/webserver"',
    );
  });

  it("builds the database from its nested configuration", () => {
    const path = config.systemd.containers.database.path;
    expect(path.name).toBe("nixos-system-database");
    expect(path.configText).toContain('"postgresql":{"enable":true,"package":"');
    expect(path.configText).toContain(examplePkgs.postgresql92);
    expect(config.systemd.services["container-database"].serviceConfig.ExecStart).toContain(
      `${path.outPath}/init`,
    );
  });

  it("installs nixos-container-shell and adds no /etc/hosts lines", () => {
    expect(config.environment.systemPackages.map((p: { name: string }) => p.name)).toEqual([
      "nixos-container-shell",
    ]);
    expect(config.networking.extraHosts).toBe("");
  });

  it("prints as JSON from examples/seed/main.ts", () => {
    const main = fileURLToPath(new URL("../../examples/seed/main.ts", import.meta.url));
    const tsx = fileURLToPath(new URL("../../node_modules/.bin/tsx", import.meta.url));
    const run = spawnSync(tsx, [main], { encoding: "utf8", timeout: 60000 });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const output = JSON.parse(run.stdout) as { services: Record<string, unknown> };
    expect(Object.keys(output.services)).toEqual(["container-database", "container-webserver"]);
  });
});
