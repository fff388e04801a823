/**
 * Where nixmod goes past today's NixOS container module, as its users asked:
 * addresses are checked (IPv4 and IPv6, with or without a prefix length), extra
 * veth names must be interface names the kernel accepts, and `hostsEntry6` writes
 * the IPv6 `/etc/hosts` line; `%` in paths and device nodes stays a specifier in unit
 * lines, as RENDERING.md fixes. Plus the Nix functions the port reimplements, against real Nix.
 */

import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  builtinSchema,
  evaluate,
  ModuleError,
  render,
  validate,
  type Evaluation,
} from "../../lib/index.ts";
import { sanitizeDerivationName } from "../../lib/util/derivation-name.ts";
import { compareVersions } from "../../lib/util/versions.ts";
import {
  hostInterfaceNameProblem,
  interfaceNameProblem,
  isIPv4AddressWithPrefix,
  isIPv6Address,
  isIPv6AddressWithPrefix,
} from "../../modules/virtualisation/nixos-containers-checks.ts";
import { modernPkgs } from "./host.ts";
import { moduleError } from "../helpers/module-error.ts";

const profile = (name: string) => `/nix/var/nix/profiles/per-container/${name}`;
const host = (containers: Record<string, Record<string, unknown>>): Evaluation =>
  evaluate(
    {
      containers: Object.fromEntries(
        Object.entries(containers).map(([n, c]) => [n, { path: profile(n), ...c }]),
      ),
    },
    { pkgs: modernPkgs },
  );

describe("address checks", () => {
  it.each([
    "10.0.0.1",
    "0.0.0.0",
    "255.255.255.255",
    "192.168.1.50/24",
    "10.0.0.1/0",
    "10.0.0.1/32",
  ])("accepts the IPv4 address %s", (a) => expect(isIPv4AddressWithPrefix(a)).toBe(true));

  it.each([
    "",
    "10.0.0",
    "10.0.0.256",
    "10.0.0.01",
    "10.0.0.1/33",
    "10.0.0.1/024",
    "10.0.0.1/",
    "10.0.0.1 ",
    "fc00::1",
    "10.0.0.1; reboot",
  ])("rejects %j as an IPv4 address", (a) => expect(isIPv4AddressWithPrefix(a)).toBe(false));

  it.each([
    "::",
    "::1",
    "fc00::1",
    "2001:db8::8a2e:370:7334",
    "2001:0db8:0000:0000:0000:ff00:0042:8329",
    "1:2:3:4:5:6:7::",
    "::2:3:4:5:6:7:8",
    "::ffff:192.0.2.128",
    "64:ff9b::10.0.0.1",
    "FE80::ABCD",
  ])("accepts the IPv6 address %s", (a) => expect(isIPv6Address(a)).toBe(true));

  it.each([
    "",
    ":",
    ":::",
    "1::2::3",
    "1:2:3:4:5:6:7:8:9",
    "1:2:3:4:5:6:7",
    "1:2:3:4:5:6:7:8::",
    "12345::",
    "fe80::1%eth0",
    "::ffff:192.0.2.256",
    "::192.0.2.1:1",
    "192.0.2.1::",
    "1:192.0.2.1::",
    "g::1",
    "10.0.0.1",
  ])("rejects %j as an IPv6 address", (a) => expect(isIPv6Address(a)).toBe(false));

  it("takes IPv6 prefix lengths up to 128", () => {
    expect(isIPv6AddressWithPrefix("fc00::2/64")).toBe(true);
    expect(isIPv6AddressWithPrefix("fc00::2/128")).toBe(true);
    expect(isIPv6AddressWithPrefix("fc00::2/129")).toBe(false);
    expect(isIPv6AddressWithPrefix("fc00::2/64/64")).toBe(false);
  });

  it("rejects a wrong address at its option, as a type error", () => {
    for (const [option, value] of [
      ["hostAddress", "10.0.0.300"],
      ["localAddress", "fc00::2"],
      ["hostAddress6", "10.0.0.1"],
      ["localAddress6", "fe80::1%eth0"],
    ] as const) {
      const ev = host({ web: { privateNetwork: true, [option]: value } });
      const error = moduleError(() => ev.config.environment.etc["nixos-containers/web.conf"].text);
      expect(error.message).toContain(`The option \`containers.web.${option}' has the value`);
      expect(error.message).toContain("is not of type");
      expect(error.loc).toEqual(["containers", "web", option]);
    }
  });

  it("checks extra veths' addresses too", () => {
    const ev = host({ web: { extraVeths: { "vz-a": { localAddress: "300.1.1.1" } } } });
    const error = moduleError(() => ev.config.systemd.services["container@web"].postStart);
    expect(error.loc).toEqual(["containers", "web", "extraVeths", "vz-a", "localAddress"]);
  });

  it("keeps a valid address as written", () => {
    const ev = host({ web: { privateNetwork: true, localAddress: "10.0.0.2/24" } });
    expect(ev.config.containers.web.localAddress).toBe("10.0.0.2/24");
  });
});

describe("the schema's address patterns", () => {
  const schema = builtinSchema() as Record<string, any>;
  const modern = schema.properties.containers.additionalProperties.properties;
  const patterns: [string, string, (s: string) => boolean][] = [
    ["hostAddress", modern.hostAddress.pattern, isIPv4AddressWithPrefix],
    ["localAddress6", modern.localAddress6.pattern, isIPv6AddressWithPrefix],
  ];
  const group = fc.oneof(
    fc.stringMatching(/^[0-9a-fA-F]{1,5}$/),
    fc.constantFrom("", "0", "ffff", "1.2.3.4", "255.255.255.255", "256.1.1.1", "01.2.3.4"),
  );
  const address = fc.oneof(
    fc.array(group, { maxLength: 9 }).map((gs) => gs.join(":")),
    fc
      .tuple(fc.array(group, { maxLength: 8 }), fc.array(group, { maxLength: 8 }))
      .map(([a, b]) => `${a.join(":")}::${b.join(":")}`),
    fc
      .array(fc.stringMatching(/^[0-9]{1,4}$/), { minLength: 3, maxLength: 5 })
      .map((p) => p.join(".")),
    fc.string({ unit: fc.constantFrom("1", "0", ":", ".", "/", "f", "2", "5"), maxLength: 20 }),
  );
  const withPrefix = fc
    .tuple(address, fc.option(fc.stringMatching(/^[0-9]{1,4}$/)))
    .map(([a, p]) => (p === null ? a : `${a}/${p}`));

  it.each(patterns)(
    "%s: the pattern accepts what the option's check accepts",
    (_, pattern, check) => {
      const regex = new RegExp(pattern);
      fc.assert(
        fc.property(withPrefix, (value) => {
          expect(regex.test(value)).toBe(check(value));
        }),
        { numRuns: 3000 },
      );
    },
  );

  it("validate refuses what evaluate would", () => {
    const result = validate({ containers: { a: { path: "/x", hostAddress: "10.0.0.300" } } });
    expect(result.errors.map((e) => e.option)).toEqual(["containers.a.hostAddress"]);
    expect(result.errors[0]!.message).toContain("is not of type `null or IPv4 address'");
  });
});

describe("extra veth names", () => {
  it.each(["vz-lan", "veth0", "a", "x".repeat(15), "v_1.2+b@c"])("accepts %j", (name) =>
    expect(interfaceNameProblem(name)).toBeNull(),
  );

  it.each([
    ["x".repeat(16), /16 bytes long.*at most 15/],
    ["vé-lan-éé-éé-ab", /bytes long/],
    ["", /empty/],
    [".", /`\.' and `\.\.'/],
    ["..", /`\.' and `\.\.'/],
    ["a b", /may only contain/],
    ["a/b", /may only contain/],
    ["a:b", /may only contain/],
    ["a$(reboot)", /may only contain/],
    ["v%d", /may only contain/],
  ])("rejects %j", (name, why) => expect(interfaceNameProblem(name)).toMatch(why));

  it("rejects a name over 15 bytes where the name is used, naming the option", () => {
    const ev = host({ web: { extraVeths: { "veth-to-the-lan0": {} } } });
    const error = moduleError(() => ev.config.systemd.services["container@web"].preStart);
    expect(error.loc).toEqual(["containers", "web", "extraVeths", "veth-to-the-lan0"]);
    expect(error.message).toContain("is 16 bytes long, and the kernel allows at most 15");
    expect(() => ev.nspawn()).toThrow(ModuleError);
  });
});

describe("container names", () => {
  it.each(["bad name", "a;b", "a/b", "-x", "é"])(
    "refuses %j where the name is used, at the option",
    (name) => {
      const ev = host({ [name]: {} });
      const error = moduleError(() => Object.keys(ev.config.systemd.services));
      expect(error.loc).toEqual(["containers", name]);
      expect(error.message).toContain("is not a valid container name");
    },
  );
});

describe("host interface names (hostBridge, interfaces, macvlans)", () => {
  it.each(["br0", "vlan@eth0", "en+1", "wg?0", "br-x", "x".repeat(15)])("accepts %j", (name) =>
    expect(hostInterfaceNameProblem(name)).toBeNull(),
  );

  it.each([
    ["x".repeat(16), /16 bytes long.*at most 15/],
    ["", /empty/],
    ["..", /`\.' and `\.\.'/],
    ["a b", /white space/],
    ["a/b", /`\/'/],
    ["a:b", /`:'/],
    ['a"b', /quoted list/],
    ["a\\b", /quoted list/],
    ["a\nb", /control characters/],
  ])("rejects %j", (name, why) => expect(hostInterfaceNameProblem(name)).toMatch(why));

  it.each([
    ["hostBridge", "bridge-to-the-lan"],
    ["interfaces", ["eth0", "a b"]],
    ["macvlans", ['x"y']],
  ])("%s: refused where the value is read, naming the option", (option, value) => {
    const ev = host({ web: { privateNetwork: true, [option]: value } });
    const error = moduleError(() => ev.config.environment.etc["nixos-containers/web.conf"].text);
    expect(error.loc).toEqual(["containers", "web", option]);
    expect(error.message).toContain("which is not a valid network interface name");
  });

  it("an extra veth's bridge too", () => {
    const ev = host({ web: { extraVeths: { "vz-a": { hostBridge: "b/x" } } } });
    const error = moduleError(() => ev.config.systemd.services["container@web"].postStart);
    expect(error.loc).toEqual(["containers", "web", "extraVeths", "vz-a", "hostBridge"]);
  });

  // postStart writes `ip link set dev "vz-a" master "<bridge>" up`: bash -n fails on "br`x"
  // and "br$(x" in NixOS's build, and "br$x" expands when the script runs.
  it.each(["br`x", "br$(x", "br$x"])(
    "an extra veth's bridge %j, which its script would expand, but not the container's",
    (bridge) => {
      const veth = host({ web: { extraVeths: { "vz-a": { hostBridge: bridge } } } });
      expect(
        moduleError(() => veth.config.systemd.services["container@web"].postStart).message,
      ).toContain("would be expanded in the container's postStart script");
      expect(hostInterfaceNameProblem(bridge)).toBeNull();
    },
  );
});

describe("% in unit lines", () => {
  // RENDERING.md: `%` passes through unchanged, as in NixOS (Nix 2.8 with nixos-containers.nix
  // writes `DeviceAllow=/dev/%i rw` for a device node `/dev/%i`).
  it("reaches paths and device nodes as written, where systemd reads it as a specifier", () => {
    const ev = host({
      web: {
        bindMounts: { "/data": { hostPath: "/srv/100%full" } },
        allowedDevices: [{ node: "/dev/disk/by-label/50%", modifier: "r" }],
      },
    });
    const unit = render(ev).units["container@web.service"]!;
    expect(unit).toContain("RequiresMountsFor=/srv/100%full\n");
    expect(unit).toContain("DeviceAllow=/dev/disk/by-label/50% r\n");
    expect(unit).toContain("RequiresMountsFor=/var/lib/nixos-containers/%i\n");
    expect(unit).toContain("SyslogIdentifier=container %i\n");
    expect(ev.config.environment.etc["nixos-containers/web.conf"].text).toContain(
      'EXTRA_NSPAWN_FLAGS=" --bind-ro=/srv/100%full:/data"',
    );
    expect(ev.nspawn().web!.bindMounts.at(-1)).toEqual({
      source: "/srv/100%full",
      target: "/data",
      readOnly: true,
    });
  });
});

describe("hostsEntry6", () => {
  it("adds the IPv6 line after the IPv4 one, without the prefix length", () => {
    const ev = host({
      dual: { localAddress: "10.0.0.2/24", localAddress6: "fc00::2/64", hostsEntry6: true },
      six: { localAddress6: "fc00::3", hostsEntry6: true },
      plain: { localAddress6: "fc00::4" },
    });
    const lines = ev.config.networking.extraHosts.split("\n").filter((l: string) => l !== "");
    expect(lines).toEqual([
      "10.0.0.2 dual.containers",
      "fc00::2 dual.containers",
      "fc00::3 six.containers",
    ]);
    expect(render(ev).etcHosts).toContain("fc00::2 dual.containers\n");
  });
});

describe("unit names of interfaces", () => {
  it("escape the interface as NixOS does and pass the unit-name type", () => {
    const ev = host({ r: { autoStart: true, interfaces: ["br-lan.10", "wg?0"] } });
    expect(ev.config.systemd.services["container@r"].wants).toEqual([
      "network.target",
      "sys-subsystem-net-devices-br\\x2dlan.10.device",
      "sys-subsystem-net-devices-wg\\x3f0.device",
    ]);
  });
});

describe("Nix functions, against real Nix", () => {
  const data = JSON.parse(
    readFileSync(
      new URL("../vectors/modern-extra/functions/nix-functions.json", import.meta.url),
      "utf8",
    ),
  ) as {
    compareVersions: { a: string; b: string; result: number }[];
    sanitizeDerivationName: { name: string; result: string }[];
  };

  it("compareVersions gives builtins.compareVersions' answer for every pair", () => {
    expect(data.compareVersions).toHaveLength(441);
    for (const { a, b, result } of data.compareVersions) {
      expect([a, b, compareVersions(a, b)]).toEqual([a, b, result]);
    }
  });

  it("sanitizeDerivationName gives lib.strings.sanitizeDerivationName's answer", () => {
    for (const { name, result } of data.sanitizeDerivationName) {
      expect(sanitizeDerivationName(name)).toBe(result);
    }
    expect(sanitizeDerivationName("x".repeat(300))).toBe("x".repeat(207));
  });
});
