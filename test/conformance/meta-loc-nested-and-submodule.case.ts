import * as nix from "nixmod";
import nixResult from "./meta-loc-nested-and-submodule.expected.json";

const { mkOption, types } = nix;

export default {
  description:
    "options.X.loc is the full path: nested option sets give every segment, and an option inside an attrsOf submodule includes the parent path and the attribute name.",
  modules: [
    {
      options: {
        services: { web: { port: mkOption({ type: types.int, default: 80 }) } },
        servers: mkOption({
          type: types.attrsOf(
            types.submodule(({ options }: any) => ({
              options: {
                port: mkOption({ type: types.int, default: 1 }),
                portLoc: mkOption({ type: types.listOf(types.str) }),
              },
              config: {
                get portLoc() {
                  return options.port.loc;
                },
              },
            })),
          ),
        }),
      },
    },
    { servers: { main: {} } },
  ],
  select: (r: any) => ({
    top: r.options.services.web.port.loc,
    inner: r.config.servers.main.portLoc,
  }),
  ...nixResult,
};
