/** `/etc/hosts` as NixOS's networking.nix builds it, and a parser to read it back as data. */

import { ModuleError, quoteOption, wrongArgument } from "../errors.ts";
import { assertWritableText } from "./line-safety.ts";
import { sortedKeys } from "./byte-order.ts";

/** The `networking` options `/etc/hosts` is made from. */
export interface EtcHostsInput {
  /** `networking.hostName`; "" gives no `127.0.0.2` line. */
  hostName: string;
  /** `networking.enableIPv6`: the `::1 localhost` line (an empty line when false). */
  enableIPv6: boolean;
  /** `networking.extraHosts`, appended verbatim (no newline added). */
  extraHosts: string;
  /** `networking.domain`: with a host name, the FQDN comes first on `127.0.0.2`. Default null. */
  domain?: string | null | undefined;
  /**
   * `networking.hosts` as evaluated, NixOS's own `127.0.0.2` entry included. Without it, that
   * entry alone: the fully qualified name and the host name (neither when the host name is "").
   */
  hosts?: Readonly<Record<string, readonly string[]>> | undefined;
  /** Texts of further `networking.hostFiles`, appended after NixOS's three parts. */
  hostFiles?: readonly string[] | undefined;
}

/**
 * Rejects what would change a hosts line when written raw into it as one address or name:
 * a line break (further lines), a space or tab (further names) or `#` (a comment hiding the rest).
 */
function assertHostsLine(text: string, loc: string[]): void {
  const bad = /[\n\r\0]/.test(text)
    ? "a line break, which would add lines to"
    : /[ \t]/.test(text)
      ? "a space or tab, which would add names to a line of"
      : text.includes("#")
        ? "`#', which would start a comment in a line of"
        : null;
  if (bad === null) return;
  throw new ModuleError(
    `The option ${quoteOption(loc)} contains ${bad} /etc/hosts; nixmod rejects it.`,
    {
      code: "invalid",
      loc,
    },
  );
}

/** The names networking.nix gives `127.0.0.2` (for `hostname -f`): the FQDN first, then the host name. */
export function ownHostNames(hostName: string, domainOf: () => string | null): string[] {
  // The domain is read only beside a host name, as networking.nix reads it.
  if (hostName === "") return [];
  const domain = domainOf();
  return domain === null ? [hostName] : [`${hostName}.${domain}`, hostName];
}

/** The `networking.hosts` of `input`, or the entry NixOS defines when it has none. */
export function effectiveHosts(input: EtcHostsInput): Readonly<Record<string, readonly string[]>> {
  return input.hosts ?? { "127.0.0.2": ownHostNames(input.hostName, () => input.domain ?? null) };
}

/** `/etc/hosts`: localhost lines, `networking.hosts` in byte order of addresses, extraHosts, host files. */
export function renderEtcHosts(input: EtcHostsInput): string {
  assertHostsLine(input.hostName, ["networking", "hostName"]);
  // The domain is written only beside a host name, as in networking.nix.
  if (input.hostName !== "" && input.domain) {
    assertHostsLine(input.domain, ["networking", "domain"]);
    assertWritableText(input.domain, ["networking", "domain"], "/etc/hosts");
  }
  assertWritableText(input.extraHosts, ["networking", "extraHosts"], "/etc/hosts");
  // localhost-hosts: the IPv6 line is replaced by an empty line, not removed.
  const localhost = `127.0.0.1 localhost\n${input.enableIPv6 ? "::1 localhost" : ""}\n`;
  const hosts = effectiveHosts(input);
  let stringHosts = "";
  for (const address of sortedKeys(hosts)) {
    const names = hosts[address]!;
    if (names.length === 0) continue;
    const loc = ["networking", "hosts", address];
    assertHostsLine(address, loc);
    for (const name of names) assertHostsLine(name, loc);
    stringHosts += `${address} ${names.join(" ")}\n`;
  }
  return localhost + stringHosts + input.extraHosts + (input.hostFiles ?? []).join("");
}

/** Reads hosts-file text back as data: address → names, in order of first appearance; comments ignored. */
export function parseEtcHosts(text: string): Record<string, string[]> {
  if (typeof text !== "string")
    throw wrongArgument("the argument of parseEtcHosts", text, "a string");
  const entries = new Map<string, string[]>();
  for (const rawLine of text.split("\n")) {
    const line = rawLine.replace(/#.*/, "").trim();
    if (line === "") continue;
    const [address, ...names] = line.split(/[ \t]+/);
    let known = entries.get(address!);
    if (known === undefined) entries.set(address!, (known = []));
    for (const name of names) if (!known.includes(name)) known.push(name);
  }
  // fromEntries defines own properties, so an address like "__proto__" stays data.
  return Object.fromEntries(entries);
}
