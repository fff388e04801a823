/** Option declarations: `mkOption`, `mkEnableOption` and what the evaluator needs to recognise them. */
import type { OptionType } from "./types/option-type.ts";
import { bool } from "./types/basic.ts";
import { copyProperty } from "./util/lazy-fields.ts";

/** What `mkOption` takes; `default` may be a getter, read only when the option is evaluated. */
export interface OptionSpec<T = any, In = T> {
  type?: OptionType<T> & { readonly "~input"?: In };
  default?: In;
  defaultText?: unknown;
  example?: unknown;
  description?: string;
  apply?: (value: T) => unknown;
  readOnly?: boolean;
  internal?: boolean;
  visible?: boolean | "shallow" | "transparent";
  relatedPackages?: unknown;
}

/** An option declaration: `mkOption`'s argument tagged as an option. */
export type OptionDecl<T = any> = OptionSpec<T> & { readonly _type: "option" };

/** Declares an option; a getter (`get default()`, `get type()`, …) stays lazy. */
export function mkOption<T = any, In = T>(spec: OptionSpec<T, In> = {}): OptionDecl<T> {
  const lazy = Object.keys(spec).some(
    (key) => Object.getOwnPropertyDescriptor(spec, key)!.get !== undefined,
  );
  if (!lazy) {
    return { _type: "option", ...spec } as OptionDecl<T>;
  }
  const decl = { _type: "option" } as OptionDecl<T>;
  for (const key of Object.keys(spec)) {
    copyProperty(decl, spec, key);
  }
  return decl;
}

/** A boolean option that enables `name`: default false, example true. */
export function mkEnableOption(name: string): OptionDecl<boolean> {
  return mkOption({
    type: bool,
    default: false,
    example: true,
    description: `Whether to enable ${name}.`,
  });
}

/** Whether a value is an option declaration. */
export function isOption(value: unknown): value is OptionDecl {
  if (typeof value !== "object" || value === null) return false;
  const desc = Object.getOwnPropertyDescriptor(value, "_type");
  return desc !== undefined && desc.value === "option";
}

/** A Nix expression shown in documentation instead of a value (Nix's `literalExpression`). */
export function literalExpression(text: string): { _type: "literalExpression"; text: string } {
  return { _type: "literalExpression", text };
}

/** Markdown shown in documentation instead of a value (Nix's `literalMD`). */
export function literalMD(text: string): { _type: "literalMD"; text: string } {
  return { _type: "literalMD", text };
}
