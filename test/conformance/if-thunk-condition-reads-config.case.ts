import * as nix from "nixmod";
import nixResult from "./if-thunk-condition-reads-config.expected.json";

const { mkOption, types } = nix;

export default {
  description:
    "The classic 'config = mkIf cfg.enable { ... }' inside the module that declares enable: the condition reads config lazily (push-down) and must not recurse.",
  modules: [
    ({ config }: any) => ({
      options: {
        enable: mkOption({ type: types.bool, default: false }),
        port: mkOption({ type: types.int, default: 80 }),
      },
      config: nix.mkIf(() => config.enable, { port: 8080 }),
    }),
    { enable: true },
  ],
  ...nixResult,
};
