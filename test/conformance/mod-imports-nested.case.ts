import * as nix from "nixmod";
import nixResult from "./mod-imports-nested.expected.json";

const { mkOption, types } = nix;

const inner = {
  options: { parts: mkOption({ type: types.listOf(types.str) }) },
  config: { parts: ["inner"] },
};
const middle = {
  imports: [inner],
  parts: ["middle"],
};

export default {
  description:
    "Options declared and defined in nested imports (outer imports middle imports inner) are all collected.",
  modules: [
    {
      imports: [middle],
      parts: ["outer"],
    },
  ],
  select: (r: any) => ({
    parts: r.config.parts,
    loc: r.options.parts.loc,
  }),
  ...nixResult,
};
