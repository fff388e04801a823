/** A string as Nix 2.8's `builtins.toJSON` writes it (messages, type names and unit files use it). */

/** The escape Nix writes for a code unit, or undefined when the unit is written as it is. */
function escapeOf(unit: number): string | undefined {
  if (unit === 0x22) return '\\"';
  if (unit === 0x5c) return "\\\\";
  if (unit >= 0x20) return undefined;
  if (unit === 0x0a) return "\\n";
  if (unit === 0x0d) return "\\r";
  if (unit === 0x09) return "\\t";
  return "\\u" + unit.toString(16).padStart(4, "0");
}

/** A string as a JSON string literal the way Nix 2.8 writes it. */
export function nixJSONString(text: string): string {
  // Unlike JSON.stringify, Nix 2.8 writes \b and \f as \u0008 and \u000c and
  // never escapes anything above U+001F; keep those bytes so units match NixOS.
  // Runs without an escape are copied as slices: most texts (whole scripts) need few escapes.
  let out = '"';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const escape = escapeOf(text.charCodeAt(i));
    if (escape === undefined) continue;
    out += text.slice(start, i) + escape;
    start = i + 1;
  }
  return out + text.slice(start) + '"';
}
