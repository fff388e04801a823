/** nixmod's own files, found the same way from the sources and from their build in `dist/`. */
import { existsSync } from "node:fs";

/**
 * The folder holding nixmod's package.json. The build mirrors the source tree one level down
 * (`dist/bin/…` for `bin/…`), so this file sits one or two folders below it.
 */
const packageRoot: URL = (() => {
  const sourceRoot = new URL("../", import.meta.url);
  return existsSync(new URL("package.json", sourceRoot)) ? sourceRoot : new URL("../", sourceRoot);
})();

/** The URL of a file shipped with nixmod, by its path in the package (`package.json`). */
export function packageFile(path: string): URL {
  return new URL(path, packageRoot);
}
