import * as nix from "nixmod";
import nixResult from "./type-submodule-declared-twice-merges.expected.json";

const { mkOption, types } = nix;

export default {
  description:
    "A submodule option declared in two modules gets the sub-options of both declarations.",
  modules: [
    {
      options: {
        db: mkOption({
          type: types.submodule({
            options: { host: mkOption({ type: types.str, default: "localhost" }) },
          }),
        }),
      },
    },
    {
      options: {
        db: mkOption({
          type: types.submodule({
            options: { port: mkOption({ type: types.int, default: 5432 }) },
          }),
        }),
      },
    },
    { db: { port: 6000 } },
  ],
  select: (r: any) => r.config.db,
  ...nixResult,
};
