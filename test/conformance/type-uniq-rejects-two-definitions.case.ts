import * as nix from "nixmod";
import nixResult from "./type-uniq-rejects-two-definitions.expected.json";

const { mkOption, types } = nix;

export default {
  description: "uniq refuses a second definition even when both values are equal.",
  modules: [{ options: { id: mkOption({ type: types.uniq(types.int) }) } }, { id: 1 }, { id: 1 }],
  select: (r: any) => r.config.id,
  ...nixResult,
};
