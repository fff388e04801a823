/** `passwdEntry`: a value that can be written into a field of /etc/passwd or /etc/group. */
import { interpolate } from "../render/nix-to-string.ts";
import { addCheck } from "./add-check.ts";
import { checkTypeArgument } from "./argument-checks.ts";
import { markLocFree } from "./loc-free.ts";
import { descriptionPhrase, extendType, type OptionType } from "./option-type.ts";

/** The characters that end a field or a line of /etc/passwd. */
const separators = /[:\n]/;

/** A field written without a separator in it. */
const fieldPattern = "^[^:\\n]*$";

/**
 * A value of `entryType` without colons or newlines. As in Nix, the value is read as a string
 * is interpolated: one that cannot be (an integer) fails, and a package is its path.
 */
export function passwdEntry<T>(entryType: OptionType<T>): OptionType<T> {
  checkTypeArgument(entryType, "passwdEntry");
  const base = addCheck(entryType, (x: unknown) => !separators.test(interpolate(x)));
  const type = extendType(base, {
    name: `passwdEntry ${entryType.name}`,
    description: () =>
      `${descriptionPhrase((c) => c === "noun", entryType)}, not containing newlines or colons`,
    descriptionClass: "nonRestrictiveClause",
    // What `interpolate` takes: a string, or a set with a path (JSON has no `__toString`).
    toJsonSchema: (ctx) => ({
      allOf: [
        ctx.type(entryType),
        {
          anyOf: [
            { type: "string", pattern: fieldPattern },
            {
              type: "object",
              properties: { outPath: { type: "string", pattern: fieldPattern } },
              required: ["outPath"],
            },
          ],
        },
      ],
    }),
  });
  return markLocFree(type, base);
}
