/**
 * The options of a systemd unit, as NixOS declares them for `systemd.services.<name>`
 * and `systemd.targets.<name>` (nixos/lib/systemd-unit-options.nix and
 * systemd-lib.nix): same names, types and defaults.
 *
 * Only the declarations live here. What NixOS defines from them for every unit
 * (job scripts and their `Exec*=` keys, `[Unit]` dependency lines, `PATH`, the
 * default `path` entries) the render layer merges with these options' definitions
 * (lib/render/service-config.ts), so `config.systemd.services.<name>` holds exactly
 * the user's definitions over these defaults: the render layer's `ServiceValue`.
 */

import type { Module } from "../../lib/modules/module.ts";
import { literalExpression, mkOption } from "../../lib/options.ts";
import { applyReturning } from "../../lib/schema/json-schema.ts";
import { typeTag } from "../../lib/properties.ts";
import type { OptionType } from "../../lib/types/option-type.ts";
import { types } from "../../lib/types/index.ts";
import { environmentType, pathType } from "../../lib/render/service.ts";
import { nixToString } from "../../lib/render/nix-to-string.ts";
import { unitOption, unitSectionType } from "../../lib/render/unit-option.ts";

const file = "modules/system/systemd-unit-options.ts";

/** NixOS's `unitNameType`: a unit file name with one of systemd's unit suffixes. */
export const unitNameType = types.strMatching(
  "[a-zA-Z0-9@%:_.\\-]+[.](service|socket|device|mount|automount|swap|target|path|timer|scope|slice)",
);

/**
 * A definition's value as NixOS's `checkUnitConfig` sees it: one `mkOverride` or `mkIf` taken
 * off (whatever the condition), anything else as written.
 */
function checkedValue(value: unknown): unknown {
  const tag = typeTag(value);
  return tag === "override" || tag === "if" ? (value as { content: unknown }).content : value;
}

/**
 * NixOS's `assertValueOneOf`: a key, when present, must be one of `values`. NixOS writes a
 * refused value into its message through `toString`, which fails for a set or a function
 * (`cannot coerce a set to a string`) before the check can.
 */
function valueOneOf(key: string, values: readonly string[]) {
  return (attrs: Record<string, unknown>): boolean => {
    if (!Object.prototype.hasOwnProperty.call(attrs, key)) return true;
    const value = checkedValue(attrs[key]);
    if (typeof value === "string" && values.includes(value)) return true;
    try {
      nixToString(value);
    } catch (error) {
      // A plain error: merging wraps it with the option's path.
      throw new Error(
        `${(error as Error).message} (NixOS's checkService writes the refused \`${key}' value into its message)`,
      );
    }
    return false;
  };
}

/**
 * NixOS's `checkService`, run on each definition of `serviceConfig`: the `Type=` and `Restart=`
 * values systemd accepts, no deprecated `StartLimitInterval`, and no `Restart=always` or
 * `on-success` for a `Type=oneshot` service.
 */
const checkService = [
  valueOneOf("Type", [
    "exec",
    "simple",
    "forking",
    "oneshot",
    "dbus",
    "notify",
    "notify-reload",
    "idle",
  ]),
  valueOneOf("Restart", ["no", "on-success", "on-failure", "on-abnormal", "on-abort", "always"]),
  (attrs: Record<string, unknown>): boolean =>
    !Object.prototype.hasOwnProperty.call(attrs, "StartLimitInterval"),
  (attrs: Record<string, unknown>): boolean => !restartsOneshot(attrs, checkedValue),
];

/**
 * Whether a `[Service]` section makes a `Type=oneshot` service restart `always` or `on-success`,
 * which systemd refuses (`Type` defaults to "" and `Restart` to "no", as NixOS reads them).
 */
export function restartsOneshot(
  section: Record<string, unknown>,
  read: (value: unknown) => unknown = (value) => value,
): boolean {
  const has = (key: string) => Object.prototype.hasOwnProperty.call(section, key);
  if ((has("Type") ? read(section.Type) : "") !== "oneshot") return false;
  // Read only for a oneshot service, as NixOS's `&&` does.
  const restart = has("Restart") ? read(section.Restart) : "no";
  return restart === "always" || restart === "on-success";
}

/**
 * `types.int` whose absence reads as `undefined`. NixOS gives the start-limit
 * options no default, so reading an unset one is an error there and NixOS only
 * looks at them when `isDefined`; here an unset one reads as `undefined`, which
 * keeps a service plain data (and `JSON.stringify`-able). `isDefined` is as in Nix.
 */
const optionalInt = {
  ...types.int,
  emptyValue: { value: undefined },
} as unknown as OptionType<number | undefined>;

const unitList = (description: string) =>
  mkOption({ type: types.listOf(unitNameType), default: [], description });

const lines = (description: string) => mkOption({ type: types.lines, default: "", description });

/** Options every unit has (NixOS's `sharedOptions`). */
export function sharedUnitOptions(): Record<string, unknown> {
  return {
    enable: mkOption({
      type: types.bool,
      default: true,
      description:
        "When false, the unit is masked: it becomes a link to /dev/null, so it cannot be started " +
        "(useful for single instances of a template unit). `enable = true` alone does not start " +
        "a unit at boot; use `wantedBy` for that.",
    }),
    requiredBy: unitList(
      "Units that require this unit: NixOS creates the inverse `.requires` links statelessly, " +
        "as it does `.wants` links for `wantedBy`.",
    ),
    upheldBy: unitList(
      "Units that keep this unit running (systemd's `Upholds=` seen from the other side): " +
        "NixOS creates the `.upholds` links.",
    ),
    wantedBy: unitList(
      'Units that want this unit. `[ "multi-user.target" ]` starts a system service at boot. ' +
        "Instead of the stateful `[Install]` section and `systemctl enable`, NixOS creates the " +
        "`.wants` links itself.",
    ),
    aliases: unitList("Other names of this unit (links to it)."),
    overrideStrategy: mkOption({
      type: types.enum(["asDropinIfExists", "asDropin"]),
      default: "asDropinIfExists",
      description:
        "How the unit is installed: `asDropin` writes it as a drop-in " +
        "(`<unit>.d/overrides.conf`) that amends a unit of the same name shipped by a " +
        "package; `asDropinIfExists` does so only when such a unit exists (one that NixOS " +
        "copies from systemd's package, such as `systemd-udevd.service` or " +
        "`multi-user.target`), and writes the unit whole otherwise.",
    }),
  };
}

/** Options of every unit with a unit file (NixOS's `commonUnitOptions` and stage 2 additions). */
export function commonUnitOptions(): Record<string, unknown> {
  return {
    ...sharedUnitOptions(),
    description: mkOption({
      type: types.singleLineStr,
      default: "",
      description: "The unit's description, shown in systemd's messages and status output.",
    }),
    documentation: mkOption({
      type: types.listOf(types.str),
      default: [],
      description: "URIs of documentation for this unit or its configuration.",
    }),
    requires: unitList(
      "Units started together with this one; this unit is stopped when they stop or fail.",
    ),
    wants: unitList("Units started together with this one."),
    upholds: unitList("Units systemd keeps restarting while this unit is active."),
    after: unitList("When started together, this unit waits for these units to have started."),
    before: unitList("When started together, these units wait for this unit to have started."),
    bindsTo: unitList(
      "Like `requires`, and this unit is also stopped when these units disappear unexpectedly.",
    ),
    partOf: unitList("Stopping or restarting these units stops or restarts this unit too."),
    conflicts: unitList("Starting these units stops this one, and the other way round."),
    requisite: unitList(
      "Like `requires`, but these units are not started: if they are not active, starting " +
        "this unit fails.",
    ),
    unitConfig: mkOption({
      type: unitSectionType,
      default: {},
      example: { RequiresMountsFor: "/data" },
      description:
        "Options of the unit's `[Unit]` section, one attribute per key; see systemd.unit(5).",
    }),
    onFailure: unitList('Units activated when this unit enters the "failed" state.'),
    onSuccess: unitList('Units activated when this unit enters the "inactive" state.'),
    startLimitBurst: mkOption({
      type: optionalInt,
      description:
        "Start rate limiting: a unit started more than this many times within " +
        "`startLimitIntervalSec` may not be started again.",
    }),
    startLimitIntervalSec: mkOption({
      type: optionalInt,
      description:
        "Start rate limiting: the interval within which at most `startLimitBurst` starts are allowed.",
    }),
    restartTriggers: mkOption({
      type: types.listOf(types.unspecified),
      default: [],
      description:
        "Arbitrary values, such as packages: when one of them changes between configurations, " +
        "the unit is restarted.",
    }),
    reloadTriggers: mkOption({
      type: types.listOf(unitOption),
      default: [],
      description:
        "Arbitrary values, such as packages: when one of them changes between configurations, " +
        "the unit is reloaded. Any other change to the unit file restarts it instead.",
    }),
  };
}

/** The options of a service (NixOS's `serviceOptions` and `stage2ServiceOptions`). */
export function serviceOptions(): Record<string, unknown> {
  return {
    ...commonUnitOptions(),
    environment: mkOption({
      type: environmentType,
      default: {},
      example: { PATH: "/foo/bar/bin", LANG: "nl_NL.UTF-8" },
      description: "Environment variables of the service's processes; null removes a variable.",
    }),
    path: mkOption({
      type: pathType,
      default: [],
      description:
        "Packages whose `bin` and `sbin` folders are put on the service's `PATH` (before " +
        "NixOS's defaults).",
    }),
    serviceConfig: mkOption({
      // Every check runs: when one fails, NixOS writes all their messages.
      type: types.addCheck(unitSectionType, (attrs: Record<string, unknown>) =>
        checkService.map((check) => check(attrs)).every(Boolean),
      ),
      default: {},
      example: { RestartSec: 5 },
      description:
        "Options of the unit's `[Service]` section, one attribute per key; see systemd.service(5).",
    }),
    script: lines("Shell commands run as the service's main process."),
    scriptArgs: mkOption({
      type: types.str,
      default: "",
      example: "%i",
      description:
        "Arguments given to the main process script; systemd expands `%` specifiers in them.",
    }),
    preStart: lines("Shell commands run before the main process starts."),
    postStart: lines("Shell commands run after the main process has started."),
    reload: lines("Shell commands run to reload the main process."),
    preStop: lines("Shell commands run to stop the service."),
    postStop: lines("Shell commands run after the main process has exited."),
    jobScripts: mkOption({
      type: types.coercedTo(types.path, (p: unknown) => [p], types.listOf(types.path)),
      internal: true,
      default: [],
      description: "The job script packages of this unit.",
    }),
    enableDefaultPath: mkOption({
      type: types.bool,
      default: true,
      description:
        "Whether NixOS's default packages (coreutils, findutils, gnugrep, gnused, systemd) " +
        "follow `path` on the service's `PATH`. In the NixOS rendering nixmod follows " +
        "(nixpkgs 2faec4e) the option is declared but not read yet: the defaults are always " +
        "added.",
    }),
    startAt: mkOption({
      type: types.either(types.str, types.listOf(types.str)),
      default: [],
      example: "Sun 14:00:00",
      apply: applyReturning(types.listOf(types.str), (value: string | string[]) =>
        Array.isArray(value) ? value : [value],
      ),
      description:
        "When to start the service, as systemd calendar events (see systemd.time(7)): " +
        "NixOS makes a timer unit `<name>.timer` with one `OnCalendar=` per entry, wanted " +
        "by timers.target.",
    }),
    // No default here, as in NixOS: each evaluation's service type defines the host's (systemd.ts).
    enableStrictShellChecks: mkOption({
      type: types.bool,
      defaultText: literalExpression("config.systemd.enableStrictShellChecks"),
      description:
        "Whether the generated job scripts run with bash's strict options (errexit, " +
        "nounset, pipefail), as NixOS's writeShellApplication makes them; unset, the " +
        "host's `systemd.enableStrictShellChecks` (NixOS also checks them with shellcheck " +
        "when building; nixmod does not).",
    }),
    restartIfChanged: mkOption({
      type: types.bool,
      default: true,
      description:
        "Whether switching to a new configuration restarts the service when its definition changed.",
    }),
    reloadIfChanged: mkOption({
      type: types.bool,
      default: false,
      description:
        "Whether switching to a new configuration reloads the service, instead of restarting " +
        "it, when its definition changed; `reloadTriggers` is the finer-grained alternative.",
    }),
    stopIfChanged: mkOption({
      type: types.bool,
      default: true,
      description:
        "When set, a changed service is restarted by stopping it with the old configuration " +
        "and starting it with the new one; otherwise by one `systemctl restart` with the new " +
        "configuration (which runs the new `ExecStop` commands).",
    }),
    notSocketActivated: mkOption({
      type: types.bool,
      default: false,
      description:
        "When set, switching configurations never treats this service as socket-activated, " +
        "even if a socket unit of the same name exists.",
    }),
  };
}

/** The unit file name option, which NixOS defines from the attribute name. */
const nameOption = {
  name: mkOption({
    type: types.str,
    description:
      "The name of this systemd unit, including its extension, as other units refer to it " +
      "(`<name>.service` for `systemd.services.<name>`).",
  }),
};

/** A unit submodule: its options, and its `name` defined as `<attribute name>.<suffix>` (as NixOS does, at normal priority). */
function unitModule(options: Record<string, unknown>, suffix: string): Module {
  const declarations: Module = { _file: file, options: { ...options, ...nameOption } };
  const unitName: Module = ({ name }: { name: string }) => ({
    _file: file,
    config: { name: `${name}.${suffix}` },
  });
  return { _file: file, imports: [declarations, unitName] };
}

/** The submodule of one `systemd.services.<name>`. */
export const serviceModule: Module = unitModule(serviceOptions(), "service");

/** The submodule of one `systemd.targets.<name>`. */
export const targetModule: Module = unitModule(commonUnitOptions(), "target");
