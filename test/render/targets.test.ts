/**
 * Target units (`systemd.targets`) as NixOS's targetToUnit and generateUnits make them. Every
 * expected text, link and file was printed by real Nix 2.8 evaluating NixOS's systemd.nix
 * (nixpkgs 2faec4e) with the same definitions.
 */
import { describe, expect, it } from "vitest";
import { evaluate, render, treeEntries } from "../../lib/index.ts";
import { moduleError } from "../helpers/module-error.ts";

describe("systemd.targets", () => {
  const rendered = render(
    evaluate({
      systemd: {
        targets: {
          backup: {
            description: "Backups",
            wants: ["a.service"],
            after: ["network.target"],
            wantedBy: ["multi-user.target"],
            aliases: ["bk.target"],
            unitConfig: { "X-Foo": "1", AllowIsolate: true },
            documentation: ["man:x(1)"],
            restartTriggers: ["t"],
          },
          off: { enable: false, requiredBy: ["multi-user.target"] },
          net: { overrideStrategy: "asDropin", upheldBy: ["x.target"] },
        },
      },
    }),
  );
  const trigger = "/nix/store/k8ap89dcmlrr5vhi70xq1wkan8br238g-X-Restart-Triggers-backup";

  it("writes a [Unit] section only: NixOS's keys merged with unitConfig, no [Install]", () => {
    expect(rendered.targets).toEqual({
      "backup.target":
        "[Unit]\nAfter=network.target\nAllowIsolate=true\nDescription=Backups\nDocumentation=man:x(1)\n" +
        `Wants=a.service\nX-Foo=1\nX-Restart-Triggers=${trigger}\n\n`,
      "net.target": "[Unit]\n\n",
    });
    expect(rendered.files).toEqual({ [trigger]: "t" });
    expect(rendered.units).toEqual({});
  });

  it("links, masks and installs as drop-ins as generateUnits does", () => {
    expect(rendered.links).toEqual({
      "bk.target": "backup.target",
      "multi-user.target.wants/backup.target": "../backup.target",
      "multi-user.target.requires/off.target": "../off.target",
      "x.target.upholds/net.target": "../net.target",
    });
    expect(rendered.masked).toEqual(["off.target"]);
    expect(rendered.dropIns).toEqual(["net.target"]);
    const paths = treeEntries(rendered).map((e) => e.path);
    expect(paths).toContain("etc/systemd/system/backup.target");
    expect(paths).toContain("etc/systemd/system/net.target.d/overrides.conf");
  });

  it("amends a target systemd ships, such as the container module's multi-user.target", () => {
    const host = render(
      evaluate({
        containers: { web: { path: "/nix/store/1kzhqsw8f3bmcp5wm0l3qw0yzv4qhagw-web" } },
      }),
    );
    expect(host.targets).toEqual({ "multi-user.target": "[Unit]\nWants=machines.target\n\n" });
    expect(host.dropIns).toEqual(["multi-user.target"]);
    expect(treeEntries(host)).toContainEqual({
      path: "etc/systemd/system/multi-user.target.d/overrides.conf",
      kind: "file",
      mode: 0o444,
      text: "[Unit]\nWants=machines.target\n\n",
    });
    // Without containers, the module defines no target.
    expect(render(evaluate({})).targets).toEqual({});
  });

  // NixOS (Nix 2.8): masked [multi-user.target], no drop-in; with asDropin, a masked drop-in.
  it("masks a target systemd ships itself when it is disabled, not through a drop-in", () => {
    const masked = (target: Record<string, unknown>) =>
      render(evaluate({ systemd: { targets: { "multi-user": target } } }));
    const off = masked({ enable: false });
    expect([off.masked, off.dropIns]).toEqual([["multi-user.target"], []]);
    expect(treeEntries(off)).toContainEqual({
      path: "etc/systemd/system/multi-user.target",
      kind: "link",
      target: "/dev/null",
    });
    const dropIn = masked({ enable: false, overrideStrategy: "asDropin" });
    expect([dropIn.masked, dropIn.dropIns]).toEqual([["multi-user.target"], ["multi-user.target"]]);
  });

  // generateUnits ends with `ln -s` (no -f) of default.target, ctrl-alt-del.target,
  // kbrequest.target and multi-user.target.wants/remote-fs.target: bash fails with `File exists`.
  it("refuses a unit or link where NixOS's builder makes one of its own links", () => {
    const refused = (systemd: Record<string, unknown>) =>
      moduleError(() => render(evaluate({ systemd })));
    const own = refused({ targets: { default: { description: "mine" } } });
    expect(own.loc).toEqual(["systemd", "targets", "default"]);
    expect(own.message).toBe(
      "`systemd.targets.default' puts a unit file at /etc/systemd/system/default.target, where NixOS makes the link to the default unit (systemd.defaultUnit): its unit builder's `ln -s' fails (File exists), so NixOS cannot build the system; nixmod rejects it.",
    );
    expect(refused({ services: { a: { aliases: ["kbrequest.target"] } } }).loc).toEqual([
      "systemd",
      "services",
      "a",
      "aliases",
    ]);
    expect(refused({ targets: { "remote-fs": { wantedBy: ["multi-user.target"] } } }).loc).toEqual([
      "systemd",
      "targets",
      "remote-fs",
      "wantedBy",
    ]);
    expect(refused({ targets: { "ctrl-alt-del": { enable: false } } }).message).toContain(
      "puts a masked unit at /etc/systemd/system/ctrl-alt-del.target",
    );
    // A drop-in is written beside the path, and other targets' wants are free.
    expect(
      render(evaluate({ systemd: { targets: { default: { overrideStrategy: "asDropin" } } } }))
        .dropIns,
    ).toEqual(["default.target"]);
    expect(
      render(
        evaluate({ systemd: { targets: { "remote-fs": { wantedBy: ["graphical.target"] } } } }),
      ).links,
    ).toHaveProperty(["graphical.target.wants/remote-fs.target"]);
  });

  it("refuses a value that would break out of its line, naming the target's option", () => {
    const error = moduleError(() =>
      render(evaluate({ systemd: { targets: { t: { description: "a\nb" } } } })),
    );
    expect(error.loc).toEqual(["systemd", "targets", "t", "description"]);
  });
});
