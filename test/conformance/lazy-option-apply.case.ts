import * as nix from "nixmod";
import nixResult from "./lazy-option-apply.expected.json";

const { mkOption, types } = nix;

export default {
  description:
    "apply transforms the merged value seen in config and in options.X.value; definitions stay the raw (unapplied) values.",
  modules: [
    {
      options: {
        names: mkOption({
          type: types.listOf(types.str),
          apply: (xs: string[]) => [...xs].sort(),
        }),
      },
    },
    { names: ["c", "a"] },
    { names: ["b"] },
  ],
  select: (r: any) => ({
    config: r.config.names,
    optionValue: r.options.names.value,
    definitions: r.options.names.definitions,
  }),
  ...nixResult,
};
