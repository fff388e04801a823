import { describe, expect, it } from "vitest";
import { evaluate, formatPlan, plan } from "nixmod";
import { moduleError } from "../helpers/module-error.ts";

const container = (path: string) => ({ path });

describe("plan", () => {
  const before = evaluate({
    systemd: {
      containers: {
        web: container("/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-web"),
        old: container("/srv/old"),
      },
      services: {
        api: { script: "exec api --v1", wantedBy: ["multi-user.target"] },
        worker: { script: "exec worker", restartIfChanged: false, wantedBy: ["multi-user.target"] },
        proxy: { script: "exec proxy", stopIfChanged: false, wantedBy: ["multi-user.target"] },
        cache: { description: "Cache", script: "exec cache", wantedBy: ["multi-user.target"] },
      },
    },
  });
  const after = evaluate({
    systemd: {
      containers: {
        web: container("/nix/store/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb-web"),
        fresh: container("/srv/new"),
      },
      services: {
        api: { script: "exec api --v2", wantedBy: ["multi-user.target"] },
        worker: {
          script: "exec worker --fast",
          restartIfChanged: false,
          wantedBy: ["multi-user.target"],
        },
        proxy: {
          script: "exec proxy --tls",
          stopIfChanged: false,
          wantedBy: ["multi-user.target"],
        },
        cache: { description: "The cache", script: "exec cache", wantedBy: ["multi-user.target"] },
      },
    },
  });
  const p = plan(before, after);
  const action = (unit: string) => p.units.find((u) => u.unit === unit)?.action;

  it("reloads a container whose path changed (the seed sets reloadIfChanged)", () => {
    expect(action("container-web.service")).toBe("reload");
    expect(p.units.find((u) => u.unit === "container-web.service")!.diff).toContain("+ExecStart=");
  });

  it("stops and starts a restartIfChanged unit whose ExecStart changed", () => {
    expect(action("api.service")).toBe("stop-start");
    expect(p.units.find((u) => u.unit === "api.service")!.reason).toContain("stopped before");
    expect(action("proxy.service")).toBe("restart");
    expect(p.units.find((u) => u.unit === "proxy.service")!.reason).toContain("in place");
  });

  it("stops a removed container and starts an added one", () => {
    expect(action("container-old.service")).toBe("stop");
    expect(action("container-fresh.service")).toBe("start");
  });

  it("leaves a restartIfChanged = false unit alone and ignores description changes", () => {
    expect(action("worker.service")).toBe("skip");
    expect(action("cache.service")).toBeUndefined();
  });

  it("lists the changed files and prints as text", () => {
    const paths = p.files.map((f) => `${f.change} ${f.path}`);
    expect(paths).toContain("changed etc/systemd/system/api.service");
    expect(paths).toContain("removed etc/systemd/system/container-old.service");
    expect(paths).toContain(
      "added etc/systemd/system/multi-user.target.wants/container-fresh.service",
    );
    const text = formatPlan(p);
    expect(text).toContain("reloading the following units: container-web.service");
    expect(text).toContain("--- a/api.service");
  });

  it("reloads on changed reload triggers only", () => {
    const s = (trigger: string) => ({
      script: "x",
      reloadTriggers: [trigger],
      wantedBy: ["multi-user.target"],
    });
    const a = evaluate({ systemd: { services: { s: s("1") } } });
    const b = evaluate({ systemd: { services: { s: s("2") } } });
    expect(plan(a, b).units).toMatchObject([{ unit: "s.service", action: "reload" }]);
  });
});

describe("plan given what is no evaluation or rendering", () => {
  it("refuses it in Nix's words instead of failing inside", () => {
    const evaluation = evaluate({});
    const message = (f: () => unknown): string => moduleError(f).message;
    expect(message(() => plan(null as never, evaluation))).toBe(
      "the old side of plan is null while a set was expected (an evaluation or a rendering)",
    );
    const broken = {
      units: { "a.service": 5 },
      etcHosts: "",
      links: {},
      scripts: {},
      files: {},
      masked: [],
      timers: {},
      dropIns: [],
    };
    expect(message(() => plan(evaluation, broken as never))).toBe(
      "`units.a.service' of the new rendering given to plan is an integer while a string was expected",
    );
    expect(message(() => plan({ ...broken, units: {}, masked: "a" } as never, evaluation))).toBe(
      "`masked' of the old rendering given to plan is a string while a list was expected",
    );
  });
});

describe("timers and drop-ins", () => {
  const host = (services: Record<string, unknown>) => evaluate({ systemd: { services } });

  it("a timer is a unit: changed, added and removed timers are planned like services", () => {
    const before = host({ tick: { script: "echo tick", startAt: "hourly" } });
    const after = host({
      tick: { script: "echo tick", startAt: "daily" },
      tock: { script: "echo tock", startAt: "weekly" },
    });
    const p = plan(before, after);
    expect(p.units.map((u) => [u.unit, u.change, u.action])).toEqual([
      ["tick.timer", "changed", "restart"],
      ["tock.service", "added", "skip"],
      ["tock.timer", "added", "start"],
    ]);
    expect(p.units.find((u) => u.unit === "tock.service")!.reason).toBe(
      "it is new; tock.timer starts it",
    );
    expect(p.files.map((f) => `${f.change} ${f.path}`)).toEqual(
      expect.arrayContaining([
        "changed etc/systemd/system/tick.timer",
        "added etc/systemd/system/tock.timer",
        "added etc/systemd/system/timers.target.wants/tock.timer",
      ]),
    );
    const text = formatPlan(p);
    expect(text).toContain("new units nothing starts now: tock.service");
    expect(text).not.toContain("NOT restarting the following changed units");
    // tock.service runs only when its timer starts it: between runs there is nothing to stop.
    expect(plan(after, before).stop).toEqual(["tock.timer"]);
  });

  it("files are named by their path in the written tree (a drop-in's overrides.conf)", () => {
    const dropIn = (execStart: string) =>
      host({ sshd: { overrideStrategy: "asDropin", serviceConfig: { ExecStart: execStart } } });
    const p = plan(dropIn("/bin/a"), dropIn("/bin/b"));
    expect(p.files.map((f) => f.path)).toContain(
      "etc/systemd/system/sshd.service.d/overrides.conf",
    );
  });
});

describe("renderings given by hand are checked whole", () => {
  it("refuses each part of the wrong kind in Nix's words", () => {
    const evaluation = evaluate({});
    const base = {
      units: {},
      etcHosts: "",
      links: {},
      scripts: {},
      files: {},
      masked: [],
      timers: {},
      dropIns: [],
    };
    const message = (rendering: object) =>
      moduleError(() => plan(rendering as never, evaluation)).message;
    expect(message({ ...base, etcHosts: 5 })).toBe(
      "`etcHosts' of the old rendering given to plan is an integer while a string was expected",
    );
    expect(message({ ...base, masked: [1] })).toBe(
      "`masked.0' of the old rendering given to plan is an integer while a string was expected",
    );
    expect(message({ ...base, executables: "x" })).toBe(
      "`executables' of the old rendering given to plan is a string while a list was expected",
    );
    expect(message({ ...base, etc: { motd: { source: "/s", mode: "symlink", user: "+0" } } })).toBe(
      "`etc.motd.group' of the old rendering given to plan is null while a string was expected",
    );
  });
});
