/**
 * The built-in options that NixOS's own modules declare (systemd.nix, systemd-unit-options.nix,
 * networking.nix, and network-interfaces.nix's `networking.hostName`/`domain`/`enableIPv6`) are
 * documented as NixOS documents them: type description, visibility, read-only-ness and default.
 * test/vectors/options/nixos-options.json is `lib.optionAttrSetToDocList` of those modules,
 * printed by Nix 2.8 with nixpkgs lib 26.11 (the options nixmod declares too).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { evaluate, optionAttrSetToDocList } from "../../lib/index.ts";

interface NixOption {
  name: string;
  type: string;
  internal: boolean;
  visible: boolean;
  readOnly: boolean;
  default: string | null;
}

const fromNix = JSON.parse(
  readFileSync(new URL("../vectors/options/nixos-options.json", import.meta.url), "utf8"),
) as NixOption[];

describe("options NixOS's modules declare", () => {
  const ours = new Map(optionAttrSetToDocList(evaluate({}).options).map((o) => [o.name, o]));

  it.each(fromNix.map((o) => [o.name, o] as const))("%s is documented as in NixOS", (name, nix) => {
    const entry = ours.get(name);
    expect(entry).toBeDefined();
    const { type, internal, visible, readOnly } = entry!;
    const shown = entry!.default as { text?: string } | undefined;
    expect({ name, type, internal, visible, readOnly, default: shown?.text ?? null }).toEqual(nix);
  });
});

describe("NixOS's host name type", () => {
  it("refuses what NixOS refuses, quoting NixOS's pattern", () => {
    const hostName = (value: string) => () =>
      evaluate({ networking: { hostName: value } }).config.networking.hostName;
    expect(hostName("a_b")()).toBe("a_b");
    expect(hostName("x".repeat(64))).toThrow(
      "is not of type `string matching the pattern ^$|^[[:alnum:]]([[:alnum:]_-]{0,61}[[:alnum:]])?$'",
    );
    // The domain is any string (or null), as in NixOS.
    expect(evaluate({ networking: { domain: "example.com." } }).config.networking.domain).toBe(
      "example.com.",
    );
  });
});
