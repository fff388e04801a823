/** nixpkgs' `lib.strings.sanitizeDerivationName`, which `stdenv.mkDerivation` applies to every name. */

const valid = /^[A-Za-z0-9+_?=-][A-Za-z0-9+._?=-]*$/;

/**
 * A store-path name made from any string: leading dots removed, every run of
 * characters a store path may not contain replaced by `-`, the last 207
 * characters kept, `unknown` for nothing. Valid names stay as they are. This is
 * why `pkgs.writeText "X-Restart-Triggers-container@web"` builds
 * `…-X-Restart-Triggers-container-web`.
 */
export function sanitizeDerivationName(name: string): string {
  if (name.length <= 207 && valid.test(name)) return name;
  let out = name.replace(/^\.*/, "").replace(/[^A-Za-z0-9+._?=-]+/g, "-");
  if (out.length > 207) out = out.slice(out.length - 207);
  return out === "" ? "unknown" : out;
}
