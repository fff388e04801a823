/** /etc/hosts as networking.nix builds it, and reading it back. */

import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ModuleError } from "../../lib/errors.ts";
import { parseEtcHosts, renderEtcHosts } from "../../lib/render/etc-hosts.ts";
import { evaluate, render } from "../../lib/index.ts";

describe("renderEtcHosts", () => {
  it("puts the FQDN before the host name when a domain is set", () => {
    expect(
      renderEtcHosts({ hostName: "web", domain: "example.org", enableIPv6: true, extraHosts: "" }),
    ).toBe("127.0.0.1 localhost\n::1 localhost\n127.0.0.2 web.example.org web\n");
  });

  it("writes no 127.0.0.2 line without a host name", () => {
    expect(renderEtcHosts({ hostName: "", domain: "x", enableIPv6: false, extraHosts: "" })).toBe(
      "127.0.0.1 localhost\n\n",
    );
  });

  // NixOS writes the domain only beside a host name (real Nix: "127.0.0.1 localhost\n::1 localhost\n").
  it("leaves a domain it does not write unchecked, as NixOS never writes it", () => {
    for (const domain of ["a b", "x#y", "l\nx", "\t"]) {
      expect(renderEtcHosts({ hostName: "", domain, enableIPv6: true, extraHosts: "" })).toBe(
        "127.0.0.1 localhost\n::1 localhost\n",
      );
      expect(() =>
        renderEtcHosts({ hostName: "db-1", domain, enableIPv6: true, extraHosts: "" }),
      ).toThrow(ModuleError);
    }
  });

  it("writes networking.hosts as evaluated, addresses in byte order", () => {
    const text = renderEtcHosts({
      hostName: "gw",
      enableIPv6: true,
      extraHosts: "# end\n",
      hosts: {
        "::1": ["ip6-localhost"],
        "127.0.0.2": ["gw", "gw.lan"],
        "10.0.0.1": ["router"],
        "192.0.2.9": [],
      },
      hostFiles: ["203.0.113.5 blocked\n"],
    });
    expect(text).toBe(
      "127.0.0.1 localhost\n::1 localhost\n" +
        "10.0.0.1 router\n127.0.0.2 gw gw.lan\n::1 ip6-localhost\n" +
        "# end\n203.0.113.5 blocked\n",
    );
  });

  it("rejects a line break in a host entry", () => {
    expect(() =>
      renderEtcHosts({
        hostName: "h",
        enableIPv6: true,
        extraHosts: "",
        hosts: { "10.0.0.1": ["a\n1.2.3.4 evil"] },
      }),
    ).toThrow(ModuleError);
  });
});

describe("parseEtcHosts", () => {
  it("reads the rendered vectors back as address → names", () => {
    const dir = new URL("../vectors/render/", import.meta.url);
    const h03 = JSON.parse(readFileSync(new URL("h03-hosts-extra-lines.json", dir), "utf8")) as {
      expected: string;
    };
    expect(parseEtcHosts(h03.expected)).toEqual({
      "127.0.0.1": ["localhost"],
      "::1": ["localhost"],
      "127.0.0.2": ["edge01"],
      "172.16.0.10": ["nas", "nas.lab"],
      "fd00::10": ["nas6"],
    });
    expect(readdirSync(dir).filter((f) => f.startsWith("h"))).toHaveLength(3);
  });

  it("merges repeated addresses, ignores comments and blank lines, keeps __proto__ as data", () => {
    expect(parseEtcHosts("1.1.1.1 a b # c\n\n\t1.1.1.1\tb c\n__proto__ x\n")).toEqual({
      "1.1.1.1": ["a", "b", "c"],
      ["__proto__"]: ["x"],
    });
  });
});

describe("networking.hosts", () => {
  const hostsOf = (networking: object) => render(evaluate({ networking })).etcHosts;
  const nonEmpty = (text: string) => text.split("\n").filter((line) => line !== "");

  // Expected texts: real Nix 2.8 with NixOS's networking.nix (compared ignoring empty lines).
  it("writes its entries in byte order of address, NixOS's 127.0.0.2 entry among them", () => {
    expect(nonEmpty(hostsOf({ hostName: "h", hosts: { "10.0.0.1": ["db"] } }))).toEqual(
      nonEmpty("127.0.0.1 localhost\n::1 localhost\n10.0.0.1 db\n127.0.0.2 h\n"),
    );
  });

  it("merges a definition of 127.0.0.2 before NixOS's, and leaves out an address without names", () => {
    const networking = {
      hostName: "h",
      domain: "example.org",
      hosts: { "127.0.0.2": ["x", "y"], "::1": ["six"], "10.0.0.9": [] },
    };
    expect(nonEmpty(hostsOf(networking))).toEqual(
      nonEmpty("127.0.0.1 localhost\n::1 localhost\n127.0.0.2 x y h.example.org h\n::1 six\n"),
    );
    expect(evaluate({ networking }).config.networking.hosts).toEqual({
      "10.0.0.9": [],
      "127.0.0.2": ["x", "y", "h.example.org", "h"],
      "::1": ["six"],
    });
  });

  it("asserts, as NixOS does, that no other address is called localhost", () => {
    const evaluation = evaluate({ networking: { hosts: { "192.168.1.1": ["localhost"] } } });
    expect(evaluation.failedAssertions).toEqual([
      '`networking.hosts` maps "localhost" to something other than "127.0.0.1"\nor "::1". This will break some applications. Please use\n`networking.extraHosts` if you really want to add such a mapping.\n',
    ]);
    expect(evaluate({ networking: { hosts: { "::1": ["localhost"] } } }).failedAssertions).toEqual(
      [],
    );
  });
});
