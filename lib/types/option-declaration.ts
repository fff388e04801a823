/** `optionDeclaration`: a value that is an option declaration (what `mkOption` makes). */
import { isOption } from "../options.ts";
import { markLocFree } from "./loc-free.ts";
import { mkOptionType, type OptionType } from "./option-type.ts";
import type { OptionDecl } from "../options.ts";

/** An option declaration; an evaluated option (which has a `value`) is not one, as in Nix. */
export const optionDeclaration: OptionType<OptionDecl> = markLocFree(
  mkOptionType<OptionDecl>({
    name: "optionDeclaration",
    description: "option declaration",
    descriptionClass: "noun",
    check: (value) => isOption(value) && !("value" in value),
    // A declaration holds functions (a type, perhaps a default): no JSON value is one.
    toJsonSchema: () => ({ not: {}, "x-nixmod-unrepresentable": "optionDeclaration" }),
  }),
);
