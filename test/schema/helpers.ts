/** Shared helpers for the schema tests: one-option schemas, validators, and what the type itself accepts. */
import {
  createValidator,
  evalModules,
  mkOption,
  toJsonSchema,
  type ConfigValidator,
  type JsonSchema,
  type OptionType,
} from "nixmod";

/** The option tree of a module declaring `x` with `type` (and `extra` declaration fields). */
export function optionTree(type: OptionType, extra: Record<string, unknown> = {}): any {
  return evalModules({ modules: [{ options: { x: mkOption({ type, ...extra }) } }] }).options;
}

/** The schema of the option `x` of type `type`. */
export function optionSchema(type: OptionType): JsonSchema {
  return toJsonSchema(optionTree(type)).properties as JsonSchema;
}

const validators = new WeakMap<OptionType, ConfigValidator>();

/** A validator for `{ x: <value of type> }`, compiled once per type. */
export function validatorFor(type: OptionType): ConfigValidator {
  let v = validators.get(type);
  if (v === undefined) {
    v = createValidator(toJsonSchema(optionTree(type)));
    validators.set(type, v);
  }
  return v;
}

/** Whether the schema accepts `value` for an option of `type`. */
export function schemaAccepts(type: OptionType, value: unknown): boolean {
  return validatorFor(type)({ x: value }).valid;
}

/**
 * Whether the module system accepts `value` as the only definition of an option of `type`:
 * the type's shallow `check` and then its merge (where nested values are checked), with the
 * whole merged value forced.
 */
export function typeAccepts(type: OptionType, value: unknown): boolean {
  try {
    const config = evalModules({
      modules: [{ options: { x: mkOption({ type }) } }, { x: value }],
    }).config;
    JSON.stringify(config.x);
    return true;
  } catch {
    return false;
  }
}
