/** `nixmod eval CONFIG`: the evaluated configuration as JSON, or the rendered host as a tree. */
import { checkScripts, evaluate, render, writeTree } from "../../lib/index.ts";
import { loadConfig, loadPkgs } from "../load-config.ts";
import { UsageError } from "../report.ts";
import { jsonText, parse, selectAttr, type Command } from "./command.ts";

/** `nixmod eval`. */
export const evalCommand: Command = {
  summary: "evaluate a config module and print it as JSON (or write the rendered host)",
  help: `Usage: nixmod eval CONFIG [--attr PATH] [--out DIR] [--check-scripts] [--pkgs FILE]

Evaluates CONFIG (.ts, .js, .json or .yaml) with the built-in NixOS-style modules.

Options:
  --attr PATH   print only this part of the configuration (e.g. systemd.services); quote a
                name that holds a dot as for nix -A: 'environment.etc."resolv.conf"'
  --out DIR     write the rendered host (unit files, /etc files, scripts, links) to DIR,
                which must be missing, empty or a tree written before (it is replaced);
                the configuration's warnings go to stderr, as a NixOS build shows them
  --check-scripts
                run the check NixOS's build runs on every job script (bash -n -O extglob,
                with the bash on PATH) and fail as the build would on a syntax error
  --pkgs FILE   JSON or YAML map of package names to store paths, overriding the defaults
  -h, --help    show this help
`,
  async run(args) {
    const { values, positionals } = parse(
      args,
      {
        attr: { type: "string" },
        out: { type: "string" },
        pkgs: { type: "string" },
        "check-scripts": { type: "boolean" },
      },
      { min: 1, max: 1, names: "one CONFIG file" },
    );
    // An empty value (an unset shell variable) would name the working directory.
    if (values.out === "") throw new UsageError("--out needs a directory name");
    const modules = await loadConfig(positionals[0]!);
    const pkgs = values.pkgs === undefined ? undefined : loadPkgs(values.pkgs);
    const evaluation = evaluate(modules, pkgs === undefined ? {} : { pkgs });
    const checkJobScripts = values["check-scripts"] === true;
    if (values.out !== undefined || checkJobScripts) {
      const rendered = render(evaluation);
      if (checkJobScripts) await checkScripts(rendered);
      if (values.out !== undefined) {
        const entries = writeTree(rendered, values.out);
        for (const warning of rendered.warnings) process.stderr.write(`warning: ${warning}\n`);
        const what = entries.length === 1 ? "file or link" : "files and links";
        process.stdout.write(`wrote ${entries.length} ${what} to ${values.out}\n`);
        return 0;
      }
    }
    const selected =
      values.attr === undefined ? evaluation.config : selectAttr(evaluation.config, values.attr);
    process.stdout.write(`${jsonText(selected)}\n`);
    return 0;
  },
};
