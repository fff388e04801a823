/**
 * `toJsonSchema`: a JSON Schema (draft 2020-12) for the plain-data configurations an option
 * tree accepts.
 *
 * Each type answers for itself through its record's `toJsonSchema(ctx)`; this file walks the
 * option tree, asks each option's type, and adds what the declaration says (`description`,
 * `default`, `example`, `readOnly`). Where Nix would say an option "does not exist" the
 * object has `additionalProperties: false`; under a freeform type the undeclared names get
 * the freeform type's element schema instead.
 *
 * Extension keywords (ignored by validators, kept for messages, docs and code generation):
 * - `x-nixmod-type`: the type's description (`"null or string"`), on every type's node;
 * - `x-nixmod-unrepresentable`: names a type (or part of one, e.g. `addCheck`) the schema
 *   cannot express. The node's other keywords are a correct but weaker approximation
 *   (no keywords: any value; `not: {}`: no JSON value, e.g. functions);
 * - `tsType`: the TypeScript type json-schema-to-typescript should write where JSON cannot
 *   say it (functions, modules);
 * - `x-nixmod-removed`: on an option that was removed (`not: {}`), the instructions its
 *   error gives;
 * - `x-nixmod-read-only`: on a read-only option the evaluation already defines (`not: {}`),
 *   the files that define it;
 * - `x-nixmod-freeform`: where a freeform type's value at a level of declared options is no
 *   set (`not: {}` for every undeclared name), that value's type description.
 *
 * What the schema leaves out: `mkIf`/`mkMerge`/`mkOverride` values (sets with `_type`, which
 * evaluation reads as Nix does; `validate` checks plain data only and says so) and a module's
 * own keys (`imports`, `config`, `_file`: a config file is the configuration itself),
 * `_module` in an evaluated configuration (a config may set `_module.args`), what only the merged value shows (conflicting definitions across files, an option
 * no file defines, the legacy `types.string` that joins definitions), and checks a type makes
 * beyond its shape: an `addCheck` (e.g. a service's `serviceConfig`), the bytes a unit file or
 * script refuses, and a container's nested `config`, which is a whole system of its own.
 */
import { isOption } from "../options.ts";
import type { JsonSchema, OptionType, SchemaContext } from "../types/option-type.ts";
import { isOptionType } from "../types/option-type.ts";
import { wrongArgument } from "../errors.ts";
import { isAttrs, setOwn, sortNames } from "../util/attrs.ts";
import { normalizeDescription, staticProperty, toJsonValue } from "./values.ts";

export type { JsonSchema } from "../types/option-type.ts";

/** The JSON Schema dialect the generated schemas declare. */
export const jsonSchemaDialect = "https://json-schema.org/draft/2020-12/schema";

/** What `toJsonSchema` takes besides the option tree. */
export interface ToJsonSchemaOptions {
  /** The schema's `title` (json-schema-to-typescript names the root type after it). */
  title?: string;
  /** The schema's `description`. */
  description?: string;
  /** The schema's `$id`. */
  $id?: string;
  /** The root's freeform type; read from `options._module.freeformType` when omitted. */
  freeformType?: OptionType | null;
  /** Allow a string `$schema` key at the root, so config files can name their schema (default true). */
  schemaKey?: boolean;
  /**
   * Describe the evaluated configuration instead of a config file: every option that always
   * has a value is present, a `coercedTo` value has its final type, a package is a package (in
   * JSON, its store path), and a read-only option is its value. Default false.
   */
  output?: boolean;
}

/** How deep submodules may nest before the schema stops describing them. */
const maxNesting = 64;

interface StackEntry {
  fingerprint: string;
  /** `#` for the root; a `$defs` entry, named when it is first referred to. */
  ref: string | undefined;
}

/** A type whose schema is being made; `ref` once it is met inside itself. */
interface TypeStackEntry {
  type: OptionType;
  ref: string | undefined;
}

/** A tree's declarations, one line per option: two submodules with equal lines are the same module set. */
function fingerprint(tree: Record<string, unknown>): string {
  const parts: string[] = [];
  const walk = (node: Record<string, unknown>, path: string): void => {
    for (const key of sortNames(Object.keys(node))) {
      if (path === "" && key === "_module") continue;
      const child = node[key];
      if (isOption(child)) {
        const opt = child as unknown as Record<string, unknown>;
        const type = isOptionType(opt.type) ? opt.type.name : "?";
        const decls = Array.isArray(opt.declarations) ? opt.declarations.join(",") : "";
        const desc = staticProperty(opt, "description")?.value;
        parts.push(`${path}${key}\t${type}\t${decls}\t${typeof desc === "string" ? desc : ""}`);
      } else if (isAttrs(child)) {
        walk(child, `${path}${key}.`);
      }
    }
  };
  walk(tree, "");
  return parts.join("\n");
}

/** Whether a value matching `schema` may be an object (a schema without `type` may be anything). */
function mayBeObject(schema: JsonSchema): boolean {
  const type = schema.type;
  if (schema.not !== undefined && Object.keys(schema.not as object).length === 0) return false;
  return (
    type === undefined || type === "object" || (Array.isArray(type) && type.includes("object"))
  );
}

/**
 * The schema a freeform type gives the value at `key` (or, with null, at any name it does not
 * list) below a value matching `schema`: where Nix merges an undeclared definition into the
 * freeform value, the definition's path inside that value decides its type.
 */
function child(schema: JsonSchema, key: string | null): JsonSchema {
  // An `either` whose first type takes any set: Nix merges the whole freeform value by it.
  if (isAttrs(schema.if) && isAttrs(schema.then) && takesAnySet(schema.if)) {
    return child(schema.then, key);
  }
  if (Array.isArray(schema.anyOf)) {
    const branches = (schema.anyOf as JsonSchema[]).filter(mayBeObject).map((b) => child(b, key));
    if (branches.length === 0) return noneUnder(schema);
    if (branches.some((b) => Object.keys(b).every((k) => k.startsWith("x-nixmod-")))) return {};
    return branches.length === 1 ? branches[0]! : { anyOf: branches };
  }
  if (!mayBeObject(schema)) return noneUnder(schema);
  const props = schema.properties as Record<string, JsonSchema> | undefined;
  if (key !== null && props !== undefined && Object.prototype.hasOwnProperty.call(props, key)) {
    return props[key]!;
  }
  const extra = schema.additionalProperties;
  if (extra === false) return { not: {} };
  return isAttrs(extra) ? extra : {};
}

/** Whether every attribute set matches `schema` (a type's shape: `{ type: "object" }`, maybe among others). */
function takesAnySet(schema: JsonSchema): boolean {
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as JsonSchema[]).some(takesAnySet);
  return schema.type === "object" && Object.keys(schema).length === 1;
}

/**
 * Below a freeform value that holds no names (an `int` where a namespace of options is
 * declared): no undeclared name fits, and Nix's error is the freeform type's, at the level.
 */
function noneUnder(schema: JsonSchema): JsonSchema {
  const text = schema["x-nixmod-type"];
  return typeof text === "string" ? { not: {}, "x-nixmod-freeform": text } : { not: {} };
}

/** Walks option trees; the `SchemaContext` types call back into. */
class SchemaBuilder implements SchemaContext {
  constructor(readonly output: boolean) {}
  readonly defs: Record<string, JsonSchema> = {};
  private readonly stack: StackEntry[] = [];
  private readonly typeStack: TypeStackEntry[] = [];
  private defCount = 0;
  /** The `$defs` names of the module-internal option sets met so far, by their schema's text. */
  private readonly internalDefs = new Map<string, string>();

  /** Schema of a submodule's (or the root's) options; a submodule met again inside itself becomes a `$ref`. */
  options(tree: Record<string, unknown>, freeform: OptionType | null): JsonSchema {
    const fp = `${fingerprint(tree)}\n${freeform === null ? "" : freeform.description}`;
    const seen = this.stack.find((e) => e.fingerprint === fp);
    if (seen !== undefined) {
      seen.ref ??= `#/$defs/module${++this.defCount}`;
      return { $ref: seen.ref };
    }
    if (this.stack.length >= maxNesting) {
      return { type: "object", "x-nixmod-unrepresentable": "submodules nested too deeply" };
    }
    const entry: StackEntry = { fingerprint: fp, ref: this.stack.length === 0 ? "#" : undefined };
    this.stack.push(entry);
    let node: JsonSchema;
    try {
      node = this.namespace(tree, freeform === null ? null : this.type(freeform), true)!;
    } finally {
      this.stack.pop();
    }
    if (entry.ref !== undefined && entry.ref !== "#") {
      this.defs[entry.ref.slice("#/$defs/".length)] = node;
      return { $ref: entry.ref };
    }
    return node;
  }

  /**
   * Schema of a type, with its description for messages (`x-nixmod-type`). A type met again
   * inside itself (a JSON value holds JSON values) becomes a `$ref` to its `$defs` entry.
   */
  type(type: OptionType): JsonSchema {
    const seen = this.typeStack.find((e) => e.type === type);
    if (seen !== undefined) {
      seen.ref ??= `#/$defs/type${++this.defCount}`;
      return { "x-nixmod-type": type.description, $ref: seen.ref };
    }
    if (this.typeStack.length > 200)
      return { "x-nixmod-unrepresentable": "types nested too deeply" };
    const entry: TypeStackEntry = { type, ref: undefined };
    this.typeStack.push(entry);
    let node: JsonSchema;
    try {
      node = { "x-nixmod-type": type.description, ...type.toJsonSchema(this) };
    } finally {
      this.typeStack.pop();
    }
    if (entry.ref === undefined) return node;
    this.defs[entry.ref.slice("#/$defs/".length)] = node;
    return { "x-nixmod-type": type.description, $ref: entry.ref };
  }

  /** One level of the option tree; null when nothing in it can be set (only internal options). */
  private namespace(
    tree: Record<string, unknown>,
    freeform: JsonSchema | null,
    top: boolean,
  ): JsonSchema | null {
    const properties: Record<string, JsonSchema> = {};
    // Evaluated, every level of options is there, and an option that has a value whatever the
    // config says; another only when the config defines it (reading it otherwise fails).
    const required: string[] = [];
    let any = false;
    for (const key of sortNames(Object.keys(tree))) {
      if (top && key === "_module" && this.output) continue;
      const value = tree[key];
      let schema: JsonSchema | null = null;
      if (top && key === "_module" && isAttrs(value)) {
        schema = this.internals(value);
      } else if (isOption(value)) {
        schema = this.option(value as unknown as Record<string, unknown>);
      } else if (isAttrs(value)) {
        schema = this.namespace(value, freeform === null ? null : child(freeform, key), false);
      }
      if (schema !== null) {
        setOwn(properties, key, schema);
        if (
          this.output &&
          (!isOption(value) || alwaysSet(value as unknown as Record<string, unknown>))
        ) {
          required.push(key);
        }
        any = true;
      }
    }
    if (!any && !top && freeform === null) return null;
    return {
      type: "object",
      properties,
      ...(this.output ? { required } : {}),
      additionalProperties: freeform === null ? false : child(freeform, null),
    };
  }

  /**
   * A config may set its module's own options (`_module.args`, `_module.check`), as Nix's
   * evaluation takes them: every submodule has the same ones, described once in `$defs`.
   */
  private internals(tree: Record<string, unknown>): JsonSchema | null {
    let schema = this.namespace(tree, null, false);
    if (schema === null) return null;
    const props = schema.properties as Record<string, JsonSchema>;
    if (this.stack.length > 1 && props.args !== undefined) {
      // A submodule value's `name` is defined by the submodule type itself, once.
      const name = alreadySetSchema(["lib/types.nix"]);
      const args = { ...props.args, properties: { name } };
      schema = { ...schema, properties: { ...props, args } };
    }
    const text = JSON.stringify(schema);
    let name = this.internalDefs.get(text);
    if (name === undefined) {
      name = `moduleInternals${this.internalDefs.size === 0 ? "" : this.internalDefs.size + 1}`;
      this.internalDefs.set(text, name);
      this.defs[name] = schema;
    }
    return { $ref: `#/$defs/${name}` };
  }

  /** An option: its type's schema with the declaration's description, default and example. */
  private option(opt: Record<string, unknown>): JsonSchema {
    const node: JsonSchema = {};
    const description = staticProperty(opt, "description")?.value;
    if (typeof description === "string" && description.trim() !== "") {
      node.description = normalizeDescription(description);
    }
    const typeSchema = isOptionType(opt.type) ? this.type(opt.type) : {};
    node["x-nixmod-type"] = typeSchema["x-nixmod-type"];
    if (this.output && typeof opt.apply === "function") {
      // Evaluated, the option holds what `apply` returns, which only its own label can say.
      const returns = (opt.apply as { [appliedType]?: OptionType })[appliedType];
      if (returns !== undefined) return { ...node, ...this.type(returns) };
      return { ...node, "x-nixmod-unrepresentable": "apply" };
    }
    // A lazy default (a getter) may read the configuration: it is left out rather than guessed.
    const def = staticProperty(opt, "default");
    const defJson = def === undefined ? undefined : toJsonValue(def.value);
    if (defJson !== undefined) node.default = defJson.value;
    const example = staticProperty(opt, "example");
    const exampleJson = example === undefined ? undefined : toJsonValue(example.value);
    if (exampleJson !== undefined) node.examples = [exampleJson.value];
    if (opt.readOnly === true) {
      node.readOnly = true;
      if (this.output) return { ...node, ...typeSchema };
      // Set already by the modules the options came from (or by its default): a config may not set it too.
      const setIn = definingFiles(opt);
      if (setIn.length > 0) return { ...node, ...alreadySetSchema(setIn) };
    }
    return { ...node, ...typeSchema };
  }
}

/** Where an `apply` function says which type its results have, for evaluated configurations' schemas. */
export const appliedType: unique symbol = Symbol("nixmod.appliedType");

/** `apply`, labelled with the type of what it returns (see `appliedType`). */
export function applyReturning<F extends (value: never) => unknown>(type: OptionType, apply: F): F {
  if (!isOptionType(type))
    throw wrongArgument("the first argument of applyReturning", type, "an option type");
  if (typeof apply !== "function")
    throw wrongArgument("the second argument of applyReturning", apply, "a function");
  return Object.assign(apply, { [appliedType]: type });
}

/** The schema of a read-only option that `files` already set: a config may give it no value. */
export function alreadySetSchema(files: readonly string[]): JsonSchema {
  return { not: {}, "x-nixmod-read-only": [...files], tsType: "never" };
}

/**
 * Whether an option has a value in every evaluation: it has a default, the modules it came
 * with define it, or it is read-only (such options show what their modules set).
 */
function alwaysSet(opt: Record<string, unknown>): boolean {
  if ("default" in opt || opt.readOnly === true) return true;
  try {
    return opt.isDefined === true;
  } catch {
    return false;
  }
}

/**
 * The files that define an option, its default's declaration included (none when reading them
 * fails). Nix counts a read-only option's definitions before weighing their priorities, so any
 * of them, even the default, makes a config's definition one too many.
 */
function definingFiles(opt: Record<string, unknown>): string[] {
  try {
    return Array.isArray(opt.files) ? opt.files.map(String) : [];
  } catch {
    return [];
  }
}

/** The root's freeform type, read from the tree's `_module` options (null when there is none or it fails). */
function rootFreeform(tree: Record<string, unknown>): OptionType | null {
  try {
    const mod = tree._module as Record<string, { value?: unknown }> | undefined;
    const value = mod?.freeformType?.value;
    return isOptionType(value) ? value : null;
  } catch {
    return null;
  }
}

/** A JSON Schema (draft 2020-12) for plain-data configurations of an option tree (an `evalModules` result's `options`). */
export function toJsonSchema(
  options: Record<string, unknown>,
  opts: ToJsonSchemaOptions = {},
): JsonSchema {
  if (!isAttrs(options)) throw wrongArgument("the options given to toJsonSchema", options, "a set");
  if (typeof opts !== "object" || opts === null)
    throw wrongArgument("the settings given to toJsonSchema", opts, "a set");
  const output = opts.output === true;
  const builder = new SchemaBuilder(output);
  const freeform = opts.freeformType !== undefined ? opts.freeformType : rootFreeform(options);
  const body = builder.options(options, freeform);
  const properties: Record<string, JsonSchema> = {};
  if (opts.schemaKey !== false && !output) {
    properties.$schema = {
      description: "The JSON Schema this file follows (for editors; ignored by nixmod).",
      type: "string",
    };
  }
  // Defined, not assigned: an option named `__proto__` stays a property.
  for (const [k, v] of Object.entries(body.properties as Record<string, JsonSchema>))
    setOwn(properties, k, v);
  const defs = builder.defs;
  return {
    $schema: jsonSchemaDialect,
    ...(opts.$id === undefined ? {} : { $id: opts.$id }),
    ...(opts.title === undefined ? {} : { title: opts.title }),
    ...(opts.description === undefined ? {} : { description: opts.description }),
    type: "object",
    properties,
    ...(output ? { required: body.required } : {}),
    additionalProperties: body.additionalProperties,
    ...(Object.keys(defs).length === 0 ? {} : { $defs: defs }),
  };
}
