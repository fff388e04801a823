/**
 * What NixOS gives every module beyond the options of its own: the `meta` options
 * (nixos/modules/misc/meta.nix) and the `utils` argument (nixos/lib/utils.nix). The
 * expected values were printed by real Nix (2.8, nixpkgs lib) for the same input.
 */

import { describe, expect, it } from "vitest";
import { evalModules, evaluate, type Module } from "../../lib/index.ts";
import { utils } from "../../modules/misc/extra-arguments.ts";
import { metaModule } from "../../modules/misc/meta.ts";
import { moduleError as thrown } from "../helpers/module-error.ts";

type Utils = typeof utils;

describe("meta", () => {
  it("maps each module's file to its maintainers, as NixOS merges them", () => {
    const { config, options } = evalModules({
      modules: [
        metaModule,
        { _file: "b.nix", meta: { maintainers: [{ name: "z" }] } },
        { _file: "a.nix", meta: { maintainers: [{ name: "x" }, { name: "y" }] } },
        { _file: "a.nix", meta: { maintainers: [{ name: "w" }] } },
      ],
    });
    expect(JSON.parse(JSON.stringify(config.meta.maintainers))).toEqual({
      "a.nix": [{ name: "w" }, { name: "x" }, { name: "y" }],
      "b.nix": [{ name: "z" }],
    });
    expect(options.meta.maintainers.type.description).toBe("list of (maintainer)");
    expect(
      thrown(
        () =>
          evalModules({ modules: [metaModule, { meta: { maintainers: 1 } }] }).config.meta
            .maintainers,
      ).message,
    ).toContain("is not of type `list of (maintainer)'");
  });

  it("gives the definitions of buildDocsInSandbox and doc themselves", () => {
    const { config } = evaluate([{ _file: "web.nix", meta: { doc: "/srv/web.md" } }]);
    // Today's containers module says its options read the configuration.
    expect(config.meta.buildDocsInSandbox).toEqual([
      { file: "modules/virtualisation/nixos-containers.ts", value: false },
    ]);
    expect(config.meta.doc).toEqual([{ file: "web.nix", value: "/srv/web.md" }]);
    expect(evalModules({ modules: [metaModule] }).config.meta.buildDocsInSandbox).toEqual([
      { file: "modules/misc/meta.ts", value: true },
    ]);
  });

  it("is accepted in a container's configuration and is no part of its system", () => {
    const system = (config: object) => evaluate({ containers: { b: { config } } });
    const ev = system({ meta: { maintainers: [{ name: "x" }] } });
    expect(String(ev.config.containers.b.path)).toBe(String(system({}).config.containers.b.path));
    expect(ev.config.containers.b.config.meta.maintainers).toEqual({
      "<unknown-file>": [{ name: "x" }],
    });
    // An unset `doc` reads as undefined, so the whole configuration prints as JSON.
    expect(ev.config.meta.doc).toBeUndefined();
    expect(() => JSON.stringify(ev.config)).not.toThrow();
  });
});

describe("the utils argument", () => {
  it("is given to the host's modules and to every container's", () => {
    const host: Module = ({ utils }: { utils: Utils }) => ({
      networking: { hostName: utils.escapeSystemdPath("/srv/web") },
      containers: {
        app: {
          config: ({ utils }: any) => ({
            networking: { hostName: utils.escapeSystemdPath("a/b") },
          }),
        },
      },
    });
    const ev = evaluate(host);
    expect(ev.config.networking.hostName).toBe("srv-web");
    expect(String(ev.config.containers.app.path)).toMatch(/-nixos-system-a-b$/);
  });

  it("computes what NixOS's utils.nix computes", () => {
    expect(
      utils.recursiveGetAttrWithJqPrefix(
        {
          example: [{ irrelevant: 1 }, { ignored: 2, relevant: { secret: { _secret: "/p" } } }],
          'q"\\': { _secret: "/q" },
          "10": [[{ _secret: "/r" }]],
          "9": { _secret: "/s", x: { _secret: "/t" } },
        },
        "_secret",
      ),
    ).toEqual({
      '."10"[0][0]': "/r",
      '."9"': "/s",
      '."example"[1]."relevant"."secret"': "/p",
      '."q\\"\\\\"': "/q",
    });
    expect(
      utils.removePackagesByName(
        ["nautilus-1.0", { name: "file-roller-2.1" }, { pname: "totem", name: "x" }, "totem-3"],
        [{ name: "file-roller-3" }, "totem"],
      ),
    ).toEqual(["nautilus-1.0"]);
    expect([
      utils.fsBefore({ mountPoint: "/aaa" }, { device: "/aaaa", mountPoint: "/x", depends: [] }),
      utils.fsBefore({ mountPoint: "/a" }, { device: null, mountPoint: "/a/b", depends: [] }),
      utils.fsBefore(
        { mountPoint: "/srv/" },
        { device: "tmpfs", mountPoint: "/x", depends: ["/srv/data"] },
      ),
      utils.fsBefore({ mountPoint: "/dev" }, { device: "/dev/sda1", mountPoint: "/", depends: [] }),
    ]).toEqual([false, true, true, true]);
    expect(utils.fsNeededForBoot({ neededForBoot: false, mountPoint: "/var/log" })).toBe(true);
    expect(utils.disablePackageByName("totem-3", [{ pname: "totem" }])).toBe(false);
  });

  it("fails in Nix's words, as a ModuleError of the option that called it", () => {
    const error = thrown(
      () =>
        evaluate(({ utils }: any) => ({
          networking: {
            get hostName() {
              return String(utils.fsNeededForBoot({ neededForBoot: "yes", mountPoint: "/" }));
            },
          },
        })).config.networking.hostName,
    );
    expect(error.message).toContain("value is a string while a Boolean was expected");
    expect(error.message).toContain("`networking.hostName'");
    expect(() =>
      utils.fsBefore({ mountPoint: "/a" }, { device: "/b", mountPoint: "/c", depends: "/a" }),
    ).toThrow("value is a string while a list was expected");
    expect(() => utils.removePackagesByName([{ version: "1" }], ["x"])).toThrow(
      "attribute 'name' missing",
    );
  });
});
