/** The three systemd escaping rules, each on its own, and against the real systemd-escape where installed. */

import { spawnSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ModuleError } from "../../lib/errors.ts";
import { mkPackage } from "../../lib/package.ts";
import {
  escapeSystemdExecArg,
  escapeSystemdExecArgs,
  escapeSystemdPath,
  systemdEscape,
  systemdEscapePath,
} from "../../lib/render/systemd-escape.ts";

/** Runs the real systemd-escape on many words at once (escaped words never contain spaces). */
function realEscape(words: readonly string[], path = false): string[] | null {
  const out = spawnSync("systemd-escape", [...(path ? ["--path"] : []), "--", ...words], {
    encoding: "utf8",
  });
  if (out.error !== undefined || out.status !== 0) return null;
  return out.stdout.replace(/\n$/, "").split(" ");
}

const haveSystemdEscape = realEscape(["probe"]) !== null;

describe("escapeSystemdExecArg (NixOS utils.nix)", () => {
  it.each([
    ["plain", '"plain"'],
    ["%i and 100%", '"%%i and 100%%"'],
    ["$HOME ${X}", '"$$HOME $${X}"'],
    ['say "hi"\\', '"say \\"hi\\"\\\\"'],
    ["two\nlines\ttab", '"two\\nlines\\ttab"'],
    ["; not a separator", '"; not a separator"'],
    ["", '""'],
  ])("%j → %s", (input, expected) => expect(escapeSystemdExecArg(input)).toBe(expected));

  it("writes numbers and packages through toString, then quotes them", () => {
    expect(escapeSystemdExecArg(42)).toBe('"42"');
    expect(escapeSystemdExecArg(0.5)).toBe('"0.500000"');
    expect(escapeSystemdExecArg(mkPackage("/nix/store/00000000000000000000000000000000-a"))).toBe(
      '"/nix/store/00000000000000000000000000000000-a"',
    );
  });

  it("refuses booleans, null, lists and sets, as NixOS does", () => {
    for (const bad of [true, null, ["a"], { a: 1 }]) {
      expect(() => escapeSystemdExecArg(bad)).toThrow(ModuleError);
    }
  });

  it("escapeSystemdExecArgs joins with spaces", () => {
    expect(escapeSystemdExecArgs(["/bin/echo", "a b", "%n"])).toBe('"/bin/echo" "a b" "%%n"');
  });
});

describe("escapeSystemdPath (NixOS utils.nix)", () => {
  it.each([
    ["/", "-"],
    ["", "-"],
    ["/foo//bar/baz/", "foo-bar-baz"],
    ["/dev/disk/by-label/my disk", "dev-disk-by\\x2dlabel-my\\x20disk"],
    ["/.snapshots/x", "\\x2esnapshots-x"],
    ["/a/./b", "a-b"],
    ["/../a", "a"],
    ["relative/path", "relative-path"],
    ["/var/lib/with:colon_und.dot", "var-lib-with:colon_und.dot"],
    ["/a\\b@c", "a\\x5cb\\x40c"],
  ])("%j → %s", (input, expected) => expect(escapeSystemdPath(input)).toBe(expected));

  it("keeps non-ASCII and control characters, unlike systemd-escape", () => {
    expect(escapeSystemdPath("/mnt/ü")).toBe("mnt-ü");
    expect(escapeSystemdPath("/a\tb")).toBe("a\tb");
  });

  it("throws on paths it cannot normalise", () => {
    for (const bad of ["a/../b", "/a/../b", ".", "./."]) {
      expect(() => escapeSystemdPath(bad)).toThrow(/is not a normalized path/);
    }
  });
});

describe("systemdEscape (unit names)", () => {
  it.each([
    ["foo/bar.baz -x", "foo-bar.baz\\x20\\x2dx"],
    [".hidden", "\\x2ehidden"],
    ["a.b", "a.b"],
    ["ünï", "\\xc3\\xbcn\\xc3\\xaf"],
    ["tab\there", "tab\\x09here"],
    ["back\\slash", "back\\x5cslash"],
    ["", ""],
  ])("%j → %s", (input, expected) => expect(systemdEscape(input)).toBe(expected));

  it("systemdEscapePath simplifies like systemd-escape --path", () => {
    expect(systemdEscapePath("/")).toBe("-");
    expect(systemdEscapePath("")).toBe("-");
    expect(systemdEscapePath("/foo//bar/")).toBe("foo-bar");
    expect(systemdEscapePath("./a/./b")).toBe("a-b");
    expect(systemdEscapePath("/.x")).toBe("\\x2ex");
    expect(() => systemdEscapePath("/../a")).toThrow(/not a normalized/);
  });
});

describe.skipIf(!haveSystemdEscape)("against the real systemd-escape", () => {
  const word = fc
    .string({ unit: "binary", minLength: 1, maxLength: 16 })
    .filter((s) => !s.includes("\0"));
  const asciiComponent = fc
    .string({ unit: "grapheme-ascii", minLength: 1, maxLength: 8 })
    .filter((s) => !s.includes("/") && s !== "..");

  it("systemdEscape matches it on arbitrary Unicode", () => {
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 20 }), (words) => {
        expect(words.map(systemdEscape)).toEqual(realEscape(words));
      }),
      { numRuns: 40 },
    );
  });

  it("systemdEscapePath matches --path", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(asciiComponent, { maxLength: 4 }), { minLength: 1, maxLength: 10 }),
        (paths) => {
          const inputs = paths.map((parts) => "/" + parts.join("//") + "/");
          expect(inputs.map(systemdEscapePath)).toEqual(realEscape(inputs, true));
        },
      ),
      { numRuns: 40 },
    );
  });

  it("NixOS's escapeSystemdPath matches --path on printable ASCII paths", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(asciiComponent, { maxLength: 4 }), { minLength: 1, maxLength: 10 }),
        (paths) => {
          const inputs = paths.map((parts) => "/" + parts.join("/"));
          expect(inputs.map(escapeSystemdPath)).toEqual(realEscape(inputs, true));
        },
      ),
      { numRuns: 40 },
    );
  });
});
