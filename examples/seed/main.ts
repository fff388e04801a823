/**
 * Evaluates the seed's documented example and prints what the host gets: the
 * container services, the /etc/hosts lines and the system packages, as JSON.
 *
 *   npx tsx examples/seed/main.ts
 */

import { evaluate } from "../../lib/index.ts";
import { examplePkgs, seedExample } from "./containers.ts";

const evaluation = evaluate(seedExample, { pkgs: examplePkgs });
const { config } = evaluation;

const output = {
  services: config.systemd.services,
  extraHosts: config.networking.extraHosts,
  systemPackages: config.environment.systemPackages,
  containers: Object.fromEntries(
    Object.entries(
      config.systemd.containers as Record<string, { root: string; path: unknown }>,
    ).map(([name, container]) => [name, { root: container.root, path: container.path }]),
  ),
};

console.log(JSON.stringify(output, null, 2));
