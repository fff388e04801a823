/** `luaInline`: Lua source to be written as it is (what nixpkgs' `lib.generators.mkLuaInline` makes). */
import { isAttrs } from "../util/attrs.ts";
import { markLocFree } from "./loc-free.ts";
import { mergeEqualOption } from "./merge-functions.ts";
import { mkOptionType, type OptionType } from "./option-type.ts";

/** A set tagged `_type = "lua-inline"` (`{ _type: "lua-inline", expr: "…" }`); definitions must be equal. */
export const luaInline: OptionType = markLocFree(
  mkOptionType({
    name: "luaInline",
    description: "inline lua",
    descriptionClass: "noun",
    check: (x) => isAttrs(x) && x._type === "lua-inline",
    merge: mergeEqualOption,
    toJsonSchema: () => ({
      type: "object",
      properties: { _type: { const: "lua-inline" } },
      required: ["_type"],
    }),
  }),
);
