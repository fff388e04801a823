import * as nix from "nixmod";
import nixResult from "./type-bool-conflict.expected.json";

const { mkOption, types } = nix;

export default {
  description: "Two different bool definitions at the same priority conflict.",
  modules: [{ options: { flag: mkOption({ type: types.bool }) } }, { flag: true }, { flag: false }],
  select: (r: any) => r.config.flag,
  ...nixResult,
};
