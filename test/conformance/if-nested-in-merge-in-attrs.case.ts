import * as nix from "nixmod";
import nixResult from "./if-nested-in-merge-in-attrs.expected.json";

const { mkOption, types } = nix;

export default {
  description:
    "mkIf nested inside mkMerge inside an attribute set (and mkMerge inside a leaf) is pushed down to each option.",
  modules: [
    {
      options: {
        services: {
          web: {
            enable: mkOption({ type: types.bool, default: false }),
            port: mkOption({ type: types.int, default: 80 }),
            hosts: mkOption({ type: types.listOf(types.str), default: [] }),
          },
        },
      },
    },
    {
      services: {
        web: nix.mkMerge([
          { enable: true },
          nix.mkIf(true, { port: nix.mkMerge([nix.mkIf(false, 1), 8080]) }),
          nix.mkIf(false, { hosts: ["never"] }),
        ]),
      },
    },
  ],
  ...nixResult,
};
