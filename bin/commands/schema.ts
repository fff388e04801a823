/** `nixmod schema [CONFIG]`: the JSON Schema of plain-data (JSON/YAML) configs. */
import { builtinSchema, evaluate, toJsonSchema } from "../../lib/index.ts";
import { loadConfig, loadPkgs } from "../load-config.ts";
import { parse, type Command } from "./command.ts";

/** `nixmod schema`. */
export const schemaCommand: Command = {
  summary: "print the JSON Schema of plain-data (JSON/YAML) configs",
  help: `Usage: nixmod schema [CONFIG] [--pkgs FILE]

Prints the JSON Schema (draft 2020-12) that plain-data configs (.json, .yaml) follow, so
editors can complete and check them. Without CONFIG: the built-in modules' options (the
schema shipped as schema/nixmod.schema.json). With CONFIG: those plus the options CONFIG
and its imports declare, for a project with modules of its own.

  nixmod schema > nixmod.schema.json
  # then, in a YAML config:  # yaml-language-server: $schema=./nixmod.schema.json

Options:
  --pkgs FILE   JSON or YAML map of package names to store paths (with CONFIG)
  -h, --help    show this help
`,
  async run(args) {
    const { values, positionals } = parse(
      args,
      { pkgs: { type: "string" } },
      { min: 0, max: 1, names: "at most one CONFIG file" },
    );
    let schema;
    if (positionals.length === 0) {
      schema = builtinSchema();
    } else {
      const file = positionals[0]!;
      const modules = await loadConfig(file);
      const evaluation = evaluate(
        modules,
        values.pkgs === undefined ? {} : { pkgs: loadPkgs(values.pkgs) },
      );
      schema = toJsonSchema(evaluation.options as Record<string, unknown>, {
        title: "NixmodConfig",
        description: `A plain-data configuration (one module) of nixmod's built-in system with the options declared by ${file}.`,
      });
    }
    process.stdout.write(`${JSON.stringify(schema, null, 2)}\n`);
    return 0;
  },
};
