/**
 * `systemd.enableStrictShellChecks`, the default of every service's own option (NixOS's
 * systemd-lib.nix defines it in each service with `mkOptionDefault`). Which inputs NixOS accepts
 * and which scripts it makes strict were checked with real Nix evaluating systemd.nix (nixpkgs
 * 2faec4e, the render reference).
 */
import { describe, expect, it } from "vitest";
import { evaluate, mkDefault, mkForce, mkOptionDefault, render } from "../../lib/index.ts";
import { moduleError } from "../helpers/module-error.ts";

const strictPrologue = "set -o errexit\nset -o nounset\nset -o pipefail\n\n";

/** The texts of the job scripts of `services` rendered beside `systemd`, by script name. */
function scripts(systemd: object, services: object): Record<string, string> {
  const rendered = render(evaluate([{ systemd }, { systemd: { services } }]));
  return Object.fromEntries(
    Object.entries(rendered.scripts).map(([path, text]) => [
      path.replace(/^.*-unit-script-/, ""),
      text,
    ]),
  );
}

const isStrict = (text: string) => text.split("\n").slice(1).join("\n").startsWith(strictPrologue);

describe("systemd.enableStrictShellChecks", () => {
  it("makes the scripts of every service strict unless the service says otherwise", () => {
    const texts = scripts(
      { enableStrictShellChecks: true },
      {
        a: { script: "echo a", preStart: "p", reload: "r", postStop: "q" },
        b: { script: "echo b", enableStrictShellChecks: false },
        c: { script: "echo c", enableStrictShellChecks: mkDefault(false) },
      },
    );
    expect(Object.keys(texts).sort()).toEqual([
      "a-post-stop",
      "a-pre-start",
      "a-reload",
      "a-start",
      "b-start",
      "c-start",
    ]);
    for (const name of ["a-post-stop", "a-pre-start", "a-reload", "a-start"])
      expect(isStrict(texts[name]!)).toBe(true);
    expect(isStrict(texts["b-start"]!)).toBe(false);
    expect(isStrict(texts["c-start"]!)).toBe(false);
  });

  it("gives the same bytes as setting each service's own option", () => {
    const services = { a: { script: "echo a" }, t: { script: "t", startAt: "daily" } };
    const viaHost = render(evaluate({ systemd: { enableStrictShellChecks: true, services } }));
    const viaService = render(
      evaluate({
        systemd: {
          services: {
            a: { script: "echo a", enableStrictShellChecks: true },
            t: { script: "t", startAt: "daily", enableStrictShellChecks: true },
          },
        },
      }),
    );
    expect(viaHost).toEqual(viaService);
    const relaxed = render(evaluate({ systemd: { services } }));
    expect(relaxed.scripts).not.toEqual(viaHost.scripts);
  });

  it("is the default of each service's option, at mkOptionDefault's priority", () => {
    const evaluation = evaluate([
      {
        systemd: {
          enableStrictShellChecks: mkForce(false),
          services: { a: { enableStrictShellChecks: true } },
        },
      },
      { systemd: { enableStrictShellChecks: true, services: { b: {} } } },
    ]);
    const services = evaluation.config.systemd.services as Record<string, any>;
    expect([services.a.enableStrictShellChecks, services.b.enableStrictShellChecks]).toEqual([
      true,
      false,
    ]);
    const conflict = moduleError(() =>
      render(
        evaluate({
          systemd: {
            enableStrictShellChecks: true,
            services: { a: { script: "a", enableStrictShellChecks: mkOptionDefault(false) } },
          },
        }),
      ),
    );
    expect(conflict.message).toContain(
      "The option `systemd.services.a.enableStrictShellChecks' has conflicting definition values:\n- In `modules/system/systemd.ts': true\n- In `<unknown-file>': false",
    );
  });

  it("is read where a service makes a script, and only there", () => {
    const bad = (services: object) => () =>
      render(evaluate({ systemd: { enableStrictShellChecks: "yes", services } } as never));
    const message =
      "A definition for option `systemd.enableStrictShellChecks' is not of type `boolean'.";
    expect(moduleError(bad({ a: { script: "a" } })).message).toContain(message);
    expect(moduleError(bad({ a: { script: "a", enable: false } })).message).toContain(message);
    expect(() => bad({ a: { serviceConfig: { ExecStart: "/bin/a" } } })()).not.toThrow();
    expect(() => bad({ a: { script: "a", enableStrictShellChecks: false } })()).not.toThrow();
  });
});
