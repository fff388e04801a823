import * as nix from "nixmod";
import nixResult from "./mod-shorthand-with-reserved-keys.expected.json";

const { mkOption, types } = nix;

export default {
  description:
    "A shorthand module (no options/config) is all config except the reserved keys such as _file and imports.",
  modules: [
    {
      options: {
        a: mkOption({ type: types.int }),
        b: { c: mkOption({ type: types.str }) },
        xs: mkOption({ type: types.listOf(types.str) }),
      },
    },
    {
      _file: "short.nix",
      imports: [{ xs: ["imported"] }],
      a: 1,
      b: { c: "nested" },
      xs: ["own"],
    },
  ],
  select: (r: any) => ({
    config: r.config,
    aFiles: r.options.a.files,
  }),
  ...nixResult,
};
