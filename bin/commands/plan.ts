/** `nixmod plan OLD NEW`: what switching from one config to another would start, stop, restart or reload. */
import { evaluate, formatPlan, plan } from "../../lib/index.ts";
import { loadConfig, loadPkgs } from "../load-config.ts";
import { parse, type Command } from "./command.ts";

/** `nixmod plan`. */
export const planCommand: Command = {
  summary: "show what switching from OLD to NEW does to units and files",
  help: `Usage: nixmod plan OLD NEW [--json] [--pkgs FILE]

Evaluates and renders both configs, then applies switch-to-configuration's rules
(reloadIfChanged, restartIfChanged, stopIfChanged, X-Reload-Triggers) to every unit.

Options:
  --json        print the plan as JSON
  --pkgs FILE   JSON or YAML map of package names to store paths (for both configs)
  -h, --help    show this help
`,
  async run(args) {
    const { values, positionals } = parse(
      args,
      { json: { type: "boolean" }, pkgs: { type: "string" } },
      { min: 2, max: 2, names: "OLD and NEW config files" },
    );
    const opts = values.pkgs === undefined ? {} : { pkgs: loadPkgs(values.pkgs) };
    const before = evaluate(await loadConfig(positionals[0]!), opts);
    const after = evaluate(await loadConfig(positionals[1]!), opts);
    const p = plan(before, after);
    // As a build of NEW shows them (the switch builds it first).
    for (const warning of p.warnings) process.stderr.write(`warning: ${warning}\n`);
    process.stdout.write(values.json ? `${JSON.stringify(p, null, 2)}\n` : formatPlan(p));
    return 0;
  },
};
