/** The README's five-minute tour: two containers and a service, as a user would write them. */
import { mkIf, type Module } from "../../lib/index.ts";

const host: Module = ({ config }) => ({
  systemd: {
    containers: {
      web: {
        path: "/nix/var/nix/profiles/web",
        privateNetwork: true,
        hostAddress: "10.0.0.1",
        localAddress: "10.0.0.2",
      },
      db: { config: { networking: { hostName: "database" } } },
    },
    services: mkIf(() => config.networking.hostName !== "", {
      hello: { description: "Say hello", script: "echo hello", wantedBy: ["multi-user.target"] },
    }),
  },
});
export default host;
