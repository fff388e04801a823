import * as nix from "nixmod";
import nixResult from "./merge-mkmerge-lists.expected.json";

const { mkOption, types } = nix;

export default {
  description:
    "mkMerge of list values contributes each list as its own definition, concatenated with other modules' definitions.",
  modules: [
    { options: { xs: mkOption({ type: types.listOf(types.int) }) } },
    { xs: nix.mkMerge([[1], [2, 3]]) },
    { xs: [4] },
  ],
  select: (r: any) => r.config.xs,
  ...nixResult,
};
