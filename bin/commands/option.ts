/** `nixmod option PATH CONFIG`: what `nixos-option` shows, with every definition's file, line and fate. */
import { evaluate, explain, formatExplanation } from "../../lib/index.ts";
import { loadConfig, loadPkgs } from "../load-config.ts";
import { jsonText, parse, type Command } from "./command.ts";

/** `nixmod option`. */
export const optionCommand: Command = {
  summary:
    "show an option: value, type, default, description, every definition and why it won or lost",
  help: `Usage: nixmod option PATH CONFIG [--json] [--pkgs FILE]

Shows the option PATH (e.g. systemd.containers.web.hostAddress, or with a quoted name as for
nix -A: 'systemd.services."container@web".enable') of CONFIG evaluated with the built-in
modules: its value, type, default and description, then every definition with the file (and
line:column) it came from, its priority, and whether it won, lost or was removed by mkIf.

Options:
  --json        print the explanation as JSON
  --pkgs FILE   JSON or YAML map of package names to store paths
  -h, --help    show this help
`,
  async run(args) {
    const { values, positionals } = parse(
      args,
      { json: { type: "boolean" }, pkgs: { type: "string" } },
      { min: 2, max: 2, names: "PATH and CONFIG" },
    );
    const [path, file] = positionals as [string, string];
    const modules = await loadConfig(file);
    const evaluation = evaluate(
      modules,
      values.pkgs === undefined ? {} : { pkgs: loadPkgs(values.pkgs) },
    );
    const e = explain(evaluation, path);
    process.stdout.write(values.json ? `${jsonText(e)}\n` : formatExplanation(e));
    return 0;
  },
};
