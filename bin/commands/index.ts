/** Every CLI command by name. */
import type { Command } from "./command.ts";
import { docsCommand } from "./docs.ts";
import { evalCommand } from "./eval.ts";
import { optionCommand } from "./option.ts";
import { planCommand } from "./plan.ts";
import { schemaCommand } from "./schema.ts";

/** The commands `nixmod` knows. */
export const commands: Record<string, Command> = {
  eval: evalCommand,
  option: optionCommand,
  plan: planCommand,
  schema: schemaCommand,
  docs: docsCommand,
};
