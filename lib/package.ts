/** Packages: store paths with a name, printed as their outPath like Nix derivations. */

/** A package as the module system sees it: a name and a store path. */
export interface Package {
  readonly type: "derivation";
  readonly name: string;
  readonly outPath: string;
  /** Extra attributes some modules read (e.g. `version`, `meta`). */
  readonly [attr: string]: unknown;
}

const storeNamePattern = /^\/nix\/store\/[0-9a-z]{32}-(.+)$/;

/** The name part of a store path (`/nix/store/<hash>-bash-5.2` → `bash-5.2`). */
export function storePathName(path: string): string {
  const match = storeNamePattern.exec(path);
  if (match) return match[1]!;
  const base = path.split("/").pop();
  return base === undefined || base === "" ? path : base;
}

/** Makes a package; `String(pkg)`, template literals and JSON all give its outPath. */
export function mkPackage(
  outPath: string,
  name: string = storePathName(outPath),
  extra: Record<string, unknown> = {},
): Package {
  const pkg = { ...extra, type: "derivation" as const, name, outPath };
  Object.defineProperties(pkg, {
    toString: { value: () => outPath, enumerable: false },
    toJSON: { value: () => outPath, enumerable: false },
    [Symbol.toPrimitive]: { value: () => outPath, enumerable: false },
  });
  return Object.freeze(pkg);
}

/** Whether a value is a package (Nix's `isDerivation`). */
export function isPackage(value: unknown): value is Package {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { type?: unknown }).type === "derivation" &&
    typeof (value as { outPath?: unknown }).outPath === "string"
  );
}

/** A package given as a package or as a plain store path string. */
export function toPackage(value: Package | string): Package {
  return typeof value === "string"
    ? mkPackage(value)
    : isPackage(value)
      ? value
      : mkPackage(String(value));
}
