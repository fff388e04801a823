/** `environment.etc` rendered as NixOS's etc.nix installs it, and laid out in the written tree. */
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
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
  it("names a text's store file as writeText's derivation does, made valid (paths from Nix 2.8)", () => {
    const r = etc({
      "NetworkManager/system-connections/Home WiFi.nmconnection": {
        text: "[connection]\n",
        mode: "0600",
      },
      "a:b": { text: "x" },
      ü: { text: "y" },
    });
    expect(Object.fromEntries(Object.entries(r.etc).map(([k, v]) => [k, v.source]))).toEqual({
      "NetworkManager/system-connections/Home WiFi.nmconnection":
        "/nix/store/x1xcrxgppf4scl4pakcxkd37yr32vvxn-etc-NetworkManager-system-connections-Home-WiFi.nmconnection",
      "a:b": "/nix/store/74hbm1zzvjpcsihfnqxi4gzya6y65j53-etc-a-b",
      ü: "/nix/store/xbphq8l9nxf38rp3x0cb3w5wngcszdkm-etc--",
    });
    expect(r.files["/nix/store/74hbm1zzvjpcsihfnqxi4gzya6y65j53-etc-a-b"]).toBe("x");
  });

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

  it("lays out the tree as NixOS does: links through etc/static, copies with their mode and owner", () => {
    const r = etc({
      motd: { text: "hello\n" },
      direct: { source: "/nix/store/00000000000000000000000000000000-d", mode: "direct-symlink" },
      sudoers: { text: "root ALL=(ALL) ALL\n", mode: "0440", user: "root" },
      copied: { source: "/nix/store/00000000000000000000000000000000-c", mode: "0644" },
    });
    const entries = treeEntries(r).filter(
      (e) =>
        e.path.startsWith("etc/") && e.path !== "etc/hosts" && !e.path.startsWith("etc/systemd/"),
    );
    const motd = toFilePath("etc-motd", "hello\n");
    const sudoers = toFilePath("etc-sudoers", "root ALL=(ALL) ALL\n");
    const owner = (target: string, mode: string, user: string) =>
      (["gid", "mode", "uid"] as const).map((suffix) => ({
        path: `etc/static/${target}.${suffix}`,
        kind: "file",
        mode: 0o444,
        text: `${{ mode, uid: user, gid: "+0" }[suffix]}\n`,
      }));
    expect(entries).toEqual([
      { path: "etc/copied", kind: "link", target: "/etc/static/copied" },
      { path: "etc/direct", kind: "link", target: "/nix/store/00000000000000000000000000000000-d" },
      { path: "etc/motd", kind: "link", target: "/etc/static/motd" },
      {
        path: "etc/static/copied",
        kind: "link",
        target: "/nix/store/00000000000000000000000000000000-c",
      },
      ...owner("copied", "0644", "+0"),
      {
        path: "etc/static/direct",
        kind: "link",
        target: "/nix/store/00000000000000000000000000000000-d",
      },
      ...owner("direct", "direct-symlink", "+0"),
      { path: "etc/static/motd", kind: "link", target: motd },
      { path: "etc/static/sudoers", kind: "link", target: sudoers },
      ...owner("sudoers", "0440", "root"),
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
    expect(Object.keys(etc({ x: { target: "//a//b", text: "" } }).etc)).toEqual(["a/b"]);
    for (const [target, problem] of [
      ["../passwd", "has a `.' or `..' part, which would leave /etc"],
      ["a/./b", "has a `.' or `..' part, which would leave /etc"],
      ["/", "names no file below /etc"],
      ["a\nb", "holds a control character"],
      ["a/", "ends in `/', which NixOS's builder cannot link"],
      [
        "hosts",
        "is /etc/hosts or below it, which NixOS makes from `networking' (set networking.extraHosts instead)",
      ],
      [
        "hosts/x",
        "is /etc/hosts or below it, which NixOS makes from `networking' (set networking.extraHosts instead)",
      ],
      ["static/x", "is below /etc/static, where NixOS keeps the links of every file"],
      ["systemd", "is /etc/systemd, which holds the units NixOS generates"],
      [
        "systemd/system/x.service",
        "is in /etc/systemd/system, which NixOS fills with the units it generates (declare a unit in systemd.services instead)",
      ],
      [".clean", "is a file NixOS's activation writes itself"],
      ["NIXOS", "is a file NixOS's activation writes itself"],
    ]) {
      const error = moduleError(() => etc({ x: { target, text: "" } }));
      expect(error.message).toBe(
        `The target ${JSON.stringify(target)} of \`environment.etc.x' ${problem}.`,
      );
      expect(error.loc).toEqual(["environment", "etc", "x", "target"]);
    }
    expect(
      Object.keys(etc({ "hosts.allow": { text: "" }, "systemd/journald.conf": { text: "" } }).etc),
    ).toEqual(["hosts.allow", "systemd/journald.conf"]);
  });

  it("installs two entries for one file as NixOS's builder does: the first links, the last copy sets mode and owner", () => {
    const source = "/nix/store/00000000000000000000000000000000-f";
    const same = etc({
      a: { target: "f", source },
      b: { target: "/f", source, mode: "0600", user: "u" },
    });
    expect(same.etc).toEqual({ f: { source, mode: "0600", user: "u", group: "+0" } });
    expect(same.warnings).toEqual([]);
    const two = etc({ a: { target: "f", text: "1" }, b: { target: "f", text: "2" } });
    expect(two.etc).toEqual({
      f: { source: toFilePath("etc-a", "1"), mode: "symlink", user: "+0", group: "+0" },
    });
    expect(two.warnings).toEqual([
      `mismatched duplicate entry ${toFilePath("etc-a", "1")} <-> ${toFilePath("etc-b", "2")}: \`environment.etc.a' and \`environment.etc.b' are both /etc/f; NixOS links the first`,
    ]);
    const nested = moduleError(() => etc({ a: { text: "1" }, "a/b": { text: "2" } }));
    expect(nested.message).toBe(
      "/etc/a is itself an entry (`environment.etc.a'), so it cannot hold /etc/a/b (`environment.etc.\"a/b\"').",
    );
    // In NixOS's sandboxed build a first source outside the store is a dangling link, which the
    // builder's `[ -e ]` does not see: it links again, and `ln -s` fails (File exists).
    const outside = moduleError(() =>
      etc({
        a: { source: "/run/secrets/foo", target: "t" },
        b: { source: "/run/secrets/foo", target: "t" },
      }),
    );
    expect(outside.loc).toEqual(["environment", "etc", "b", "target"]);
    expect(outside.message).toContain("the first's source /run/secrets/foo is outside the store");
    // The other order builds in NixOS: /etc/a is then the directory of the first entry's link,
    // and the builder skips the second entry (`mismatched duplicate entry  <-> …`).
    const hello = "/nix/store/4lvvl2rl3g8rkqa2j0q0sl1dr2c9x3k5-hello-2.12.1";
    const jq = "/nix/store/wq1nj6p6s1pjq7x5c6h0c5i4lc2m7v5b-jq-1.7.1";
    const innerFirst = etc({
      "0": { source: hello, target: "a/b" },
      "1": { source: jq, target: "a" },
    });
    expect(Object.keys(innerFirst.etc)).toEqual(["a/b"]);
    expect(innerFirst.warnings).toEqual([
      `mismatched duplicate entry  <-> ${jq}: /etc/a is a directory holding /etc/a/b (\`environment.etc."0"'), so NixOS skips \`environment.etc."1"'`,
    ]);
    // NixOS's builder writes a skipped copy's a.mode, a.uid and a.gid all the same.
    const copied = etc({
      "0": { source: hello, target: "a/b" },
      "1": { source: jq, target: "a", mode: "0600" },
    });
    expect(Object.keys(copied.etc)).toEqual(["a/b"]);
    expect(copied.warnings).toEqual([
      `mismatched duplicate entry  <-> ${jq}: /etc/a is a directory holding /etc/a/b (\`environment.etc."0"'), so NixOS skips \`environment.etc."1"' (its /etc/static/a.mode, .uid and .gid are still written, and activation fails to copy the directory as a file of mode 0600)`,
    ]);
  });

  // Found by running NixOS's etc builder in bash: `dirname -x/y` and `echo "-n"` take options.
  it("refuses a target whose directory starts with `-', and an owner that is an option of echo", () => {
    const S = "/nix/store/4lvvl2rl3g8rkqa2j0q0sl1dr2c9x3k5-hello-2.12.1";
    const dashed = moduleError(() => etc({ "-conf.d/a.conf": { text: "x\n" } }));
    expect(dashed.loc).toEqual(["environment", "etc", "-conf.d/a.conf", "target"]);
    expect(dashed.message).toBe(
      "The target \"-conf.d/a.conf\" of `environment.etc.\"-conf.d/a.conf\"' starts with `-' and names a directory, which the `dirname' of NixOS's builder reads as an option (its build fails).",
    );
    expect(Object.keys(etc({ "-a.conf": { source: S }, "d/-b": { source: S } }).etc)).toEqual([
      "-a.conf",
      "d/-b",
    ]);
    for (const [owner, value] of [
      ["user", "-n"],
      ["group", "-neE"],
    ] as const) {
      const error = moduleError(() => etc({ f: { source: S, mode: "0600", [owner]: value } }));
      expect(error.loc).toEqual(["environment", "etc", "f", owner]);
      expect(error.message).toContain("is an option of the `echo' NixOS's builder writes");
    }
    // Only a copy has its owner written; `-x` is no option of echo.
    expect(etc({ f: { source: S, user: "-n" } }).etc.f!.user).toBe("-n");
    expect(etc({ f: { source: S, mode: "0600", user: "-x" } }).etc.f!.user).toBe("-x");
  });

  it("links a source given as a package in plain data to its outPath", () => {
    const outPath = "/nix/store/00000000000000000000000000000001-y";
    expect(etc({ plain: { source: { type: "derivation", outPath } } }).etc.plain!.source).toBe(
      outPath,
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
      // A rendering that cannot be laid out is refused before anything is written.
      const clash = { ...r, etc: { ...r.etc, hosts: r.etc["secret"]! } };
      expect(moduleError(() => writeTree(clash, out)).message).toContain('/etc entry "hosts"');
      expect(readFileSync(join(out, "etc/secret"), "utf8")).toBe("s\n");
      for (const [path, make] of [
        ["etc/passwd", (p: string) => writeFileSync(p, "root")],
        ["etc/static/notes.txt", (p: string) => writeFileSync(p, "notes")],
        [
          "etc/ssl/key",
          (p: string) => (mkdirSync(dirname(p), { recursive: true }), writeFileSync(p, "k")),
        ],
      ] as const) {
        const mine = join(scratch, `mine-${path.replaceAll("/", "-")}`);
        writeTree(r, mine);
        make(join(mine, path));
        if (path === "etc/ssl/key")
          mkdirSync(join(mine, "etc/static/ssl/key"), { recursive: true });
        expect(moduleError(() => writeTree(r, mine)).message).toMatch(
          /it holds `etc\/[^']+', which is no part of a tree nixmod writes/,
        );
        expect(lstatSync(join(mine, path)).isFile()).toBe(true);
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it("shows in a plan as the files that change, a copy's mode and owner included", () => {
    const before = etc({ motd: { text: "a\n" }, sudoers: { text: "s\n", mode: "0440" } });
    const after = etc({
      motd: { text: "b\n" },
      issue: { text: "i\n" },
      sudoers: { text: "s\n", mode: "0666", user: "nobody" },
    });
    const paths = plan(before, after).files.filter((f) => f.path.startsWith("etc/"));
    expect(paths).toEqual([
      { path: "etc/issue", change: "added" },
      { path: "etc/static/issue", change: "added" },
      { path: "etc/static/motd", change: "changed" },
      { path: "etc/static/sudoers.mode", change: "changed" },
      { path: "etc/static/sudoers.uid", change: "changed" },
      { path: "etc/sudoers", change: "changed" },
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

it("refuses an /etc source that holds a control character, which would break the builder's lines", () => {
  const error = moduleError(() =>
    render(
      evaluate({
        environment: { etc: { a: { source: "/x\nwarning: no", target: "t" } } },
      } as Module),
    ),
  );
  expect(error.message).toBe(
    'The source "/x\\nwarning: no" of `environment.etc.a\' holds a control character.',
  );
  expect(error.loc).toEqual(["environment", "etc", "a", "source"]);
});
