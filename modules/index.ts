/**
 * The built-in NixOS-style module set that `evaluate()` runs before the user's
 * modules (NixOS's module-list.nix). Order matters only for the order in which
 * definitions of the same option merge; user modules come after these.
 */

import type { Module } from "../lib/modules/module.ts";
import { networkInterfacesModule } from "./networking/network-interfaces.ts";
import { hostsModule } from "./networking/hosts.ts";
import { assertionsModule } from "./misc/assertions.ts";
import { metaModule } from "./misc/meta.ts";
import { extraArgumentsModule } from "./misc/extra-arguments.ts";
import { systemPackagesModule } from "./config/system-packages.ts";
import { initialRootPasswordModule } from "./security/initial-root-password.ts";
import { bootModule } from "./system/boot.ts";
import { systemBuildModule } from "./system/build.ts";
import { systemdModule } from "./system/systemd.ts";
import { toplevelModule } from "./system/toplevel.ts";
import { seedContainersModule } from "./virtualisation/containers.ts";
import { etcModule } from "./config/etc.ts";
import { nixModule } from "./config/nix.ts";
import { nixpkgsModule } from "./misc/nixpkgs.ts";
import { versionModule } from "./misc/version.ts";
import { dhcpcdModule } from "./networking/dhcpcd.ts";
import { networkManagerModule } from "./networking/networkmanager.ts";
import { useDhcpModule } from "./networking/use-dhcp.ts";
import { udevModule } from "./services/udev.ts";
import { kernelModule } from "./system/kernel.ts";
import { etcContainersModule } from "./virtualisation/etc-containers.ts";
import { nixosContainersModule } from "./virtualisation/nixos-containers.ts";

/** Every built-in module, in evaluation order. */
export const builtinModules: readonly Module[] = Object.freeze([
  assertionsModule,
  metaModule,
  extraArgumentsModule,
  bootModule,
  systemdModule,
  systemBuildModule,
  toplevelModule,
  networkInterfacesModule,
  hostsModule,
  systemPackagesModule,
  initialRootPasswordModule,
  seedContainersModule,
  // What today's NixOS container module needs, then the module itself.
  etcModule,
  nixModule,
  nixpkgsModule,
  versionModule,
  dhcpcdModule,
  networkManagerModule,
  useDhcpModule,
  udevModule,
  kernelModule,
  etcContainersModule,
  nixosContainersModule,
]);

export { evalConfig, type EvalConfigArgs } from "./eval-config.ts";
export { makePackageSet, type PackageSet } from "./packages.ts";
