/** Every CLI command by name. */
import type { Command } from "./command.ts";
import { evalCommand } from "./eval.ts";
import { optionCommand } from "./option.ts";
import { planCommand } from "./plan.ts";

/** The commands `nixmod` knows. */
export const commands: Record<string, Command> = {
  eval: evalCommand,
  option: optionCommand,
  plan: planCommand,
};
