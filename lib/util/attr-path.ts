/** Attribute paths as Nix's command line takes them (`nix-instantiate -A 'a."b.c".d'`). */
import { ModuleError } from "../errors.ts";

/**
 * The names of a dotted attribute path, as Nix's `parseAttrPath` reads it: dots separate names
 * except inside double quotes, which are removed (with nothing escaped inside them), so a name
 * that holds a dot or an `@` can be written `systemd.services."container@web"`. An empty text is
 * the empty path; a trailing dot adds no name.
 */
export function parseAttrPath(text: string): string[] {
  const names: string[] = [];
  let current = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === ".") {
      names.push(current);
      current = "";
    } else if (c === '"') {
      const close = text.indexOf('"', i + 1);
      if (close === -1) {
        throw new ModuleError(`missing closing quote in selection path '${text}'`, {
          code: "invalid",
        });
      }
      current += text.slice(i + 1, close);
      i = close;
    } else current += c;
  }
  if (current !== "") names.push(current);
  return names;
}

/**
 * The names a dotted selection path selects, as Nix's `-A` takes it: `parseAttrPath`'s, of which
 * none may be empty (a name that is empty is given in a list instead).
 */
export function selectionPath(text: string): string[] {
  const names = parseAttrPath(text);
  if (names.includes("")) {
    throw new ModuleError(`empty attribute name in selection path '${text}'`, { code: "invalid" });
  }
  return names;
}
