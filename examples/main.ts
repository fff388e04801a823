/** The main job on a built-in example: evaluate a small module set and print its config as JSON. */
import { evalModules, mkDefault, mkIf, mkOption, types } from "../lib/index.ts";

const result = evalModules({
  modules: [
    {
      _file: "examples/main.ts#options",
      options: {
        services: {
          web: {
            enable: mkOption({ type: types.bool, default: false }),
            port: mkOption({ type: types.port, default: 80 }),
            hosts: mkOption({ type: types.listOf(types.str), default: [] }),
          },
        },
      },
    },
    ({ config }: { config: any }) => ({
      _file: "examples/main.ts#web",
      config: mkIf(() => config.services.web.enable, {
        services: { web: { port: mkDefault(8080), hosts: ["example.org"] } },
      }),
    }),
    { _file: "examples/main.ts#host", services: { web: { enable: true } } },
  ],
});

console.log(JSON.stringify(result.config, null, 2));
