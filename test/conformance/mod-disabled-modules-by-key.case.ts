import * as nix from "nixmod";
import nixResult from "./mod-disabled-modules-by-key.expected.json";

const { mkOption, types } = nix;

const legacy = {
  key: "legacy",
  options: { legacyOnly: mkOption({ type: types.bool, default: true }) },
  config: { items: ["legacy"] },
};

export default {
  description:
    "disabledModules with a module that has a key removes that module's declarations and definitions.",
  modules: [
    { options: { items: mkOption({ type: types.listOf(types.str), default: [] }) } },
    legacy,
    { items: ["kept"] },
    { disabledModules: [legacy] },
  ],
  select: (r: any) => ({
    items: r.config.items,
    legacyDeclared: "legacyOnly" in r.options,
  }),
  ...nixResult,
};
