/** Nix's `pushDownProperties`: move `mkIf` and `mkOverride` into attributes so conditions can read config. */
import {
  conditional,
  mergeContents,
  sharedCondition,
  typeTag,
  type IfProperty,
  type MergeProperty,
  type OverrideProperty,
  propertyField,
} from "../properties.ts";
import { force, lazyProperty } from "../thunk.ts";
import { isAttrs, setOwn } from "../util/attrs.ts";

function mapAttrsIfAttrs(value: unknown, wrap: (v: unknown) => unknown): unknown {
  if (!isAttrs(value)) return value;
  const out: Record<string, unknown> = {};
  const names = Object.keys(value);
  for (let i = 0; i < names.length; i++) {
    setOwn(out, names[i]!, wrap(lazyProperty(value, names[i]!)));
  }
  return out;
}

/**
 * Nix's `pushDownProperties`: expands `mkMerge` and pushes `mkIf`/`mkOverride` one level down;
 * the results carry no property on top.
 */
export function pushDownInto(cfg: unknown, out: unknown[] = []): unknown[] {
  const v = force(cfg);
  const tag = typeTag(v);
  if (tag === "merge") {
    for (const c of mergeContents(v as MergeProperty)) pushDownInto(c, out);
  } else if (tag === "if") {
    const prop = v as IfProperty;
    const condition = sharedCondition(prop);
    for (const inner of pushDownInto(propertyField(prop, "content"))) {
      out.push(mapAttrsIfAttrs(inner, (content) => conditional(condition, content)));
    }
  } else if (tag === "override") {
    const prop = v as OverrideProperty;
    // Nix reads the priority where it is compared: one a hand-written override lacks stays
    // missing on the pushed-down overrides, and fails only there.
    const priority = prop.priority;
    const hasPriority = "priority" in prop;
    for (const inner of pushDownInto(propertyField(prop, "content"))) {
      out.push(
        mapAttrsIfAttrs(inner, (content) =>
          hasPriority ? { _type: "override", priority, content } : { _type: "override", content },
        ),
      );
    }
  } else {
    out.push(v);
  }
  return out;
}
