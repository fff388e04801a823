import * as nix from "nixmod";
import nixResult from "./if-false-removes-only-definition.expected.json";

const { mkOption, types } = nix;

export default {
  description:
    "When mkIf false removes the only definition, an option with a default falls back to it; one without a default has isDefined false and no definitions.",
  modules: [
    {
      options: {
        a: mkOption({ type: types.str, default: "fallback" }),
        b: mkOption({ type: types.int }),
      },
    },
    {
      a: nix.mkIf(false, "never"),
      b: nix.mkIf(false, 1),
    },
  ],
  select: (r: any) => ({
    a: r.config.a,
    bIsDefined: r.options.b.isDefined,
    bDefinitions: r.options.b.definitions,
  }),
  ...nixResult,
};
