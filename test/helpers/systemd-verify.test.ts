import { describe, expect, it } from "vitest";
import { referencedExecutables, systemdAnalyzeAvailable, verifyUnits } from "./systemd-verify.ts";

const good = `[Unit]
Description=A good unit
After=network.target
Wants=network-online.target
Documentation=man:nixmod-test(8)

[Service]
Type=oneshot
RemainAfterExit=true
Environment="PATH=/nix/store/aaaa-coreutils/bin"
ExecStartPre=-/nix/store/bbbb-unit-script-pre/bin/pre
ExecStart=@/nix/store/cccc-systemd/bin/systemd-nspawn systemd-nspawn -M test
ExecStop=/nix/store/dddd-stop/bin/stop \\
  --now

[Install]
WantedBy=multi-user.target
`;

describe("referencedExecutables", () => {
  it("finds the first absolute word of every Exec*= line, after systemd's prefixes", () => {
    expect(referencedExecutables(good).sort()).toEqual([
      "/nix/store/bbbb-unit-script-pre/bin/pre",
      "/nix/store/cccc-systemd/bin/systemd-nspawn",
      "/nix/store/dddd-stop/bin/stop",
    ]);
    expect(
      referencedExecutables('[Service]\nExecStart=+"/nix/store/x y/bin/z" a\nExecStop=rel'),
    ).toEqual(["/nix/store/x y/bin/z"]);
  });
});

const available = systemdAnalyzeAvailable();

describe.skipIf(!available)(
  `verifyUnits${available ? "" : " (skipped: systemd-analyze or a host unit directory is missing; install systemd)"}`,
  () => {
    it("passes a good unit whose executables live in /nix/store", () => {
      const r = verifyUnits({ "good.service": good });
      expect(r.stderr).toBe("");
      expect(r.ok).toBe(true);
    });

    it("passes a target, a template and a drop-in together", () => {
      const r = verifyUnits({
        "good.service": good,
        "nixmod.target": "[Unit]\nDescription=mine\nWants=good.service\n",
        "tmpl@.service": "[Service]\nExecStart=/nix/store/eeee-t/bin/t %i\n",
        "good.service.d/override.conf": "[Service]\nRestart=on-failure\n",
      });
      expect(r.stderr).toBe("");
      expect(r.ok).toBe(true);
    });

    it("stubs extra executables given by the caller", () => {
      // %N expands to the unit name ("x"), which the Exec*= scan cannot know.
      const units = { "x.service": "[Service]\nExecStart=/nix/store/ffff-x/bin/%N\n" };
      const without = verifyUnits(units);
      expect(without.ok).toBe(false);
      expect(without.stderr).toContain("/nix/store/ffff-x/bin/x is not executable");
      const r = verifyUnits(units, ["/nix/store/ffff-x/bin/x"]);
      expect(r.stderr).toBe("");
      expect(r.ok).toBe(true);
    });

    it("rejects a relative ExecStart", () => {
      const r = verifyUnits({ "bad.service": "[Service]\nExecStart=relative/path\n" });
      expect(r.ok).toBe(false);
      expect(r.stderr).toContain("/etc/systemd/system/bad.service:2");
      expect(r.stderr).toContain("relative/path");
    });

    it("rejects an unknown key in [Service] (systemd only warns, exit status 0)", () => {
      const r = verifyUnits({
        "bad.service": "[Service]\nExecStart=/nix/store/hhhh-x/bin/x\nFoo=bar\n",
      });
      expect(r.ok).toBe(false);
      expect(r.status).toBe(0);
      expect(r.stderr).toContain("Unknown key 'Foo' in section [Service]");
    });

    it("rejects a missing dependency and a socket without its service", () => {
      const dep = verifyUnits({
        "bad.service":
          "[Unit]\nRequires=nixmod-does-not-exist.service\n[Service]\nExecStart=/nix/store/i/bin/i\n",
      });
      expect(dep.ok).toBe(false);
      expect(dep.stderr).toContain("nixmod-does-not-exist.service");
      // A socket whose service is missing: no executable to stub, and systemd says so.
      const sock = verifyUnits({ "lonely.socket": "[Socket]\nListenStream=/run/lonely.sock\n" });
      expect(sock.ok).toBe(false);
      expect(sock.stderr).toContain("lonely.service");
    });
  },
);
