/** `attrTag`: an attribute set with exactly one attribute, whose name picks one of several options. */
import { headDefinition } from "./merge-functions.ts";
import {
  ModuleError,
  escapeNixIdentifier,
  escapeNixString,
  showFiles,
  showOption,
  wrongArgument,
} from "../errors.ts";
import { mergeOptionDecls, type MergedDecl } from "../modules/option-decls.ts";
import { OptionNode } from "../modules/option-node.ts";
import type { OptionDecl } from "../options.ts";
import { isAttrs, setOwn, sortNames, updateLazy } from "../util/attrs.ts";
import { lazyField } from "../util/lazy-fields.ts";
import { mkOptionType, type Def, type JsonSchema, type OptionType } from "./option-type.ts";

/** Where a tag's declaration is said to be (Nix names the file holding the tags). */
const tagsFile = "<attrTag {...}>";

/** A tag's option, or Nix's error when it is something else (a bare type, most likely). */
function tagOption(tags: Readonly<Record<string, unknown>>, name: string): OptionDecl {
  const option = tags[name] as { _type?: unknown } | null | undefined;
  if (isAttrs(option) && option._type === "option") return option as OptionDecl;
  const what =
    !isAttrs(option) || !("_type" in option)
      ? "was not."
      : option._type === "option-type"
        ? "was a bare type, not wrapped in mkOption."
        : `was of type ${escapeNixString(String(option._type))}.`;
  throw new ModuleError(
    `In attrTag, each tag value must be an option, but tag ${escapeNixIdentifier(name)} ${what}`,
    { code: "invalid" },
  );
}

/** A tag's option as a declaration at `loc`. */
function tagDeclaration(loc: string[], option: OptionDecl): MergedDecl {
  return mergeOptionDecls(loc, [{ file: tagsFile, options: option }]);
}

/** The one attribute name of a definition's value. */
function tagOf(def: Def): string {
  return Object.keys(def.value as object)[0]!;
}

/**
 * Nix's `types.attrTag`: `{ <tag> = value; }` with exactly one attribute, one of `tags`
 * (options made with `mkOption`); the value is that option's value.
 */
export function attrTag(tags: Readonly<Record<string, unknown>>): OptionType {
  if (!isAttrs(tags)) throw wrongArgument("the argument of types.attrTag", tags, "a set");
  const choices = sortNames(Object.keys(tags)).map(escapeNixIdentifier).join(", ");
  return mkOptionType({
    name: "attrTag",
    description: `attribute-tagged union with choices: ${choices}`,
    descriptionClass: "noun",
    check: (v) => {
      if (!isAttrs(v)) return false;
      const names = Object.keys(v);
      return names.length === 1 && Object.hasOwn(tags, names[0]!);
    },
    merge: (loc, defs) => {
      const choice = tagOf(headDefinition("attrTag's merge", loc, defs));
      const values = defs.map((def) => {
        const tag = tagOf(def);
        if (tag !== choice) {
          throw new ModuleError(
            `The option \`${showOption(loc)}\` is defined both as \`${choice}\` and \`${tag}\`, in ${showFiles(defs.map((d) => d.file))}.`,
            { code: "conflict", loc },
          );
        }
        return { file: def.file, value: (def.value as Record<string, unknown>)[choice] };
      });
      const tagLoc = [...loc, choice];
      const node = new OptionNode(
        loc,
        choice,
        tagDeclaration(tagLoc, tagOption(tags, choice)),
        values,
      );
      // Lazy, as Nix's attribute values are: the tag is known before its value is merged.
      const tagged = {};
      lazyField(tagged, choice, () => node.value);
      return tagged;
    },
    // Nix's are the tag options themselves.
    nestedTypes: tags as Record<string, OptionDecl>,
    getSubOptions: (prefix) => {
      const options: Record<string, unknown> = {};
      for (const name of Object.keys(tags)) {
        // Copied lazily: a tag's `default` may be a getter.
        const option = updateLazy({}, tagOption(tags, name)) as Record<string, unknown>;
        option.loc = [...prefix, name];
        // As Nix's, a tag declares itself where the tags are written: nixmod's name for that place.
        if (!("declarations" in option)) option.declarations = [tagsFile];
        if (!("declarationPositions" in option)) {
          option.declarationPositions = [{ file: tagsFile, line: null, column: null }];
        }
        setOwn(options, name, option);
      }
      return options;
    },
    functor: {
      name: "attrTag",
      type: (payload: { tags: Record<string, unknown> }) => attrTag(payload.tags),
      payload: { tags },
      // Tags of both declarations; a tag in both is its two declarations merged.
      binOp: (a: { tags: Record<string, unknown> }, b: { tags: Record<string, unknown> }) => {
        // Nix's `//`, which keeps the tags of earlier merges unread.
        const merged: Record<string, unknown> = updateLazy(updateLazy({}, a.tags), b.tags);
        for (const name of Object.keys(a.tags)) {
          if (!Object.hasOwn(b.tags, name)) continue;
          // Merged when the tag is used, as in Nix: two declarations that do not combine fail there.
          lazyField(merged, name, () => {
            const decl = mergeOptionDecls(
              [name],
              [a.tags, b.tags].map((t) => ({ file: tagsFile, options: tagOption(t, name) })),
            );
            const option = updateLazy({}, decl.option) as Record<string, unknown>;
            option.type = decl.type;
            return option;
          });
        }
        return { tags: merged };
      },
    },
    // Exactly one attribute, a tag: a second tag is the union's error, an unknown name "does
    // not exist" (with the tags as suggestions), and a tag's value is checked by its option.
    toJsonSchema: (ctx) => {
      const properties: Record<string, JsonSchema> = {};
      for (const name of Object.keys(tags)) {
        setOwn(properties, name, ctx.type(tagDeclaration([name], tagOption(tags, name)).type));
      }
      return {
        type: "object",
        properties,
        additionalProperties: false,
        minProperties: 1,
        maxProperties: 1,
      };
    },
  });
}
