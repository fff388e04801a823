import * as nix from "nixmod";
import nixResult from "./if-pushed-down-into-attrsof.expected.json";

const { mkOption, types } = nix;

export default {
  description:
    "mkIf false around a whole attrsOf value or around a single key removes those keys entirely.",
  modules: [
    { options: { ports: mkOption({ type: types.attrsOf(types.int) }) } },
    { ports: nix.mkIf(false, { a: 1 }) },
    { ports: { b: 2, c: nix.mkIf(false, 3) } },
  ],
  select: (r: any) => r.config.ports,
  ...nixResult,
};
