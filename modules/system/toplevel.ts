/**
 * `system.build.toplevel`: the built system (nixos/modules/system/activation/top-level.nix).
 *
 * nixmod builds nothing, so the toplevel is a stand-in package named
 * `nixos-system-<system name>` whose store path is a content address of the
 * evaluated configuration: the `builtins.toFile` path of a canonical JSON text of
 * every option that has a value (attribute names in Nix's byte order, packages
 * as their store paths), leaving out the toplevel itself. The same configuration
 * gives the same path; any change to a value gives another one.
 *
 * As in NixOS, building it checks the configuration's assertions first.
 */

import { ModuleError, quoteOption } from "../../lib/errors.ts";
import type { Module } from "../../lib/modules/module.ts";
import { mkOption } from "../../lib/options.ts";
import { isPackage, mkPackage, type Package } from "../../lib/package.ts";
import { toFilePath } from "../../lib/render/store-path.ts";
import { types } from "../../lib/types/index.ts";
import { compareNames } from "../../lib/util/attrs.ts";
import { lazyFields } from "../../lib/util/lazy-fields.ts";
import { failedAssertions, type Assertion } from "../misc/assertions.ts";

function sameLoc(a: readonly string[] | undefined, b: readonly string[]): boolean {
  return a !== undefined && a.length === b.length && a.every((part, i) => part === b[i]);
}

/**
 * A canonical JSON text of an evaluated configuration below `loc`. Options that
 * have no value (no definition and no default) are left out, as are the paths
 * `skip` names; functions appear as `"<function>"`. `loc` is a working path: it is
 * extended and shortened in place as the walk goes, and copied only for an error.
 */
export function configText(
  value: unknown,
  loc: string[],
  skip: (loc: readonly string[]) => boolean,
  seen: Set<object> = new Set(),
): string | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value === "boolean" || typeof value === "string") {
    return JSON.stringify(value);
  }
  if (typeof value === "number") return Number.isFinite(value) ? JSON.stringify(value) : "null";
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "function") return JSON.stringify("<function>");
  if (typeof value !== "object") return JSON.stringify(String(value));
  if (isPackage(value)) return JSON.stringify(value.outPath);
  if (seen.has(value)) {
    throw new ModuleError(
      `cannot compute the system's content address: the value at ${quoteOption([...loc])} contains itself`,
      { code: "invalid", loc: [...loc] },
    );
  }
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      const items: string[] = [];
      for (let i = 0; i < value.length; i++) {
        loc.push(`[${i}]`);
        items.push(configText(value[i], loc, skip, seen) ?? "null");
        loc.pop();
      }
      return `[${items.join(",")}]`;
    }
    const parts: string[] = [];
    for (const key of Object.keys(value).sort(compareNames)) {
      loc.push(key);
      try {
        const text = memberText(value as Record<string, unknown>, key, loc, skip, seen);
        if (text !== undefined) parts.push(`${JSON.stringify(key)}:${text}`);
      } finally {
        loc.pop();
      }
    }
    return `{${parts.join(",")}}`;
  } finally {
    seen.delete(value);
  }
}

/** The text of `value[key]`, whose path `loc` ends in `key`. */
function memberText(
  value: Record<string, unknown>,
  key: string,
  loc: string[],
  skip: (loc: readonly string[]) => boolean,
  seen: Set<object>,
): string | undefined {
  if (skip(loc)) return undefined;
  let item: unknown;
  try {
    item = value[key];
  } catch (error) {
    // An option with no value is absent from the system, as it is in Nix
    // (where nothing forces it), unless something else reads it.
    if (error instanceof ModuleError && error.code === "no-value" && sameLoc(error.loc, loc))
      return undefined;
    throw error;
  }
  return configText(item, loc, skip, seen);
}

/** The message NixOS's toplevel throws for failed assertions. */
export function failedAssertionsMessage(failed: readonly string[]): string {
  return `\nFailed assertions:\n${failed.map((message) => `- ${message}`).join("\n")}`;
}

/** The toplevel stand-in of an evaluation whose option paths start with `prefix`. */
export function buildToplevel(config: any, prefix: readonly string[]): Package {
  const failed = failedAssertions(config.assertions as Assertion[]);
  if (failed.length > 0) {
    const loc = [...prefix, "system", "build", "toplevel"];
    throw new ModuleError(failedAssertionsMessage(failed), { code: "assertion", loc });
  }
  const hostName = config.networking.hostName as string;
  const name = `nixos-system-${hostName === "" ? "unnamed" : hostName}`;
  const toplevelLoc = [...prefix, "system", "build", "toplevel"];
  const text = configText(
    config,
    [...prefix],
    (loc) =>
      sameLoc(loc, toplevelLoc) || (loc.length === prefix.length + 1 && loc.at(-1) === "_module"),
  );
  return mkPackage(toFilePath(name, text ?? "null"), name, { configText: text });
}

// The declaration depends on nothing of an evaluation, so every evaluation shares it (the
// whole tree: a fresh object at any level would have that level grouped again each time).
const toplevelOptions = {
  system: {
    build: {
      toplevel: mkOption({
        type: types.package,
        readOnly: true,
        description:
          "The built system: the package that holds everything needed to boot and run it.",
      }),
    },
  },
};

/** The `system.build.toplevel` option module. */
export const toplevelModule: Module = ({ config, options }: { config: any; options: any }) => ({
  _file: "modules/system/toplevel.ts",
  key: "modules/system/toplevel.ts",
  options: toplevelOptions,
  config: {
    system: {
      build: lazyFields({
        toplevel: () => {
          const buildLoc = options.system.build.loc as string[];
          return buildToplevel(config, buildLoc.slice(0, -2));
        },
      }),
    },
  },
});
