import * as nix from "nixmod";
import nixResult from "./type-addcheck-rejects.expected.json";

const { mkOption, types } = nix;

export default {
  description: "addCheck adds a predicate to a type; a value failing it is a type error.",
  modules: [
    {
      options: { even: mkOption({ type: types.addCheck(types.int, (x: number) => x % 2 === 0) }) },
    },
    { even: 3 },
  ],
  select: (r: any) => r.config.even,
  ...nixResult,
};
