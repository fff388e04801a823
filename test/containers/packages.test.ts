/** The built-in package set and `evaluate`'s `pkgs` overrides. */

import { format, plugins } from "@vitest/pretty-format";
import { describe, expect, it } from "vitest";
import { evaluate, isPackage, mkPackage, render } from "../../lib/index.ts";
import { moduleError } from "../helpers/module-error.ts";
import { toFilePath } from "../../lib/render/store-path.ts";
import {
  defaultStorePaths,
  makePackageSet,
  nixosContainerShellText,
  parseDrvName,
} from "../../modules/packages.ts";
import { runInNetnsSource } from "../../modules/virtualisation/run-in-netns.ts";

const container = {
  systemd: { containers: { web: { path: "/nix/var/nix/profiles/web", privateNetwork: true } } },
};

describe("mkPackage", () => {
  const path = "/nix/store/0jk4lv6ym9wd6pa0b6jvcrdwlfdp9rd6-tool-1";

  it("makes what { ...extra, type, name, outPath } makes, frozen", () => {
    const tag = Symbol("tag");
    const extra: Record<string | symbol, unknown> = { version: "1", name: "ignored" };
    Object.defineProperty(extra, "__proto__", { value: { own: true }, enumerable: true });
    Object.defineProperty(extra, "meta", { get: () => ({ read: "once" }), enumerable: true });
    Object.defineProperty(extra, "hidden", { value: 1, enumerable: false });
    extra[tag] = "symbol";
    const pkg = mkPackage(path, "tool-1", extra as Record<string, unknown>);
    const spread = { ...extra, type: "derivation", name: "tool-1", outPath: path };
    expect(Reflect.ownKeys(pkg).filter((k) => Object.keys(spread).includes(k as string))).toEqual(
      Object.keys(spread),
    );
    expect({ ...pkg }).toEqual(spread);
    expect(Object.getPrototypeOf(pkg)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(pkg, "meta")?.value).toEqual({ read: "once" });
    expect("hidden" in pkg).toBe(false);
    expect((pkg as unknown as Record<symbol, unknown>)[tag]).toBe("symbol");
    expect(Object.isFrozen(pkg)).toBe(true);
    expect(String(pkg)).toBe(path);
  });
});

describe("default package set", () => {
  const pkgs = makePackageSet();

  it("has a stand-in for every package the built-in modules use", () => {
    for (const [attr, path] of Object.entries(defaultStorePaths)) {
      const pkg = pkgs[attr];
      expect(isPackage(pkg)).toBe(true);
      expect(String(pkg)).toBe(path);
      expect(JSON.stringify(pkg)).toBe(JSON.stringify(path));
      expect(`${pkg}/bin/x`).toBe(`${path}/bin/x`);
    }
    expect(pkgs.bash.outPath).toBe("/nix/store/k5jd53yyqvy66hjmhhwgg7zyfzgj0h1c-bash-4.2-p45");
    expect(pkgs.bash.name).toBe("bash-4.2-p45");
  });

  it("parses names and versions as Nix does", () => {
    expect(parseDrvName("bash-4.2-p45")).toEqual({ name: "bash", version: "4.2-p45" });
    expect(parseDrvName("nixos-container")).toEqual({ name: "nixos-container", version: "" });
    expect(parseDrvName("iproute2-6.15.0")).toEqual({ name: "iproute2", version: "6.15.0" });
    expect(pkgs.linux.version).toBe("6.12.41");
    expect(pkgs.linux.pname).toBe("linux");
    expect(pkgs.linuxPackages.kernel).toBe(pkgs.linux);
    expect("version" in pkgs["nixos-container"]).toBe(false);
    // The kernel's version is compared by today's container module, so it is there even empty,
    // as the reference package set has it (parseDrvName's).
    const versionless = makePackageSet({
      linux: "/nix/store/bqj8v9z5n1yv2myrm5alj37r5ag4sdrx-linux-x",
    });
    expect(versionless.linuxPackages.kernel.version).toBe("");
  });

  it("has the attributes today's modules read", () => {
    expect(pkgs.system).toBe("x86_64-linux");
    expect(pkgs.stdenv.hostPlatform.system).toBe("x86_64-linux");
    expect(pkgs.runtimeShell).toBe(`${pkgs.bash}/bin/bash`);
    const nixosContainer = pkgs["nixos-container"];
    expect((nixosContainer.meta as { mainProgram: string }).mainProgram).toBe("nixos-container");
    expect((nixosContainer.override as (a: unknown) => unknown)({})).toBe(nixosContainer);
  });

  // Read as `undefined` before, a NixOS module's `mkIf hostPlatform.isLinux` was false.
  it("describes its platform with the flags modules test, as nixpkgs' lib/systems does", () => {
    expect(pkgs.stdenv.hostPlatform).toMatchObject({
      isLinux: true,
      isDarwin: false,
      isx86_64: true,
      isx86: true,
      isAarch64: false,
      is64bit: true,
    });
    const arm = makePackageSet({ system: "aarch64-darwin" }).stdenv.hostPlatform;
    expect(arm).toMatchObject({
      system: "aarch64-darwin",
      isDarwin: true,
      isLinux: false,
      isAarch64: true,
    });
    expect(makePackageSet({ system: "i686-linux" }).stdenv.hostPlatform).toMatchObject({
      isx86: true,
      isi686: true,
      is64bit: false,
    });
  });

  it("makes run-in-netns a content address of its C source", () => {
    const pkg = pkgs["run-in-netns"];
    expect(pkg.name).toBe("run-in-netns");
    expect(pkg.outPath).toBe(toFilePath("run-in-netns", runInNetnsSource));
    expect(pkg.source).toBe(runInNetnsSource);
  });

  it("makes nixos-container-shell a content address of its script, with the set's bash and socat", () => {
    const pkg = pkgs["nixos-container-shell"];
    const text = nixosContainerShellText(pkgs.bash, pkgs.socat);
    expect(pkg.name).toBe("nixos-container-shell");
    expect(pkg.text).toBe(text);
    expect(pkg.outPath).toBe(toFilePath("nixos-container-shell", text));
    expect(text.startsWith(`#! ${pkgs.bash}/bin/sh -e\nusage() {\n`)).toBe(true);
    expect(text).toContain(`  exec ${pkgs.socat}/bin/socat "unix:$socket" -,echo=0,raw\nfi\n`);
    expect(text.endsWith("fi\n")).toBe(true);
  });

  it("offers the trivial builders as content-addressed files", () => {
    const a = pkgs.writeText("hello", "hi\n");
    expect(a.outPath).toBe(toFilePath("hello", "hi\n"));
    expect(a.text).toBe("hi\n");
    expect(pkgs.writeScript("s", "x").outPath).toBe(toFilePath("s", "x"));
    expect(pkgs.writeScriptBin("s", "x").name).toBe("s");
  });
});

describe("a package the set does not have", () => {
  const script = (pkgs: Record<string, unknown>) => `${pkgs.hello}/bin/hello`;

  it("fails as Nix's `attribute … missing' with the option that read it, never reaching a script", () => {
    const evaluation = evaluate({
      _file: "host.ts",
      imports: [
        ({ pkgs }: { pkgs: Record<string, unknown> }) => ({
          systemd: {
            services: {
              a: {
                get script() {
                  return script(pkgs);
                },
              },
            },
          },
        }),
      ],
    });
    const error = moduleError(() => render(evaluation));
    expect(error.loc).toEqual(["systemd", "services", "a", "script"]);
    expect(error.message).toBe(
      "while evaluating the option `systemd.services.a.script': attribute 'hello' missing from the package set `pkgs' (nixmod's has stand-ins for the packages its modules use; give others by name: evaluate(config, { pkgs: { \"hello\": \"/nix/store/…\" } }), or the command's --pkgs file)",
    );
  });

  it("suggests the names it has, as Nix does", () => {
    const body = ({ pkgs }: { pkgs: Record<string, unknown> }) => ({
      environment: { systemPackages: [pkgs.coreutil] },
    });
    const error = moduleError(() => render(evaluate({ _file: "host.ts", imports: [body] })));
    expect(error.message).toContain(
      "attribute 'coreutil' missing from the package set `pkgs'. Did you mean coreutils?",
    );
  });

  it("is answered by `in`, and by what JavaScript and test tools ask of any object", async () => {
    const pkgs = makePackageSet({
      hello: "/nix/store/0jk4lv6ym9wd6pa0b6jvcrdwlfdp9rd6-hello-2.12",
    });
    expect("hello" in pkgs && !("hellox" in pkgs)).toBe(true);
    expect(script(pkgs as unknown as Record<string, unknown>)).toBe(
      "/nix/store/0jk4lv6ym9wd6pa0b6jvcrdwlfdp9rd6-hello-2.12/bin/hello",
    );
    expect(pkgs).toEqual(pkgs);
    // pkgs.lib contains itself (as lib does in Nix), so the JSON leaves it out.
    const json = JSON.stringify(pkgs, (key, value: unknown) => (key === "lib" ? undefined : value));
    expect(JSON.parse(json).bash).toBe(defaultStorePaths.bash);
    expect(String(Object.prototype.toString.call(pkgs))).toBe("[object Object]");
    await expect(Promise.resolve(pkgs)).resolves.toBe(pkgs);
    // What vitest's snapshots print it with: every plugin tests the object first.
    const printed = format(
      { bash: pkgs.bash, pkgs },
      { plugins: Object.values(plugins), maxDepth: 2 },
    );
    expect(printed).toContain("bash-4.2-p45");
  });
});

describe("overrides", () => {
  it("take a string as a store path", () => {
    const path = "/nix/store/8sadvl3jl1h4cy2b0nrsm2qw7rdv6dmy-bash-4.2-p53";
    const pkgs = makePackageSet({ bash: path });
    expect(pkgs.bash.outPath).toBe(path);
    expect(pkgs.bash.name).toBe("bash-4.2-p53");
    expect(pkgs.bash.version).toBe("4.2-p53");
    expect(pkgs.runtimeShell).toBe(`${path}/bin/bash`);
  });

  it("keep packages as they are and revive package-shaped data", () => {
    const pkg = mkPackage("/nix/store/6w1vwyq0hfsgqz1rn9bcmbc4lxg0d2xa-systemd-210");
    expect(makePackageSet({ systemd: pkg }).systemd).toBe(pkg);
    const data = {
      type: "derivation",
      name: "socat-x",
      outPath: "/nix/store/wr9rjd1nl2hdg5kh8bvdvqjyw0z3m5qm-socat-1.7.2.4",
      meta: { a: 1 },
    };
    const socat = makePackageSet({ socat: data }).socat;
    expect(`${socat}`).toBe(data.outPath);
    expect(socat.name).toBe("socat-x");
    expect(socat.meta).toEqual({ a: 1 });
  });

  it("keep extra attributes of known packages when given as a path", () => {
    const path = "/nix/store/0jk4lv6ym9wd6pa0b6jvcrdwlfdp9rd6-nixos-container";
    const pkg = makePackageSet({ "nixos-container": path })["nixos-container"];
    expect((pkg.meta as { mainProgram: string }).mainProgram).toBe("nixos-container");
    expect((pkg.override as () => unknown)()).toBe(pkg);
  });

  it("keep non-path strings as strings and add new attributes", () => {
    const pkgs = makePackageSet({
      system: "aarch64-linux",
      postgresql: "/nix/store/0jk4lv6ym9wd6pa0b6jvcrdwlfdp9rd6-postgresql-9.2.4",
    });
    expect(pkgs.system).toBe("aarch64-linux");
    expect(pkgs.stdenv.hostPlatform.system).toBe("aarch64-linux");
    expect(isPackage(pkgs.postgresql)).toBe(true);
  });

  it("change what is derived from the overridden packages", () => {
    const base = makePackageSet();
    const other = makePackageSet({
      socat: "/nix/store/wr9rjd1nl2hdg5kh8bvdvqjyw0z3m5qm-socat-1.7.2.4",
    });
    expect(other["nixos-container-shell"].outPath).not.toBe(base["nixos-container-shell"].outPath);
    expect(other["run-in-netns"].outPath).toBe(base["run-in-netns"].outPath);
  });

  it("reach the modules through evaluate()", () => {
    const runInNetns = "/nix/store/4ywnhy8nrfin4dlwvzz95yrw6fv3x3n9-run-in-netns";
    const shell = "/nix/store/9cbmgs7lf4gfxaq7cx3jy8wxv1wni6hq-nixos-container-shell";
    const ev = evaluate(container, {
      pkgs: {
        "run-in-netns": runInNetns,
        "nixos-container-shell": shell,
        iproute: "/nix/store/2b5wy0ilq2cg9j3a1sxr9cq8cbmvffzf-iproute2-3.12.0",
      },
    });
    const service = ev.config.systemd.services["container-web"];
    expect(
      service.serviceConfig.ExecStart.startsWith(`${runInNetns}/bin/run-in-netns net-web `),
    ).toBe(true);
    expect(service.path.map(String)).toEqual([
      "/nix/store/2b5wy0ilq2cg9j3a1sxr9cq8cbmvffzf-iproute2-3.12.0",
    ]);
    expect(ev.config.environment.systemPackages.map(String)).toEqual([shell]);
    expect(String(ev.config.systemd.package)).toBe(defaultStorePaths.systemd);
    expect(ev.pkgs["run-in-netns"].outPath).toBe(runInNetns);
  });

  it("are per evaluation", () => {
    const a = evaluate(container, {
      pkgs: { bash: "/nix/store/8sadvl3jl1h4cy2b0nrsm2qw7rdv6dmy-bash-4.2-p53" },
    });
    const b = evaluate(container);
    expect(a.config.systemd.services["container-web"].serviceConfig.ExecReload).toContain(
      "bash-4.2-p53",
    );
    expect(b.config.systemd.services["container-web"].serviceConfig.ExecReload).toContain(
      "bash-4.2-p45",
    );
  });
});
