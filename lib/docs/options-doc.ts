/**
 * The option reference, generated from the declarations like the NixOS manual's: one entry
 * per visible option (name, type description, default, example, description, declaring
 * files), nested options under `<name>`/`*` placeholders as Nix's `getSubOptions` names them.
 *
 * The walk follows nixpkgs' `optionAttrSetToDocList` and the manual's filter: an internal or
 * invisible option is left out (an internal one's sub-options are not), `visible = "shallow"`
 * hides an option's sub-options, `visible = "transparent"` hides the option but keeps its
 * sub-options. A lazy default (a getter, which may read the configuration) is shown through
 * `defaultText`, or as computed when there is none; an option without a default shows its
 * type's empty value (`[ ]`, `{ }`, `null`), as Nix's list does.
 */
import { showOption, wrongArgument } from "../errors.ts";
import { isOption } from "../options.ts";
import {
  docValue,
  hasProperty,
  normalizeDescription,
  staticProperty,
  type DocValue,
} from "../schema/values.ts";
import { unknownModule } from "../modules/module.ts";
import { isOptionType } from "../types/option-type.ts";
import { compareNames, isAttrs, sortNames } from "../util/attrs.ts";

/** One option as the reference shows it. */
export interface OptionDoc {
  /** The option path with placeholders (`systemd.containers.<name>.path`). */
  name: string;
  loc: string[];
  /** The type's description (`null or string`). */
  type: string;
  description: string;
  default?: DocValue;
  example?: DocValue;
  readOnly: boolean;
  /** The files that declare the option. */
  declarations: string[];
}

/** What `optionsDoc` and `optionsToMarkdown` take besides the option tree. */
export interface OptionsDocOptions {
  /** How a declaring file is shown (e.g. made relative to the repository); identity by default. */
  declaration?: (file: string) => string;
}

function visit(
  tree: Record<string, unknown>,
  top: boolean,
  out: OptionDoc[],
  opts: OptionsDocOptions,
): void {
  for (const key of sortNames(Object.keys(tree))) {
    // `_module.args` is documented once, at the root; submodules' `_module` never.
    if (key === "_module" && !top) continue;
    const child = tree[key];
    if (isOption(child)) {
      const opt = child as unknown as Record<string, unknown>;
      const visible = opt.visible ?? true;
      const shown = typeof visible === "boolean" ? visible : visible === "shallow";
      const subsShown = typeof visible === "boolean" ? visible : visible === "transparent";
      if (shown && opt.internal !== true) out.push(describe(opt, opts));
      if (subsShown && isOptionType(opt.type)) {
        const loc = Array.isArray(opt.loc) ? (opt.loc as string[]) : [];
        const subs = opt.type.getSubOptions(loc);
        if (isAttrs(subs)) visit(subs, false, out, opts);
      }
    } else if (isAttrs(child)) {
      visit(child, false, out, opts);
    }
  }
}

function describe(opt: Record<string, unknown>, opts: OptionsDocOptions): OptionDoc {
  const loc = Array.isArray(opt.loc) ? (opt.loc as string[]) : [];
  const description = staticProperty(opt, "description")?.value;
  const doc: OptionDoc = {
    name: showDocName(loc),
    loc,
    type: isOptionType(opt.type) ? opt.type.description : "unspecified",
    description: typeof description === "string" ? normalizeDescription(description) : "",
    readOnly: opt.readOnly === true,
    declarations: (Array.isArray(opt.declarations) ? (opt.declarations as string[]) : [])
      .filter((f) => f !== unknownModule)
      .map((f) => (opts.declaration ?? ((x: string) => x))(f)),
  };
  const defaultText = staticProperty(opt, "defaultText");
  if (defaultText !== undefined) {
    // As nixpkgs lib 26.11 renders it: a plain string is a string, not code.
    doc.default = docValue(defaultText.value);
  } else if (hasProperty(opt, "default")) {
    const value = staticProperty(opt, "default");
    doc.default = value === undefined ? { kind: "computed" } : docValue(value.value);
  } else if (isOptionType(opt.type) && opt.type.subModules === null) {
    // `undefined` is nixmod's own empty value for an unset `config` (no Nix value to show).
    const empty = opt.type.emptyValue?.value;
    if (empty !== undefined) doc.default = docValue(empty);
  }
  const example = staticProperty(opt, "example");
  if (example !== undefined) doc.example = docValue(example.value);
  return doc;
}

/** An option path as the manual shows it: placeholders such as `<name>` and `*` stay bare. */
function showDocName(loc: readonly string[]): string {
  return loc.map((p) => (/^<[^>]*>$|^\*$/.test(p) ? p : showOption([p]))).join(".");
}

/** Every documented option of a tree (an `evalModules` result's `options`), sorted by name. */
export function optionsDoc(
  options: Record<string, unknown>,
  opts: OptionsDocOptions = {},
): OptionDoc[] {
  if (!isAttrs(options)) throw wrongArgument("the options given to optionsDoc", options, "a set");
  const out: OptionDoc[] = [];
  visit(options, true, out, opts ?? {});
  return out.sort((a, b) => compareLocs(a.loc, b.loc));
}

function compareLocs(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareNames(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

function inlineCode(text: string): string {
  const ticks = Math.max(0, ...(text.match(/`+/g) ?? []).map((t) => t.length)) + 1;
  const fence = "`".repeat(ticks);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

function codeBlock(text: string): string {
  const ticks = Math.max(2, ...(text.match(/`+/g) ?? []).map((t) => t.length)) + 1;
  const fence = "`".repeat(ticks);
  return `${fence}nix\n${text}\n${fence}`;
}

function showDocValue(value: DocValue): string {
  if (value.kind === "computed") return "*(computed from the configuration)*";
  if (value.kind === "markdown") return normalizeDescription(value.text);
  const text = normalizeDescription(value.text);
  return text.includes("\n") ? codeBlock(text) : inlineCode(text);
}

/** The option reference as Markdown (headings per option, like the NixOS manual's option list). */
export function optionsToMarkdown(
  options: Record<string, unknown>,
  opts: OptionsDocOptions & { title?: string; preamble?: string } = {},
): string {
  const docs = optionsDoc(options, opts);
  const { title = "Options", preamble } = opts ?? {};
  const parts: string[] = [`# ${title}`];
  if (preamble !== undefined) parts.push(String(preamble).trim());
  for (const doc of docs) {
    const entry: string[] = [`## ${inlineCode(doc.name)}`];
    if (doc.description !== "") entry.push(doc.description);
    entry.push(`*Type:*\n${doc.type}${doc.readOnly ? " *(read only)*" : ""}`);
    if (doc.default !== undefined) entry.push(`*Default:*\n${showDocValue(doc.default)}`);
    if (doc.example !== undefined) entry.push(`*Example:*\n${showDocValue(doc.example)}`);
    if (doc.declarations.length > 0) {
      entry.push(`*Declared by:*\n${doc.declarations.map((d) => `- ${inlineCode(d)}`).join("\n")}`);
    }
    parts.push(entry.join("\n\n"));
  }
  return `${parts.join("\n\n")}\n`;
}
