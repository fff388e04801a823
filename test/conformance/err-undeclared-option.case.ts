import * as nix from "nixmod";
import nixResult from "./err-undeclared-option.expected.json";

const { mkOption, types } = nix;

export default {
  description:
    "Defining an option that no module declares fails with the path of the undeclared option.",
  modules: [
    { options: { services: { web: { enable: mkOption({ type: types.bool, default: false }) } } } },
    { services: { web: { enabled: true } } },
  ],
  ...nixResult,
};
