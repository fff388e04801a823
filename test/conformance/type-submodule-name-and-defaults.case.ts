import * as nix from "nixmod";
import nixResult from "./type-submodule-name-and-defaults.expected.json";

const { mkOption, types } = nix;

export default {
  description:
    "attrsOf submodule: each entry gets the option defaults, the 'name' module argument is the attribute name, and entries merge across modules.",
  modules: [
    {
      options: {
        servers: mkOption({
          type: types.attrsOf(
            types.submodule(({ name }: any) => ({
              options: {
                label: mkOption({ type: types.str, default: name }),
                port: mkOption({ type: types.port, default: 80 }),
              },
            })),
          ),
        }),
      },
    },
    { servers: { alpha: {}, beta: { port: 8080 } } },
    { servers: { beta: { label: "custom" } } },
  ],
  select: (r: any) => r.config.servers,
  ...nixResult,
};
