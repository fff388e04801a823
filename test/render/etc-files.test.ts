/** `environment.etc` rendered as NixOS's etc.nix installs it, and laid out in the written tree. */
import { lstatSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  evaluate,
  plan,
  render,
  toFilePath,
  treeEntries,
  writeTree,
  type Module,
} from "../../lib/index.ts";
import { moduleError } from "../helpers/module-error.ts";

const etc = (entries: Record<string, unknown>) =>
  render(evaluate({ environment: { etc: entries } } as Module));

describe("render().etc", () => {
  it("gives each enabled entry its target, source, mode and owner, and the text of a store file nixmod made", () => {
    const r = etc({
      motd: { text: "hello\n" },
      "ssl/certs/ca.pem": { source: "/nix/store/00000000000000000000000000000000-ca.pem" },
      sudoers: { text: "root ALL=(ALL) ALL\n", mode: "0440", user: "root" },
      off: { text: "x", enable: false },
    });
    const motd = toFilePath("etc-motd", "hello\n");
    expect(r.etc).toEqual({
      motd: { source: motd, mode: "symlink", user: "+0", group: "+0" },
      "ssl/certs/ca.pem": {
        source: "/nix/store/00000000000000000000000000000000-ca.pem",
        mode: "symlink",
        user: "+0",
        group: "+0",
      },
      sudoers: {
        source: toFilePath("etc-sudoers", "root ALL=(ALL) ALL\n"),
        mode: "0440",
        user: "root",
        group: "+0",
      },
    });
    expect(r.files[motd]).toBe("hello\n");
    expect(Object.keys(r.files)).not.toContain(
      "/nix/store/00000000000000000000000000000000-ca.pem",
    );
  });

  it("lays out the tree as NixOS's activation does: links through etc/static, copies with their mode", () => {
    const r = etc({
      motd: { text: "hello\n" },
      direct: { source: "/nix/store/00000000000000000000000000000000-d", mode: "direct-symlink" },
      sudoers: { text: "root ALL=(ALL) ALL\n", mode: "0440" },
      copied: { source: "/nix/store/00000000000000000000000000000000-c", mode: "0644" },
    });
    const entries = treeEntries(r).filter(
      (e) => e.path.startsWith("etc/") && e.path !== "etc/hosts",
    );
    const motd = toFilePath("etc-motd", "hello\n");
    expect(entries.filter((e) => !e.path.startsWith("etc/systemd/"))).toEqual([
      { path: "etc/copied", kind: "link", target: "/etc/static/copied" },
      { path: "etc/direct", kind: "link", target: "/nix/store/00000000000000000000000000000000-d" },
      { path: "etc/motd", kind: "link", target: "/etc/static/motd" },
      {
        path: "etc/static/copied",
        kind: "link",
        target: "/nix/store/00000000000000000000000000000000-c",
      },
      {
        path: "etc/static/direct",
        kind: "link",
        target: "/nix/store/00000000000000000000000000000000-d",
      },
      { path: "etc/static/motd", kind: "link", target: motd },
      {
        path: "etc/static/sudoers",
        kind: "link",
        target: toFilePath("etc-sudoers", "root ALL=(ALL) ALL\n"),
      },
      { path: "etc/sudoers", kind: "file", mode: 0o440, text: "root ALL=(ALL) ALL\n" },
    ]);
    expect(treeEntries(r)).toContainEqual({
      path: motd.slice(1),
      kind: "file",
      mode: 0o444,
      text: "hello\n",
    });
  });

  it("reads a target as the shell joins it, and refuses one that leaves /etc or clashes with NixOS's own files", () => {
    expect(Object.keys(etc({ x: { target: "//a//b/", text: "" } }).etc)).toEqual(["a/b"]);
    for (const [target, problem] of [
      ["../passwd", "has a `.' or `..' part, which would leave /etc"],
      ["a/./b", "has a `.' or `..' part, which would leave /etc"],
      ["/", "names no file below /etc"],
      ["a\nb", "holds a control character"],
      [
        "hosts",
        "is /etc/hosts, which NixOS makes from `networking' (set networking.extraHosts instead)",
      ],
      ["static/x", "is below /etc/static, where NixOS keeps the links of every file"],
      [
        "systemd/system/x.service",
        "is below /etc/systemd/system, which holds the units NixOS generates",
      ],
    ]) {
      const error = moduleError(() => etc({ x: { target, text: "" } }));
      expect(error.message).toBe(
        `The target ${JSON.stringify(target)} of \`environment.etc.x' ${problem}.`,
      );
      expect(error.loc).toEqual(["environment", "etc", "x", "target"]);
    }
    expect(Object.keys(etc({ "hosts.allow": { text: "" } }).etc)).toEqual(["hosts.allow"]);
  });

  it("keeps one of two entries for one file with one source, and refuses two sources as NixOS's builder does", () => {
    const source = "/nix/store/00000000000000000000000000000000-f";
    const same = etc({ a: { target: "f", source }, b: { target: "/f", source } });
    expect(Object.keys(same.etc)).toEqual(["f"]);
    const error = moduleError(() =>
      etc({ a: { target: "f", text: "1" }, b: { target: "f", text: "2" } }),
    );
    expect(error.message).toBe(
      `mismatched duplicate entry ${toFilePath("etc-a", "1")} <-> ${toFilePath("etc-b", "2")}: \`environment.etc.a' and \`environment.etc.b' are both /etc/f.`,
    );
    expect(error.loc).toEqual(["environment", "etc", "b", "target"]);
    const nested = moduleError(() => etc({ a: { text: "1" }, "a/b": { text: "2" } }));
    expect(nested.message).toBe(
      "/etc/a (`environment.etc.a') is a file, so it cannot hold /etc/a/b (`environment.etc.\"a/b\"').",
    );
  });

  it("refuses a glob source and a mode that is neither a link nor an octal mode", () => {
    const glob = moduleError(() =>
      etc({ d: { source: "/nix/store/00000000000000000000000000000000-x/*" } }),
    );
    expect(glob.loc).toEqual(["environment", "etc", "d", "source"]);
    expect(glob.message).toContain("is a glob");
    const mode = moduleError(() => etc({ f: { text: "", mode: "rw" } }));
    expect(mode.loc).toEqual(["environment", "etc", "f", "mode"]);
    expect(mode.message).toBe(
      'The mode "rw" of `environment.etc.f\' is neither `symlink\', `direct-symlink\' nor an octal file mode such as "0440".',
    );
  });

  it("writes the tree, writes it again over itself, and still refuses a directory whose etc holds files of its own", () => {
    const scratch = mkdtempSync(join(tmpdir(), "nixmod-etc-"));
    try {
      const r = etc({ "nixos/motd": { text: "hello\n" }, secret: { text: "s\n", mode: "0400" } });
      const out = join(scratch, "out");
      writeTree(r, out);
      expect(readlinkSync(join(out, "etc/nixos/motd"))).toBe("/etc/static/nixos/motd");
      expect(readlinkSync(join(out, "etc/static/nixos/motd"))).toBe(
        toFilePath("etc-nixos-motd", "hello\n"),
      );
      expect(lstatSync(join(out, "etc/secret")).mode & 0o777).toBe(0o400);
      expect(readFileSync(join(out, "etc/secret"), "utf8")).toBe("s\n");
      writeTree(r, out);
      writeFileSync(join(out, "etc/passwd"), "root");
      expect(moduleError(() => writeTree(r, out)).message).toMatch(/is not a tree nixmod wrote/);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it("shows in a plan as the files that change", () => {
    const before = etc({ motd: { text: "a\n" } });
    const after = etc({ motd: { text: "b\n" }, issue: { text: "i\n" } });
    const paths = plan(before, after).files.filter((f) => f.path.startsWith("etc/"));
    expect(paths).toEqual([
      { path: "etc/issue", change: "added" },
      { path: "etc/static/issue", change: "added" },
      { path: "etc/static/motd", change: "changed" },
    ]);
  });
});

describe("plan() given renderings", () => {
  it("takes one made before /etc was rendered, and refuses an etc entry without a source", () => {
    const now = etc({ motd: { text: "a\n" } });
    const { etc: _etc, ...older } = now;
    expect(plan(older as never, now).files.map((f) => f.path)).toEqual([
      "etc/motd",
      "etc/static/motd",
    ]);
    const broken = { ...now, etc: { motd: { mode: "symlink" } } };
    expect(moduleError(() => plan(broken as never, now)).message).toContain(
      "`etc.motd.source' of the old rendering given to plan",
    );
  });
});
