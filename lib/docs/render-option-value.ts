/** Nix's `renderOptionValue`: an option's default or example as documentation shows it. */
import { callPretty, isPrettyValue, prettyValue } from "../errors.ts";
import { literalExpression } from "../options.ts";
import { isAttrs } from "../util/attrs.ts";

/** A default or example ready for documentation: a `literalExpression`, `literalMD` or other `_type`d text. */
export interface RenderedOptionValue {
  readonly _type: unknown;
  readonly text: unknown;
}

/**
 * Nix's `renderOptionValue`: a value that already is documentation text (it has `_type` and
 * `text`) is kept; any other becomes a `literalExpression` of the value as
 * `toPretty { multiline = true; allowPrettyValues = true; }` writes it, read in full (getters
 * included, as Nix evaluates the value).
 */
export function renderOptionValue(value: unknown): RenderedOptionValue {
  if (isAttrs(value) && "_type" in value && "text" in value) {
    return value as unknown as RenderedOptionValue;
  }
  // A value that shows itself gives its text straight to literalExpression, which wants a string.
  const text = isPrettyValue(value)
    ? callPretty(value)
    : prettyValue(value, { allowPrettyValues: true, depthLimit: Infinity });
  return literalExpression(text as string);
}
