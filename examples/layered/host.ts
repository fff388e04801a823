/**
 * One host built on the base module: its plain definitions beat the base's
 * `mkDefault`s, `mkForce` beats the base's plain ones (and replaces a list
 * instead of adding to it), and `mkIf` keeps a setting only where it applies.
 *
 *   nixmod eval examples/layered/host.ts --attr systemd.services.site
 *   nixmod option systemd.services.site.after examples/layered/host.ts
 */
import { mkForce, mkIf, type Module } from "nixmod";
import base from "./base.ts";

/** Flip this to see `mkIf` drop the debug setting and the health check. */
const production = true;

const host: Module = {
  imports: [base],
  config: {
    networking: { hostName: "web-eu-1" },
    site: {
      domain: "eu.example.org",
      port: 8443,
      monitoring: { enable: production },
    },
    systemd: {
      services: {
        site: {
          after: mkForce(["network-online.target"]),
          wants: ["network-online.target"],
          environment: mkIf(!production, { DEBUG: "1" }),
          serviceConfig: {
            User: mkForce("site"),
            Restart: "always",
          },
        },
      },
    },
  },
};

export default host;
