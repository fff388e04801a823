import * as nix from "nixmod";
import nixResult from "./mod-freeform-type.expected.json";

const { mkOption, types } = nix;

export default {
  description:
    "With a freeformType, definitions without a declared option are checked against it and appear in config beside declared options.",
  modules: [
    {
      freeformType: types.attrsOf(types.str),
      options: { name: mkOption({ type: types.str, default: "unnamed" }) },
    },
    { color: "blue", size: "large" },
  ],
  ...nixResult,
};
