/**
 * `validate`: checks a plain JSON/YAML configuration against an option schema before it is
 * evaluated, reporting every problem at once, each with its option path and the reason.
 *
 * The schema is compiled once (per validator) with ajv in `allErrors` mode. ajv's raw errors
 * are turned into the module system's own words: an unknown key "does not exist" (with Nix's
 * "Did you mean" suggestions), a wrong value "is not of type" the option's type description.
 * Where a value could match several branches (`nullOr`, `either`, packages), the errors of the
 * branch whose shape matched are kept and the others dropped, so one mistake gives one message.
 *
 * Config files may carry a `$schema` key naming the schema; it is accepted and removed from
 * the returned configuration.
 */
import type { Ajv2020, ErrorObject, ValidateFunction } from "ajv/dist/2020.js";
import { showFiles, showOption, wrongArgument } from "./errors.ts";
import { evaluate } from "./evaluate.ts";
import { toJsonSchema } from "./schema/json-schema.ts";
import {
  detectFormat,
  parseConfigText,
  type ConfigFormat,
  type Locator,
  type SourcePosition,
} from "./schema/parse-config.ts";
import type { JsonSchema } from "./types/option-type.ts";
import { isAttrs, isAttrSet, nixTypeOf } from "./util/attrs.ts";
import { guardBacktracking } from "./util/backtrack-guard.ts";
import { withoutSchemaKey } from "./schema/schema-key.ts";
import { isMarker, plainCopy, showMarker, type NotPlain } from "./schema/plain-copy.ts";
import { ajv as ajvModule } from "./util/lazy-dependency.ts";
import { closestNames, didYouMean } from "./util/suggest.ts";

/** What kind of problem a config error is. */
export type ConfigErrorCode =
  /** The text is not valid JSON/YAML. */
  | "syntax"
  /** A module is not an attribute set (a JSON object). */
  | "not-a-module"
  /** A key names no option (Nix: "does not exist"). */
  | "does-not-exist"
  /** A value does not fit the option's type (Nix: "is not of type"). */
  | "not-of-type"
  /** The option was removed (Nix: "can no longer be used since it's been removed"). */
  | "removed"
  /** The option is read-only and already set (Nix: "is read-only, but it's set multiple times"). */
  | "read-only"
  /** Reading the value threw (a getter, a proxy): nothing could be checked there. */
  | "unreadable";

/** One problem in a configuration, as data. */
export interface ConfigError {
  code: ConfigErrorCode;
  /** Path of the offending value: attribute names, and list indices as numbers. */
  path: (string | number)[];
  /** The path as Nix shows option paths (`systemd.containers.web.root`, list entries as `[0]`). */
  option: string;
  /** The whole message. */
  message: string;
  /** The short reason (the validator's wording, or the syntax error). */
  reason: string;
  /** Which module of a list of modules (from 0), when the input was a list. */
  module?: number;
  /** The file given in the options, for messages. */
  file?: string;
  /** Where in the text the value (or the unknown key) was written, when the input was text. */
  line?: number;
  column?: number;
}

/** The outcome of validating a configuration. */
export interface ValidationResult {
  valid: boolean;
  errors: ConfigError[];
  /** The parsed configuration (a module, or a list of modules) without `$schema` keys; undefined after a syntax error, or when the input itself cannot be read. */
  config: unknown;
}

/** What `validate` takes besides the input. */
export interface ValidateOptions {
  /** The format of text input; by default from `file`'s extension, else JSON when it starts with `{` or `[`. */
  format?: ConfigFormat;
  /** The file the input came from, for messages and format detection. */
  file?: string;
}

/** A compiled validator for one schema. */
export interface ConfigValidator {
  (input: unknown, opts?: ValidateOptions): ValidationResult;
  readonly schema: JsonSchema;
}

/** The keywords nixmod adds to its schemas (annotations: they never reject a value). */
export const schemaAnnotationKeywords = [
  "x-nixmod-type",
  "x-nixmod-removed",
  "x-nixmod-read-only",
  "x-nixmod-freeform",
  "x-nixmod-unrepresentable",
  "tsType",
] as const;

function pointerSegments(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** The path of an ajv instance pointer, with list indices as numbers (read off the data). */
function toPath(root: unknown, pointer: string): (string | number)[] {
  const out: (string | number)[] = [];
  let node = root;
  for (const seg of pointerSegments(pointer)) {
    if (Array.isArray(node)) {
      const index = Number(seg);
      out.push(index);
      node = node[index];
    } else {
      out.push(seg);
      node = isAttrs(node) ? node[seg] : undefined;
    }
  }
  return out;
}

/** A path shown like an option path: names joined with dots, list indices as `[n]`. */
export function showConfigPath(path: readonly (string | number)[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += (out === "" ? "" : ".") + showOption([seg]);
  }
  return out;
}

function escapePointer(seg: string): string {
  return seg.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** The instance path an error is about: an unknown key's own path rather than its parent's. */
function effectivePath(e: ErrorObject): string {
  if (e.keyword === "additionalProperties") {
    return `${e.instancePath}/${escapePointer(String(e.params.additionalProperty))}`;
  }
  return e.instancePath;
}

/**
 * Keeps, for each failed `anyOf`, only the errors of the branch whose shape matched (or the `anyOf` itself).
 * ajv reports a failed `anyOf` right after its branches' errors, so they are found by looking back
 * from it while the errors are about its value: each error is looked at once per `anyOf` around it.
 */
function collapseAlternatives(all: readonly ErrorObject[]): ErrorObject[] {
  const errors = committedBranches(all);
  const alternatives = [...errors.keys()]
    .filter((i) => errors[i]!.keyword === "anyOf")
    .sort((a, b) => errors[a]!.schemaPath.length - errors[b]!.schemaPath.length);
  const dropped = new Set<ErrorObject>();
  for (const at of alternatives) {
    const alt = errors[at]!;
    if (dropped.has(alt)) continue;
    const prefix = `${alt.schemaPath}/`;
    let first = at;
    while (first > 0 && errors[first - 1]!.instancePath.startsWith(alt.instancePath)) first--;
    const branches = new Map<string, ErrorObject[]>();
    for (const e of errors.slice(first, at)) {
      if (dropped.has(e) || !e.schemaPath.startsWith(prefix)) continue;
      const branch = e.schemaPath.slice(prefix.length).split("/")[0]!;
      let errs = branches.get(branch);
      if (errs === undefined) branches.set(branch, (errs = []));
      errs.push(e);
    }
    const below = `${alt.instancePath}/`;
    const branchSchemas = (alt.parentSchema?.anyOf ?? []) as JsonSchema[];
    // A branch matched the value's shape when it holds values of its own (a submodule, a list,
    // an attribute set of …) and all its complaints are about values inside it. A package's or
    // path's set is one value: a wrong attribute makes it no package.
    const matched = [...branches.entries()]
      .filter(
        ([branch, errs]) =>
          holdsValues(branchSchemas[Number(branch)]) &&
          errs.every((e) => effectivePath(e).startsWith(below)),
      )
      .map(([, errs]) => errs)
      .sort((a, b) => a.length - b.length)[0];
    const kept = new Set(matched);
    for (const errs of branches.values()) for (const e of errs) if (!kept.has(e)) dropped.add(e);
    if (matched !== undefined) dropped.add(alt);
  }
  return errors.filter((e) => !dropped.has(e));
}

/**
 * Keeps, for each `either` whose first type's check passed (its `if`) and whose value that type
 * then refused (its `then`), only that type's errors: Nix merges such a value by the first type,
 * so the other type's complaints (and the `anyOf` of both) are not the value's.
 */
function committedBranches(errors: readonly ErrorObject[]): readonly ErrorObject[] {
  const failedIfs = errors.filter((e) => e.keyword === "if");
  if (failedIfs.length === 0) return errors;
  const dropped = new Set<ErrorObject>(failedIfs);
  for (const failed of failedIfs) {
    const alternatives = `${failed.schemaPath.slice(0, -"if".length)}anyOf`;
    for (const e of errors) {
      if (
        e.instancePath.startsWith(failed.instancePath) &&
        (e.schemaPath === alternatives || e.schemaPath.startsWith(`${alternatives}/`))
      )
        dropped.add(e);
    }
  }
  return errors.filter((e) => !dropped.has(e));
}

/** Whether a schema describes a container of values (options, list elements, attributes) rather than one value. */
function holdsValues(schema: JsonSchema | undefined): boolean {
  if (schema === undefined) return false;
  return (
    schema.additionalProperties !== undefined ||
    schema.items !== undefined ||
    Array.isArray(schema.anyOf)
  );
}

/** The closest declared names to a wrong one, remembered for one validation: a config repeating one typo in each of many entries. */
type ClosestNames = (wrong: string, properties: object) => string[];

function closestNamesMemo(): ClosestNames {
  const seen = new WeakMap<object, Map<string, string[]>>();
  return (wrong, properties) => {
    let byName = seen.get(properties);
    if (byName === undefined) seen.set(properties, (byName = new Map()));
    let names = byName.get(wrong);
    if (names === undefined) {
      const declared = Object.keys(properties).filter((n) => n !== "$schema" && n !== "_module");
      byName.set(wrong, (names = closestNames(wrong, declared)));
    }
    return names;
  };
}

/** Nix's "Did you mean …?" for an unknown name: the closest declared names. */
function suggestions(names: readonly string[], parent: (string | number)[]): string {
  const quoted = names.map((n) => `\`${showConfigPath([...parent, n])}'`);
  return quoted.length === 0 ? "" : ` ${didYouMean(quoted)}`;
}

/** How a value JSON cannot write is shown: a plain copy's marker, YAML's .inf and .nan (JSON's null). */
function shownLeaf(value: unknown): string | undefined {
  if (isMarker(value)) return showMarker(value);
  return typeof value === "number" && !Number.isFinite(value) ? String(value) : undefined;
}

function showValue(value: unknown): string {
  const leaf = shownLeaf(value);
  if (leaf !== undefined) return leaf;
  let text: string | undefined;
  try {
    text = JSON.stringify(value, (_key, v: unknown) => shownLeaf(v) ?? v);
  } catch {
    // Too deep (or otherwise unprintable): the message stays short and clean.
    return "<value too deeply nested to show>";
  }
  if (text === undefined) return String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** The functions whose results are the sets Nix's module system reads by their `_type`. */
const propertyMakers: Readonly<Record<string, string>> = {
  if: "mkIf",
  merge: "mkMerge",
  override: "mkOverride",
  order: "mkOrder",
};

/** Said after an error about such a set (`{ "_type": "if", … }`): evaluation reads it, the schema does not model it. */
function propertyNote(value: unknown): string {
  const tag = isAttrs(value) ? value._type : undefined;
  const maker =
    typeof tag === "string" && Object.hasOwn(propertyMakers, tag) ? propertyMakers[tag] : undefined;
  return maker === undefined
    ? ""
    : ` (a set with "_type": "${tag}" is what ${maker} makes: evaluation reads it as one, validate checks plain data only)`;
}

/** Keywords whose subschema is about a value inside the current one (a property, an item). */
const descending = new Set([
  "additionalProperties",
  "items",
  "contains",
  "propertyNames",
  "unevaluatedProperties",
  "unevaluatedItems",
]);
/** Keywords whose named or numbered subschemas are about a value inside the current one. */
const descendingByName = new Set([
  "properties",
  "patternProperties",
  "prefixItems",
  "$defs",
  "dependentSchemas",
]);
/** Keywords whose numbered subschemas are about the same value. */
const combining = new Set(["allOf", "anyOf", "oneOf"]);

/**
 * The description of the outermost type whose schema holds the one at `schemaPath`, about the
 * same value: a type built of others (a `passwdEntry`, an `addCheck`) is what Nix names when any
 * part of its check fails, whichever part of its schema refused the value.
 */
function outerTypeText(root: JsonSchema, schemaPath: string): string | undefined {
  const segments = pointerSegments(schemaPath.replace(/^#/, ""));
  let node: unknown = root;
  let text: string | undefined;
  for (let i = 0; i < segments.length && isAttrs(node); i++) {
    const label = node["x-nixmod-type"];
    if (text === undefined && typeof label === "string") text = label;
    const key = segments[i]!;
    const next = node[key];
    if (descendingByName.has(key) && isAttrs(next)) {
      node = next[segments[++i]!];
      text = undefined;
    } else if (combining.has(key) && Array.isArray(next)) {
      node = next[Number(segments[++i])];
    } else if (descending.has(key)) {
      node = next;
      text = undefined;
    } else if (["not", "if", "then", "else"].includes(key)) {
      node = next;
    } else {
      break;
    }
  }
  return text;
}

/** Turns one ajv error into a config error. */
function toConfigError(
  e: ErrorObject,
  data: unknown,
  closest: ClosestNames,
  schema: JsonSchema,
): ConfigError {
  const parent = toPath(data, e.instancePath);
  if (e.keyword === "additionalProperties") {
    const name = String(e.params.additionalProperty);
    const path = [...parent, name];
    const names = closest(name, (e.parentSchema?.properties as object | undefined) ?? {});
    return {
      code: "does-not-exist",
      path,
      option: showConfigPath(path),
      message: `The option \`${showConfigPath(path)}' does not exist.${suggestions(names, parent)}${propertyNote(e.data)}`,
      reason: e.message ?? "must NOT have additional properties",
    };
  }
  const removed = e.parentSchema?.["x-nixmod-removed"];
  if (e.keyword === "not" && typeof removed === "string") {
    const shown = showConfigPath(parent);
    return {
      code: "removed",
      path: parent,
      option: shown,
      message: `The option \`${shown}' can no longer be used since it's been removed. ${removed}`,
      reason: "the option was removed",
    };
  }
  const setIn = e.parentSchema?.["x-nixmod-read-only"];
  if (e.keyword === "not" && Array.isArray(setIn)) {
    const shown = showConfigPath(parent);
    return {
      code: "read-only",
      path: parent,
      option: shown,
      message: `The option \`${shown}' is read-only, but it's set multiple times: ${showFiles(setIn as string[])} already set${setIn.length === 1 ? "s" : ""} it.`,
      reason: "the option is read-only and already set",
    };
  }
  const freeformText = e.parentSchema?.["x-nixmod-freeform"];
  if (e.keyword === "not" && typeof freeformText === "string" && parent.length > 0) {
    // Nix merges undeclared names into the freeform value: the level is what fails its type.
    const level = parent.slice(0, -1);
    const shownLevel = showConfigPath(level);
    const name = parent[parent.length - 1]!;
    return {
      code: "not-of-type",
      path: level,
      option: shownLevel,
      message: `A definition for option \`${shownLevel}' is not of type \`${freeformText}'. Definition value: ${showValue({ [name]: e.data })}`,
      reason: `undeclared names go to the freeform type \`${freeformText}'`,
    };
  }
  const typeText = outerTypeText(schema, e.schemaPath) ?? e.parentSchema?.["x-nixmod-type"];
  const shown = showConfigPath(parent);
  if (typeText === undefined && e.keyword === "type" && e.params.type === "object") {
    // Not an option but a level of them (`boot'): Nix's words for what evaluation would say.
    return {
      code: "not-of-type",
      path: parent,
      option: shown,
      message: `A definition for option \`${shown}' is ${isMarker(e.data) ? e.data.description : `a value of type \`${nixTypeOf(e.data)}'`} rather than an attribute set: it holds options. Definition value: ${showValue(e.data)}`,
      reason: e.message ?? "must be object",
    };
  }
  const reason = e.message ?? "is invalid";
  const message =
    typeof typeText === "string"
      ? `A definition for option \`${shown}' is not of type \`${typeText}'. Definition value: ${showValue(e.data)}${propertyNote(e.data)}`
      : `A definition for option \`${shown}' is not valid: ${reason}. Definition value: ${showValue(e.data)}${propertyNote(e.data)}`;
  return { code: "not-of-type", path: parent, option: shown, message, reason };
}

function unreadableError(marker: NotPlain): ConfigError {
  const shown = showConfigPath(marker.path);
  const where = shown === "" ? "The configuration" : `The value of \`${shown}'`;
  return {
    code: "unreadable",
    path: marker.path,
    option: shown,
    message: `${where} cannot be read: ${marker.what}`,
    reason: marker.what,
  };
}

function isWithin(path: readonly (string | number)[], outer: readonly (string | number)[]) {
  return outer.length <= path.length && outer.every((seg, i) => path[i] === seg);
}

/**
 * The validator's errors with what the plain copy found: a value that could not be read is
 * reported as such (the schema only saw its marker), and one that is no plain data (which
 * evaluation refuses, whatever the option's type) unless an error at or above it says enough.
 */
function withMarkers(found: readonly ConfigError[], markers: readonly NotPlain[]): ConfigError[] {
  const unreadable = markers.filter((m) => m.kind === "unreadable");
  const out = found.filter(
    (e) => !unreadable.some((m) => m.path.length === e.path.length && isWithin(e.path, m.path)),
  );
  out.push(...unreadable.map(unreadableError));
  for (const m of markers) {
    if (m.kind !== "not-plain" || found.some((e) => isWithin(m.path, e.path))) continue;
    const shown = showConfigPath(m.path);
    out.push({
      code: "not-of-type",
      path: m.path,
      option: shown,
      message: `A definition for option \`${shown}' is ${m.what}, which is no JSON or YAML value (evaluation refuses it too).`,
      reason: `is ${m.what}`,
    });
  }
  return out;
}

/** The input without `$schema` keys, or undefined where the input itself cannot be read. */
function withoutSchemaKeys(value: unknown, list: boolean): unknown {
  try {
    return list ? (value as unknown[]).map(withoutSchemaKey) : withoutSchemaKey(value);
  } catch {
    return undefined;
  }
}

function newAjv(): Ajv2020 {
  // A schema's patterns (strMatching's) meet untrusted config text.
  guardBacktracking();
  const ajv = new (ajvModule().Ajv2020)({
    allErrors: true,
    verbose: true,
    strict: true,
    strictTypes: false,
    // Nix patterns are checked the way nixmod's strMatching checks them (no `u` flag).
    unicodeRegExp: false,
  });
  ajv.addVocabulary([...schemaAnnotationKeywords]);
  return ajv;
}

/** Compiles `schema` once; the validator checks a parsed config (a module or a list of modules) or JSON/YAML text. */
export function createValidator(schema: JsonSchema): ConfigValidator {
  let compiled: ValidateFunction | undefined;
  const check = (input: unknown, given?: ValidateOptions | null): ValidationResult => {
    // null reads as no options, as undefined does.
    const opts = given ?? {};
    if (opts.format !== undefined && opts.format !== "json" && opts.format !== "yaml") {
      throw wrongArgument("the `format' given to validate", opts.format, '"json" or "yaml"');
    }
    compiled ??= newAjv().compile(schema);
    const file = opts.file;
    const at = (e: ConfigError, pos?: SourcePosition): ConfigError => ({
      ...e,
      ...(file === undefined ? {} : { file }),
      ...(pos === undefined ? {} : { line: pos.line, column: pos.column }),
    });
    let value = input;
    let locate: Locator | undefined;
    if (typeof input === "string") {
      const parsed = parseConfigText(input, opts.format ?? detectFormat(input, file));
      if (!parsed.ok) {
        const { message, line, column } = parsed.error;
        const error: ConfigError = {
          code: "syntax",
          path: [],
          option: "",
          message,
          reason: message,
        };
        return { valid: false, errors: [at(error, { line, column })], config: undefined };
      }
      value = parsed.value;
      locate = parsed.locate;
    }
    // The validator reads a plain copy: no getter or proxy of the input runs twice, or inside ajv.
    const plain = plainCopy(value);
    const list = Array.isArray(plain.value);
    const modules = list ? (plain.value as unknown[]) : [plain.value];
    const errors: ConfigError[] = [];
    const closest = closestNamesMemo();
    modules.forEach((module, index) => {
      const prefix = list ? [index] : [];
      const tag = (e: ConfigError): ConfigError => {
        const full = at(e, locate?.([...prefix, ...e.path], e.code === "does-not-exist"));
        return list ? { ...full, module: index } : full;
      };
      const markers = plain.markers
        .filter((m) => !list || m.path[0] === index)
        .map((m) => ({ ...m, path: m.path.slice(prefix.length) }));
      const found: ConfigError[] = [];
      if (!isAttrSet(module)) {
        const unreadable = markers.find((m) => m.path.length === 0 && m.kind === "unreadable");
        if (unreadable !== undefined) {
          errors.push(tag(unreadableError(unreadable)));
          return;
        }
        const shown = isMarker(module) ? module.description! : showValue(module);
        const message = `A module in a config file must be an attribute set (a JSON object), not ${shown}.`;
        errors.push(
          tag({ code: "not-a-module", path: [], option: "", message, reason: "must be object" }),
        );
        return;
      }
      if (!compiled!(module)) {
        for (const raw of collapseAlternatives(compiled!.errors ?? [])) {
          found.push(toConfigError(raw, module, closest, schema));
        }
      }
      const seen = new Set<string>();
      for (const e of withMarkers(found, markers)) {
        const key = `${e.option}\u0000${e.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        errors.push(tag(e));
      }
    });
    return { valid: errors.length === 0, errors, config: withoutSchemaKeys(value, list) };
  };
  return Object.assign(check, { schema });
}

let builtin: ConfigValidator | undefined;

/**
 * The built-in system's schema, made from its options (in about 25 ms), so it needs no file
 * beside the code (a bundle has none); `npm run generate` writes it to
 * `schema/nixmod.schema.json` for editors.
 */
export function builtinSchema(): JsonSchema {
  return toJsonSchema(evaluate([]).options as Record<string, unknown>, {
    title: "NixmodConfig",
    description:
      "A plain-data configuration (one module) of nixmod's built-in system: the options `evaluate()` accepts.",
  });
}

/** Validates a config for the built-in container system: a parsed module (or list of modules), or JSON/YAML text. */
export function validate(input: unknown, opts?: ValidateOptions): ValidationResult {
  builtin ??= createValidator(builtinSchema());
  return builtin(input, opts);
}

/** Config errors as text, one per line block: `file:line:column: message`. */
export function formatValidationErrors(errors: readonly ConfigError[]): string {
  if (!Array.isArray(errors))
    throw wrongArgument("the argument of formatValidationErrors", errors, "a list");
  return errors
    .map((e) => {
      const where = [
        e.file,
        e.line === undefined ? undefined : String(e.line),
        e.column === undefined ? undefined : String(e.column),
      ]
        .filter((x) => x !== undefined)
        .join(":");
      const module = e.module === undefined ? "" : `(module ${e.module + 1}) `;
      return `${where === "" ? "" : `${where}: `}${module}${e.message}`;
    })
    .join("\n");
}

/** Thrown by `assertValidConfig`: every problem, as data and as text. */
export class ConfigValidationError extends Error {
  override name = "ConfigValidationError";
  constructor(readonly errors: readonly ConfigError[]) {
    super(`The configuration is not valid:\n${formatValidationErrors(errors)}`);
  }
}

/** The validated config (without `$schema`), or a `ConfigValidationError` listing every problem. */
export function assertValidConfig(
  input: unknown,
  opts?: ValidateOptions & { validator?: ConfigValidator },
): unknown {
  const result = (opts?.validator ?? validate)(input, opts);
  if (!result.valid) throw new ConfigValidationError(result.errors);
  return result.config;
}
