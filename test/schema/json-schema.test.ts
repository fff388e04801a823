/** `toJsonSchema` on option trees: structure, declarations' metadata, freeform, recursion, validity. */
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import {
  applyReturning,
  createValidator,
  evalModules,
  literalExpression,
  mkOption,
  toJsonSchema,
  types,
  type JsonSchema,
  type Module,
  type OptionType,
} from "nixmod";

const schemaOf = (...modules: Module[]) => toJsonSchema(evalModules({ modules }).options);
const props = (s: JsonSchema) => s.properties as Record<string, JsonSchema>;

describe("toJsonSchema", () => {
  const schema = schemaOf({
    options: {
      services: {
        web: {
          enable: mkOption({
            type: types.bool,
            default: false,
            example: true,
            description: "\n      Whether to run the web server.\n        (indented)\n    ",
          }),
          port: mkOption({ type: types.port, default: 80, readOnly: true }),
          user: mkOption({
            type: types.str,
            get default(): string {
              throw new Error("reads config");
            },
            defaultText: literalExpression("config.users.web"),
          }),
          package: mkOption({ type: types.package, example: literalExpression("pkgs.nginx") }),
        },
        internalOnly: { secret: mkOption({ type: types.str, internal: true }) },
      },
      invisible: mkOption({ type: types.int, visible: false }),
    },
  });

  it("is a draft 2020-12 schema that ajv compiles in strict mode", () => {
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    const ajv = new Ajv2020({ strict: true, strictTypes: false });
    ajv.addVocabulary([
      "x-nixmod-type",
      "x-nixmod-unrepresentable",
      "x-nixmod-read-only",
      "tsType",
    ]);
    expect(ajv.validateSchema(schema)).toBe(true);
    expect(() => ajv.compile(schema)).not.toThrow();
  });

  it("nests namespaces as closed objects", () => {
    const services = props(schema).services!;
    expect(services).toMatchObject({ type: "object", additionalProperties: false });
    expect(Object.keys(props(props(services).web!))).toEqual(["enable", "package", "port", "user"]);
    expect(schema.additionalProperties).toBe(false);
  });

  it("carries description, default, examples and readOnly from the declarations", () => {
    const web = props(props(props(schema).services!).web!);
    expect(web.enable).toEqual({
      description: "Whether to run the web server.\n  (indented)",
      "x-nixmod-type": "boolean",
      default: false,
      examples: [true],
      type: "boolean",
    });
    // Read-only with a default: as in Nix, any definition is then one too many.
    expect(web.port).toMatchObject({ default: 80, readOnly: true, not: {}, tsType: "never" });
  });

  it("leaves out lazy defaults and literal examples, which are not values", () => {
    const web = props(props(props(schema).services!).web!);
    expect(web.user).not.toHaveProperty("default");
    expect(web.package).not.toHaveProperty("examples");
  });

  // Internal only hides an option from the documentation: Nix takes a definition of it (a
  // config's `warnings`, say), so the schema does too.
  it("has internal and invisible options, and `_module`'s (which a config may set) once, in $defs", () => {
    expect(props(props(props(schema).services!).internalOnly!).secret).toMatchObject({
      type: "string",
    });
    expect(props(schema)._module).toEqual({ $ref: "#/$defs/moduleInternals" });
    expect(props((schema.$defs as Record<string, JsonSchema>).moduleInternals!)).toHaveProperty(
      "args",
    );
    expect(props(schema).invisible).toMatchObject({ type: "integer" });
  });

  it("allows `$schema` at the root only", () => {
    expect(props(schema).$schema).toMatchObject({ type: "string" });
    const v = createValidator(schema);
    expect(v({ $schema: "./schema.json" }).valid).toBe(true);
    expect(v({ services: { $schema: "x" } }).valid).toBe(false);
    expect(toJsonSchema({}, { schemaKey: false }).properties).toEqual({});
  });

  it("takes title, description and $id", () => {
    const s = toJsonSchema({}, { title: "T", description: "D", $id: "urn:x" });
    expect(s).toMatchObject({ title: "T", description: "D", $id: "urn:x" });
  });
});

describe("freeform types", () => {
  const schema = schemaOf({
    freeformType: types.attrsOf(types.either(types.int, types.attrsOf(types.int))),
    options: {
      known: mkOption({ type: types.str }),
      ns: { inner: mkOption({ type: types.bool }) },
    },
  });
  const v = createValidator(schema);

  it("accepts undeclared names with the freeform element type", () => {
    expect(v({ known: "x", other: 1 }).valid).toBe(true);
    expect(v({ other: "x" }).valid).toBe(false);
  });

  it("applies below declared namespaces too, as Nix merges unmatched definitions at any depth", () => {
    expect(v({ ns: { inner: true, extra: 1 } }).valid).toBe(true);
    expect(v({ ns: { extra: "x" } }).valid).toBe(false);
  });

  it("in a submodule", () => {
    const s = schemaOf({
      options: {
        settings: mkOption({
          type: types.submodule({
            freeformType: types.lazyAttrsOf(types.str),
            options: { port: mkOption({ type: types.port, default: 1 }) },
          }),
          default: {},
        }),
      },
    });
    expect(createValidator(s)({ settings: { port: 2, name: "x" } }).valid).toBe(true);
    expect(createValidator(s)({ settings: { name: 2 } }).valid).toBe(false);
  });
});

describe("recursive submodules", () => {
  // Option trees are built by hand here: a type whose schema is the options of a tree that
  // contains the type again, as a submodule type that refers to itself would be.
  const selfReferring = (tree: () => Record<string, unknown>): OptionType =>
    types.mkOptionType({
      name: "node",
      description: "node",
      toJsonSchema: (ctx) => ctx.options(tree(), null),
    });

  it("refer to themselves with $ref instead of nesting forever", () => {
    const node: Record<string, unknown> = {
      label: mkOption({ type: types.str, default: "" }),
      children: mkOption({ type: types.attrsOf(selfReferring(() => node)), default: {} }),
    };
    const s = toJsonSchema({ tree: mkOption({ type: selfReferring(() => node) }) });
    expect(Object.keys(s.$defs as object)).toEqual(["module1"]);
    const v = createValidator(s);
    const deep = { tree: { label: "a", children: { b: { children: { c: { label: "c" } } } } } };
    expect(v(deep).valid).toBe(true);
    const typo = { tree: { children: { b: { children: { c: { labl: "c" } } } } } };
    expect(v(typo).errors.map((e) => e.option)).toEqual(["tree.children.b.children.c.labl"]);
  });

  it("a submodule type that refers to itself, end to end", () => {
    const tree: Module = ({ lib }: any) => ({
      options: {
        label: lib.mkOption({ type: types.str, default: "" }),
        children: lib.mkOption({ type: types.attrsOf(types.submodule(tree)), default: {} }),
      },
    });
    const s = schemaOf({
      options: { tree: mkOption({ type: types.submodule(tree), default: {} }) },
    });
    expect(props(s).tree).toMatchObject({ $ref: "#/$defs/module1" });
    const errors = createValidator(s)({
      tree: { children: { a: { children: { b: { lbl: 1 } } } } },
    }).errors;
    expect(errors.map((e) => e.option)).toEqual(["tree.children.a.children.b.lbl"]);
  });

  it("a submodule with the root's options refers to the root", () => {
    const root: Record<string, unknown> = {
      name: mkOption({ type: types.str, default: "" }),
      nested: mkOption({ type: types.nullOr(selfReferring(() => root)), default: null }),
    };
    const s = toJsonSchema(root);
    expect(s.$defs).toBeUndefined();
    expect(JSON.stringify(s)).toContain('"$ref":"#"');
    const v = createValidator(s);
    expect(v({ nested: { nested: { name: "x" } } }).valid).toBe(true);
    expect(v({ nested: { nested: { nme: "x" } } }).valid).toBe(false);
  });
});

describe("types that hold themselves", () => {
  it("types.toml is described once, under $defs, and refers to itself there", () => {
    const s = schemaOf({ options: { settings: mkOption({ type: types.toml, default: {} }) } });
    expect(props(s).settings).toMatchObject({ $ref: "#/$defs/type1" });
    expect(Object.keys(s.$defs as object)).toEqual(["moduleInternals", "type1"]);
    const v = createValidator(s);
    expect(v({ settings: { a: [{ b: [1, "x"] }] } }).valid).toBe(true);
    expect(v({ settings: { a: [{ b: [1, null] }] } }).valid).toBe(false);
  });

  it("two of them in one schema are two entries", () => {
    const s = schemaOf({
      options: { a: mkOption({ type: types.json }), b: mkOption({ type: types.toml }) },
    });
    expect(Object.keys(s.$defs as object)).toEqual(["moduleInternals", "type1", "type2"]);
    expect(createValidator(s)({ a: { x: null }, b: { x: 1 } }).valid).toBe(true);
  });
});

describe("attrListWith, evaluated", () => {
  const schemaFor = (type: OptionType) =>
    props(
      toJsonSchema(evalModules({ modules: [{ options: { x: mkOption({ type }) } }] }).options, {
        output: true,
      }),
    ).x;

  it("is a list of single-name sets, or with asAttrs a set of lists", () => {
    expect(schemaFor(types.attrListOf(types.int))).toMatchObject({
      type: "array",
      items: { type: "object", minProperties: 1, maxProperties: 1 },
    });
    expect(schemaFor(types.attrListWith({ elemType: types.int, asAttrs: true }))).toMatchObject({
      type: "object",
      additionalProperties: { type: "array", items: { type: "integer" } },
    });
  });

  it("says nothing of the values its own mergeAttrValues makes", () => {
    const type = types.attrListWith({
      elemType: types.int,
      asAttrs: true,
      mergeAttrValues: (_name, values) => values.length,
    });
    expect(schemaFor(type)).toEqual({
      "x-nixmod-type": "attribute list of signed integer",
      type: "object",
      "x-nixmod-unrepresentable": "mergeAttrValues",
    });
  });
});

describe("the evaluated configuration (output: true)", () => {
  const tree = evalModules({
    modules: [
      {
        options: {
          port: mkOption({ type: types.coercedTo(types.str, Number, types.int), default: 80 }),
          user: mkOption({ type: types.str }),
          secret: mkOption({ type: types.str, internal: true, default: "" }),
          pkg: mkOption({ type: types.package, readOnly: true }),
          sub: {
            name: mkOption({ type: types.str }),
          },
        },
      },
    ],
  }).options;
  const out = toJsonSchema(tree, { output: true });
  const input = toJsonSchema(tree);

  it("has every option that always has a value, and no $schema key", () => {
    expect(out.required).toEqual(["pkg", "port", "secret", "sub"]);
    expect(Object.keys(props(out))).toEqual(["pkg", "port", "secret", "sub", "user"]);
    expect(Object.keys(props(input))).toEqual([
      "$schema",
      "_module",
      "pkg",
      "port",
      "secret",
      "sub",
      "user",
    ]);
  });

  it("types an option with apply by what applyReturning says it returns, else leaves it open", () => {
    const applied = toJsonSchema(
      evalModules({
        modules: [
          {
            options: {
              labelled: mkOption({
                type: types.either(types.str, types.listOf(types.str)),
                apply: applyReturning(types.listOf(types.str), (v: string | string[]) =>
                  Array.isArray(v) ? v : [v],
                ),
              }),
              open: mkOption({ type: types.str, apply: (v: string) => v.length }),
            },
          },
        ],
      }).options,
      { output: true },
    );
    expect(props(applied).labelled).toMatchObject({ type: "array", items: { type: "string" } });
    expect(props(applied).open).toEqual({
      "x-nixmod-type": "string",
      "x-nixmod-unrepresentable": "apply",
    });
  });

  it("gives a coercedTo its final type and a package the Package type", () => {
    expect(props(out).port).toMatchObject({ type: "integer" });
    expect(props(input).port!.anyOf).toHaveLength(2);
    expect(props(out).pkg).toMatchObject({ tsType: "Package", type: ["string", "object"] });
  });
});
