import * as nix from "nixmod";
import nixResult from "./meta-mkenableoption.expected.json";

const { mkOption, types } = nix;

export default {
  description:
    "mkEnableOption declares a bool option defaulting to false, with Nix's generated description.",
  modules: [
    {
      options: {
        web: { enable: nix.mkEnableOption("the web server") },
        ssh: { enable: nix.mkEnableOption("the SSH daemon") },
      },
    },
    { ssh: { enable: true } },
  ],
  select: (r: any) => {
    const o = r.options.web.enable;
    return {
      config: r.config,
      web: {
        default: o.default,
        description: o.description,
        isDefined: o.isDefined,
        highestPrio: o.highestPrio,
        typeName: o.type.name,
      },
    };
  },
  ...nixResult,
};
