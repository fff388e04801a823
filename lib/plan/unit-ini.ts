/** Reads a unit file back into sections of keys (a key given twice keeps both values, in order). */

/** A unit file as data: section → key → values. */
export type UnitIni = Map<string, Map<string, string[]>>;

/** Parses unit file text (as NixOS writes it: no line continuations, no comments). */
export function parseUnit(text: string): UnitIni {
  const sections: UnitIni = new Map();
  let current: Map<string, string[]> | undefined;
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    if (line.startsWith("[") && line.endsWith("]")) {
      const name = line.slice(1, -1);
      current = sections.get(name) ?? new Map();
      sections.set(name, current);
      continue;
    }
    const eq = line.indexOf("=");
    if (current === undefined || eq < 0) continue;
    // As switch-to-configuration's ini reader: blanks around `=` are no part of key or value.
    const key = line.slice(0, eq).trim();
    const values = current.get(key) ?? [];
    values.push(line.slice(eq + 1).trim());
    current.set(key, values);
  }
  return sections;
}
