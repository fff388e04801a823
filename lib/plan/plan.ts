/** `plan(before, after)`: what switching from one evaluation to another does, by switch-to-configuration's rules. */
import { wrongArgument } from "../errors.ts";
import { compareBytes } from "../render/byte-order.ts";
import type { EtcFile } from "../render/etc-files.ts";
import { render, type Renderable, type Rendered } from "../render/render.ts";
import { treeEntries } from "../render/write-tree.ts";
import { diff } from "../util/lazy-dependency.ts";
import { sameItems } from "../util/lists.ts";
import { parseUnit, type UnitIni } from "./unit-ini.ts";

/** What happens to one unit. */
export type UnitAction = "start" | "stop" | "restart" | "reload" | "skip";

/** One unit's fate, with the reason switch-to-configuration would give. */
export interface UnitPlan {
  unit: string;
  /** Whether the unit is new, gone or changed. */
  change: "added" | "removed" | "changed";
  action: UnitAction;
  reason: string;
  /** Unified diff of the unit file, for changed units. */
  diff?: string;
}

/** A file of the host that the switch adds, removes or changes. */
export interface FileChange {
  path: string;
  change: "added" | "removed" | "changed";
}

/** The switch as data. */
export interface Plan {
  units: UnitPlan[];
  files: FileChange[];
  /** Units per action, in byte order. */
  start: string[];
  stop: string[];
  restart: string[];
  reload: string[];
  skip: string[];
}

/** `[Unit]` keys whose change never restarts a unit (switch-to-configuration ignores them). */
const ignoredUnitKeys = new Set([
  "Description",
  "Documentation",
  "OnFailure",
  "OnSuccess",
  "OnFailureJobMode",
  "IgnoreOnIsolate",
  "StopWhenUnneeded",
  "RefuseManualStart",
  "RefuseManualStop",
  "AllowIsolate",
  "CollectMode",
  "SourcePath",
]);

type Comparison = "equal" | "reload" | "restart";

/**
 * A key's values as switch-to-configuration reads them (`parse_systemd_ini`): an empty
 * assignment (`WorkingDirectory=`) clears the values before it, but the key stays present.
 */
function effectiveValues(values: readonly string[]): string[] {
  let out: string[] = [];
  for (const value of values) {
    if (value === "") out = [];
    else out.push(value);
  }
  return out;
}

function sameValues(a: readonly string[], b: readonly string[]): boolean {
  return sameItems(effectiveValues(a), effectiveValues(b));
}

/**
 * Compares two unit files as switch-to-configuration's `compare_units` does: `[Install]` is not
 * read; in `[Unit]`, the ignored keys never count and a changed `X-Reload-Triggers` means a
 * reload; any other key added, removed or changed (a key present with no value included) means
 * a restart.
 */
export function compareUnits(before: UnitIni, after: UnitIni): Comparison {
  let result: Comparison = "equal";
  const sections = new Set([...before.keys(), ...after.keys()]);
  for (const section of sections) {
    if (section === "Install") continue;
    const a = before.get(section) ?? new Map<string, string[]>();
    const b = after.get(section) ?? new Map<string, string[]>();
    for (const key of new Set([...a.keys(), ...b.keys()])) {
      const old = a.get(key);
      const next = b.get(key);
      if (old !== undefined && next !== undefined && sameValues(old, next)) continue;
      if (section === "Unit" && key === "X-Reload-Triggers") {
        result = "reload";
        continue;
      }
      if (section === "Unit" && ignoredUnitKeys.has(key)) continue;
      return "restart";
    }
  }
  return result;
}

/** `parse_systemd_bool`: the last value of `section.key` (`1`, `yes`, `true`, `on` are true), else `fallback`. */
function unitBool(unit: UnitIni, section: string, key: string, fallback: boolean): boolean {
  const values = unit.get(section)?.get(key);
  const last = values === undefined ? undefined : effectiveValues(values).at(-1);
  return last === undefined ? fallback : ["1", "yes", "true", "on"].includes(last);
}

/** Whether a target wants `unit`: a `.wants/` link, or, for a timer, `timers.target`'s. */
function isWanted(rendered: Rendered, unit: string): boolean {
  if (Object.prototype.hasOwnProperty.call(rendered.timers, unit)) return true;
  return Object.keys(rendered.links).some(
    (l) => l.endsWith(`/${unit}`) && !l.includes(".upholds/"),
  );
}

/** The unit files a switch compares: the services' units and their timers. */
function unitFiles(rendered: Rendered): Record<string, string> {
  return { ...rendered.units, ...rendered.timers };
}

/** A new unit nothing wants: what starts it, if anything. */
function unwantedNewReason(rendered: Rendered, unit: string): string {
  const timer = unit.replace(/\.service$/, ".timer");
  return timer !== unit && Object.prototype.hasOwnProperty.call(rendered.timers, timer)
    ? `it is new; ${timer} starts it`
    : "it is new but nothing wants it: start it by hand";
}

/** What switch-to-configuration's `handle_modified_unit` does with a changed, active unit. */
function modifiedAction(
  unit: string,
  after: UnitIni,
  comparison: Comparison,
): [UnitAction, string] | null {
  if (comparison === "reload") return ["reload", "only its X-Reload-Triggers changed"];
  if (
    ["sysinit.target", "basic.target", "multi-user.target", "graphical.target"].includes(unit) ||
    unit.endsWith(".slice") ||
    unit.endsWith(".socket")
  ) {
    return null; // switch-to-configuration leaves these alone
  }
  if (unit.endsWith(".mount")) {
    return unit === "-.mount" || unit === "nix.mount"
      ? ["reload", "its unit file changed; / and /nix are remounted, never unmounted"]
      : ["restart", "its unit file changed"];
  }
  if (unitBool(after, "Service", "X-ReloadIfChanged", false)) {
    return ["reload", "its unit file changed and it sets reloadIfChanged"];
  }
  if (!unitBool(after, "Service", "X-RestartIfChanged", true)) {
    return [
      "skip",
      "its unit file changed but it sets restartIfChanged = false: restart it by hand",
    ];
  }
  for (const key of ["RefuseManualStop", "X-OnlyManualStart"]) {
    if (unitBool(after, "Unit", key, false)) {
      return ["skip", `its unit file changed but it sets ${key}: restart it by hand`];
    }
  }
  if (!unitBool(after, "Service", "X-StopIfChanged", true)) {
    return [
      "restart",
      "its unit file changed and it sets stopIfChanged = false: restarted in place",
    ];
  }
  if (!unit.endsWith(".service")) return ["restart", "its unit file changed"];
  return ["restart", "its unit file changed: stopped before the switch, started after it"];
}

function renderedOf(x: Renderable | Rendered, which: string): Rendered {
  if (typeof x !== "object" || x === null) {
    throw wrongArgument(`the ${which} side of plan`, x, "a set", "an evaluation or a rendering");
  }
  if (!("units" in x && "etcHosts" in x)) return render(x as Renderable);
  const r = x as Rendered;
  for (const part of ["units", "links", "scripts", "files", "timers"] as const) {
    const texts = r[part] as unknown;
    if (typeof texts !== "object" || texts === null) {
      throw wrongArgument(`\`${part}' of the ${which} rendering given to plan`, texts, "a set");
    }
    for (const [name, text] of Object.entries(texts)) {
      if (typeof text !== "string") {
        throw wrongArgument(
          `\`${part}.${name}' of the ${which} rendering given to plan`,
          text,
          "a string",
        );
      }
    }
  }
  if (r.etc !== undefined) {
    if (typeof r.etc !== "object" || r.etc === null || Array.isArray(r.etc)) {
      throw wrongArgument(`\`etc' of the ${which} rendering given to plan`, r.etc, "a set");
    }
    for (const [target, file] of Object.entries(r.etc)) {
      for (const field of ["source", "mode"] as const) {
        const value = (file as Partial<EtcFile> | null)?.[field];
        if (typeof value !== "string") {
          throw wrongArgument(
            `\`etc.${target}.${field}' of the ${which} rendering given to plan`,
            value,
            "a string",
          );
        }
      }
    }
  }
  for (const part of ["masked", "dropIns"] as const) {
    if (!Array.isArray(r[part])) {
      throw wrongArgument(`\`${part}' of the ${which} rendering given to plan`, r[part], "a list");
    }
  }
  return r;
}

/** The host's files by their path in the tree `writeTree` writes (links as `-> target`). */
function fileMap(r: Rendered): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of treeEntries(r)) {
    // A file's mode is part of it: a copy in /etc made world-writable is a change to show.
    files.set(
      entry.path,
      entry.kind === "link" ? `-> ${entry.target}` : `${entry.mode.toString(8)} ${entry.text}`,
    );
  }
  return files;
}

/** What switching from `before` to `after` does to units and files (evaluations or their renderings). */
export function plan(before: Renderable | Rendered, after: Renderable | Rendered): Plan {
  const old = renderedOf(before, "old");
  const next = renderedOf(after, "new");
  const units: UnitPlan[] = [];
  const [oldUnits, newUnits] = [unitFiles(old), unitFiles(next)];
  const names = [...new Set([...Object.keys(oldUnits), ...Object.keys(newUnits)])].sort(
    compareBytes,
  );
  for (const unit of names) {
    const a = oldUnits[unit];
    const b = newUnits[unit];
    if (a === undefined) {
      units.push(
        isWanted(next, unit)
          ? { unit, change: "added", action: "start", reason: "it is new and a target wants it" }
          : { unit, change: "added", action: "skip", reason: unwantedNewReason(next, unit) },
      );
    } else if (b === undefined) {
      const gone = next.masked.includes(unit) ? "it is now masked" : "it was removed";
      units.push(
        unitBool(parseUnit(a), "Unit", "X-StopOnRemoval", true)
          ? { unit, change: "removed", action: "stop", reason: gone }
          : {
              unit,
              change: "removed",
              action: "skip",
              reason: `${gone}, but it sets X-StopOnRemoval = false`,
            },
      );
    } else if (a !== b) {
      const parsedAfter = parseUnit(b);
      const comparison = compareUnits(parseUnit(a), parsedAfter);
      if (comparison === "equal") continue;
      const decided = modifiedAction(unit, parsedAfter, comparison);
      if (decided === null) continue;
      const [action, reason] = decided;
      units.push({
        unit,
        change: "changed",
        action,
        reason,
        diff: diff().createTwoFilesPatch(`a/${unit}`, `b/${unit}`, a, b, "", "", { context: 3 }),
      });
    }
  }
  const oldFiles = fileMap(old);
  const newFiles = fileMap(next);
  const files: FileChange[] = [];
  for (const path of [...new Set([...oldFiles.keys(), ...newFiles.keys()])].sort(compareBytes)) {
    const a = oldFiles.get(path);
    const b = newFiles.get(path);
    if (a === b) continue;
    files.push({
      path,
      change: a === undefined ? "added" : b === undefined ? "removed" : "changed",
    });
  }
  const by = (action: UnitAction) => units.filter((u) => u.action === action).map((u) => u.unit);
  return {
    units,
    files,
    start: by("start"),
    stop: by("stop"),
    restart: by("restart"),
    reload: by("reload"),
    skip: by("skip"),
  };
}

/** The plan as text, the way `nixmod plan` prints it. */
export function formatPlan(p: Plan): string {
  const out: string[] = [];
  const section = (title: string, list: string[]) => {
    if (list.length > 0) out.push(`${title}: ${list.join(", ")}`);
  };
  section("stopping the following units", p.stop);
  section("restarting the following units", p.restart);
  section("reloading the following units", p.reload);
  section("starting the following units", p.start);
  const skipped = (change: UnitPlan["change"]) =>
    p.units.filter((u) => u.action === "skip" && u.change === change).map((u) => u.unit);
  section("NOT restarting the following changed units", skipped("changed"));
  section("NOT starting the following new units", skipped("added"));
  section("NOT stopping the following removed units", skipped("removed"));
  if (out.length === 0) out.push("no unit changes");
  for (const u of p.units) out.push(`  ${u.action.padEnd(7)} ${u.unit}: ${u.reason}`);
  if (p.files.length > 0) {
    out.push("files:");
    for (const f of p.files) out.push(`  ${f.change.padEnd(7)} ${f.path}`);
  }
  for (const u of p.units) if (u.diff !== undefined) out.push(u.diff.trimEnd());
  return `${out.join("\n")}\n`;
}
