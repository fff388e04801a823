import * as nix from "nixmod";
import nixResult from "./lazy-getter-reads-other-option.expected.json";

const { mkOption, types } = nix;

export default {
  description:
    "A definition that reads another option through config is evaluated lazily (a getter in TypeScript).",
  modules: [
    {
      options: {
        base: mkOption({ type: types.int }),
        doubled: mkOption({ type: types.int }),
      },
    },
    ({ config }: any) => ({
      get doubled() {
        return config.base * 2;
      },
    }),
    { base: 21 },
  ],
  ...nixResult,
};
