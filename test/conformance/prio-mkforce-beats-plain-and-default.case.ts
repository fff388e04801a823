import * as nix from "nixmod";
import nixResult from "./prio-mkforce-beats-plain-and-default.expected.json";

const { mkOption, types } = nix;

export default {
  description:
    "mkForce (50) beats a plain definition (100), mkDefault (1000) and the option default (1500).",
  modules: [
    { options: { level: mkOption({ type: types.int, default: 0 }) } },
    { level: 1 },
    { level: nix.mkForce(2) },
    { level: nix.mkDefault(3) },
  ],
  select: (r: any) => ({
    value: r.config.level,
    highestPrio: r.options.level.highestPrio,
  }),
  ...nixResult,
};
