/**
 * The units NixOS copies from systemd's package into the unit tree (systemd.nix's
 * `upstreamSystemUnits`, for nixpkgs' default systemd, which has every optional part). A
 * service or target of one of these names, with the default `overrideStrategy`
 * (`asDropinIfExists`), amends systemd's unit as a drop-in instead of replacing it.
 */

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

/** Whether systemd's package ships the service or target `unitName` into the unit tree. */
export function isUpstreamUnit(unitName: string, isContainer: boolean): boolean {
  return shipped.has(unitName) || (!isContainer && unitName === hostOnly);
}
