/** Nix's version comparison (`builtins.compareVersions`, `lib.versionAtLeast`, `lib.versionOlder`). */

/** The next component of a version at `i`: a run of digits, or of other characters up to a `.`/`-`. */
function nextComponent(version: string, i: number): [string, number] {
  while (i < version.length && (version[i] === "." || version[i] === "-")) i++;
  const start = i;
  const digit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";
  if (digit(version[i])) {
    while (digit(version[i])) i++;
  } else {
    while (i < version.length && !digit(version[i]) && version[i] !== "." && version[i] !== "-") {
      i++;
    }
  }
  return [version.slice(start, i), i];
}

/** Nix's `componentsLT`: numbers numerically, `pre` before all, numbers after words. */
function componentLess(a: string, b: string): boolean {
  const number = (c: string) => (/^[0-9]+$/.test(c) ? BigInt(c) : null);
  const na = number(a);
  const nb = number(b);
  if (na !== null && nb !== null) return na < nb;
  if (a === "" && nb !== null) return true;
  if (a === "pre" && b !== "pre") return true;
  if (b === "pre") return false;
  // Nix assumes `2.3a' < `2.3.1'.
  if (nb !== null) return true;
  if (na !== null) return false;
  return a < b;
}

/** `builtins.compareVersions a b`: -1, 0 or 1. */
export function compareVersions(a: string, b: string): -1 | 0 | 1 {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let ca: string;
    let cb: string;
    [ca, i] = nextComponent(a, i);
    [cb, j] = nextComponent(b, j);
    if (componentLess(ca, cb)) return -1;
    if (componentLess(cb, ca)) return 1;
  }
  return 0;
}

/** `lib.versionAtLeast v min`. */
export function versionAtLeast(version: string, min: string): boolean {
  return compareVersions(version, min) >= 0;
}

/** `lib.versionOlder v other`. */
export function versionOlder(version: string, other: string): boolean {
  return compareVersions(version, other) < 0;
}
