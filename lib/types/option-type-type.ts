/** `optionType`: a value that is itself an option type (used by `freeformType`). */
import { mergeOptionDecls } from "../modules/option-decls.ts";
import { mkOption } from "../options.ts";
import { markLocFree } from "./loc-free.ts";
import { checkOnlyFileAndValue } from "./merge-functions.ts";
import { Definition, isOptionType, mkOptionType, type OptionType } from "./option-type.ts";

/** An option type; several definitions combine as declarations of one option would. */
export const optionTypeType: OptionType<OptionType> = markLocFree(
  mkOptionType<OptionType>({
    name: "optionType",
    description: "optionType",
    descriptionClass: "noun",
    check: isOptionType,
    merge: (loc, defs) => {
      if (defs.length === 1) return defs[0]!.value as OptionType;
      for (const def of defs)
        if (!(def instanceof Definition)) checkOnlyFileAndValue(def, "optionType");
      return mergeOptionDecls(
        loc,
        defs.map((d) => ({ file: d.file, options: mkOption({ type: d.value as OptionType }) })),
      ).type;
    },
    // An option type is a record of functions: no JSON value is one.
    toJsonSchema: () => ({
      not: {},
      "x-nixmod-unrepresentable": "optionType",
      tsType: "OptionType",
    }),
  }),
);
