/**
 * The base module every web host imports: options of its own (`site.*`), the
 * services built from them, and defaults a host may change (`mkDefault`).
 */
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { mkDefault, mkEnableOption, mkIf, mkOption, types, type Module } from "nixmod";

const base: Module = ({ config, pkgs }: { config: any; pkgs: any }) => ({
  // Where these definitions come from, as `nixmod option` shows it (an imported
  // module without `_file` is labelled with the importing file, as in Nix).
  _file: relative(process.cwd(), fileURLToPath(import.meta.url)),
  options: {
    site: {
      domain: mkOption({
        type: types.str,
        default: "example.org",
        description: "The domain the site answers for.",
      }),
      port: mkOption({ type: types.port, default: 8080, description: "The port it listens on." }),
      monitoring: { enable: mkEnableOption("a health check after the site starts") },
    },
  },
  config: {
    networking: { hostName: mkDefault("web") },
    systemd: {
      services: {
        site: {
          description: "Static site",
          wantedBy: ["multi-user.target"],
          after: ["network.target"],
          path: [pkgs.socat],
          get script() {
            const { domain, port } = config.site;
            return `exec socat TCP-LISTEN:${port},fork,reuseaddr SYSTEM:"cat /srv/${domain}/index.html"\n`;
          },
          serviceConfig: {
            User: "www",
            Restart: mkDefault("on-failure"),
            RestartSec: 2,
          },
        },
        "site-check": mkIf(() => config.site.monitoring.enable, {
          description: "Health check of the site",
          wantedBy: ["multi-user.target"],
          after: ["site.service"],
          requires: ["site.service"],
          get script() {
            return `exec 3<>/dev/tcp/127.0.0.1/${config.site.port}\n`;
          },
          serviceConfig: { Type: "oneshot" },
        }),
      },
    },
  },
});

export default base;
