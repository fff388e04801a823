/** `plan(before, after)`: what switching from one evaluation to another does, by switch-to-configuration's rules. */
import { wrongArgument } from "../errors.ts";
import { compareBytes } from "../render/byte-order.ts";
import { render, type Renderable, type Rendered } from "../render/render.ts";
import { checkTreeInput, layOut } from "../render/write-tree.ts";
import { diff } from "../util/lazy-dependency.ts";
import { sameItems } from "../util/lists.ts";
import { resolveSpecifiers, unitSpecifiers } from "../render/unit-specifiers.ts";
import { parseUnit, type UnitIni } from "./unit-ini.ts";

/**
 * What happens to one unit. `stop-start` is a changed service that is stopped before the new
 * configuration is activated and started after it (NixOS's `stopIfChanged`, the default).
 */
export type UnitAction = "start" | "stop" | "stop-start" | "restart" | "reload" | "skip";

/** One unit's fate, with the reason switch-to-configuration would give. */
export interface UnitPlan {
  unit: string;
  /** Whether the unit is new, gone, changed, or unchanged but started (a target now wants it). */
  change: "added" | "removed" | "changed" | "unchanged";
  action: UnitAction;
  reason: string;
  /** Unified diff of the unit file, for changed units. */
  diff?: string;
  /** Set for a changed unit that does not run: the switch leaves it alone. */
  idle?: true;
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
  /** The new configuration's warnings, as building it shows them. */
  warnings: string[];
  /** Units per action, in byte order; a `stop-start` unit is in both `stop` and `start`. */
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
 * Compares two unit files as switch-to-configuration's `compare_units` does: `[Install]` is not
 * read; in `[Unit]`, the ignored keys never count and an added or changed `X-Reload-Triggers`
 * means a reload, as does a mount's changed `Options`; any other section or key added, removed
 * or changed (a key present with no value included) means a restart.
 */
export function compareUnits(before: UnitIni, after: UnitIni): Comparison {
  for (const [which, unit] of [
    ["first", before],
    ["second", after],
  ] as const) {
    if (!(unit instanceof Map)) {
      throw wrongArgument(
        `the ${which} unit given to compareUnits`,
        unit,
        "a parsed unit",
        "parseUnit's result",
      );
    }
  }
  let result: Comparison = "equal";
  const sections = new Set([...before.keys(), ...after.keys()]);
  for (const section of sections) {
    if (section === "Install") continue;
    const a = before.get(section);
    const b = after.get(section);
    // A section on one side only is a change, even an empty one (but `[Unit]` may come and go).
    if ((a === undefined || b === undefined) && section !== "Unit") return "restart";
    const noKeys = new Map<string, string[]>();
    for (const key of new Set([...(a ?? noKeys).keys(), ...(b ?? noKeys).keys()])) {
      const old = a?.get(key);
      const next = b?.get(key);
      if (old !== undefined && next !== undefined && sameItems(old, next)) continue;
      if (section === "Unit" && key === "X-Reload-Triggers") {
        // Triggers that are gone ask for nothing.
        if (next !== undefined) result = "reload";
        continue;
      }
      if (section === "Unit" && ignoredUnitKeys.has(key)) continue;
      // A mount's options change with a remount.
      if (section === "Mount" && key === "Options") {
        result = "reload";
        continue;
      }
      return "restart";
    }
  }
  return result;
}

/** `parse_systemd_bool`: the last value of `section.key` (`1`, `yes`, `true`, `on` are true), else `fallback`. */
function unitBool(unit: UnitIni, section: string, key: string, fallback: boolean): boolean {
  const last = unit.get(section)?.get(key)?.at(-1);
  return last === undefined ? fallback : ["1", "yes", "true", "on"].includes(last);
}

/**
 * The targets a booted NixOS host has active. switch-to-configuration starts the active targets
 * again, which starts what they now want; units nothing running wants are left alone.
 */
const bootTargets = [
  "default.target",
  "multi-user.target",
  "basic.target",
  "sysinit.target",
  "sockets.target",
  "timers.target",
  "paths.target",
  "slices.target",
  "local-fs.target",
  "remote-fs.target",
  "network.target",
  "getty.target",
  "machines.target",
  // switch-to-configuration restarts it on every switch.
  "sysinit-reactivation.target",
];

/** A template's name for an instance (`foo@x.service` → `foo@.service`), or undefined. */
function templateOf(unit: string): string | undefined {
  // As systemd reads a name: the instance runs from the first `@` to the type's dot.
  const at = unit.indexOf("@");
  const dot = unit.lastIndexOf(".");
  if (at <= 0 || dot < at + 2) return undefined;
  return `${unit.slice(0, at)}@${unit.slice(dot)}`;
}

const isTemplate = (unit: string) => /^[^@]*@\.[^.]+$/.test(unit);

/** The `[Unit]` dependencies that pull units in. */
const pullingKeys = ["Wants", "Requires", "BindsTo", "Upholds"];

/** The `[Unit]` dependencies whose stop or restart systemd carries over to the unit that names them. */
const bindingKeys = ["Requires", "BindsTo", "PartOf"];

/** A unit file's `[Unit]` dependencies of the kinds `keys`, its specifiers resolved for `unit`. */
function unitDependencies(ini: UnitIni, unit: string, keys: readonly string[]): string[] {
  const section = ini.get("Unit");
  const out: string[] = [];
  for (const key of keys) {
    for (const value of section?.get(key) ?? []) {
      for (const to of value.split(/\s+/)) {
        if (to === "") continue;
        const resolved = resolveSpecifiers(to, unitSpecifiers(unit));
        if (resolved !== undefined) out.push(resolved);
      }
    }
  }
  return out;
}

/** One side of a switch: its unit files, and what runs when the host is booted into it. */
class Host {
  /** Unit files by name: the services' units, their timers and the targets. */
  readonly files = new Map<string, string>();
  /** Units a running unit pulls in, each with the unit that pulls it in first. */
  readonly wanted = new Map<string, string>();
  /** Wanted units that keep running: all but oneshot services without `RemainAfterExit`. */
  readonly running = new Set<string>();
  /** For each unit, the first unit found to want it (a link, a `[Unit]` dependency, a timer). */
  readonly wantedBy = new Map<string, string>();
  /** Units installed as drop-ins (`<unit>.d/overrides.conf`). */
  readonly dropIns: Set<string>;
  /** Units linked to /dev/null; for a drop-in, only its overrides are. */
  readonly masked: Set<string>;
  /** Alias names (`b.service` → `a.service`): one unit under another name. */
  private readonly aliases = new Map<string, string>();
  /** The units each unit's `.wants/`, `.requires/` and `.upholds/` links (and timers.target's timers) pull in. */
  private readonly linked = new Map<string, string[]>();
  /** The units each unit's `.requires/` links name. */
  private readonly requiredLinks = new Map<string, string[]>();
  /** Each unit file as read, once (an instance reads its template's). */
  private readonly inis = new Map<string, UnitIni>();

  /**
   * `started`: targets the switch starts besides the boot targets (those running before it,
   * which switch-to-configuration starts again with their new dependencies).
   */
  constructor(
    readonly rendered: Rendered,
    started: readonly string[] = [],
  ) {
    for (const [unit, text] of Object.entries(rendered.units)) this.files.set(unit, text);
    for (const [unit, text] of Object.entries(rendered.timers)) this.files.set(unit, text);
    for (const [unit, text] of Object.entries(rendered.targets)) this.files.set(unit, text);
    this.dropIns = new Set(rendered.dropIns);
    this.masked = new Set(rendered.masked);
    for (const [link, target] of Object.entries(rendered.links)) {
      if (!link.includes("/")) this.aliases.set(link, target);
    }
    const noteWanter = (from: string, to: string) => {
      if (!this.wantedBy.has(to)) this.wantedBy.set(to, from);
    };
    const link = (links: Map<string, string[]>, from: string, to: string) => {
      const [a, b] = [this.unitOf(from), this.unitOf(to)];
      const list = links.get(a);
      if (list === undefined) links.set(a, [b]);
      else list.push(b);
      noteWanter(a, b);
    };
    for (const name of Object.keys(rendered.links)) {
      const slash = name.lastIndexOf("/");
      const kind = /\.(wants|requires|upholds)$/.exec(name.slice(0, slash));
      if (kind === null) continue;
      const [from, to] = [name.slice(0, slash - kind[0].length), name.slice(slash + 1)];
      link(this.linked, from, to);
      if (kind[1] === "requires") link(this.requiredLinks, from, to);
    }
    for (const timer of Object.keys(rendered.timers)) link(this.linked, "timers.target", timer);
    for (const unit of this.files.keys()) {
      for (const to of unitDependencies(this.ini(unit), unit, pullingKeys))
        noteWanter(unit, this.unitOf(to));
    }
    const roots = [...new Set([...bootTargets, ...started])];
    const pending = [...roots];
    for (const target of roots) this.wanted.set(target, target);
    while (pending.length > 0) {
      const from = pending.pop()!;
      for (const to of this.dependencies(from)) {
        // systemd starts no masked unit, and pulls in nothing through one.
        if (this.wanted.has(to) || this.isMasked(to)) continue;
        this.wanted.set(to, from);
        if (!this.wantedBy.has(to)) this.wantedBy.set(to, from);
        pending.push(to);
      }
    }
    for (const unit of this.wanted.keys()) {
      const text = this.fileOf(unit);
      if (text === undefined || !this.finishes(parseUnit(text, unit))) this.running.add(unit);
    }
  }

  /** The unit file `file` of this side, read once. */
  private ini(file: string): UnitIni {
    let ini = this.inis.get(file);
    if (ini === undefined) this.inis.set(file, (ini = parseUnit(this.files.get(file)!, file)));
    return ini;
  }

  /**
   * What a running `unit` pulls in: its links, and the `[Unit]` dependencies of its file; an
   * instance without a file of its own (or with a drop-in) has its template's too, for itself.
   */
  private dependencies(unit: string): string[] {
    return this.dependenciesOf(unit, this.linked, pullingKeys);
  }

  /** The units whose stop or restart systemd carries over to `unit` (`Requires=`, `BindsTo=`, `PartOf=`). */
  requirements(unit: string): string[] {
    return this.dependenciesOf(unit, this.requiredLinks, bindingKeys);
  }

  private dependenciesOf(
    unit: string,
    links: ReadonlyMap<string, string[]>,
    keys: readonly string[],
  ): string[] {
    const out = [...(links.get(unit) ?? [])];
    const template = templateOf(unit);
    const ownFile = this.files.has(unit) && !this.dropIns.has(unit);
    if (template !== undefined && !isTemplate(unit) && !ownFile) {
      out.push(...(links.get(template) ?? []));
      if (this.files.has(template)) out.push(...unitDependencies(this.ini(template), unit, keys));
    }
    if (this.files.has(unit)) out.push(...unitDependencies(this.ini(unit), unit, keys));
    return out.map((name) => this.unitOf(name));
  }

  /** The unit a name stands for (an alias's unit). */
  private unitOf(name: string): string {
    return this.aliases.get(name) ?? name;
  }

  /** Whether the unit itself is masked (a drop-in's mask only drops its overrides). */
  isMasked(unit: string): boolean {
    return this.masked.has(unit) && !this.dropIns.has(unit);
  }

  /** The unit file of `unit`: its own, or its template's for an instance without one. */
  fileOf(unit: string): string | undefined {
    const own = this.files.get(unit);
    if (own !== undefined) return own;
    const template = templateOf(unit);
    return template === undefined ? undefined : this.files.get(template);
  }

  /** Whether a service runs and exits (`Type=oneshot` without `RemainAfterExit`). */
  private finishes(unit: UnitIni): boolean {
    return (
      unit.get("Service")?.get("Type")?.at(-1) === "oneshot" &&
      !unitBool(unit, "Service", "RemainAfterExit", false)
    );
  }

  /** Why a unit of this side that nothing running pulls in is not started. */
  notStartedReason(unit: string): string {
    const timer = unit.replace(/\.service$/, ".timer");
    if (timer !== unit && this.files.has(timer)) return `${timer} starts it`;
    const by = this.wantedBy.get(unit);
    if (by === undefined) return "nothing wants it: start it by hand";
    if (this.isMasked(by)) return `${by} wants it, but ${by} is masked`;
    return `${by} wants it, but nothing in this configuration pulls in ${by}: nixmod takes it to be inactive`;
  }
}

/** What switch-to-configuration's `handle_modified_unit` does with a changed, active unit. */
function modifiedAction(
  unit: string,
  after: UnitIni,
  comparison: Comparison,
): [UnitAction, string] | null {
  // A target is never compared: it is started again, unannounced.
  if (unit.endsWith(".target")) return null;
  if (comparison === "reload") {
    return [
      "reload",
      unit.endsWith(".mount")
        ? "its mount options or X-Reload-Triggers changed"
        : "only its X-Reload-Triggers changed",
    ];
  }
  // Otherwise left alone, as switch-to-configuration leaves them.
  if (unit.endsWith(".slice") || unit.endsWith(".socket")) return null;
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
  if (unitBool(after, "Unit", "RefuseManualStop", false)) {
    return [
      "skip",
      "its unit file changed but it sets RefuseManualStop, so systemd refuses to restart it by hand: the change takes effect when a dependency stops it, or at boot",
    ];
  }
  if (unitBool(after, "Unit", "X-OnlyManualStart", false)) {
    return ["skip", "its unit file changed but it sets X-OnlyManualStart: restart it by hand"];
  }
  if (!unitBool(after, "Service", "X-StopIfChanged", true)) {
    return [
      "restart",
      "its unit file changed and it sets stopIfChanged = false: restarted in place",
    ];
  }
  if (!unit.endsWith(".service")) return ["restart", "its unit file changed"];
  return [
    "stop-start",
    "its unit file changed: stopped before the new configuration is activated, started after it",
  ];
}

function renderedOf(x: Renderable | Rendered, which: string): Rendered {
  if (typeof x !== "object" || x === null) {
    throw wrongArgument(`the ${which} side of plan`, x, "a set", "an evaluation or a rendering");
  }
  if (!("units" in x && "etcHosts" in x)) return render(x as Renderable);
  checkTreeInput(x, `the ${which} rendering given to plan`);
  return x as Rendered;
}

/** The host's files by their path in the tree `writeTree` writes (links as `-> target`). */
function fileMap(r: Rendered): Map<string, string> {
  const files = new Map<string, string>();
  // Checked already (renderedOf): laid out without checking it again.
  for (const entry of layOut(r)) {
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
  const oldHost = new Host(old);
  // Every target running before is started again, unless it was nixmod's and is gone.
  const gone = (unit: string) => oldHost.files.has(unit) && !Object.hasOwn(next.targets, unit);
  const restarted = [...oldHost.running].filter((unit) => unit.endsWith(".target") && !gone(unit));
  const units = planUnits(oldHost, new Host(next, restarted));
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
  const by = (...actions: UnitAction[]) =>
    units.filter((u) => actions.includes(u.action)).map((u) => u.unit);
  return {
    units,
    files,
    warnings: Array.isArray(next.warnings) ? next.warnings.map(String) : [],
    start: by("start", "stop-start"),
    stop: by("stop", "stop-start"),
    restart: by("restart"),
    reload: by("reload"),
    skip: by("skip"),
  };
}

/**
 * The units a switch acts on, by switch-to-configuration's rules: of the units running before,
 * the changed ones are restarted, reloaded or stopped and started, and the removed ones
 * stopped; the active targets are started again, which starts the new units they want and the
 * ones they now want (a oneshot that has finished runs again). A template is never running:
 * its running instances are planned with it. A drop-in's unit is not nixmod's; it is assumed to
 * run, and planned by its overrides.
 */
function planUnits(old: Host, next: Host): UnitPlan[] {
  const names = new Set<string>();
  for (const host of [old, next]) {
    for (const unit of host.files.keys()) if (!isTemplate(unit)) names.add(unit);
    for (const unit of host.wanted.keys()) {
      if (!isTemplate(unit) && host.fileOf(unit) !== undefined) names.add(unit);
    }
  }
  const planned = new Map<string, UnitPlan>();
  for (const unit of [...names].sort(compareBytes)) {
    const one = planUnit(unit, old, next);
    if (one !== undefined) planned.set(unit, one);
  }
  carryOver(planned, old, next);
  return [...planned.values()].sort((x, y) => compareBytes(x.unit, y.unit));
}

/**
 * What systemd adds to the switch's jobs: a running unit that `Requires=`, is `BindsTo=` or
 * `PartOf=` a unit the switch stops is stopped with it (and started again only when the
 * restarted targets want it; a reload planned for it becomes that start), and one bound so to a
 * unit the switch restarts is restarted with it.
 */
function carryOver(planned: Map<string, UnitPlan>, old: Host, next: Host): void {
  const stops = (u: UnitPlan | undefined) => u?.action === "stop" || u?.action === "stop-start";
  for (let changed = true; changed;) {
    changed = false;
    for (const unit of old.running) {
      const own = planned.get(unit);
      if (stops(own) || unit.endsWith(".target")) continue;
      const requirements = old.requirements(unit);
      const stopped = requirements.find((r) => stops(planned.get(r)));
      const restarted = requirements.find((r) => planned.get(r)?.action === "restart");
      const cause = stopped ?? restarted;
      if (cause === undefined || (stopped === undefined && own?.action === "restart")) continue;
      const change = own?.change ?? "unchanged";
      const diff = own?.diff === undefined ? {} : { diff: own.diff };
      if (stopped === undefined) {
        planned.set(unit, {
          unit,
          change,
          action: "restart",
          reason: `restarted with ${cause}, which it requires`,
          ...diff,
        });
      } else {
        const again = next.wanted.get(unit);
        planned.set(unit, {
          unit,
          change,
          ...diff,
          ...(again !== undefined && next.fileOf(unit) !== undefined
            ? {
                action: "stop-start" as const,
                reason: `stopped with ${cause}, which it requires; started again as ${again} wants it`,
              }
            : {
                action: "stop" as const,
                reason: `stopped with ${cause}, which it requires; nothing in the new configuration starts it again`,
              }),
        });
      }
      changed = true;
    }
  }
}

/**
 * The text a side installs for `unit`, decided for both sides at once as switch-to-configuration
 * decides it: the unit's own file when either side has one (a masked one included, which gives
 * none), else its template's; a drop-in is its overrides after its template, when nixmod
 * renders that (a template nixmod rendered before and no longer does is gone, and the unit with
 * it), or alone.
 */
function unitTexts(
  unit: string,
  old: Host,
  next: Host,
  dropIn: boolean,
): [string | undefined, string | undefined] {
  const template = templateOf(unit);
  const own = [old, next].some((h) => h.files.has(unit) || h.masked.has(unit));
  const templateGone =
    template !== undefined && old.files.has(template) && !next.files.has(template);
  const textOf = (host: Host): string | undefined => {
    const base = template === undefined ? undefined : host.files.get(template);
    if (dropIn) {
      if (host === next && templateGone) return undefined;
      // A masked drop-in links overrides.conf to /dev/null: the unit loses its overrides.
      const overrides = host.masked.has(unit) ? "" : (host.files.get(unit) ?? "");
      return base === undefined ? overrides : `${base}\n${overrides}`;
    }
    return own ? host.files.get(unit) : base;
  };
  return [textOf(old), textOf(next)];
}

/**
 * Why switch-to-configuration does not compare a running instance of a template at all, or
 * undefined: it finds a unit's file by its own name when either side has one, and looks at
 * nothing when the old side has none; an instance without one it finds through the template
 * name its pattern `^(.*)@[^.]*\.(.*)$` gives, which for an instance name with a dot is no
 * template (`t@a.b.service` gives `t@.b.service`).
 */
function notCompared(unit: string, old: Host, next: Host): string | undefined {
  const template = templateOf(unit);
  if (template === undefined || isTemplate(unit)) return undefined;
  const ownOld = old.files.has(unit) && !old.dropIns.has(unit);
  const ownNew = next.files.has(unit) && !next.dropIns.has(unit);
  if (!ownOld && ownNew) {
    return "it now has a unit file of its own, which switch-to-configuration does not compare with its template's: it keeps running the old one until it is restarted";
  }
  if (ownOld || ownNew) return undefined;
  const at = unit.indexOf("@");
  const instance = unit.slice(at + 1, unit.lastIndexOf("."));
  if (!instance.includes(".")) return undefined;
  const afterAt = unit.slice(at + 1);
  const looked = `${unit.slice(0, at)}@.${afterAt.slice(afterAt.indexOf(".") + 1)}`;
  return `switch-to-configuration does not find the template of an instance whose name has a dot (it looks for ${looked}): it keeps running the old unit until it is restarted`;
}

/**
 * A running target the new configuration has: started again with the others, unannounced,
 * unless it sets `X-StopOnReconfiguration`, which stops it first (and `RefuseManualStart` or
 * `X-OnlyManualStart` keep it from being started again).
 */
function targetPlan(unit: string, after: UnitIni, changed: boolean): UnitPlan | undefined {
  if (!unitBool(after, "Unit", "X-StopOnReconfiguration", false)) return undefined;
  const manual =
    unitBool(after, "Unit", "RefuseManualStart", false) ||
    unitBool(after, "Unit", "X-OnlyManualStart", false);
  return manual
    ? {
        unit,
        change: changed ? "changed" : "unchanged",
        action: "stop",
        reason: "it sets X-StopOnReconfiguration, and refuses to be started by hand",
      }
    : {
        unit,
        change: changed ? "changed" : "unchanged",
        action: "stop-start",
        reason:
          "it sets X-StopOnReconfiguration: stopped, so that the units ordered around it restart in order, then started again with the targets",
      };
}

/**
 * One unit's plan, in switch-to-configuration's order of cases: a unit that was running and is
 * gone or masked is stopped; one that was running and changed is handled as `handle_modified_unit`
 * handles it; one that was not running and that a running unit now wants is started when the
 * targets are started again (a new unit, a unit no longer masked, a finished oneshot).
 */
function planUnit(unit: string, old: Host, next: Host): UnitPlan | undefined {
  const dropIn = old.dropIns.has(unit) || next.dropIns.has(unit);
  const [a, b] = unitTexts(unit, old, next, dropIn);
  // A drop-in's unit is not nixmod's: unless nixmod renders its template, it is taken to run.
  const assumed = dropIn && !old.wanted.has(unit) && templateOf(unit) === undefined;
  const running = old.running.has(unit) || assumed;
  const wantedNow = next.wanted.get(unit);
  const startsNow = wantedNow !== undefined && !running && b !== undefined;
  const ignored = running && a !== b ? notCompared(unit, old, next) : undefined;
  if (ignored !== undefined) {
    return {
      unit,
      change: b === undefined ? "removed" : "changed",
      action: "skip",
      reason: ignored,
    };
  }
  if (unit.endsWith(".target") && running && b !== undefined)
    return targetPlan(unit, parseUnit(b, unit), a !== b);
  if (b === undefined) {
    if (a === undefined || !running) return undefined;
    const gone = next.isMasked(unit) ? "it is now masked" : "it was removed";
    return unitBool(parseUnit(a, unit), "Unit", "X-StopOnRemoval", true)
      ? { unit, change: "removed", action: "stop", reason: gone }
      : {
          unit,
          change: "removed",
          action: "skip",
          reason: `${gone}, but it sets X-StopOnRemoval = false`,
        };
  }
  if (a === undefined) {
    const what = old.isMasked(unit) ? "it is no longer masked" : "it is new";
    return startsNow
      ? { unit, change: "added", action: "start", reason: `${what} and ${wantedNow} wants it` }
      : {
          unit,
          change: "added",
          action: "skip",
          reason: `${what}; ${next.notStartedReason(unit)}`,
        };
  }
  const parsedAfter = parseUnit(b, unit);
  const comparison = a === b ? "equal" : compareUnits(parseUnit(a, unit), parsedAfter);
  // Named as in the files list: a drop-in's diff is of its overrides.conf.
  const file = dropIn ? `${unit}.d/overrides.conf` : unit;
  const patch = () =>
    diff().createTwoFilesPatch(`a/${file}`, `b/${file}`, a, b, "", "", { context: 3 });
  if (comparison !== "equal" && running) {
    const decided = modifiedAction(unit, parsedAfter, comparison);
    if (decided === null) return undefined;
    const [action, reason] = decided;
    const note = assumed ? " (its unit is not nixmod's: it is taken to run)" : "";
    const why = dropIn ? reason.replace("its unit file changed", "its drop-in changed") : reason;
    return { unit, change: "changed", action, reason: `${why}${note}`, diff: patch() };
  }
  if (!startsNow) {
    if (comparison === "equal") return undefined;
    return {
      unit,
      change: "changed",
      action: "skip",
      reason: `its unit file changed, but it does not run (${old.notStartedReason(unit)}): it takes the change when it is next started`,
      diff: patch(),
      idle: true,
    };
  }
  const reason = old.wanted.has(unit)
    ? `it is a oneshot service that has finished; ${wantedNow} wants it, so it runs again when the switch starts the targets`
    : `${wantedNow} now wants it`;
  return comparison === "equal"
    ? { unit, change: "unchanged", action: "start", reason }
    : { unit, change: "changed", action: "start", reason, diff: patch() };
}

/**
 * The summary lines of a printed plan, in switch-to-configuration's order; the units that start
 * with the targets are reported there afterwards, and the last three lines are nixmod's own:
 * what the switch leaves alone that a reader might expect it to touch.
 */
const planLines: readonly (readonly [string, (u: UnitPlan) => boolean])[] = [
  ["stopping the following units", (u) => u.action === "stop" || u.action === "stop-start"],
  [
    "NOT restarting the following changed units",
    (u) => u.action === "skip" && u.change === "changed" && u.idle !== true,
  ],
  ["reloading the following units", (u) => u.action === "reload"],
  ["restarting the following units", (u) => u.action === "restart"],
  ["starting the following units", (u) => u.action === "stop-start"],
  ["starting the targets again starts the following units", (u) => u.action === "start"],
  ["new units nothing starts now", (u) => u.action === "skip" && u.change === "added"],
  ["changed units that do not run", (u) => u.idle === true],
  ["removed units left running", (u) => u.action === "skip" && u.change === "removed"],
];

/** The plan as text, the way `nixmod plan` prints it. */
export function formatPlan(p: Plan): string {
  if (typeof p !== "object" || p === null || !Array.isArray(p.units) || !Array.isArray(p.files)) {
    throw wrongArgument("the plan given to formatPlan", p, "a set", "what plan() returns");
  }
  const out: string[] = [];
  for (const [title, test] of planLines) {
    // Sorted as switch-to-configuration sorts its lists: by lower-cased name.
    const names = p.units
      .filter(test)
      .map((u) => u.unit)
      .sort((x, y) => compareBytes(x.toLowerCase(), y.toLowerCase()) || compareBytes(x, y));
    if (names.length > 0) out.push(`${title}: ${names.join(", ")}`);
  }
  if (out.length === 0) out.push("no unit changes");
  for (const u of p.units) out.push(`  ${u.action.padEnd(10)} ${u.unit}: ${u.reason}`);
  if (p.files.length > 0) {
    out.push("files:");
    for (const f of p.files) out.push(`  ${f.change.padEnd(7)} ${f.path}`);
  }
  for (const u of p.units) if (u.diff !== undefined) out.push(u.diff.trimEnd());
  return `${out.join("\n")}\n`;
}
