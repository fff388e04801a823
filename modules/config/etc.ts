/**
 * `environment.etc`: files placed in /etc (nixos/modules/system/etc/etc.nix).
 * Each entry names its file by `source` (a store path) or gives its `text`, in
 * which case `source` is that text as a store file named
 * `etc-<name with every / replaced by ->` (`pkgs.writeText`, which makes the name a valid
 * store-path name as every derivation's is), defined with the
 * priority of the `text` definition, as NixOS's `mkDerivedConfig` does.
 */

import type { Module } from "../../lib/modules/module.ts";
import { literalExpression, mkOption } from "../../lib/options.ts";
import { mkDefault, mkIf, mkOverride } from "../../lib/properties.ts";
import { types } from "../../lib/types/index.ts";
import { memoByObject } from "../../lib/util/object-memo.ts";
import type { PackageSet } from "../packages.ts";

const file = "modules/config/etc.ts";

/** The store-file name NixOS gives the text of `environment.etc.<name>`. */
export function etcFileName(name: string): string {
  return `etc-${name.replaceAll("/", "-")}`;
}

/** The options of one `environment.etc.<name>` entry. */
function etcEntry(pkgs: PackageSet): Module {
  return ({ name, config, options }: { name: string; config: any; options: any }) => ({
    _file: file,
    options: {
      enable: mkOption({
        type: types.bool,
        default: true,
        description: "Whether this file is created in /etc.",
      }),
      target: mkOption({
        type: types.str,
        description: "The file's path relative to /etc; the attribute name by default.",
      }),
      text: mkOption({
        type: types.nullOr(types.lines),
        default: null,
        description: "The file's contents; when set, `source` is a store file holding it.",
      }),
      source: mkOption({
        type: types.path,
        description: "The file (a store path) that /etc/<target> links to or is copied from.",
      }),
      mode: mkOption({
        type: types.str,
        default: "symlink",
        example: "0600",
        description:
          "`symlink` links the file into /etc (through /etc/static); `direct-symlink` links " +
          "it to its source; an octal mode such as `0440` copies it there with that mode, " +
          "owned by `user` and `group`.",
      }),
      uid: mkOption({
        type: types.int,
        default: 0,
        description: "The owner of a copied file, by id (when `user` is not set).",
      }),
      gid: mkOption({
        type: types.int,
        default: 0,
        description: "The group of a copied file, by id (when `group` is not set).",
      }),
      user: mkOption({
        type: types.str,
        get default() {
          return `+${config.uid}`;
        },
        defaultText: literalExpression('"+${toString config.uid}"'),
        description: "The owner of a copied file, by name; `+<id>` means a numeric id.",
      }),
      group: mkOption({
        type: types.str,
        get default() {
          return `+${config.gid}`;
        },
        defaultText: literalExpression('"+${toString config.gid}"'),
        description: "The group of a copied file, by name; `+<id>` means a numeric id.",
      }),
    },
    config: {
      target: mkDefault(name),
      // NixOS's mkDerivedConfig: the derived value has the priority of `text`.
      get source() {
        const text = config.text as string | null;
        return mkIf(
          text !== null,
          text === null
            ? null
            : mkOverride(
                options.text.highestPrio as number,
                pkgs.writeText(etcFileName(name), text),
              ),
        );
      },
    },
  });
}

/** The module's declarations for one package set. */
const etcOptions = memoByObject((pkgs: PackageSet) => ({
  environment: {
    etc: mkOption({
      type: types.attrsOf(types.submodule(etcEntry(pkgs))),
      default: {},
      example: literalExpression(
        '{ "example-configuration-file" = { source = "/nix/store/.../etc/dir/file.conf.example"; mode = "0440"; }; "default/useradd".text = "GROUP=100 ..."; }',
      ),
      description:
        "Files to create in /etc, by path relative to /etc: each given by its `source` " +
        "or its `text`.",
    }),
  },
}));

/** The `environment.etc` option module. */
export const etcModule: Module = ({ pkgs }: { pkgs: PackageSet }) => ({
  _file: file,
  key: file,
  options: etcOptions(pkgs),
});
