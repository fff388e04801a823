/** `render(evaluation)`: the files a NixOS host would install, as data (units, scripts, links, /etc). */
import { isModuleError, ModuleError, quoteOption, thrownMessage } from "../errors.ts";
import { isStackOverflow, stackError } from "../thunk.ts";
import { setOwn } from "../util/attrs.ts";
import { compareBytes } from "./byte-order.ts";
import { renderEtc, type EtcFile, type RenderedEtc } from "./etc-files.ts";
import { renderEtcHosts } from "./etc-hosts.ts";
import { startCommand } from "./exec-command.ts";
import { nspawnParts, type BindMount, type NspawnParts } from "./nspawn-arguments.ts";
import {
  startsOwnUnit,
  type RenderPackages,
  type ServiceRenderContext,
  type ServiceValue,
} from "./service.ts";
import { renderPackagesOf, unitEnvironment } from "./service-config.ts";
import { unitSettings } from "./unit-settings.ts";
import { unitSpecifiers } from "./unit-specifiers.ts";
import { renderServices } from "./unit-file.ts";

/** What `render` needs of an evaluation. */
export interface Renderable {
  readonly config: any;
  readonly pkgs: Readonly<Record<string, unknown>>;
  readonly failedAssertions: readonly string[];
  /** The configuration's `warnings`, when it has them. */
  readonly warnings?: readonly string[];
  /** Per declarative container of today's module: its nspawn command line, when that module is present. */
  readonly nspawn?: (etc?: RenderedEtc) => Record<string, NspawnCommand>;
  /** Store files modules make that units refer to, as text packages (`pkgs.writeScript`'s). */
  readonly storeFiles?: () => readonly unknown[];
}

export type { BindMount } from "./nspawn-arguments.ts";

/** An nspawn command line as argv and as structured data. */
export interface NspawnCommand {
  argv: string[];
  machine: string;
  directory: string;
  bindMounts: BindMount[];
  capabilities: string[];
  /** The network namespace entered before nspawn runs (seed: `run-in-netns`), or null. */
  networkNamespace: string | null;
  /** What nspawn starts inside the container. */
  init: string;
}

/** What `render` returns: the rendering contract's fields, plus script names, timers, targets, drop-ins, store files, /etc and warnings. */
export interface Rendered {
  units: Record<string, string>;
  scripts: Record<string, string>;
  /** The name of each script of `scripts` in its `bin/`: units run `<store path>/bin/<name>` (stdenv sanitises the store path's name, `a:b-start` gives `…-unit-script-a-b-start`, but not this one). */
  scriptNames: Record<string, string>;
  /** Other store files: those units refer to (`X-Restart-Triggers`/`X-Reload-Triggers`, the container modules' scripts) and those /etc links to, when nixmod made them: store path → text. */
  files: Record<string, string>;
  /** The store paths in `files` that are executable (`writeScript`'s). */
  executables: string[];
  links: Record<string, string>;
  masked: string[];
  /** Timer units NixOS makes for services' `startAt`: `<name>.timer` → text (linked from `timers.target.wants/<name>.timer` in `links`). */
  timers: Record<string, string>;
  /** Target units of `systemd.targets`: `<name>.target` → text (those systemd ships, such as `multi-user.target`, amend its unit: see `dropIns`). */
  targets: Record<string, string>;
  /** Units NixOS installs as drop-ins (`<unit>.d/overrides.conf`; masked ones link it to /dev/null), in byte order. */
  dropIns: string[];
  etcHosts: string;
  /** The other files of /etc (`environment.etc`), by path below /etc, in byte order. */
  etc: Record<string, EtcFile>;
  nspawn: Record<string, NspawnCommand>;
  /** The warnings a NixOS build of this configuration shows. */
  warnings: string[];
}

/** An nspawn command line from its argv, what its arguments say and the namespace it runs in. */
export function nspawnCommand(
  argv: string[],
  parts: NspawnParts,
  networkNamespace: string | null,
): NspawnCommand {
  const { machine, directory, bindMounts, capabilities, init } = parts;
  return { argv, machine, directory, bindMounts, capabilities, networkNamespace, init };
}

/** The structured data of a seed container's command line (`path` is its program). */
function seedNspawnCommand(path: string, argv: string[]): NspawnCommand {
  // The seed's private network: `run-in-netns <namespace> <nspawn …>`.
  const inNamespace = path.endsWith("/bin/run-in-netns") && argv.length > 2;
  const parts = nspawnParts(argv.slice(inNamespace ? 3 : 1));
  return nspawnCommand(argv, parts, inNamespace ? argv[1]! : null);
}

/**
 * What the seed's `container-<name>` unit starts, read from its unit file as systemd reads it;
 * undefined when the unit does not start one command (masked, a drop-in, no `ExecStart=`, or
 * one systemd refuses).
 */
function seedNspawn(
  unitName: string,
  service: ServiceValue,
  unitText: string | undefined,
  pkgs: RenderPackages,
): NspawnCommand | undefined {
  if (unitText === undefined || !startsOwnUnit(service)) return undefined;
  const specifiers = unitSpecifiers(unitName);
  const environment = () =>
    unitEnvironment(unitName.slice(0, -".service".length), service, pkgs, specifiers);
  const lines = unitSettings(unitText, "Service", "ExecStart");
  const command = startCommand(lines, specifiers, environment);
  return command === undefined ? undefined : seedNspawnCommand(command.path, command.argv);
}

/**
 * Turns an evaluation into unit files, scripts, links, `/etc/hosts` and nspawn command lines.
 * Every failure is a ModuleError: one that exhausts the stack (a list that contains itself)
 * says so, and one thrown by a value's own code (a proxy's trap) keeps it as `cause`.
 */
export function render(evaluation: Renderable): Rendered {
  if (
    typeof evaluation !== "object" ||
    evaluation === null ||
    !("config" in evaluation) ||
    !Array.isArray((evaluation as { failedAssertions?: unknown }).failedAssertions)
  ) {
    throw new ModuleError(
      `render() takes the result of evaluate(), not ${evaluation === null ? "null" : typeof evaluation !== "object" ? typeof evaluation : "config" in evaluation ? "an object without evaluate()'s \`failedAssertions' (evalModules' result, say)" : "an object without \`config'"}`,
      { code: "invalid" },
    );
  }
  try {
    return renderEvaluation(evaluation);
  } catch (error) {
    if (isModuleError(error)) throw error;
    if (isStackOverflow(error)) throw stackError(undefined, error);
    throw new ModuleError(`while rendering the configuration: ${thrownMessage(error)}`, {
      code: "thrown",
      cause: error,
    });
  }
}

/** Two containers, one of each container module, that both run as machine `name`. */
function machineClash(name: string): ModuleError {
  const seed = ["systemd", "containers", name];
  const today = ["containers", name];
  return new ModuleError(
    `${quoteOption(seed)} and ${quoteOption(today)} both run systemd-nspawn as machine ${JSON.stringify(name)}, and systemd-machined registers one machine per name: whichever starts second fails. Rename one of them.`,
    { code: "conflict", loc: today },
  );
}

function renderEvaluation(evaluation: Renderable): Rendered {
  const failed = evaluation.failedAssertions;
  if (failed.length > 0) {
    throw new ModuleError(`Failed assertions:\n${failed.map((m) => `- ${m}`).join("\n")}`, {
      code: "assertion",
    });
  }
  // NixOS's top-level evaluates the warnings too (to show them): one that fails to evaluate
  // fails the build, a masked service's broken script option included.
  const warnings = [...(evaluation.warnings ?? [])];
  const config = evaluation.config;
  const services = config.systemd.services as Record<string, ServiceValue>;
  const context: ServiceRenderContext = {
    pkgs: renderPackagesOf(evaluation.pkgs, config.systemd.package),
    globalEnvironment: config.systemd.globalEnvironment,
    isContainer: config.boot.isContainer,
  };
  const rendered = renderServices(services, context, config.systemd.targets ?? {});
  const networking = config.networking;
  const etcHosts = renderEtcHosts({
    hostName: networking.hostName,
    enableIPv6: networking.enableIPv6,
    extraHosts: networking.extraHosts,
    // Read only beside a host name, as networking.nix does.
    get domain() {
      return networking.domain;
    },
    hosts: networking.hosts,
  });
  const nspawn: Record<string, NspawnCommand> = {};
  for (const name of Object.keys(config.systemd.containers ?? {})) {
    const unitName = `container-${name}.service`;
    const service = services[`container-${name}`];
    if (service === undefined) continue;
    const command = seedNspawn(unitName, service, rendered.units[unitName], context.pkgs);
    // Defined, not assigned: a container named `__proto__` stays a key.
    if (command !== undefined) setOwn(nspawn, name, command);
  }
  // Today's containers read their conf files from the /etc rendered here.
  const etc = renderEtc(config.environment.etc);
  if (evaluation.nspawn !== undefined) {
    for (const [name, command] of Object.entries(evaluation.nspawn(etc))) {
      if (Object.hasOwn(nspawn, name)) throw machineClash(name);
      setOwn(nspawn, name, command);
    }
  }
  const files: Record<string, string> = { ...rendered.files, ...etc.files };
  // A file several units use (one container-init for every container alike) is listed once.
  const executables = new Set<string>();
  for (const made of evaluation.storeFiles?.() ?? []) {
    const { outPath, text, executable } = made as {
      outPath?: unknown;
      text?: unknown;
      executable?: unknown;
    };
    if (typeof outPath !== "string" || typeof text !== "string") continue;
    files[outPath] = text;
    if (executable === true) executables.add(outPath);
  }
  return {
    ...rendered,
    files,
    executables: [...executables].sort(compareBytes),
    etcHosts,
    etc: etc.etc,
    nspawn,
    // The etc builder's complaints show in NixOS's build log, after the evaluation's warnings.
    warnings: [...warnings, ...etc.warnings],
  };
}
