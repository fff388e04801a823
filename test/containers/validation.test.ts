/**
 * What the seed left unchecked: container names, interface name lengths and
 * IPv4 addresses are rejected with a ModuleError located at the option, on the
 * final merged value, only when the module reads them.
 */

import { describe, expect, it } from "vitest";
import { evaluate } from "../../lib/index.ts";
import {
  checkContainerName,
  isIPv4Address,
} from "../../modules/virtualisation/container-checks.ts";
import { moduleError as thrown } from "../helpers/module-error.ts";

/** Everything the seed module generates for the host. */
function generate(input: unknown) {
  const { config } = evaluate(input as never);
  return JSON.stringify({
    services: config.systemd.services,
    extraHosts: config.networking.extraHosts,
    systemPackages: config.environment.systemPackages,
  });
}

const profile = "/nix/var/nix/profiles/c";
const one = (name: string, container: Record<string, unknown>) => ({
  systemd: { containers: { [name]: { path: profile, ...container } } },
});

describe("container names", () => {
  const injections = [
    "a;rm -rf /",
    "$(x)",
    "`x`",
    "a\nb",
    "a\rb",
    "a'b",
    'a"b',
    "a b",
    "a\tb",
    "a/b",
    "../etc",
    ".a",
    "a.",
    "a..b",
    "a%i",
    "a\\b",
    "-a",
    "--help",
    "",
    "ü",
    "a\u0000b",
  ];
  for (const name of injections) {
    it(`rejects ${JSON.stringify(name)} before generating anything`, () => {
      const error = thrown(() => generate(one(name, {})));
      expect(error.code).toBe("invalid");
      expect(error.loc).toEqual(["systemd", "containers", name]);
      expect(error.message).toContain(JSON.stringify(name));
      expect(error.message).toContain("is not a valid container name");
      // Each generated output refuses on its own, the service's description included.
      const { config } = evaluate(one(name, {}) as never);
      thrown(() => config.systemd.services);
      thrown(() => config.networking.extraHosts);
    });
  }

  it("rejects the name even when it is built to look harmless to the seed's scripts", () => {
    const name = "web\n127.0.0.1 bank.example.com";
    const error = thrown(() => generate(one(name, { localAddress: "10.0.0.2" })));
    expect(error.loc).toEqual(["systemd", "containers", name]);
  });

  // A dot between parts (found by a differential run: NixOS takes `web.1`, systemd too).
  for (const name of ["a", "web", "A-b_9", "_x", "9", "x-", "web-01_a", "web.1", "a.b-c.d_e"]) {
    it(`accepts ${JSON.stringify(name)}`, () => {
      expect(checkContainerName(name)).toBe(name);
      expect(generate(one(name, {}))).toContain(`-M ${name} -D /var/lib/containers/${name}`);
    });
  }

  it("is not checked where nothing reads it", () => {
    const { config } = evaluate(one("a;b", {}) as never);
    expect(config.networking.hostName).toBe("nixos");
    expect(config.environment.systemPackages).toHaveLength(1);
    expect(config.systemd.containers["a;b"].root).toBe("/var/lib/containers/a;b");
  });
});

describe("interface names with privateNetwork", () => {
  it("accepts names up to 10 bytes (ctmp-<name> is then 15 bytes)", () => {
    const out = generate(one("abcdefghij", { privateNetwork: true }));
    expect(out).toContain("ip link add c-abcdefghij type veth peer name ctmp-abcdefghij");
  });

  it("rejects an 11-byte name, naming the interface that is too long", () => {
    const error = thrown(() => generate(one("abcdefghijk", { privateNetwork: true })));
    expect(error.loc).toEqual(["systemd", "containers", "abcdefghijk"]);
    expect(error.message).toContain('"ctmp-abcdefghijk"');
    expect(error.message).not.toContain('"c-abcdefghijk"');
    expect(error.message).toContain("15 bytes");
    expect(error.message).toContain("privateNetwork");
  });

  it("names both interfaces when both are too long", () => {
    const name = "a".repeat(14);
    const error = thrown(() => generate(one(name, { privateNetwork: true })));
    expect(error.message).toContain(`"c-${name}" and "ctmp-${name}"`);
  });

  it("checks ExecStart too, not only preStart", () => {
    const { config } = evaluate(one("abcdefghijk", { privateNetwork: true }) as never);
    const service = config.systemd.services["container-abcdefghijk"];
    thrown(() => service.serviceConfig.ExecStart);
    thrown(() => service.preStart);
    expect(service.description).toBe("Container 'abcdefghijk'");
  });

  it("allows long names without a private network", () => {
    const name = "a-rather-long-container-name";
    expect(generate(one(name, {}))).toContain(`-M ${name}`);
  });
});

describe("IPv4 addresses", () => {
  const invalid: unknown[] = [
    "10.0.0.256",
    "10.0.0",
    "10.0.0.1.2",
    "10.0.0.1/24",
    "010.0.0.1",
    "10.0.0.01",
    "10.0.0.-1",
    "10.0.0.1; rm -rf /",
    "$(reboot)",
    "10.0.0.1\nip link del eth0",
    " 10.0.0.1",
    "10.0.0.1 ",
    "::1",
    "fe80::1",
    "localhost",
    "",
    "1e1.0.0.1",
    "0x1.0.0.1",
    "١٠.0.0.1",
  ];
  for (const address of invalid) {
    it(`rejects hostAddress ${JSON.stringify(address)} at the option`, () => {
      const error = thrown(() =>
        generate(one("c", { privateNetwork: true, hostAddress: address })),
      );
      expect(error.loc).toEqual(["systemd", "containers", "c", "hostAddress"]);
      expect(error.code).toBe("type");
      expect(error.message).toContain("`systemd.containers.c.hostAddress'");
      expect(error.message).toContain("is not of type `IPv4 address'");
    });
  }

  it("rejects a bad localAddress from /etc/hosts and from preStart", () => {
    const input = one("c", { privateNetwork: true, localAddress: "10.0.0.2 evil.example" });
    const { config } = evaluate(input as never);
    const fromHosts = thrown(() => config.networking.extraHosts);
    expect(fromHosts.loc).toEqual(["systemd", "containers", "c", "localAddress"]);
    thrown(() => config.systemd.services["container-c"].preStart);
  });

  it("rejects a bad localAddress even without a private network (/etc/hosts reads it)", () => {
    const error = thrown(() => generate(one("c", { localAddress: "10.0.0.2\n1.2.3.4 bank" })));
    expect(error.loc).toEqual(["systemd", "containers", "c", "localAddress"]);
  });

  it("checks the merged value of the legacy string definitions", () => {
    const ok = [
      one("c", { privateNetwork: true, hostAddress: "10.0." }),
      one("c", { hostAddress: "0.1" }),
    ];
    expect(generate(ok)).toContain("ip addr add 10.0.0.1 dev c-c");
    const bad = [
      one("c", { privateNetwork: true, hostAddress: "10.0." }),
      one("c", { hostAddress: "0.1.5" }),
    ];
    const error = thrown(() => generate(bad));
    expect(error.message).toContain('"10.0.0.1.5"');
    // Both definitions are listed, in merge order.
    expect(error.definitions.map((d) => d.value)).toEqual(["10.0.", "0.1.5"]);
    // Each definition alone would have been a legal string; only the result is checked.
    expect(error.message).toContain('- In `<unknown-file>\': "10.0."');
  });

  it("is lazy: an address the module does not read is not checked", () => {
    expect(() =>
      generate(one("c", { privateNetwork: false, hostAddress: "not an address" })),
    ).not.toThrow();
    expect(() => generate(one("c", { privateNetwork: false, hostAddress: 42 }))).not.toThrow();
    const error = thrown(() => generate(one("c", { privateNetwork: true, hostAddress: 42 })));
    expect(error.message).toContain("is not of type `null or string'");
  });

  it("accepts addresses in dotted-decimal form", () => {
    for (const address of ["0.0.0.0", "10.0.0.1", "192.168.100.1", "255.255.255.255", "1.2.3.4"]) {
      expect(isIPv4Address(address)).toBe(true);
    }
    const out = generate(
      one("c", { privateNetwork: true, hostAddress: "255.255.255.255", localAddress: "0.0.0.0" }),
    );
    expect(out).toContain("ip route add default via 255.255.255.255");
  });

  it("keeps the option's declared type (null or string) for documentation", () => {
    const { options } = evaluate(one("c", {}) as never);
    const sub = options.systemd.containers.type.getSubOptions([]);
    expect(sub.hostAddress.type.description).toBe("null or string");
  });
});
