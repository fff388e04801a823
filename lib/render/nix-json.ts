/** Nix's `builtins.toJSON` for strings, byte for byte as the reference Nix (2.8) prints it. */

/** A string as a JSON string literal the way Nix 2.8 writes it. */
export function nixJSONString(text: string): string {
  // Unlike JSON.stringify, Nix 2.8 writes \b and \f as \u0008 and \u000c and
  // never escapes anything above U+001F; keep those bytes so units match NixOS.
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit === 0x22 || unit === 0x5c) out += "\\" + text[i];
    else if (unit === 0x0a) out += "\\n";
    else if (unit === 0x0d) out += "\\r";
    else if (unit === 0x09) out += "\\t";
    else if (unit < 0x20) out += "\\u" + unit.toString(16).padStart(4, "0");
    else out += text[i];
  }
  return out + '"';
}
