/**
 * systemd's `%` specifiers in a unit file's values, resolved as the system manager of a NixOS
 * host resolves them for a unit it loads from /etc/systemd/system (systemd.unit(5),
 * "Specifiers"; src/shared/specifier.c).
 */

/** The letters and digits systemd reserves for specifiers: `%` with one it does not know fails. */
const possibleSpecifier = /^[A-Za-z0-9]$/;

/**
 * Specifiers only the running host knows (host name, machine and boot ids, OS release, …, and
 * the unit file's real path, which on NixOS is in a store path nixmod does not compute): kept as
 * written.
 */
const hostOnly = new Set("aAbBHlmMoqvwWyY");

/** systemd's `unit_name_unescape`: `-` is `/`, `\xNN` a byte (names nixmod accepts have no other escape). */
function unescapeUnitPart(text: string): string {
  // The escapes are the odd parts of the split: bytes, which may make up a character together.
  const parts = text.split(/\\x([0-9a-fA-F]{2})/);
  const bytes = parts.map((part, i) =>
    i % 2 === 1 ? Buffer.of(parseInt(part, 16)) : Buffer.from(part.replace(/-/g, "/"), "utf8"),
  );
  return Buffer.concat(bytes).toString("utf8");
}

/** systemd's `unit_name_path_unescape`: undefined where systemd refuses the result as a path. */
function unescapeUnitPath(text: string): string | undefined {
  if (text === "") return undefined;
  if (text === "-") return "/";
  const unescaped = unescapeUnitPart(text);
  if (unescaped.startsWith("/") || unescaped.endsWith("/")) return undefined;
  const path = `/${unescaped}`;
  const parts = path.split("/").slice(1);
  return parts.some((part) => part === "" || part === "." || part === "..") ? undefined : path;
}

/** A unit's specifier table, made when a value first has a `%`. */
export type Specifiers = () => ReadonlyMap<string, string | undefined>;

/**
 * The specifiers of the unit `unitName` (`name.service`, `prefix@instance.service`): a table from
 * specifier letter to its value, or to undefined where systemd fails to compute it.
 */
export function unitSpecifiers(unitName: string): Specifiers {
  let table: ReadonlyMap<string, string | undefined> | undefined;
  return () => (table ??= specifierTable(unitName));
}

function specifierTable(unitName: string): Map<string, string | undefined> {
  const dot = unitName.lastIndexOf(".");
  const full = unitName.slice(0, dot);
  const at = full.indexOf("@");
  const prefix = at === -1 ? full : full.slice(0, at);
  const instance = at === -1 ? "" : full.slice(at + 1);
  const last = prefix.slice(prefix.lastIndexOf("-") + 1);
  return new Map<string, string | undefined>([
    ["i", instance],
    ["I", unescapeUnitPart(instance)],
    ["j", last],
    ["J", unescapeUnitPart(last)],
    ["p", prefix],
    ["P", unescapeUnitPart(prefix)],
    ["n", unitName],
    ["N", full],
    ["f", unescapeUnitPath(at === -1 ? prefix : instance)],
    ["d", `/run/credentials/${unitName}`],
    // The deprecated control group specifiers, as the system manager resolves them while it
    // loads the unit (before the unit has its slice).
    ["c", `/${unitName}`],
    ["r", ""],
    ["R", ""],
    ["S", "/var/lib"],
    ["t", "/run"],
    ["E", "/etc"],
    ["C", "/var/cache"],
    ["L", "/var/log"],
    ["T", "/tmp"],
    ["V", "/var/tmp"],
    ["h", "/root"],
    // root's shell: NixOS builds systemd with this default user shell.
    ["s", "/run/current-system/sw/bin/bash"],
    ["u", "root"],
    ["U", "0"],
    ["g", "root"],
    ["G", "0"],
  ]);
}

/**
 * `value` with the specifiers of `specifiers` resolved, as systemd's `specifier_printf` does:
 * `%%` is `%`, `%` before a character that cannot be a specifier (or at the end) stays, a
 * host-only one stays as written. Undefined where systemd fails (an unknown letter or digit, a
 * value it cannot compute), which makes it ignore the assignment.
 */
export function resolveSpecifiers(value: string, specifiersOf: Specifiers): string | undefined {
  if (!value.includes("%")) return value;
  const specifiers = specifiersOf();
  let out = "";
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c !== "%" || i === value.length - 1) {
      out += c;
      continue;
    }
    const next = value[++i]!;
    if (next === "%") out += "%";
    else if (specifiers.has(next)) {
      const resolved = specifiers.get(next);
      if (resolved === undefined) return undefined;
      out += resolved;
    } else if (hostOnly.has(next)) out += `%${next}`;
    else if (possibleSpecifier.test(next)) return undefined;
    else out += `%${next}`;
  }
  return out;
}
