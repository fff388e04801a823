import * as nix from "nixmod";
import nixResult from "./prio-same-priority-lists-merge.expected.json";

const { mkOption, types } = nix;

export default {
  description:
    "Several mkDefault list definitions share the winning priority and are all concatenated; the option default loses.",
  modules: [
    { options: { items: mkOption({ type: types.listOf(types.int), default: [0] }) } },
    { items: nix.mkDefault([1]) },
    { items: nix.mkDefault([2, 3]) },
  ],
  select: (r: any) => ({
    value: r.config.items,
    highestPrio: r.options.items.highestPrio,
  }),
  ...nixResult,
};
