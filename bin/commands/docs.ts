/** `nixmod docs [CONFIG]`: the option reference, as the NixOS manual lists options. */
import { isAbsolute, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { evaluate, optionsDoc, optionsToMarkdown } from "../../lib/index.ts";
import { packageFile } from "../package-root.ts";
import { loadConfig, loadPkgs } from "../load-config.ts";
import { parse, type Command } from "./command.ts";

const packageRoot = fileURLToPath(packageFile(""));

/** A declaring file as the reference shows it: relative to nixmod for its own modules, else to the working directory. */
function declaration(file: string): string {
  const path = file.startsWith("file:") ? fileURLToPath(file) : file;
  if (!isAbsolute(path)) return path;
  if (path.startsWith(packageRoot)) return path.slice(packageRoot.length);
  return relative(process.cwd(), path);
}

/** `nixmod docs`. */
export const docsCommand: Command = {
  summary: "print the option reference (Markdown, or JSON with --json)",
  help: `Usage: nixmod docs [CONFIG] [--json] [--pkgs FILE]

Prints the option reference: every visible option with its type, default, example,
description and the files that declare it, sorted by name. Without CONFIG: the built-in
modules' options (as in docs/options.md). With CONFIG: those plus the options CONFIG and its
imports declare.

Options:
  --json        print the options as a JSON array ({ name, loc, type, description, default,
                example, readOnly, declarations })
  --pkgs FILE   JSON or YAML map of package names to store paths (with CONFIG)
  -h, --help    show this help
`,
  async run(args) {
    const { values, positionals } = parse(
      args,
      { json: { type: "boolean" }, pkgs: { type: "string" } },
      { min: 0, max: 1, names: "at most one CONFIG file" },
    );
    const file = positionals[0];
    const modules = file === undefined ? [] : await loadConfig(file);
    const evaluation = evaluate(
      modules,
      values.pkgs === undefined ? {} : { pkgs: loadPkgs(values.pkgs) },
    );
    const options = evaluation.options as Record<string, unknown>;
    if (values.json) {
      process.stdout.write(`${JSON.stringify(optionsDoc(options, { declaration }), null, 2)}\n`);
      return 0;
    }
    const preamble =
      file === undefined
        ? "The options of nixmod's built-in system: the modules `evaluate()` runs."
        : `The options of nixmod's built-in system and of \`${file}\`.`;
    process.stdout.write(
      optionsToMarkdown(options, { title: "Option reference", preamble, declaration }),
    );
    return 0;
  },
};
