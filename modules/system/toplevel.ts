/**
 * `system.build.toplevel`: the built system (nixos/modules/system/activation/top-level.nix).
 *
 * nixmod builds nothing, so the toplevel is a stand-in package named
 * `nixos-system-<system name>` whose store path is a content address of the
 * evaluated configuration: the `builtins.toFile` path of a canonical JSON text of
 * every option with a value (attribute names in Nix's byte order, packages as their
 * store paths). It leaves out the toplevel itself, `_module`, the `assertions` and
 * `warnings`, which are reported when the system is built, and `meta`, which
 * describes the modules: none of them is part of the system (NixOS's toplevel does
 * not contain them either). An option of the configuration's own, or a `system.build`
 * entry, whose value fails is left out too, as Nix would not force it. The same
 * configuration gives the same path; any change to a value gives another one.
 *
 * As in NixOS, building it checks the configuration's assertions first.
 */

import { isModuleError, ModuleError, quoteOption } from "../../lib/errors.ts";
import type { Module } from "../../lib/modules/module.ts";
import { ConfigLevel, configLevelOf } from "../../lib/modules/views.ts";
import { mkOption } from "../../lib/options.ts";
import { isPackage, mkPackage, type Package } from "../../lib/package.ts";
import { toFilePath } from "../../lib/render/store-path.ts";
import { alreadySetSchema } from "../../lib/schema/json-schema.ts";
import { types } from "../../lib/types/index.ts";
import { compareNames } from "../../lib/util/attrs.ts";
import { lazyFields } from "../../lib/util/lazy-fields.ts";
import { sameItems } from "../../lib/util/lists.ts";
import { failedAssertions } from "../misc/assertions.ts";

function sameLoc(a: readonly string[] | undefined, b: readonly string[]): boolean {
  return a !== undefined && sameItems(a, b);
}

/**
 * A canonical JSON text of an evaluated configuration below `loc`. Options that
 * have no value (no definition and no default) are left out, as are the paths
 * `skip` names and, where their value fails, the configuration's own options and
 * the paths `onDemand` names (with what is below them); functions appear as
 * `"<function>"`. `known` may give the text of a member's value without reading it
 * (one computed from the same definitions elsewhere). `loc` is a working path: it is
 * extended and shortened in place as the walk goes, and copied only for an error.
 */
export function configText(
  value: unknown,
  loc: string[],
  skip: (loc: readonly string[]) => boolean,
  onDemand: (loc: readonly string[]) => boolean = () => false,
  known?: (loc: readonly string[]) => string | undefined,
): string | undefined {
  if (value === undefined) return undefined;
  const depth = loc.length;
  try {
    const writer = new ConfigTextWriter(loc, skip, onDemand, known);
    writer.write(value);
    return writer.text;
  } finally {
    // A walk that failed leaves `loc` as the caller gave it, like one that finished.
    loc.length = depth;
  }
}

/**
 * The text `configText` writes for the value of `key` in `level` (at `loc`, the level's path),
 * or undefined when it leaves the member out.
 */
export function memberText(
  level: ConfigLevel,
  key: string,
  loc: string[],
  skip: (loc: readonly string[]) => boolean,
  onDemand: (loc: readonly string[]) => boolean,
): string | undefined {
  const depth = loc.length;
  try {
    const writer = new ConfigTextWriter(loc, skip, onDemand);
    return writer.writeMember(level, level, key, "") ? writer.text : undefined;
  } finally {
    loc.length = depth;
  }
}

/**
 * Appends the text of a walk to one string: a system's text has thousands of parts, and
 * joining them level by level copied each part once per level above it.
 */
class ConfigTextWriter {
  text = "";

  /** The objects on the way from the root to the value being written. */
  private readonly seen = new Set<object>();

  /** The configuration level each attribute of the working path was read from, if any. */
  private readonly levels: (ConfigLevel | undefined)[] = [];

  /** Where the working path starts: the part the caller gave. */
  private readonly base: number;

  constructor(
    private readonly loc: string[],
    private readonly skip: (loc: readonly string[]) => boolean,
    private readonly onDemand: (loc: readonly string[]) => boolean,
    private readonly known?: (loc: readonly string[]) => string | undefined,
  ) {
    this.base = loc.length;
  }

  /** Appends `value`, which is not undefined. */
  write(value: unknown): void {
    if (typeof value !== "object" || value === null) {
      this.text += scalarText(value);
      return;
    }
    if (isPackage(value)) {
      this.text += JSON.stringify(value.outPath);
      return;
    }
    if (this.seen.has(value)) {
      throw new ModuleError(
        `cannot compute the system's content address: the value at ${quoteOption([...this.loc])} contains itself`,
        { code: "invalid", loc: [...this.loc] },
      );
    }
    this.seen.add(value);
    if (Array.isArray(value)) this.writeList(value);
    else this.writeAttrs(value as Record<string, unknown> | ConfigLevel);
    // No `finally` for `seen` and `loc` below: an error ends the whole walk.
    this.seen.delete(value);
  }

  private writeList(list: readonly unknown[]): void {
    const loc = this.loc;
    this.text += "[";
    for (let i = 0; i < list.length; i++) {
      if (i > 0) this.text += ",";
      loc.push(`[${i}]`);
      this.levels.push(undefined);
      const item = list[i];
      if (item === undefined) this.text += "null";
      else this.write(item);
      this.levels.pop();
      loc.pop();
    }
    this.text += "]";
  }

  private writeAttrs(attrs: Record<string, unknown> | ConfigLevel): void {
    // A configuration's levels are read directly: making each one's view costs more than the walk.
    const level = attrs instanceof ConfigLevel ? attrs : configLevelOf(attrs);
    const keys = level !== undefined ? level.names : Object.keys(attrs).sort(compareNames);
    let separator = "{";
    for (let i = 0; i < keys.length; i++) {
      if (this.writeMember(level ?? attrs, level, keys[i]!, separator)) separator = ",";
    }
    this.text += separator === "{" ? "{}" : "}";
  }

  /**
   * Writes `separator`, the member's name unless `separator` is empty, and the value of `key` in
   * `source` (read from `level` when it is one); writes nothing, and gives false, when the walk
   * leaves the member out.
   */
  writeMember(
    source: Record<string, unknown> | ConfigLevel,
    level: ConfigLevel | undefined,
    key: string,
    separator: string,
  ): boolean {
    const loc = this.loc;
    loc.push(key);
    this.levels.push(level);
    let written = false;
    if (!this.skip(loc)) {
      const known = this.known?.(loc);
      const item = known === undefined ? this.memberValue(source, key) : undefined;
      if (known !== undefined || item !== undefined) {
        if (separator !== "") {
          this.text += separator;
          this.text += memberPrefix(key);
        }
        if (known !== undefined) this.text += known;
        else this.write(item);
        written = true;
      }
    }
    this.levels.pop();
    loc.pop();
    return written;
  }

  /**
   * Whether the value at the working path is one the built system reads only on demand: it is
   * (or is below) an option of the configuration's own or a path `onDemand` names. Asked only
   * when a value fails, so the walk looks up no declarations.
   */
  private readOnDemand(): boolean {
    const loc = this.loc;
    for (let d = 0; d < this.levels.length; d++) {
      const at = this.base + d;
      const level = this.levels[d];
      if (level !== undefined && isOwnOption(level.declarations(loc[at]!))) return true;
      if (this.onDemand(loc.slice(0, at + 1))) return true;
    }
    return false;
  }

  /**
   * `value[key]`, whose path `loc` ends in `key`; undefined for an option with no value and,
   * on demand, for one whose value fails. The system is built from what its own modules
   * declare, as NixOS's toplevel is, so their values must be right (a nested system's failed
   * assertions included); Nix never forces the rest unless something reads it.
   */
  private memberValue(value: Record<string, unknown> | ConfigLevel, key: string): unknown {
    try {
      return value instanceof ConfigLevel ? value.read(key) : value[key];
    } catch (error) {
      if (!isModuleError(error) || error.code === "assertion") throw error;
      if (this.readOnDemand()) return undefined;
      // An option with no value is absent from the system, as it is in Nix (where nothing
      // forces it), unless something else reads it.
      if (error.code === "no-value" && sameLoc(error.loc, this.loc)) return undefined;
      throw error;
    }
  }
}

/**
 * Whether an option is the configuration's own: declared by none of nixmod's built-in modules
 * (the modules NixOS builds a system from, whose files are under `modules/`).
 */
function isOwnOption(declarations: readonly string[] | undefined): boolean {
  return declarations !== undefined && !declarations.some((file) => file.startsWith("modules/"));
}

/** Option names repeat in every system: their quoted forms are kept (bounded, as names are data). */
const memberPrefixes = new Map<string, string>();
const maxMemberPrefixes = 10_000;

/** `"key":`, the JSON text that introduces an attribute. */
export function memberPrefix(key: string): string {
  let prefix = memberPrefixes.get(key);
  if (prefix === undefined) {
    if (memberPrefixes.size >= maxMemberPrefixes) memberPrefixes.clear();
    memberPrefixes.set(key, (prefix = `${JSON.stringify(key)}:`));
  }
  return prefix;
}

/** The JSON text of a value that is not an object. */
function scalarText(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value === null) return "null";
  if (typeof value === "number") return Number.isFinite(value) ? JSON.stringify(value) : "null";
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "function") return JSON.stringify("<function>");
  return JSON.stringify(String(value));
}

/** The message NixOS's toplevel throws for failed assertions. */
export function failedAssertionsMessage(failed: readonly string[]): string {
  return `\nFailed assertions:\n${failed.map((message) => `- ${message}`).join("\n")}`;
}

/** The top-level options that are about the evaluation or its build, not part of the system. */
const notInSystem = new Set(["_module", "assertions", "meta", "warnings"]);

/** What the toplevel's text leaves out, and what it reads only on demand, for a system at `prefix`. */
export interface SystemTextRules {
  skip: (loc: readonly string[]) => boolean;
  onDemand: (loc: readonly string[]) => boolean;
}

/** The rules of the toplevel's text for a system whose option paths start with `prefix`. */
export function systemTextRules(prefix: readonly string[]): SystemTextRules {
  const toplevelLoc = [...prefix, "system", "build", "toplevel"];
  return {
    skip: (loc) =>
      sameLoc(loc, toplevelLoc) ||
      (loc.length === prefix.length + 1 && notInSystem.has(loc[prefix.length]!)),
    // NixOS's toplevel takes what it needs of `system.build` by name; other entries (an image
    // for another platform, say) are built only when asked for.
    onDemand: (loc) =>
      loc.length === toplevelLoc.length && sameLoc(loc.slice(0, -1), toplevelLoc.slice(0, -1)),
  };
}

/**
 * What is known of a system without evaluating all of it, from another system evaluated from
 * the same definitions of the options involved (modules/system/system-template.ts).
 */
export interface KnownSystemParts {
  /** Whether the assertions of `config`, the system's, are known to hold (false: not known). */
  assertionsHold(config: any): boolean;
  /** The text of the value at `loc`, whose first `prefixLength` parts are the system's path, if known. */
  textAt(loc: readonly string[], prefixLength: number): string | undefined;
}

/** The assertions check NixOS's toplevel makes before it builds: failed ones throw. */
export function checkAssertions(config: any, prefix: readonly string[]): void {
  const failed = failedAssertions(config.assertions as unknown[], [...prefix, "assertions"]);
  if (failed.length > 0) {
    const loc = [...prefix, "system", "build", "toplevel"];
    throw new ModuleError(failedAssertionsMessage(failed), { code: "assertion", loc });
  }
}

/**
 * The toplevel stand-in of an evaluation whose option paths start with `prefix`; `known` gives
 * parts of it that need not be evaluated again.
 */
export function buildToplevel(
  config: any,
  prefix: readonly string[],
  known?: KnownSystemParts,
): Package {
  if (known?.assertionsHold(config) !== true) checkAssertions(config, prefix);
  const hostName = config.networking.hostName as string;
  // The name of the reference evaluations' stand-in (NixOS itself would say `unnamed` for "").
  const name = `nixos-system-${hostName}`;
  const { skip, onDemand } = systemTextRules(prefix);
  const prefixLength = prefix.length;
  const text = configText(
    config,
    [...prefix],
    skip,
    onDemand,
    known && ((loc) => known.textAt(loc, prefixLength)),
  );
  return mkPackage(toFilePath(name, text ?? "null"), name, { configText: text });
}

// The declaration depends on nothing of an evaluation, so every evaluation shares it (the
// whole tree: a fresh object at any level would have that level grouped again each time).
const toplevelOptions = {
  system: {
    build: {
      toplevel: mkOption({
        // Read-only and defined below, so no config may set it: `validate` says so as evaluation
        // would (a sub-option's schema cannot see the definitions of the option around it).
        type: {
          ...types.package,
          toJsonSchema: (ctx) =>
            ctx.output
              ? types.package.toJsonSchema(ctx)
              : alreadySetSchema(["modules/system/toplevel.ts"]),
        },
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
