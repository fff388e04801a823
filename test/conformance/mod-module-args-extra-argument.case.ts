import * as nix from "nixmod";
import nixResult from "./mod-module-args-extra-argument.expected.json";

const { mkOption, types } = nix;

export default {
  description:
    "A value set in _module.args by one module is passed as a module argument to others (read lazily here).",
  modules: [
    { options: { url: mkOption({ type: types.str }) } },
    { _module: { args: { site: { domain: "example.org" } } } },
    (args: any) => ({
      get url() {
        return "https://" + args.site.domain + "/";
      },
    }),
  ],
  select: (r: any) => r.config.url,
  ...nixResult,
};
