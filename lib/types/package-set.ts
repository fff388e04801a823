/** `pkgs`: a whole Nixpkgs package set, given once. */
import { addCheck } from "./add-check.ts";
import { attrs } from "./basic.ts";
import { markLocFree } from "./loc-free.ts";
import { extendType, type OptionType } from "./option-type.ts";
import { unique } from "./unique.ts";

const once = unique(
  { message: "A Nixpkgs pkgs set can not be merged with another pkgs set." },
  attrs,
);

const tagged = addCheck(
  extendType(once, {
    name: "pkgs",
    description: "Nixpkgs package set",
    descriptionClass: "noun",
  }),
  (x: Record<string, unknown>) => x._type === "pkgs",
);

/**
 * A set tagged `_type = "pkgs"` (what nixpkgs' top level gives), defined at most once.
 * Declared twice, it is `unique attrs` (any set), as in Nix.
 */
export const pkgs: OptionType<Record<string, unknown>> = markLocFree(
  // The tag is the whole check: the schema says it, where addCheck's would not.
  extendType(tagged, {
    toJsonSchema: () => ({
      type: "object",
      properties: { _type: { const: "pkgs" } },
      required: ["_type"],
    }),
  }),
  once,
);
