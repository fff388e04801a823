import * as nix from "nixmod";
import nixResult from "./meta-definitions-and-files.expected.json";

const { mkOption, types } = nix;

export default {
  description:
    "options.X.definitions and .files list only the definitions that survived priority filtering, in merge order, with each module's _file.",
  modules: [
    { _file: "decl.nix", options: { packages: mkOption({ type: types.listOf(types.str) }) } },
    { _file: "base.nix", packages: nix.mkDefault(["fallback"]) },
    { _file: "one.nix", packages: ["x"] },
    { _file: "two.nix", packages: ["y", "z"] },
  ],
  select: (r: any) => ({
    value: r.config.packages,
    definitions: r.options.packages.definitions,
    files: r.options.packages.files,
    isDefined: r.options.packages.isDefined,
    highestPrio: r.options.packages.highestPrio,
  }),
  ...nixResult,
};
