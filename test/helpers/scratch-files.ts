/** A temporary folder for a describe block's files, removed after the block. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll } from "vitest";

/** A fresh folder named after `prefix`, and `write(name, text)` that puts a file in it (making its folders) and gives its path. */
export function scratchFiles(prefix: string): {
  dir: string;
  write: (name: string, text: string) => string;
} {
  const dir = mkdtempSync(join(tmpdir(), `nixmod-${prefix}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const file = join(dir, name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    return file;
  };
  return { dir, write };
}
