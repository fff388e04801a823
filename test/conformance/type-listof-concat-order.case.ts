import * as nix from "nixmod";
import nixResult from "./type-listof-concat-order.expected.json";

const { mkOption, types } = nix;

export default {
  description:
    "listOf concatenates definitions from several modules; the order is the module system's definition order (see the expected value).",
  modules: [
    { options: { names: mkOption({ type: types.listOf(types.str) }) } },
    { names: ["a"] },
    { names: ["b", "c"] },
    { names: ["d"] },
  ],
  select: (r: any) => r.config.names,
  ...nixResult,
};
