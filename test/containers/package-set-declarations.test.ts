import { describe, expect, it } from "vitest";
import { evaluate, evalModules, ModuleError, mkPackage } from "../../lib/index.ts";
import { systemdModule } from "../../modules/system/systemd.ts";
import { builtinModules, evalConfig, makePackageSet } from "../../modules/index.ts";
import { sharedPackageSet } from "../../modules/packages.ts";

const system = (pkgs: ReturnType<typeof makePackageSet>, hostName: string) =>
  evalConfig({ baseModules: builtinModules, modules: [{ networking: { hostName } }], pkgs });

// Every option a module declares from `pkgs` alone (its type, its default's package).
const pkgsDeclared = [
  ["systemd", "package"],
  ["systemd", "containers"],
  ["environment", "etc"],
  ["nix", "package"],
  ["nixpkgs", "hostPlatform"],
  ["boot", "kernelPackages"],
];
const optionAt = (ev: { options: any }, path: string[]) =>
  path.reduce((o, name) => o[name], ev.options);

describe("declarations made from the package set", () => {
  it("are the same objects in every system evaluated with the same package set", () => {
    const pkgs = makePackageSet();
    const a = system(pkgs, "a");
    const b = system(pkgs, "b");
    for (const path of pkgsDeclared) {
      expect(optionAt(b, path).type, path.join(".")).toBe(optionAt(a, path).type);
    }
    expect(b.config.networking.hostName).toBe("b");
  });

  it("group `system.build` once, with the toplevel declared in it, for every system", () => {
    const pkgs = makePackageSet();
    const a = system(pkgs, "a");
    const b = system(pkgs, "b");
    expect(optionAt(b, ["system", "build"]).type).toBe(optionAt(a, ["system", "build"]).type);
    expect(b.config.system.build.toplevel.name).toBe("nixos-system-b");
    expect(a.config.system.build.toplevel.name).toBe("nixos-system-a");
  });

  it("are made again for another package set, which each system reads", () => {
    const a = system(makePackageSet(), "a");
    const b = system(
      makePackageSet({ systemd: "/nix/store/00000000000000000000000000000000-systemd-9" }),
      "b",
    );
    expect(optionAt(b, ["environment", "etc"]).type).not.toBe(
      optionAt(a, ["environment", "etc"]).type,
    );
    expect(String(a.config.systemd.package)).toMatch(/-systemd-208$/);
    expect(String(b.config.systemd.package)).toMatch(/-systemd-9$/);
  });

  it("come from the given package set, which a configuration cannot replace (NixOS forces it)", () => {
    const pkgs = makePackageSet();
    const ev = evalConfig({
      baseModules: builtinModules,
      modules: [
        { _module: { args: { pkgs: makePackageSet({ systemd: "/nix/store/x-systemd-9" }) } } },
      ],
      pkgs,
    });
    expect((ev as any)._module.args.pkgs).toBe(pkgs);
    expect(String(ev.config.systemd.package)).toMatch(/-systemd-208$/);
  });

  it("are made fresh when `pkgs` is not an object", () => {
    const ev = evalModules({
      modules: [systemdModule],
      specialArgs: { pkgs: "not a package set" },
    });
    expect(() => ev.config.systemd.package).toThrow(ModuleError);
  });
});

describe("evaluate()'s package set", () => {
  const systemd = "/nix/store/00000000000000000000000000000000-systemd-9";

  it("is one set for equal overrides made of strings, so evaluations share the declarations", () => {
    const a = evaluate({ networking: { hostName: "a" } });
    const b = evaluate({ networking: { hostName: "b" } });
    expect(b.pkgs).toBe(a.pkgs);
    for (const path of pkgsDeclared) {
      expect(optionAt(b, path).type, path.join(".")).toBe(optionAt(a, path).type);
    }
    expect([a.config.networking.hostName, b.config.networking.hostName]).toEqual(["a", "b"]);
    const c = evaluate({}, { pkgs: { systemd, system: "aarch64-linux" } });
    const d = evaluate({}, { pkgs: { system: "aarch64-linux", systemd } });
    expect(d.pkgs).toBe(c.pkgs);
    expect(c.pkgs).not.toBe(a.pkgs);
    expect(String(d.config.systemd.package)).toBe(systemd);
  });

  it("is made afresh when an override is a package, which may carry anything", () => {
    const pkg = mkPackage(systemd);
    const a = evaluate({}, { pkgs: { systemd: pkg } });
    const b = evaluate({}, { pkgs: { systemd: pkg } });
    expect(b.pkgs).not.toBe(a.pkgs);
    expect(b.config.systemd.package).toBe(pkg);
  });

  it("keeps the sets most recently used", () => {
    const first = sharedPackageSet({ system: "system-0" });
    for (let i = 1; i <= 64; i++) sharedPackageSet({ system: `system-${i}` });
    expect(sharedPackageSet({ system: "system-64" })).toBe(
      sharedPackageSet({ system: "system-64" }),
    );
    const again = sharedPackageSet({ system: "system-0" });
    expect(again).not.toBe(first);
    expect(again.system).toBe("system-0");
  });
});
