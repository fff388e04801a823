/** The symlinks NixOS's `generateUnits` makes next to the unit files: aliases and `.wants`/`.upholds`/`.requires`. */

import { ModuleError, quoteOption, showValue } from "../errors.ts";

/** The options a unit's links come from. */
export interface UnitLinkSources {
  aliases: readonly string[];
  wantedBy: readonly string[];
  upheldBy: readonly string[];
  requiredBy: readonly string[];
}

// NixOS's unitNameType: these names become file names in the units folder,
// so anything else (a "/" or "..") must never reach a link.
const unitNamePattern =
  /^[a-zA-Z0-9@%:_.\\-]+[.](service|socket|device|mount|automount|swap|target|path|timer|scope|slice)$/;

/** Whether a string is a valid unit name by NixOS's `unitNameType`. */
export function isUnitName(name: string): boolean {
  return unitNamePattern.test(name);
}

/** Throws the type error NixOS's option type would give for a bad unit name. */
function checkUnitNames(names: readonly string[], loc: string[]): void {
  for (const name of names) {
    if (isUnitName(name)) continue;
    throw new ModuleError(
      `A definition for option ${quoteOption(loc)} is not of type \`list of (string matching the ` +
        `pattern ${unitNamePattern.source.slice(1, -1)})'. Definition values:\n- ${showValue(name)}`,
      { code: "type", loc, definitions: [{ file: "<user definitions>", value: names }] },
    );
  }
}

/**
 * Checks that the names a unit's links are made from are unit names, naming the unit's options
 * at `loc`, and that the unit `unitName` can have the aliases it is given.
 */
export function checkLinkSources(
  sources: UnitLinkSources,
  loc: readonly string[],
  unitName?: string,
): void {
  checkUnitNames(sources.aliases, [...loc, "aliases"]);
  // generateUnits links an alias with `ln -sfn '<unit>' …`, which reads `-…` as its options.
  if (sources.aliases.length > 0 && unitName?.startsWith("-") === true) {
    throw new ModuleError(
      `The unit ${JSON.stringify(unitName)} (${quoteOption(loc)}) has aliases, which NixOS's generateUnits links with \`ln -sfn '${unitName}' …', reading a name that starts with \`-' as options: its build fails; nixmod rejects it.`,
      { code: "invalid", loc: [...loc, "aliases"] },
    );
  }
  checkUnitNames(sources.wantedBy, [...loc, "wantedBy"]);
  checkUnitNames(sources.upheldBy, [...loc, "upheldBy"]);
  checkUnitNames(sources.requiredBy, [...loc, "requiredBy"]);
}

/** The links of every unit, in NixOS's order (aliases, then wants, upholds, requires; later ones win). */
export function collectUnitLinks(
  units: readonly { unitName: string; sources: UnitLinkSources; loc?: string[] }[],
): Record<string, string> {
  const links = new Map<string, string>();
  for (const { unitName, sources, loc } of units)
    if (loc !== undefined) checkLinkSources(sources, loc, unitName);
  // generateUnits runs `ln -sfn` in four passes over all units; a repeated
  // link name is overwritten by the later pass, which a Map reproduces.
  for (const { unitName, sources } of units) {
    for (const alias of sources.aliases) links.set(alias, unitName);
  }
  for (const [field, suffix] of [
    ["wantedBy", "wants"],
    ["upheldBy", "upholds"],
    ["requiredBy", "requires"],
  ] as const) {
    for (const { unitName, sources } of units) {
      for (const target of sources[field])
        links.set(`${target}.${suffix}/${unitName}`, `../${unitName}`);
    }
  }
  return Object.fromEntries(links);
}

/** The links of one unit: `<alias>` → `<unit>`, `<target>.wants/<unit>` → `../<unit>`, …. */
export function unitLinks(
  unitName: string,
  sources: UnitLinkSources,
  loc?: string[],
): Record<string, string> {
  return collectUnitLinks([loc === undefined ? { unitName, sources } : { unitName, sources, loc }]);
}
