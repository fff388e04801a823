import * as nix from "nixmod";
import nixResult from "./merge-mkmerge-attrsets.expected.json";

const { mkOption, types } = nix;

export default {
  description:
    "A top-level mkMerge of attribute sets defines options at different depths of the tree.",
  modules: [
    {
      options: {
        name: mkOption({ type: types.str }),
        net: {
          address: mkOption({ type: types.str }),
          dhcp: mkOption({ type: types.bool, default: true }),
        },
      },
    },
    {
      config: nix.mkMerge([
        { name: "box" },
        { net: { address: "10.0.0.2" } },
        { net: { dhcp: false } },
      ]),
    },
  ],
  ...nixResult,
};
