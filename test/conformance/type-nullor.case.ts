import * as nix from "nixmod";
import nixResult from "./type-nullor.expected.json";

const { mkOption, types } = nix;

export default {
  description:
    "nullOr accepts null or a value of the inner type; a null definition overrides a non-null default.",
  modules: [
    {
      options: {
        a: mkOption({ type: types.nullOr(types.int), default: null }),
        b: mkOption({ type: types.nullOr(types.int) }),
        c: mkOption({ type: types.nullOr(types.str), default: "set" }),
      },
    },
    { b: 3, c: null },
  ],
  ...nixResult,
};
