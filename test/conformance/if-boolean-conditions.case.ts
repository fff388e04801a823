import * as nix from "nixmod";
import nixResult from "./if-boolean-conditions.expected.json";

const { mkOption, types } = nix;

export default {
  description:
    "mkIf true keeps its content; mkIf false drops it, so that option keeps its default.",
  modules: [
    {
      options: {
        a: mkOption({ type: types.int, default: 0 }),
        b: mkOption({ type: types.int, default: 0 }),
      },
    },
    {
      config: nix.mkMerge([nix.mkIf(true, { a: 1 }), nix.mkIf(false, { b: 2 })]),
    },
  ],
  ...nixResult,
};
