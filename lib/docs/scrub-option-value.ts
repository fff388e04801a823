/** Nix's `scrubOptionValue`: a value with each derivation reduced to its name, for old doc tools. */
import { ModuleError } from "../errors.ts";
import { isDerivation } from "../types/basic.ts";
import { isAttrs, setOwn, sortNames } from "../util/attrs.ts";
import { lazyField, lazyFields } from "../util/lazy-fields.ts";
import { emptyRecord } from "../util/plain-record.ts";

/** A derivation's `name`, read when a field of its stand-in is (Nix's `x.name`). */
function derivationName(derivation: Record<string, unknown>): unknown {
  if (!("name" in derivation)) throw new ModuleError("attribute 'name' missing", { code: "type" });
  return derivation.name;
}

/**
 * Nix's `scrubOptionValue`: a derivation becomes `{ type, drvPath, outPath, name }`, each path
 * being its name; lists and sets are scrubbed throughout, a set losing its `_args`. As in Nix,
 * nothing is read before it is needed: a getter stays a getter, scrubbed when read.
 */
export function scrubOptionValue(value: unknown): unknown {
  if (isDerivation(value)) {
    const derivation = value;
    // In Nix's attribute order, as JSON shows the set.
    const scrubbed = lazyFields({
      drvPath: () => derivationName(derivation),
      name: () => derivationName(derivation),
      outPath: () => derivationName(derivation),
    });
    setOwn(scrubbed, "type", "derivation");
    // A set with `outPath` is that path in Nix's JSON.
    Object.defineProperty(scrubbed, "toJSON", { value: () => scrubbed.outPath });
    return scrubbed;
  }
  if (Array.isArray(value)) return value.map(scrubOptionValue);
  if (!isAttrs(value)) return value;
  const scrubbed = emptyRecord();
  for (const name of sortNames(Object.keys(value))) {
    if (name === "_args") continue;
    const desc = Object.getOwnPropertyDescriptor(value, name)!;
    if (desc.get === undefined) setOwn(scrubbed, name, scrubOptionValue(desc.value));
    else lazyField(scrubbed, name, () => scrubOptionValue(value[name]));
  }
  return scrubbed;
}
