import * as nix from "nixmod";
import nixResult from "./order-before-after-listof.expected.json";

const { mkOption, types } = nix;

export default {
  description:
    "In listOf, mkBefore (500), mkOrder 700, plain (1000) and mkAfter (1500) definitions are sorted by order priority.",
  modules: [
    { options: { steps: mkOption({ type: types.listOf(types.str) }) } },
    { steps: ["middle"] },
    { steps: nix.mkAfter(["last"]) },
    { steps: nix.mkBefore(["first"]) },
    { steps: nix.mkOrder(700, ["early"]) },
  ],
  select: (r: any) => r.config.steps,
  ...nixResult,
};
