/**
 * Checks today's NixOS container module does not make, asked for by its users:
 * addresses that are IPv4 or IPv6 addresses (with or without a prefix length),
 * extra veth and host interface names the kernel accepts, and `%` in values
 * written into unit files.
 * Each rejects, with a `ModuleError` located at the option, a value the module
 * would otherwise interpolate into shell scripts, unit lines and /etc/hosts
 * where it cannot work; every value that works passes unchanged.
 */

import { ModuleError, quoteOption, showDefinitions, showValue } from "../../lib/errors.ts";
import type { Def, OptionType } from "../../lib/types/option-type.ts";
import { ipv4AddressPattern, isIPv4Address } from "./container-checks.ts";

/** A prefix length: a decimal number from 0 to `max`, without leading zeros. */
function isPrefixLength(text: string, max: number): boolean {
  return /^(0|[1-9][0-9]{0,2})$/.test(text) && Number(text) <= max;
}

/** Splits `address/prefix`; `prefix` is null without a slash. */
function splitPrefix(value: string): { address: string; prefix: string | null } {
  const slash = value.indexOf("/");
  return slash < 0
    ? { address: value, prefix: null }
    : { address: value.slice(0, slash), prefix: value.slice(slash + 1) };
}

/** Whether a string is an IPv6 address in any of RFC 4291's text forms (no zone index). */
export function isIPv6Address(value: string): boolean {
  if (!/^[0-9A-Fa-f:.]+$/.test(value)) return false;
  const halves = value.split("::");
  if (halves.length > 2) return false;
  const groups = (text: string): string[] | null => (text === "" ? [] : text.split(":"));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (head === null || tail === null) return false;
  const all = [...head, ...tail];
  // Text ending in `::' ends in zero groups: an IPv4 address before it is not the last 32 bits.
  const endsInGroup = halves.length === 1 || tail.length > 0;
  let count = 0;
  for (const [i, group] of all.entries()) {
    if (i === all.length - 1 && endsInGroup && group.includes(".")) {
      // An embedded IPv4 address takes the last 32 bits.
      if (!isIPv4Address(group)) return false;
      count += 2;
    } else if (/^[0-9A-Fa-f]{1,4}$/.test(group)) count += 1;
    else return false;
  }
  return halves.length === 2 ? count <= 7 : count === 8;
}

/** Whether a string is an IPv4 address, optionally followed by `/0` … `/32`. */
export function isIPv4AddressWithPrefix(value: string): boolean {
  const { address, prefix } = splitPrefix(value);
  return isIPv4Address(address) && (prefix === null || isPrefixLength(prefix, 32));
}

/** Whether a string is an IPv6 address, optionally followed by `/0` … `/128`. */
export function isIPv6AddressWithPrefix(value: string): boolean {
  const { address, prefix } = splitPrefix(value);
  return isIPv6Address(address) && (prefix === null || isPrefixLength(prefix, 128));
}

/** The address without its prefix length (what /etc/hosts needs). */
export function stripPrefix(value: string): string {
  return splitPrefix(value).address;
}

const h16 = "[0-9A-Fa-f]{1,4}";
const ls32 = `(${h16}:${h16}|${ipv4AddressPattern})`;
/** RFC 4291's text forms, as RFC 3986's grammar spells them: what `isIPv6Address` accepts. */
const ipv6AddressPattern = [
  `(${h16}:){6}${ls32}`,
  `::(${h16}:){5}${ls32}`,
  `(${h16})?::(${h16}:){4}${ls32}`,
  `((${h16}:){0,1}${h16})?::(${h16}:){3}${ls32}`,
  `((${h16}:){0,2}${h16})?::(${h16}:){2}${ls32}`,
  `((${h16}:){0,3}${h16})?::${h16}:${ls32}`,
  `((${h16}:){0,4}${h16})?::${ls32}`,
  `((${h16}:){0,5}${h16})?::${h16}`,
  `((${h16}:){0,6}${h16})?::`,
].join("|");

const families = {
  4: {
    check: isIPv4AddressWithPrefix,
    name: "IPv4 address",
    pattern: `^${ipv4AddressPattern}(/(3[0-2]|[12][0-9]|[0-9]))?$`,
    what:
      "`IPv4 address' (four decimal numbers from 0 to 255 separated by dots, optionally " +
      "followed by a prefix length from /0 to /32)",
  },
  6: {
    check: isIPv6AddressWithPrefix,
    name: "IPv6 address",
    pattern: `^(${ipv6AddressPattern})(/(12[0-8]|1[01][0-9]|[1-9][0-9]|[0-9]))?$`,
    what:
      "`IPv6 address' (eight groups of hexadecimal digits separated by colons, `::' " +
      "standing for a run of zero groups, optionally followed by a prefix length from /0 " +
      "to /128)",
  },
} as const;

/**
 * `type` (a `nullOr str`), whose merged value must be null or an address of the
 * given family. The type keeps its name and description, so documentation shows
 * NixOS's type; the check runs on the final value, only when it is read.
 */
export function addressOrNull<T>(family: 4 | 6, type: OptionType<T>): OptionType<T> {
  const { check, what, name, pattern } = families[family];
  return {
    ...type,
    merge: (loc: string[], defs: Def[]) => {
      const value = type.merge(loc, defs);
      if (value !== null && !(typeof value === "string" && check(value))) {
        throw new ModuleError(
          `The option ${quoteOption(loc)} has the value ${showValue(value)}, which is not of ` +
            `type ${what}.${showDefinitions(defs)}`,
          { code: "type", loc, definitions: defs },
        );
      }
      return value;
    },
    // `validate` checks the same (each definition is the whole value: `str` does not join them).
    toJsonSchema: (ctx) => ({
      ...type.toJsonSchema(ctx),
      pattern,
      "x-nixmod-type": `null or ${name}`,
    }),
  };
}

/** The kernel's limit on interface names: IFNAMSIZ (16) minus the terminating NUL. */
export const interfaceNameMaxBytes = 15;

/** Characters a shell leaves alone unquoted (lib.escapeShellArg's bare set) that Linux allows in interface names. */
const interfaceNameCharacters = /^[A-Za-z0-9,._+@-]+$/;

/** What the kernel refuses in any interface name (empty, over 15 bytes, `.' or `..'), or null. */
function interfaceNameLimit(name: string): string | null {
  const bytes = Buffer.byteLength(name, "utf8");
  if (bytes === 0) return "it is empty";
  if (bytes > interfaceNameMaxBytes) {
    return `it is ${bytes} bytes long, and the kernel allows at most ${interfaceNameMaxBytes}`;
  }
  if (name === "." || name === "..") return "the kernel does not allow `.' and `..'";
  return null;
}

/** Why `name` cannot be a network interface name, or null when it can. */
export function interfaceNameProblem(name: string): string | null {
  const limit = interfaceNameLimit(name);
  if (limit !== null) return limit;
  if (!interfaceNameCharacters.test(name)) {
    return (
      "it may only contain letters, digits and `,._+@-' (the kernel refuses `/', `:' and " +
      "white space, and the container's scripts use the name unquoted)"
    );
  }
  return null;
}

/**
 * Why `name` cannot name a host's interface (what the kernel refuses, and what would end a
 * quoted value of the conf file), or null when it can. Host interfaces are named by others,
 * so any other character passes, as in NixOS (`wg?0`, `vlan@eth0`).
 */
export function hostInterfaceNameProblem(name: string, inScript = false): string | null {
  const limit = interfaceNameLimit(name);
  if (limit !== null) return limit;
  if (/[\s/:"\\\x00-\x1f\x7f]/.test(name)) {
    return "the kernel refuses `/', `:', white space and control characters, and `\"' or `\\' would end the conf file's quoted list";
  }
  if (inScript && /[$`]/.test(name)) {
    return "`$' and backquotes would be expanded in the container's postStart script, which writes the name in double quotes (NixOS's build fails its `bash -n' check, or the script runs what follows)";
  }
  return null;
}

/**
 * `type` (a `nullOr str` or a `listOf str`) whose strings must name host interfaces
 * (`hostBridge`, `interfaces`, `macvlans`), which the conf file lists in a quoted value, and
 * which an extra veth's `hostBridge` puts in a script (`inScript`). Checked on the final
 * value, when it is read.
 */
export function interfaceNames<T>(type: OptionType<T>, inScript = false): OptionType<T> {
  return {
    ...type,
    merge: (loc: string[], defs: Def[]) => {
      const value = type.merge(loc, defs);
      const names: unknown[] = value === null ? [] : Array.isArray(value) ? value : [value];
      for (const name of names) {
        const problem = typeof name === "string" ? hostInterfaceNameProblem(name, inScript) : null;
        if (problem !== null) {
          throw new ModuleError(
            `The option ${quoteOption(loc)} has the value ${showValue(name)}, which is not a ` +
              `valid network interface name: ${problem}.${showDefinitions(defs)}`,
            { code: "type", loc, definitions: defs },
          );
        }
      }
      return value;
    },
  };
}

/**
 * `type` (a `listOf str`) whose strings the container's start script writes into its own
 * source: each must not hold what bash would read as syntax there (`forbidden`, `where` says
 * how the script writes them). Checked on the final value, when it is read.
 */
export function scriptWords<T>(
  type: OptionType<T>,
  forbidden: RegExp,
  where: string,
): OptionType<T> {
  return {
    ...type,
    merge: (loc: string[], defs: Def[]) => {
      const value = type.merge(loc, defs);
      for (const word of Array.isArray(value) ? value : []) {
        const syntax = typeof word === "string" ? forbidden.exec(word) : null;
        if (syntax !== null) {
          throw new ModuleError(
            `The option ${quoteOption(loc)} has the value ${showValue(word)}, whose \`${syntax[0]}' bash reads as syntax in the container's start script, which writes it ${where}: NixOS's container would run another command line.${showDefinitions(defs)}`,
            { code: "type", loc, definitions: defs },
          );
        }
      }
      return value;
    },
  };
}

/** Rejects an `extraVeths` attribute name that is not a usable interface name. */
export function checkExtraVethName(container: string, veth: string): string {
  const problem = interfaceNameProblem(veth);
  if (problem !== null) {
    const loc = ["containers", container, "extraVeths", veth];
    throw new ModuleError(
      `The extra veth name ${showValue(veth)} (${quoteOption(loc)}) is not a valid network ` +
        `interface name: ${problem}. The name is the host-side and container-side name of ` +
        "the veth pair.",
      { code: "invalid", loc },
    );
  }
  return veth;
}
