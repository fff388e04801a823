/** Packages: store paths with a name, printed as their outPath like Nix derivations. */

import { wrongArgument } from "./errors.ts";
import { setOwn } from "./util/attrs.ts";
import { sanitizeDerivationName } from "./util/derivation-name.ts";

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
  givenName?: string,
  extra: Record<string, unknown> = {},
): Package {
  return Object.freeze(packageRecord(outPath, givenName, extra)) as unknown as Package;
}

/**
 * nixpkgs' `lib.toDerivation`, which `types.package` applies to a store path: a derivation named
 * by the path (made a valid derivation name) whose one output, `out`, is itself.
 */
export function toDerivation(path: string): Package {
  const pkg = packageRecord(path, sanitizeDerivationName(storePathName(path)), {
    outputs: Object.freeze(["out"]),
    outputName: "out",
  });
  pkg.out = pkg;
  return Object.freeze(pkg) as unknown as Package;
}

function packageRecord(
  outPath: string,
  givenName: string | undefined,
  extra: Record<string, unknown>,
): Record<string | symbol, unknown> {
  if (typeof outPath !== "string")
    throw wrongArgument("the store path given to mkPackage", outPath, "a string");
  const name = givenName ?? storePathName(outPath);
  if (typeof name !== "string")
    throw wrongArgument("the name given to mkPackage", name, "a string");
  // What `{ ...extra, type, name, outPath }` makes, without that form: V8 (node 20) makes an
  // object spread followed by more fields slowly, some microseconds for each package.
  const pkg: Record<string | symbol, unknown> = {};
  for (const key in extra)
    if (Object.prototype.hasOwnProperty.call(extra, key)) setOwn(pkg, key, extra[key]);
  for (const key of Object.getOwnPropertySymbols(extra))
    if (Object.prototype.propertyIsEnumerable.call(extra, key))
      pkg[key] = (extra as Record<symbol, unknown>)[key];
  pkg.type = "derivation";
  pkg.name = name;
  pkg.outPath = outPath;
  Object.defineProperties(pkg, {
    toString: { value: () => outPath, enumerable: false },
    toJSON: { value: () => outPath, enumerable: false },
    [Symbol.toPrimitive]: { value: () => outPath, enumerable: false },
  });
  return pkg;
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
