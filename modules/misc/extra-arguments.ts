/**
 * The `utils` module argument (nixos/modules/misc/extra-arguments.nix, which imports
 * nixos/lib/utils.nix): helpers NixOS modules take as `{ utils, ... }:`. nixmod gives the ones
 * that compute a value from their arguments; those that build packages (`copyFile`,
 * `genJqSecretsReplacement*`), need NixOS's package types (`toShellPath`) or are whole
 * libraries of their own (`systemdUtils`, `binfmtMagics`, `pam`) are not part of it.
 */

import { nixValueKind } from "../../lib/errors.ts";
import type { Module } from "../../lib/modules/module.ts";
import { isPackage } from "../../lib/package.ts";
import { nixToString } from "../../lib/render/nix-to-string.ts";
import {
  escapeSystemdExecArg,
  escapeSystemdExecArgs,
  escapeSystemdPath,
} from "../../lib/render/systemd-escape.ts";
import { isAttrs, select, sortNames } from "../../lib/util/attrs.ts";
import { parseDrvName } from "../packages.ts";

/** Nix's `a || b` and `!a` take Booleans only. */
function bool(value: unknown): boolean {
  if (typeof value !== "boolean")
    throw new Error(`value is ${nixValueKind(value)} while a Boolean was expected`);
  return value;
}

/** Nix's `builtins.elem`, for the strings and names these helpers compare. */
const elem = (value: unknown, list: readonly unknown[]) => list.includes(value);

/** nixpkgs' `lib.getName`: a package's `pname`, or the name part of its `name` (or of a string). */
function getName(x: unknown): unknown {
  if (typeof x === "string") return parseDrvName(x).name;
  if (isAttrs(x) && Object.hasOwn(x, "pname")) return x.pname;
  return parseDrvName(String(select(x, "name"))).name;
}

/** Mount points systemd needs before the root is switched to (closed under parents). */
const pathsNeededForBoot = Object.freeze([
  "/",
  "/nix",
  "/nix/store",
  "/var",
  "/var/log",
  "/var/lib",
  "/var/lib/nixos",
  "/etc",
  "/usr",
]);

/** A path with one `/` at its end, so that `/aaa/` is no prefix of `/aaaa/`. */
const withSlash = (path: string) => (path.endsWith("/") ? path : `${path}/`);

/** The entries of `item` that hold `attr`, by their jq path (`.a."b"[0]`), first one kept per path. */
function attrsetsWithJqPrefix(item: unknown, attr: string): Record<string, unknown> {
  const found = new Map<string, unknown>();
  const recurse = (prefix: string, value: unknown): void => {
    if (isAttrs(value) && Object.hasOwn(value, attr)) {
      if (!found.has(prefix)) found.set(prefix, value);
    } else if (isPackage(value)) {
      return;
    } else if (Array.isArray(value)) {
      value.forEach((entry, index) => recurse(`${prefix}[${index}]`, entry));
    } else if (isAttrs(value)) {
      for (const name of sortNames(Object.keys(value))) {
        const quoted = `"${name.replace(/["\\]/g, (c) => `\\${c}`)}"`;
        recurse(`${prefix}${prefix === "." ? "" : "."}${quoted}`, value[name]);
      }
    }
  };
  recurse(".", item);
  const out: Record<string, unknown> = {};
  for (const path of sortNames(found.keys())) out[path] = found.get(path);
  return out;
}

/** NixOS's `utils`, as far as nixmod has it; the same object for every evaluation. */
export const utils = Object.freeze({
  pathsNeededForBoot,
  /** Whether a file system must be mounted in the initrd. */
  fsNeededForBoot: (fs: unknown): boolean =>
    bool(select(fs, "neededForBoot")) || elem(select(fs, "mountPoint"), pathsNeededForBoot),
  /** Whether file system `b` depends on `a`: its device, mount point or a dependency lies under `a`. */
  fsBefore: (a: unknown, b: unknown): boolean => {
    const under = withSlash(String(select(a, "mountPoint")));
    const depends = select(b, "depends");
    if (!Array.isArray(depends))
      throw new Error(`value is ${nixValueKind(depends)} while a list was expected`);
    return (
      withSlash(nixToString(select(b, "device"))).startsWith(under) ||
      withSlash(String(select(b, "mountPoint"))).startsWith(under) ||
      depends.some((path) => withSlash(String(path)).startsWith(under))
    );
  },
  escapeSystemdPath,
  escapeSystemdExecArg,
  escapeSystemdExecArgs,
  /** The entries of `item` that hold `attr`, by jq path (NixOS's secret files). */
  recursiveGetAttrsetWithJqPrefix: attrsetsWithJqPrefix,
  /** The values of `attr` in `item`, by the jq path of the set holding each. */
  recursiveGetAttrWithJqPrefix: (item: unknown, attr: string): Record<string, unknown> => {
    const sets = attrsetsWithJqPrefix(item, attr);
    for (const path of Object.keys(sets)) sets[path] = select(sets[path], attr);
    return sets;
  },
  /** `packages` without those named as a package of `packagesToRemove` is. */
  removePackagesByName: (packages: readonly unknown[], packagesToRemove: readonly unknown[]) => {
    const names = packagesToRemove.map(getName);
    return packages.filter((pkg) => !elem(getName(pkg), names));
  },
  /** Whether no package of `packagesToDisable` has `pkg`'s name. */
  disablePackageByName: (pkg: unknown, packagesToDisable: readonly unknown[]): boolean =>
    !elem(getName(pkg), packagesToDisable.map(getName)),
});

/** The module that gives every module the `utils` argument. */
export const extraArgumentsModule: Module = {
  _file: "modules/misc/extra-arguments.ts",
  key: "modules/misc/extra-arguments.ts",
  config: { _module: { args: { utils } } },
};
