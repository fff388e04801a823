import * as nix from "nixmod";
import nixResult from "./err-listof-element-type.expected.json";

const { mkOption, types } = nix;

export default {
  description:
    "A bad list element is reported at a path naming the definition and the entry (1-based).",
  modules: [
    { options: { nums: mkOption({ type: types.listOf(types.int) }) } },
    { nums: [1, "two", 3] },
  ],
  select: (r: any) => r.config.nums,
  ...nixResult,
};
