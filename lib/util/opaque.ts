/**
 * Internal records reachable from public objects (through their hidden symbol properties) are
 * named by `Object.prototype.toString`: tools that copy plain objects deeply, every own property
 * and getter included (vitest does to show a failed assertion's diff), stop at them instead of
 * walking, and forcing, an evaluation's whole state.
 */
export function opaque(cls: { prototype: object }, name: string): void {
  Object.defineProperty(cls.prototype, Symbol.toStringTag, { value: `nixmod.${name}` });
}
