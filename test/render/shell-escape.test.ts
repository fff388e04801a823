/** nixpkgs' escapeShellArg: bare words stay bare, everything else is single-quoted. */

import { spawnSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapeShellArg, escapeShellArgs } from "../../lib/render/shell-escape.ts";

describe("escapeShellArg", () => {
  it.each([
    ["abc", "abc"],
    ["/nix/store/x-y/bin/z", "/nix/store/x-y/bin/z"],
    ["a,b._+:@%/-c", "a,b._+:@%/-c"],
    ["", "''"],
    ["a b", "'a b'"],
    ["it's", "'it'\\''s'"],
    ["$HOME", "'$HOME'"],
    ["naïve", "'naïve'"],
    ["a\nb", "'a\nb'"],
    ["~", "'~'"],
    ["=", "'='"],
  ])("%j → %s", (input, expected) => expect(escapeShellArg(input)).toBe(expected));

  it("goes through Nix's toString first", () => {
    expect(escapeShellArg(42)).toBe("42");
    expect(escapeShellArg(true)).toBe("1");
    expect(escapeShellArg(false)).toBe("''");
    expect(escapeShellArg(null)).toBe("''");
  });

  it("escapeShellArgs joins with spaces", () => {
    expect(escapeShellArgs(["ls", "-l", "my file"])).toBe("ls -l 'my file'");
    expect(escapeShellArgs([])).toBe("");
  });

  const bash = spawnSync("sh", ["-c", "printf ok"], { encoding: "utf8" });
  it.skipIf(bash.stdout !== "ok")("round-trips through a real shell", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: "grapheme", maxLength: 12 }), { maxLength: 4 }),
        (args) => {
          const clean = args.map((a) => a.replaceAll("\0", ""));
          // The leading "start" word keeps printf from printing one empty word for no arguments.
          const out = spawnSync("sh", ["-c", `printf '%s\\0' start ${escapeShellArgs(clean)}`], {
            encoding: "utf8",
          });
          const got = out.stdout.slice(0, -1).split("\0").slice(1);
          expect(got).toEqual(clean);
        },
      ),
      { numRuns: 60 },
    );
  });
});
