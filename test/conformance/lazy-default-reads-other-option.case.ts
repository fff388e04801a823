import * as nix from "nixmod";
import nixResult from "./lazy-default-reads-other-option.expected.json";

const { mkOption, types } = nix;

export default {
  description:
    "An option default may read another option through config; it is only evaluated when needed (a getter on the mkOption argument in TypeScript).",
  modules: [
    ({ config }: any) => ({
      options: {
        user: mkOption({ type: types.str }),
        greeting: mkOption({
          type: types.str,
          get default() {
            return "hello " + config.user;
          },
        }),
      },
    }),
    { user: "world" },
  ],
  select: (r: any) => r.config.greeting,
  ...nixResult,
};
