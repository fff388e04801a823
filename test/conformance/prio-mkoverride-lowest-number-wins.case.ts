import * as nix from "nixmod";
import nixResult from "./prio-mkoverride-lowest-number-wins.expected.json";

const { mkOption, types } = nix;

export default {
  description:
    "Among mkOverride 10, mkOverride 20, mkForce and a plain definition, the numerically lowest priority wins.",
  modules: [
    { options: { mode: mkOption({ type: types.str }) } },
    { mode: nix.mkOverride(20, "twenty") },
    { mode: "plain" },
    { mode: nix.mkOverride(10, "ten") },
    { mode: nix.mkForce("forced") },
  ],
  select: (r: any) => ({
    value: r.config.mode,
    highestPrio: r.options.mode.highestPrio,
    definitions: r.options.mode.definitions,
  }),
  ...nixResult,
};
