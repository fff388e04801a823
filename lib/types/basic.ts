/** Scalar and catch-all types: unspecified, raw, anything, bool, int, float, str, attrs, packages, paths. */
import { checkFlagArgument, namedArgument } from "./argument-checks.ts";
import { ModuleError, quoteOption, showFiles, wrongArgument } from "../errors.ts";
import { nixToString } from "../render/nix-to-string.ts";
import { isPackage, mkPackage, toDerivation, type Package } from "../package.ts";
import { isAttrs, isAttrSet, listInNixOrder, updateAllLazy } from "../util/attrs.ts";
import { checkNamedArguments } from "../util/named-arguments.ts";
import {
  headDefinition,
  mergeDefaultOption,
  mergeEqualOption,
  mergeOneOption,
} from "./merge-functions.ts";
import { extendType, mkOptionType, type Def, type OptionType } from "./option-type.ts";
import { markLocFree } from "./loc-free.ts";
import { callDefinitions } from "./call-definitions.ts";
import { checkDefinitionKind } from "./merge-v2.ts";

/** A value whose type nothing is known about; merged by Nix's default rules. */
export const unspecified: OptionType = markLocFree(
  mkOptionType({
    name: "unspecified",
    description: "unspecified value",
    descriptionClass: "noun",
    merge: mergeDefaultOption,
    toJsonSchema: () => ({}),
  }),
);

/** Any value, taken as it is; only one definition is allowed. */
export const raw: OptionType = markLocFree(
  mkOptionType({
    name: "raw",
    description: "raw value",
    descriptionClass: "noun",
    merge: mergeOneOption,
    toJsonSchema: () => ({}),
  }),
);

function valueKind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "list";
  if (isStringCoercibleSet(value)) return "stringCoercibleSet";
  if (typeof value === "function") return "lambda";
  if (typeof value === "object") return "set";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  return typeof value;
}

/** Any value; attribute sets merge recursively, other values must be equal. */
export const anything: OptionType = markLocFree(
  mkOptionType({
    name: "anything",
    description: "anything",
    descriptionClass: "noun",
    merge: (loc, defs) => mergeAnything(loc, defs),
    toJsonSchema: () => ({}),
  }),
);

function mergeAnything(loc: string[], defs: Def[]): unknown {
  const kind = valueKind(headDefinition("anything's merge", loc, defs).value);
  for (const def of defs) {
    if (valueKind(def.value) !== kind) {
      throw new ModuleError(
        `The option ${quoteOption(loc)} has conflicting option types in ${showFiles(defs.map((d) => d.file))}`,
        { code: "conflict", loc, definitions: defs },
      );
    }
  }
  if (kind === "set") return anythingAttrs(loc, defs);
  if (kind === "stringCoercibleSet") return mergeOneOption(loc, defs);
  // The list as Nix holds it: the sets inside it have their names in Nix's order.
  if (kind === "list") return listInNixOrder(mergeEqualOption(loc, defs) as unknown[]);
  if (kind === "lambda") {
    const bodyLoc = [...loc, "<function body>"];
    return (arg: unknown) => mergeAnything(bodyLoc, callDefinitions(bodyLoc, defs, arg));
  }
  return mergeEqualOption(loc, defs);
}

let anythingAttrs: (loc: string[], defs: Def[]) => unknown = () => {
  throw new Error("attrsOf is not loaded");
};

/** Lets attrs-of.ts provide `attrsOf anything` without an import cycle. */
export function setAnythingAttrsMerge(merge: (loc: string[], defs: Def[]) => unknown): void {
  anythingAttrs = merge;
}

/** A boolean; two different definitions conflict. */
export const bool: OptionType<boolean> = markLocFree(
  mkOptionType({
    name: "bool",
    description: "boolean",
    descriptionClass: "noun",
    check: (v) => typeof v === "boolean",
    merge: mergeEqualOption as (loc: string[], defs: Def[]) => boolean,
    toJsonSchema: () => ({ type: "boolean" }),
  }),
);

/** A boolean; definitions are combined with `or`. */
export const boolByOr: OptionType<boolean> = markLocFree(
  mkOptionType({
    name: "boolByOr",
    description: "boolean (merged using or)",
    descriptionClass: "noun",
    check: (v) => typeof v === "boolean",
    // Nix's `foldl' (result: def: result || def.value) false`: a value read before a true one must be a Boolean.
    merge: (loc, defs) => {
      for (const def of defs) {
        if (def.value === true) return true;
        checkDefinitionKind(loc, [def], (v: unknown) => v === false, "a Boolean");
      }
      return false;
    },
    toJsonSchema: () => ({ type: "boolean" }),
  }),
);

/** Whether a value is a Nix integer (a safe JavaScript integer). */
export function isInt(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value);
}

/** A signed integer; two different definitions conflict. */
export const int: OptionType<number> = markLocFree(
  mkOptionType({
    name: "int",
    description: "signed integer",
    descriptionClass: "noun",
    check: isInt,
    merge: mergeEqualOption as (loc: string[], defs: Def[]) => number,
    toJsonSchema: () => ({
      type: "integer",
      minimum: Number.MIN_SAFE_INTEGER,
      maximum: Number.MAX_SAFE_INTEGER,
    }),
  }),
);

/** A floating point number (JavaScript cannot tell 1.0 from 1, so any finite number). */
export const float: OptionType<number> = markLocFree(
  mkOptionType({
    name: "float",
    description: "floating point number",
    descriptionClass: "noun",
    check: (v) => typeof v === "number" && Number.isFinite(v),
    merge: mergeEqualOption as (loc: string[], defs: Def[]) => number,
    toJsonSchema: () => ({ type: "number" }),
  }),
);

/** A string; two different definitions conflict. */
export const str: OptionType<string> = markLocFree(
  mkOptionType({
    name: "str",
    description: "string",
    descriptionClass: "noun",
    check: (v) => typeof v === "string",
    merge: mergeEqualOption as (loc: string[], defs: Def[]) => string,
    toJsonSchema: () => ({ type: "string" }),
  }),
);

/** An attribute set; later definitions update earlier ones shallowly. */
export const attrs: OptionType<Record<string, unknown>> = markLocFree(
  mkOptionType({
    name: "attrs",
    description: "attribute set",
    check: isAttrSet,
    merge: (loc, defs) => {
      checkDefinitionKind(loc, defs, isAttrSet, "a set");
      return withStringForm(updateAllLazy(defs.map((d) => d.value as object)));
    },
    emptyValue: { value: {} },
    toJsonSchema: () => ({ type: "object" }),
  }),
);

/**
 * Nix turns a set with `outPath` or `__toString` into a string wherever one is wanted (`"${x}"`);
 * the merged copy gets the `toString` a package has, so a template literal reads it the same way.
 */
function withStringForm(merged: Record<string, unknown>): Record<string, unknown> {
  if (isStringCoercibleSet(merged)) {
    // Nix's toJSON writes such a set as its __toString's string, else as its outPath (which
    // JSON writes in turn). An attribute of that name stays.
    const forms: Record<string, () => unknown> = {
      toString: () => nixToString(merged),
      toJSON: () => ("__toString" in merged ? nixToString(merged) : merged.outPath),
    };
    for (const [key, value] of Object.entries(forms)) {
      if (Object.prototype.hasOwnProperty.call(merged, key)) continue;
      Object.defineProperty(merged, key, { value, enumerable: false, configurable: true });
    }
  }
  return merged;
}

/** Nix's `isStringLike` for a set: one with `outPath` or `__toString`, which Nix coerces to a string. */
export function isStringCoercibleSet(value: unknown): value is Record<string, unknown> {
  return isAttrs(value) && ("outPath" in value || "__toString" in value);
}

/**
 * Nix's `isStorePath`: a string, or a set it coerces to one, that is an absolute path directly
 * in the store (or, as Nix allows for content-addressed outputs, `/` and 52 base-32 characters).
 */
export function isStorePath(value: unknown): boolean {
  let text: string;
  if (typeof value === "string") text = value;
  else if (isStringCoercibleSet(value)) text = nixToString(value);
  else return false;
  if (!text.startsWith("/")) return false;
  return text.slice(0, text.lastIndexOf("/")) === "/nix/store" || /^\/[0-9a-z]{52}$/.test(text);
}

/** `isStorePath` for a string, as a JSON Schema pattern. */
const storePathPattern = "^(?:/nix/store/[^/]*|/[0-9a-z]{52})$";

/** A set Nix's `isDerivation` takes, as a schema. */
const derivationTagSchema = {
  type: "object",
  properties: { type: { const: "derivation" } },
  required: ["type"],
};

/** What `types.package`'s own check accepts: a derivation, a store path, or a set whose `outPath` is one. */
export const packageShapeSchema = {
  anyOf: [
    { type: "string", pattern: storePathPattern },
    derivationTagSchema,
    {
      type: "object",
      properties: { outPath: { type: "string", pattern: storePathPattern } },
      required: ["outPath"],
    },
  ],
};

/** A store path a string may name for `types.package` (one nixmod can stand in for). */
const packagePathPattern = "^/nix/store/[0-9a-z]{32}-[^/]+$";
const packagePath = new RegExp(packagePathPattern);

/** JSON Schema of a set used as a path: one with an `outPath` (a package, or any set Nix coerces by it). */
function outPathSchema(outPath: Record<string, unknown>): Record<string, unknown> {
  return {
    type: "object",
    properties: { outPath: { type: "string", ...outPath } },
    required: ["outPath"],
  };
}

/** Nix's `isDerivation`: a set whose `type` is "derivation". */
export function isDerivation(value: unknown): value is Record<string, unknown> {
  return isAttrs(value) && value.type === "derivation";
}

/** An evaluated package: a `Package` (in JSON, its store path; a set without `outPath` stays a set). */
const evaluatedPackageSchema = { type: ["string", "object"], tsType: "Package" };

/** A package (a derivation) or a store path, which becomes a package. */
export const packageType: OptionType = markLocFree(
  mkOptionType({
    name: "package",
    descriptionClass: "noun",
    // Nix's `isDerivation`: the `type` tag alone (a derivation without `outPath` fails only
    // where it is used as a string).
    check: (v) => isDerivation(v) || isStorePath(v),
    merge: (loc, defs) => {
      const res = mergeOneOption(loc, defs);
      if (typeof res === "string") {
        // Nix's builtins.storePath needs the path to exist; nixmod stands in for well-formed ones.
        if (!packagePath.test(res)) {
          throw new ModuleError(
            `path '${res}' is not in the Nix store: ${quoteOption(loc)} takes a store path /nix/store/<hash>-<name> or a package`,
            { code: "type", loc },
          );
        }
        return toDerivation(res);
      }
      // A set Nix uses as its path (outPath or __toString) prints as that path.
      if (isStringCoercibleSet(res) && !isPackage(res)) return withStringForm({ ...res });
      if (!isPackage(res)) return res;
      // A package given as plain data (from JSON) becomes a real one, which prints as its outPath.
      const pkg = res as Package;
      if (String(pkg) === pkg.outPath) return pkg;
      const name: unknown = pkg.name;
      // Nix never reads a package's name here: one that is no string stays as it was given.
      if (name !== undefined && name !== null && typeof name !== "string")
        return withStringForm({ ...pkg });
      return mkPackage(pkg.outPath, pkg.name, pkg);
    },
    toJsonSchema: (ctx) =>
      ctx.output
        ? evaluatedPackageSchema
        : {
            anyOf: [
              { type: "string", pattern: packagePathPattern },
              derivationTagSchema,
              {
                type: "object",
                properties: { outPath: { type: "string" } },
                required: ["outPath"],
                // "outPath is a store path", said as a double negation so that a wrong outPath is a
                // wrong package (an error about the set) rather than an error inside it.
                not: {
                  properties: { outPath: { not: { type: "string", pattern: storePathPattern } } },
                },
              },
            ],
          },
  }),
);

/**
 * A package that is a login shell: a derivation with `shellPath` (a store path, which
 * `package` takes, is not one). Declared twice, it is `package` again, as in Nix.
 */
export const shellPackage: OptionType = markLocFree(
  extendType(packageType, {
    check: (v) => isDerivation(v) && "shellPath" in v,
    toJsonSchema: (ctx) =>
      ctx.output
        ? evaluatedPackageSchema
        : {
            type: "object",
            properties: { type: { const: "derivation" }, shellPath: {} },
            required: ["type", "shellPath"],
          },
  }),
  packageType,
);

/** Nix's `isStringLike`: a string, or a set Nix coerces to one (a package, `outPath`, `__toString`). */
export function isStringLike(value: unknown): boolean {
  return typeof value === "string" || isStringCoercibleSet(value);
}

/** Nix's `builtins.match ".{32}-.+"`, which counts bytes: 32 of them, a `-`, and a name. */
function hashThenName(component: string): boolean {
  // While the first 33 characters are ASCII (a store path's always are), they are the bytes.
  const head = Math.min(component.length, 33);
  let ascii = true;
  for (let i = 0; i < head && ascii; i++) ascii = component.charCodeAt(i) < 0x80;
  if (ascii) return component.length > 33 && component.charCodeAt(32) === 0x2d;
  const bytes = Buffer.from(component, "utf8");
  return bytes.length > 33 && bytes[32] === 0x2d;
}

/**
 * Whether a string, read as an absolute path (`/. + x` in Nix), is inside a store path:
 * `/nix/store/<32 bytes>-<name>` and below. As in Nix, a first component of 52 base-32
 * characters (a content-addressed output without store directory) counts too.
 */
export function hasStorePathPrefix(text: string): boolean {
  const components: string[] = [];
  for (const c of text.split("/")) {
    if (c === "" || c === ".") continue;
    if (c === "..") components.pop();
    else components.push(c);
  }
  if (
    components.length > 2 &&
    components[0] === "nix" &&
    components[1] === "store" &&
    hashThenName(components[2]!)
  ) {
    return true;
  }
  return components.length > 0 && /^[0-9a-z]{52}$/.test(components[0]!);
}

/** Nix's `pathWith`: a path, optionally required to be absolute and/or in the store. */
export function pathWith(opts: {
  inStore?: boolean | null;
  absolute?: boolean | null;
}): OptionType {
  if (!isAttrs(opts)) throw wrongArgument("the argument of types.pathWith", opts, "a set");
  checkNamedArguments("pathWith", opts, ["inStore", "absolute"]);
  const inStore = namedArgument(opts, "inStore", null) as boolean | null;
  const absolute = namedArgument(opts, "absolute", null) as boolean | null;
  checkFlagArgument(inStore, "inStore", "pathWith", true);
  checkFlagArgument(absolute, "absolute", "pathWith", true);
  if (inStore === true && absolute === false) {
    throw new ModuleError("In pathWith, inStore means the path must be absolute", {
      code: "invalid",
    });
  }
  const description =
    (absolute === null ? "" : absolute ? "absolute " : "relative ") +
    "path" +
    (inStore === null ? "" : inStore ? " in the Nix store" : " not in the Nix store");
  return markLocFree(
    mkOptionType({
      name: "path",
      description,
      descriptionClass: "noun",
      merge: (loc, defs) => {
        const res = mergeEqualOption(loc, defs);
        // A set given as the path prints as the path, as a package does.
        return isStringCoercibleSet(res) && !isPackage(res) ? withStringForm({ ...res }) : res;
      },
      functor: {
        name: "path",
        type: (payload: { inStore: boolean | null; absolute: boolean | null }) => pathWith(payload),
        payload: { inStore, absolute },
        binOp: (a, b) => (a.inStore === b.inStore && a.absolute === b.absolute ? a : null),
      },
      check: (x) => {
        const expected = inStore === null || inStore ? isStringLike(x) : typeof x === "string";
        if (!expected) return false;
        // Nix's `toString`: a set's `__toString` or `outPath` (a package's store path).
        const text = typeof x === "string" ? x : nixToString(x);
        const isAbsolute = text.startsWith("/");
        const isInStore = hasStorePathPrefix(text);
        return (
          (inStore === null || inStore === isInStore) &&
          (absolute === null || absolute === isAbsolute)
        );
      },
      toJsonSchema: (ctx) => {
        const conditions = [
          // `hasStorePathPrefix` for paths written plainly (no `.`, `..` or `//` to normalise).
          inStore === null
            ? ""
            : `(?${inStore ? "=" : "!"}/nix/store/[^/]{32}-[^/]|/[0-9a-z]{52}(?:/|$))`,
          absolute === null ? "" : `(?${absolute ? "=" : "!"}/)`,
        ].join("");
        const text = conditions === "" ? {} : { pattern: `^${conditions}` };
        const asString = { type: "string", ...text };
        if (inStore === false) return asString;
        // Evaluated, a package given as the path stays a package (its path in JSON).
        if (ctx.output) return { ...evaluatedPackageSchema, tsType: "string | Package" };
        // JSON has no `__toString`: a set given as a path has its `outPath`.
        return { anyOf: [asString, outPathSchema(text)] };
      },
    }),
  );
}

/** An absolute path (a string starting with `/`, or a package). */
export const path: OptionType = pathWith({ absolute: true });

/** A path in the Nix store (a store path or a path inside one, or a package). */
export const pathInStore: OptionType = pathWith({ inStore: true });

/** An absolute path outside the Nix store, as a string. */
export const externalPath: OptionType = pathWith({ absolute: true, inStore: false });
