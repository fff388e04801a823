/** builtins.toFile store paths and Nix's base-32, against every path in the vectors. */

import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ModuleError } from "../../lib/errors.ts";
import { makeJobScript } from "../../lib/render/job-script.ts";
import {
  makeTextPath,
  nixBase32,
  storeNameProblem,
  toFilePath,
} from "../../lib/render/store-path.ts";

const renderDir = new URL("../vectors/render/", import.meta.url);

/** Every script and trigger file of the render vectors: path → text. */
function renderVectorFiles(): Record<string, string> {
  const all: Record<string, string> = {};
  for (const file of readdirSync(renderDir).filter(
    (f) => f.startsWith("u") && f.endsWith(".json"),
  )) {
    const v = JSON.parse(readFileSync(new URL(file, renderDir), "utf8")) as {
      expected: { scripts: Record<string, string>; files: Record<string, string> };
    };
    Object.assign(all, v.expected.scripts, v.expected.files);
  }
  return all;
}

/** The name part of a store path. */
function nameOf(path: string): string {
  return path.slice("/nix/store/".length + 33);
}

describe("nixBase32", () => {
  it("encodes the empty input as the empty string", () => {
    expect(nixBase32(new Uint8Array())).toBe("");
  });
  it("puts the lowest five bits last", () => {
    expect(nixBase32(Uint8Array.of(0x1f))).toBe("0z");
    expect(nixBase32(Uint8Array.of(0xff))).toBe("7z");
  });
  it("gives 32 characters for 20 bytes, from the Nix alphabet only", () => {
    const text = nixBase32(new Uint8Array(20).fill(0xa5));
    expect(text).toHaveLength(32);
    expect(text).toMatch(/^[0-9abcdfghijklmnpqrsvwxyz]+$/);
  });
  it("matches Nix's sha256 base-32 of the empty string", () => {
    // `nix hash to-base32 sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=`
    const digest = Buffer.from(
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      "hex",
    );
    expect(nixBase32(digest)).toBe("0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73");
  });
});

describe("toFilePath", () => {
  const files = renderVectorFiles();
  it("covers the 20 script and trigger files of the render vectors", () => {
    expect(Object.keys(files)).toHaveLength(20);
  });
  for (const [path, text] of Object.entries(files)) {
    it(nameOf(path), () => expect(toFilePath(nameOf(path), text)).toBe(path));
  }

  it("rejects names Nix refuses", () => {
    expect(() => toFilePath("unit-script-tunnel@-start", "")).toThrow(ModuleError);
    expect(() => toFilePath("", "")).toThrow(/empty name/);
    expect(() => toFilePath("a".repeat(212), "")).toThrow(/longer than 211/);
    expect(storeNameProblem("ok+-._?=Name0")).toBeNull();
    expect(storeNameProblem("a b")).toMatch(/illegal character ' '/);
  });
});

describe("makeTextPath on the modern containers vectors", () => {
  const fixture = JSON.parse(
    readFileSync(new URL("./fixtures/modern-to-file-paths.json", import.meta.url), "utf8"),
  ) as { paths: { vector: string; name: string; textSha256: string; path: string }[] };
  it("covers all 33 text files", () => expect(fixture.paths).toHaveLength(33));
  for (const { vector, name, textSha256, path } of fixture.paths) {
    it(`${vector}: ${name}`, () => expect(makeTextPath(name, textSha256)).toBe(path));
  }
});

describe("makeJobScript", () => {
  const bash = "/nix/store/k5jd53yyqvy66hjmhhwgg7zyfzgj0h1c-bash-4.2-p45";

  it("keeps the last 207 characters of a long package name, as stdenv does", () => {
    // Nix 2.8, NixOS's makeJobScript for `script = "x"` of a service named by 190 n's.
    const name = "n".repeat(190);
    const job = makeJobScript(`${name}-start`, "x", bash);
    expect(job.path).toBe(`/nix/store/wih9pblp5jvsmpwqsc9mjrh676aa5p8k-nit-script-${name}-start`);
    expect(job.exe).toBe(`${job.path}/bin/${name}-start`);
  });
});
