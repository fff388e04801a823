/**
 * What the 2013 seed module left unchecked, checked: container names, the length
 * of the interface names made from them, and IPv4 addresses. The seed
 * interpolates all three into shell scripts, unit lines and /etc/hosts as they
 * are; these checks reject, with a `ModuleError` located at the option, every
 * value that could not be used safely there, and accept every value that could.
 */

import { ModuleError, quoteOption, showDefinitions, showValue } from "../../lib/errors.ts";
import { nixToString } from "../../lib/render/nix-to-string.ts";
import { isStringCoercibleSet } from "../../lib/types/basic.ts";
import type { Def, OptionType } from "../../lib/types/option-type.ts";

/**
 * A container name: letters, digits, `-` and `_`, not starting with `-`, with single dots
 * between them (`web.1`). That is what systemd accepts as a machine name (`-M`), and what
 * stays one word in a shell script, one value in a unit line, one name in /etc/hosts and a
 * valid network interface and namespace name.
 */
export const containerNamePattern = /^[A-Za-z0-9_][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$/;

/** The kernel's limit on interface names: IFNAMSIZ (16) minus the terminating NUL. */
export const interfaceNameMaxBytes = 15;

/** The host-side interface names of a container with `privateNetwork`, as the seed makes them. */
export function containerInterfaces(name: string): { host: string; container: string } {
  return { host: `c-${name}`, container: `ctmp-${name}` };
}

/** Rejects a container name that is not safe to use (see `containerNamePattern`); `at` is where the containers are declared. */
export function checkContainerName(
  name: string,
  at: readonly string[] = ["systemd", "containers"],
): string {
  if (!containerNamePattern.test(name)) {
    const loc = [...at, name];
    throw new ModuleError(
      `The container name ${showValue(name)} (${quoteOption(loc)}) is not a valid container ` +
        "name: it must consist of letters, digits, `-' and `_', with single dots between them, " +
        "and must not start with `-'. " +
        "The name becomes a machine name, unit and interface names, a host name in /etc/hosts " +
        "and a word in the container's shell scripts.",
      { code: "invalid", loc },
    );
  }
  return name;
}

/** Rejects a container name whose `c-`/`ctmp-` interfaces would be longer than the kernel allows. */
export function checkInterfaceNames(name: string): void {
  const { host, container } = containerInterfaces(name);
  const tooLong = [host, container].filter(
    (iface) => Buffer.byteLength(iface, "utf8") > interfaceNameMaxBytes,
  );
  if (tooLong.length > 0) {
    const loc = ["systemd", "containers", name];
    throw new ModuleError(
      `The container name ${showValue(name)} (${quoteOption(loc)}) is too long for ` +
        `${quoteOption([...loc, "privateNetwork"])}: the interface name${tooLong.length > 1 ? "s" : ""} ` +
        `${tooLong.map((i) => showValue(i)).join(" and ")} would be longer than the kernel's limit ` +
        `of ${interfaceNameMaxBytes} bytes. Use a name of at most ` +
        `${interfaceNameMaxBytes - "ctmp-".length} bytes, or no private network.`,
      { code: "invalid", loc },
    );
  }
}

/** Whether a string is an IPv4 address in dotted-decimal form (no leading zeros, no prefix length). */
export function isIPv4Address(value: string): boolean {
  return wholeIPv4Address.test(value);
}

/** 0 to 255 without leading zeros. */
const octet = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";

/**
 * `isIPv4Address` as a regular expression (unanchored), for JSON Schema's `pattern`. The seed's
 * addresses have none: their legacy `types.string` joins definitions, so a part is no address.
 */
export const ipv4AddressPattern = `${octet}(\\.${octet}){3}`;

const wholeIPv4Address = new RegExp(`^${ipv4AddressPattern}$`);

/**
 * `type`, whose merged value must be null or an IPv4 address. The check runs on
 * the final value, after the definitions are merged (legacy `types.string`
 * concatenates them), and only when the value is needed, so an option nothing
 * reads is not checked.
 */
export function ipv4AddressOrNull<T>(type: OptionType<T>): OptionType<T> {
  return {
    ...type,
    merge: (loc: string[], defs: Def[]) => {
      const value = type.merge(loc, defs);
      if (value !== null && !(typeof value === "string" && isIPv4Address(value))) {
        throw new ModuleError(
          `The option ${quoteOption(loc)} has the value ${showValue(value)}, which is not of type ` +
            "`IPv4 address' (four decimal numbers from 0 to 255 separated by dots, without a " +
            `prefix length).${showDefinitions(defs)}`,
          { code: "type", loc, definitions: defs },
        );
      }
      return value;
    },
  };
}

/**
 * A path the seed writes, as it is, into shell scripts (unquoted, and inside the
 * single-quoted `bash -c` of `ExecReload`), into unit lines (`RequiresMountsFor=`)
 * and onto nspawn's and socat's command lines: an absolute path of letters, digits
 * and `/ . _ + @ = -`, each of which reads back as itself in all of those places.
 */
export const containerPathPattern = /^\/[A-Za-z0-9/._+@=-]*$/;

/**
 * Rejects a container's `root` or `path` (a string, or a package by its store path)
 * that does not match `containerPathPattern`, with a ModuleError located at that option.
 * Like the name, it is checked where the service uses it.
 */
export function checkContainerPath(name: string, option: "root" | "path", value: unknown): unknown {
  const text =
    typeof value === "string" ? value : isStringCoercibleSet(value) ? nixToString(value) : null;
  if (text !== null && containerPathPattern.test(text)) return value;
  const loc = ["systemd", "containers", name, option];
  throw new ModuleError(
    `The option ${quoteOption(loc)} has the value ${showValue(value)}, which the container ` +
      "module cannot use: it is written unquoted into the container's shell scripts, unit " +
      "and nspawn command line, so it must be an absolute path of letters, digits and " +
      "`/ . _ + @ = -' only.",
    { code: "invalid", loc },
  );
}
