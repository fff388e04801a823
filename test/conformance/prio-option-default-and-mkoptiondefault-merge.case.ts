import * as nix from "nixmod";
import nixResult from "./prio-option-default-and-mkoptiondefault-merge.expected.json";

const { mkOption, types } = nix;

export default {
  description:
    "A config-side mkOptionDefault has the same priority (1500) as the option's default, so for a list both are merged.",
  modules: [
    { options: { tags: mkOption({ type: types.listOf(types.str), default: ["from-default"] }) } },
    { tags: nix.mkOptionDefault(["from-mkOptionDefault"]) },
  ],
  select: (r: any) => ({
    value: r.config.tags,
    isDefined: r.options.tags.isDefined,
    highestPrio: r.options.tags.highestPrio,
    definitions: r.options.tags.definitions,
  }),
  ...nixResult,
};
