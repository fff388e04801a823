import * as nix from "nixmod";
import nixResult from "./lazy-real-cycle.expected.json";

const { mkOption, types } = nix;

export default {
  description:
    "Two options defined from each other form a real cycle, reported as infinite recursion.",
  modules: [
    {
      options: {
        a: mkOption({ type: types.int }),
        b: mkOption({ type: types.int }),
      },
    },
    ({ config }: any) => ({
      get a() {
        return config.b + 1;
      },
      get b() {
        return config.a + 1;
      },
    }),
  ],
  select: (r: any) => r.config.a,
  ...nixResult,
};
