import * as nix from "nixmod";
import nixResult from "./type-coercedto.expected.json";

const { mkOption, types } = nix;

export default {
  description:
    "coercedTo converts values of the source type (including the default) and passes values of the final type through.",
  modules: [
    {
      options: {
        a: mkOption({ type: types.coercedTo(types.int, (n: number) => String(n), types.str) }),
        b: mkOption({ type: types.coercedTo(types.int, (n: number) => String(n), types.str) }),
        c: mkOption({
          type: types.coercedTo(types.int, (n: number) => String(n), types.str),
          default: 7,
        }),
      },
    },
    { a: 42, b: "already a string" },
  ],
  ...nixResult,
};
