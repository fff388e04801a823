import * as nix from "nixmod";
import nixResult from "./type-int-rejects-string.expected.json";

const { mkOption, types } = nix;

export default {
  description: "A string definition for an int option is a type error.",
  modules: [{ options: { count: mkOption({ type: types.int }) } }, { count: "5" }],
  select: (r: any) => r.config.count,
  ...nixResult,
};
