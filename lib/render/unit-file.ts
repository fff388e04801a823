/**
 * Service unit files: NixOS's `serviceToUnit`/`commonUnitText`, and the
 * whole rendering of one or many services (text, scripts, trigger files, links).
 */

import { ModuleError, quoteOption } from "../errors.ts";
import { compareBytes } from "./byte-order.ts";
import { assertSingleLine, assertWritableText } from "./line-safety.ts";
import { nixJSONString } from "./nix-json.ts";
import { nixToString } from "./nix-to-string.ts";
import type { EnvironmentValue, ServiceRenderContext, ServiceValue } from "./service.ts";
import {
  completeService,
  completeUnitConfig,
  type CompletedService,
  type StoreFile,
  type UnitValue,
} from "./service-config.ts";
import { optionTreeOf } from "../modules/eval-modules.ts";
import type { JobScript } from "./job-script.ts";
import { attrsToSection } from "./unit-option.ts";
import { checkLinkSources, collectUnitLinks, type UnitLinkSources } from "./unit-links.ts";
import { isUpstreamUnit } from "./upstream-units.ts";

const unitSuffix = ".service";

/** The fields of a completed service that its unit text is made from. */
export type UnitTextInput = Pick<
  CompletedService,
  | "name"
  | "unitName"
  | "unitConfig"
  | "serviceConfig"
  | "environment"
  | "wantedBy"
  | "reloadIfChanged"
  | "restartIfChanged"
  | "stopIfChanged"
  | "notSocketActivated"
>;

// systemd's maximum line length (1 MiB); NixOS refuses longer Environment= lines.
const maxLineBytes = 1048576;

/**
 * The last line made, which the next service usually repeats (every service has the same
 * generated `PATH` unless it adds packages): the units then share one string, and its checks
 * and quoting run once. The checks do not depend on the unit, so a repeated line passes them.
 */
let lastLine: { variable: string; text: string; line: string } | undefined;

/** The `Environment=` lines: `globalEnvironment // environment`, byte-sorted, null dropped, JSON-quoted. */
export function environmentLines(
  name: string,
  environment: Readonly<Record<string, EnvironmentValue>>,
  globalEnvironment: Readonly<Record<string, EnvironmentValue>> = {},
): string {
  // Nix's `//` reads no value: a global variable the service's own shadows stays unread.
  const variables = new Set([...Object.keys(globalEnvironment), ...Object.keys(environment)]);
  const unitName = `${name}.service`;
  let out = "";
  for (const variable of [...variables].sort(compareBytes)) {
    const value = Object.hasOwn(environment, variable)
      ? environment[variable]
      : globalEnvironment[variable];
    if (value === null || value === undefined) continue;
    // JSON quoting keeps every byte on the line (a NUL is escaped, as NixOS writes it), so no
    // line check is needed here. But a lone surrogate cannot be written as UTF-8, and systemd
    // splits the assignment at its first `=`: a name with one would set another variable.
    const varLoc = ["systemd", "services", name, "environment", variable];
    const text = nixToString(value, varLoc);
    if (lastLine !== undefined && variable === lastLine.variable && text === lastLine.text) {
      out += lastLine.line;
      continue;
    }
    assertWritableText(variable, varLoc, unitName, true);
    assertWritableText(text, varLoc, unitName, true);
    if (variable.includes("=")) {
      throw new ModuleError(
        `The environment variable name ${quoteOption([variable])} (option ${quoteOption(varLoc)}) ` +
          "contains `=': systemd would split `Environment=' at it and set a different variable; " +
          "nixmod rejects it.",
        { code: "invalid", loc: varLoc },
      );
    }
    const line = `Environment=${nixJSONString(`${variable}=${text}`)}\n`;
    if (Buffer.byteLength(line, "utf8") >= maxLineBytes) {
      throw new ModuleError(
        `The value of the environment variable ‘${variable}’ in systemd service ‘${unitName}’ is too long.`,
        { code: "thrown", loc: ["systemd", "services", name, "environment", variable] },
      );
    }
    lastLine = { variable, text, line };
    out += line;
  }
  return out;
}

/** The switch-to-configuration hints: `X-ReloadIfChanged`, `X-RestartIfChanged`, `X-StopIfChanged`, `X-NotSocketActivated`. */
export function switchHintLines(
  service: Pick<
    UnitTextInput,
    "reloadIfChanged" | "restartIfChanged" | "stopIfChanged" | "notSocketActivated"
  >,
): string {
  let out = "";
  if (service.reloadIfChanged) out += "X-ReloadIfChanged=true\n";
  else if (!service.restartIfChanged) out += "X-RestartIfChanged=false\n";
  if (!service.stopIfChanged) out += "X-StopIfChanged=false\n";
  if (service.notSocketActivated) out += "X-NotSocketActivated=true\n";
  return out;
}

/** NixOS's `serviceToUnit` text for a completed service. */
export function serviceUnitText(
  service: UnitTextInput,
  globalEnvironment: Readonly<Record<string, EnvironmentValue>> = {},
): string {
  const loc = ["systemd", "services", service.name];
  const { unitName } = service;
  for (const target of service.wantedBy) assertSingleLine(target, loc, unitName, "wantedBy");
  // commonUnitText: "[Unit]\n${attrsToSection unitConfig}\n" + lines + optional [Install].
  return (
    "[Unit]\n" +
    attrsToSection(service.unitConfig, [...loc, "unitConfig"], unitName) +
    "\n" +
    "[Service]\n" +
    environmentLines(service.name, service.environment, globalEnvironment) +
    switchHintLines(service) +
    attrsToSection(service.serviceConfig, [...loc, "serviceConfig"], unitName) +
    (service.wantedBy.length > 0 ? `\n[Install]\nWantedBy=${service.wantedBy.join(" ")}\n` : "")
  );
}

/** Everything one service contributes to the rendered system. */
export interface RenderedService {
  /** `<name>.service`. */
  unitName: string;
  /** False when masked. */
  enable: boolean;
  /** The unit file text; null when masked (NixOS links the unit to /dev/null). */
  text: string | null;
  /** Job scripts: store path → text (none when masked). */
  scripts: Record<string, string>;
  /** Job scripts: store path → the name of the script in its `bin/`. */
  scriptNames: Record<string, string>;
  /** Trigger files: store path → text (none when masked). */
  files: Record<string, string>;
  /** Alias and `.wants`/`.upholds`/`.requires` links, masked or not. */
  links: Record<string, string>;
}

/** A target of `systemd.targets`, as rendering reads it. */
export type TargetValue = UnitValue &
  Pick<
    ServiceValue,
    "enable" | "aliases" | "wantedBy" | "upheldBy" | "requiredBy" | "overrideStrategy" | "name"
  >;

/** The link options of a unit. */
function linkSources(service: UnitLinkSources): UnitLinkSources {
  return {
    aliases: service.aliases,
    wantedBy: service.wantedBy,
    upheldBy: service.upheldBy,
    requiredBy: service.requiredBy,
  };
}

/** Renders one service: its unit text, scripts, trigger files and links. */
export function renderService(
  name: string,
  service: ServiceValue,
  context: ServiceRenderContext,
): RenderedService {
  const { unitName, text, files } = renderUnit(name, service, context);
  const rendered: RenderedService = {
    unitName,
    enable: text !== null,
    text,
    scripts: {},
    scriptNames: {},
    files: {},
    links: collectUnitLinks([{ unitName, sources: linkSources(service) }]),
  };
  addFiles(rendered, files);
  return rendered;
}

/** A service's unit without its links (`renderServices` makes all links at once). */
interface RenderedUnit {
  unitName: string;
  /** Null when masked. */
  text: string | null;
  /** Job scripts, then trigger files (none when masked). */
  files: { scripts: readonly JobScript[]; triggers: readonly StoreFile[] };
}

const noFiles: RenderedUnit["files"] = { scripts: [], triggers: [] };

/** Renders one service's unit and files. */
function renderUnit(
  name: string,
  service: ServiceValue,
  context: ServiceRenderContext,
): RenderedUnit {
  const unitName = `${name}${unitSuffix}`;
  checkUnitFileName(unitName, name);
  checkLinkSources(linkSources(service), ["systemd", "services", name], unitName);
  if (!service.enable) {
    // NixOS never evaluates a masked unit's text, so nothing else is computed (or checked).
    return { unitName, text: null, files: noFiles };
  }
  const completed = completeService(name, service, context.pkgs);
  return {
    unitName,
    text: serviceUnitText(completed, context.globalEnvironment),
    files: { scripts: completed.jobScriptFiles, triggers: completed.triggerFiles },
  };
}

/** Adds a unit's files to the records of a rendering, which gather thousands of store paths. */
function addFiles(
  target: Pick<RenderedServices, "scripts" | "scriptNames" | "files">,
  files: RenderedUnit["files"],
): void {
  for (const { path, text, name } of files.scripts) {
    target.scripts[path] = text;
    target.scriptNames[path] = name;
  }
  for (const { path, text } of files.triggers) target.files[path] = text;
}

/** The rendering of a whole `systemd.services` set, in the shape of `render()`'s service parts. */
export interface RenderedServices {
  /** `<name>.service` → unit text, enabled services only. */
  units: Record<string, string>;
  /** Job script store path → text. */
  scripts: Record<string, string>;
  /** Job script store path → the name of the script in its `bin/` (stdenv sanitises the path's name, not this one). */
  scriptNames: Record<string, string>;
  /** Trigger file store path → text. */
  files: Record<string, string>;
  /** All links of all services, later passes winning as in NixOS. */
  links: Record<string, string>;
  /** Units of services with `enable = false`, in byte order. */
  masked: string[];
  /** `<name>.timer` → unit text, for each enabled service with `startAt` (NixOS's `systemd.timers`). */
  timers: Record<string, string>;
  /** `<name>.target` → unit text, for each enabled target of `systemd.targets`. */
  targets: Record<string, string>;
  /** Units installed as drop-ins (`overrideStrategy = "asDropin"`), masked ones too, in byte order. */
  dropIns: string[];
}

/**
 * The timer NixOS makes for a service's `startAt` (systemd.nix, written by systemd-lib.nix's
 * `timerToUnit`): an empty `[Unit]`, one `OnCalendar=` per entry, wanted by timers.target.
 */
function startAtTimerText(name: string, startAt: readonly string[]): string {
  const timerName = `${name}.timer`;
  let lines = "";
  for (const entry of startAt) {
    assertSingleLine(entry, ["systemd", "services", name, "startAt"], timerName);
    lines += `OnCalendar=${entry}\n`;
  }
  return `[Unit]\n\n[Timer]\n${lines}\n\n[Install]\nWantedBy=timers.target\n`;
}

/** What the timer of a service's `startAt` is linked from: timers.target wants it. */
const timerLinkSources: UnitLinkSources = {
  aliases: [],
  wantedBy: ["timers.target"],
  upheldBy: [],
  requiredBy: [],
};

/**
 * Reads a service's `name` as NixOS does for every unit (so a conflicting definition fails as it
 * does there), and refuses one that would rename the unit: nixmod names units by attribute.
 */
function checkUnitName(
  unit: { name?: string | undefined },
  unitName: string,
  name: string,
  kind: UnitKind = "service",
): void {
  const defined = unit.name;
  if (defined === undefined || defined === unitName) return;
  const loc = ["systemd", `${kind}s`, name, "name"];
  throw new ModuleError(
    `The option ${quoteOption(loc)} is ${JSON.stringify(defined)}, but nixmod names a ${kind}'s unit after its attribute (${JSON.stringify(unitName)}); define the ${kind} under the attribute you want instead.`,
    { code: "invalid", loc, definitions: [{ file: "<rendered unit>", value: defined }] },
  );
}

/** What `collectUnitLinks` makes one unit's links from. */
type LinkInput = Parameters<typeof collectUnitLinks>[0][number];

/** The kinds of units nixmod renders, by their `systemd.<kind>s` option. */
type UnitKind = "service" | "target";

/** The longest file name a file system takes (NAME_MAX), in bytes. */
const maxFileNameBytes = 255;

/**
 * What bash reads as syntax in a word, the `name=…` line of NixOS's unit builder (makeUnit),
 * which only doubles backslashes: a space ends the word, quotes and the others fail the build
 * or name another file, and `$` expands before a name, a digit, a special parameter, `{`,
 * `(` or `[` (anywhere else it is a `$`).
 */
const shellSyntax = /[ '"`;&|<>()]|\$(?=[\w@*#?$!{[-])/;

/** What bash expands as a file pattern in the unquoted unit paths of generateUnits (a `[` only with its `]`). */
const globSyntax = /[*?]|\[[^\]]*\]/;

/**
 * Refuses a service whose unit could not be one file: a name that is empty, holds a `/` (a
 * directory of the unit tree), a control character (a line break in a file name) or shell
 * syntax, or makes a unit file name longer than file systems allow. NixOS writes such names
 * as they are and its build fails or writes a file systemd never loads.
 */
function checkUnitFileName(unitName: string, name: string, kind: UnitKind = "service"): void {
  let problem: string | undefined;
  const syntax = shellSyntax.exec(name);
  if (name === "") problem = "is empty";
  else if (name.includes("/")) problem = "contains `/'";
  else if (/[\0-\x1f\x7f]/.test(name)) problem = "contains a control character";
  else if (syntax !== null)
    problem = `contains \`${syntax[0]}', which NixOS's unit builder reads as shell syntax (its \`name=' line is unquoted)`;
  else if (globSyntax.test(name))
    problem = `contains \`${globSyntax.exec(name)![0]}', a pattern NixOS's generateUnits expands in its unquoted unit paths (its build fails or leaves the unit out)`;
  else if (name.startsWith("."))
    problem = "starts with `.', which the `*' of NixOS's generateUnits skips (its build fails)";
  else if (Buffer.byteLength(unitName) > maxFileNameBytes)
    problem = `makes the unit file name longer than ${maxFileNameBytes} bytes`;
  if (problem === undefined) return;
  const loc = ["systemd", `${kind}s`, name];
  throw new ModuleError(
    `The ${kind} name ${JSON.stringify(name)} (${quoteOption(loc)}) ${problem}, so its unit cannot be a file of the unit directory; nixmod rejects it.`,
    { code: "invalid", loc },
  );
}

/**
 * The attribute names of a set of units with their unit names, in the byte order of the unit
 * names, as NixOS walks its units (each name made once, not per comparison).
 */
function byUnitName(units: object, suffix: string): [name: string, unitName: string][] {
  return Object.keys(units)
    .map((name): [string, string] => [name, `${name}${suffix}`])
    .sort((a, b) => compareBytes(a[1], b[1]));
}

/**
 * Whether generateUnits writes the unit as a drop-in (`<unit>.d/overrides.conf`). It amends a
 * unit systemd ships only with an enabled one: a disabled one masks the shipped unit itself
 * (`ln -sfn /dev/null`), unless it is always a drop-in.
 */
function isDropIn(
  unit: { overrideStrategy?: string; enable?: boolean },
  unitName: string,
  context: ServiceRenderContext,
): boolean {
  const strategy = unit.overrideStrategy ?? "asDropinIfExists";
  return (
    strategy === "asDropin" ||
    (strategy === "asDropinIfExists" &&
      unit.enable !== false &&
      isUpstreamUnit(unitName, context.isContainer === true, context.pkgs.systemd))
  );
}

/** Renders every service of `systemd.services`, and every target of `systemd.targets` when given. */
export function renderServices(
  services: Readonly<Record<string, ServiceValue>>,
  context: ServiceRenderContext,
  targets: Readonly<Record<string, TargetValue>> = {},
): RenderedServices {
  const result: RenderedServices = {
    units: {},
    scripts: {},
    scriptNames: {},
    files: {},
    links: {},
    masked: [],
    timers: {},
    targets: {},
    dropIns: [],
  };
  const linkInputs: LinkInput[] = [];
  const timerLinks: typeof linkInputs = [];
  for (const [name] of byUnitName(services, unitSuffix)) {
    const service = services[name]!;
    const rendered = renderUnit(name, service, context);
    linkInputs.push({ unitName: rendered.unitName, sources: linkSources(service) });
    // Read for every unit, masked ones too, as NixOS's generateUnits does.
    checkUnitName(service, rendered.unitName, name);
    if (isDropIn(service, rendered.unitName, context)) result.dropIns.push(rendered.unitName);
    if (rendered.text === null) {
      result.masked.push(rendered.unitName);
      continue;
    }
    result.units[rendered.unitName] = rendered.text;
    addFiles(result, rendered.files);
    const startAt = service.startAt ?? [];
    if (startAt.length > 0) {
      result.timers[`${name}.timer`] = startAtTimerText(name, startAt);
      timerLinks.push({ unitName: `${name}.timer`, sources: timerLinkSources });
    }
  }
  const targetLinks = renderTargets(targets, result, context);
  // generateUnits links every unit, timers and targets too, in the byte order of their names.
  const others = [...timerLinks, ...targetLinks];
  const allLinks = others.length === 0 ? linkInputs : [...linkInputs, ...others];
  if (others.length > 0) allLinks.sort((a, b) => compareBytes(a.unitName, b.unitName));
  result.links = collectUnitLinks(allLinks);
  result.masked.sort(compareBytes);
  result.dropIns.sort(compareBytes);
  checkFixedLinks(result);
  return result;
}

/**
 * The links generateUnits makes after every unit and link, with `ln -s` (no `-f`), and what
 * each is: a unit file or link already at one of these paths fails NixOS's build.
 */
const fixedLinks: readonly [path: string, made: string][] = [
  ["default.target", "the link to the default unit (systemd.defaultUnit)"],
  ["ctrl-alt-del.target", "the link to systemd.ctrlAltDelUnit"],
  ["kbrequest.target", "the link to rescue.target"],
  ["multi-user.target.wants/remote-fs.target", "its own link of remote-fs.target"],
];

/** Refuses a unit, alias or `wantedBy` that takes a path generateUnits links itself. */
function checkFixedLinks(result: RenderedServices): void {
  const dropIns = new Set(result.dropIns);
  for (const [path, made] of fixedLinks) {
    const masked = result.masked.includes(path);
    const whole = !dropIns.has(path) && (path in result.units || path in result.targets || masked);
    const link = result.links[path];
    if (!whole && link === undefined) continue;
    const unitName = whole ? path : link!.replace(/^\.\.\//, "");
    const dot = unitName.lastIndexOf(".");
    const loc = ["systemd", `${unitName.slice(dot + 1)}s`, unitName.slice(0, dot)];
    if (!whole) loc.push(path.includes("/") ? "wantedBy" : "aliases");
    const what = whole ? (masked ? "a masked unit" : "a unit file") : "a link";
    throw new ModuleError(
      `${quoteOption(loc)} puts ${what} at /etc/systemd/system/${path}, where NixOS makes ${made}: its unit builder's \`ln -s' fails (File exists), so NixOS cannot build the system; nixmod rejects it.`,
      { code: "invalid", loc },
    );
  }
}

/**
 * Renders `systemd.targets` into `result` as NixOS's targetToUnit does: a `[Unit]` section only
 * (no `[Install]`: a target's `wantedBy` makes links), and gives their link inputs.
 */
function renderTargets(
  targets: Readonly<Record<string, TargetValue>>,
  result: RenderedServices,
  context: ServiceRenderContext,
): LinkInput[] {
  const links: LinkInput[] = [];
  for (const [name, unitName] of byUnitName(targets, ".target")) {
    checkUnitFileName(unitName, name, "target");
    const target = targets[name]!;
    const loc = ["systemd", "targets", name];
    const sources = linkSources(target);
    checkLinkSources(sources, loc, unitName);
    links.push({ unitName, sources });
    checkUnitName(target, unitName, name, "target");
    if (isDropIn(target, unitName, context)) result.dropIns.push(unitName);
    if (!target.enable) {
      result.masked.push(unitName);
      continue;
    }
    const options = optionTreeOf(target)?.tree.children;
    const unit = completeUnitConfig(name, target, loc, unitName, options);
    result.targets[unitName] =
      `[Unit]\n${attrsToSection(unit.unitConfig, [...loc, "unitConfig"], unitName)}\n`;
    addFiles(result, { scripts: [], triggers: unit.triggerFiles() });
  }
  return links;
}
