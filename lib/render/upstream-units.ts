/**
 * The units NixOS copies from systemd's package into the unit tree (systemd.nix's
 * `upstreamSystemUnits`; those of optional parts as the package has them). A
 * service or target of one of these names, with the default `overrideStrategy`
 * (`asDropinIfExists`), amends systemd's unit as a drop-in instead of replacing it.
 */
import { ModuleError, nixValueKind } from "../errors.ts";

const targets = [
  "basic",
  "sysinit",
  "sockets",
  "exit",
  "graphical",
  "multi-user",
  "network",
  "network-pre",
  "network-online",
  "nss-lookup",
  "nss-user-lookup",
  "time-sync",
  "first-boot-complete",
  "cryptsetup",
  "cryptsetup-pre",
  "remote-cryptsetup",
  "sigpwr",
  "timers",
  "paths",
  "rpcbind",
  "rescue",
  "sound",
  "bluetooth",
  "printer",
  "smartcard",
  "local-fs",
  "local-fs-pre",
  "remote-fs",
  "remote-fs-pre",
  "swap",
  "hibernate",
  "suspend",
  "suspend-then-hibernate",
  "sleep",
  "hybrid-sleep",
  "reboot",
  "poweroff",
  "halt",
  "shutdown",
  "umount",
  "final",
  "kexec",
  "slices",
  "machines",
];

const services = [
  "rescue",
  "debug-shell",
  "systemd-udevd",
  "systemd-udev-settle",
  "systemd-modules-load",
  "kmod-static-nodes",
  "modprobe@",
  "systemd-fsck@",
  "systemd-fsck-root",
  "systemd-growfs@",
  "systemd-growfs-root",
  "systemd-remount-fs",
  "systemd-pstore",
  "systemd-random-seed",
  "systemd-boot-random-seed",
  "systemd-backlight@",
  "systemd-rfkill",
  "systemd-hibernate",
  "systemd-hibernate-clear",
  "systemd-hybrid-sleep",
  "systemd-suspend",
  "systemd-suspend-then-hibernate",
  "systemd-reboot",
  "systemd-poweroff",
  "systemd-halt",
  "systemd-kexec",
  "systemd-update-utmp",
  "systemd-ask-password-console",
  "systemd-ask-password-wall",
  "systemd-bootctl@",
  "systemd-creds@",
  "systemd-pcrlock@",
  "systemd-importd",
  "systemd-machined",
  "systemd-nspawn@",
  "systemd-sysctl",
  "systemd-machine-id-commit",
  "dbus-org.freedesktop.timedate1",
  "systemd-timedated",
  "dbus-org.freedesktop.locale1",
  "systemd-localed",
  "dbus-org.freedesktop.hostname1",
  "systemd-hostnamed",
  "dbus-org.freedesktop.portable1",
  "systemd-portabled",
  "systemd-exit",
  "systemd-update-done",
];

const shipped = new Set([
  ...targets.map((name) => `${name}.target`),
  ...services.map((name) => `${name}.service`),
]);

/** Shipped only on a host that is no container (NixOS's `optional (!config.boot.isContainer)`). */
const hostOnly = "systemd-udev-trigger.service";

/** The units shipped only when the systemd package is built with a part (`optionals cfg.package.with…`). */
const optionalParts: Readonly<Record<string, readonly string[]>> = {
  withCryptsetup: ["cryptsetup.target", "cryptsetup-pre.target", "remote-cryptsetup.target"],
  withBootloader: ["systemd-boot-random-seed.service", "systemd-bootctl@.service"],
  withEfi: ["systemd-hibernate-clear.service"],
  withUtmp: ["systemd-update-utmp.service"],
  withTpm2Units: ["systemd-pcrlock@.service"],
  withImportd: ["systemd-importd.service"],
  withMachined: ["machines.target", "systemd-machined.service"],
  withTimedated: ["dbus-org.freedesktop.timedate1.service", "systemd-timedated.service"],
  withLocaled: ["dbus-org.freedesktop.locale1.service", "systemd-localed.service"],
  withHostnamed: ["dbus-org.freedesktop.hostname1.service", "systemd-hostnamed.service"],
  withPortabled: ["dbus-org.freedesktop.portable1.service", "systemd-portabled.service"],
};

const partOf = new Map(
  Object.entries(optionalParts).flatMap(([flag, units]) => units.map((unit) => [unit, flag])),
);

/**
 * Whether systemd's package ships the service or target `unitName` into the unit tree. The
 * optional parts follow the package's flags (`withMachined = false` ships no machined); a
 * package without a flag (nixmod's stand-ins) is nixpkgs' default systemd, which has them all.
 */
export function isUpstreamUnit(unitName: string, isContainer: boolean, systemd?: unknown): boolean {
  if (!shipped.has(unitName)) return !isContainer && unitName === hostOnly;
  const flag = partOf.get(unitName);
  if (flag === undefined || typeof systemd !== "object" || systemd === null) return true;
  const built = (systemd as Record<string, unknown>)[flag];
  if (built === undefined) return true;
  if (typeof built !== "boolean") {
    throw new ModuleError(`value is ${nixValueKind(built)} while a Boolean was expected`, {
      code: "type",
      loc: ["systemd", "package", flag],
    });
  }
  return built;
}
