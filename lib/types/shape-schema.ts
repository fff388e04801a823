/**
 * What a type's own `check` accepts, as a schema: where a type of `either` or `coercedTo` passes
 * its check, Nix merges the value by that type and no other, so a schema of the choice has to
 * commit to it as well.
 */
import type { JsonSchema, OptionType, SchemaContext } from "./option-type.ts";
import { packageShapeSchema } from "./basic.ts";

/** Types whose check accepts any attribute set, whatever it holds. */
const setTypes = new Set(["attrsOf", "lazyAttrsOf", "attrsWith", "loaOf", "submodule"]);

/**
 * The schema of what `type`'s own check accepts, given its whole schema, where the check looks
 * at less than the schema does (a list or attribute set type checks the value's shape only);
 * undefined where the check is the whole schema.
 */
export function shapeSchema(type: OptionType, whole: JsonSchema): JsonSchema | undefined {
  if (whole.$ref !== undefined) return undefined;
  const nested = type.nestedTypes as Record<string, OptionType>;
  const branches = whole.anyOf as JsonSchema[] | undefined;
  switch (type.name) {
    case "listOf":
      return whole.type !== "array"
        ? undefined
        : { type: "array", ...(whole.minItems === undefined ? {} : { minItems: whole.minItems }) };
    case "nullOr": {
      const inner = branches?.[1] && shapeSchema(nested.elemType!, branches[1]);
      return inner === undefined ? undefined : { anyOf: [{ type: "null" }, inner] };
    }
    case "either": {
      if (branches === undefined) return undefined;
      const left = shapeSchema(nested.left!, branches[0]!);
      const right = shapeSchema(nested.right!, branches[1]!);
      if (left === undefined && right === undefined) return undefined;
      return { anyOf: [left ?? branches[0]!, right ?? branches[1]!] };
    }
    case "unique":
      return shapeSchema(nested.elemType!, whole);
    case "package":
      return whole.anyOf === undefined ? undefined : packageShapeSchema;
    case "attrTag": {
      // One attribute, named by a tag: which tag's value is then checked by its option.
      const tags = Object.keys((whole.properties as object | undefined) ?? {});
      return { type: "object", minProperties: 1, maxProperties: 1, propertyNames: { enum: tags } };
    }
    case "attrListOf":
      return { type: ["array", "object"] };
    default:
      return setTypes.has(type.name) ? { type: "object" } : undefined;
  }
}

/**
 * The schema of a value of `first` or else of `other`, merged by `first` wherever `first`'s check
 * passes (`first` is `type`'s schema).
 */
export function committedSchema(
  ctx: SchemaContext,
  type: OptionType,
  first: JsonSchema,
  other: JsonSchema,
): JsonSchema {
  const both = { anyOf: [first, other] };
  const shape = ctx.output ? undefined : shapeSchema(type, first);
  return shape === undefined ? both : { ...both, if: shape, then: first };
}
