/**
 * A seed container's `render().nspawn` entry is what its `container-<name>` unit starts, its
 * `ExecStart=` lines read as systemd reads them (systemd.service(5), "Command lines"): list
 * values and resets, quotes, escapes, specifiers, prefixes, `;` and the unit's environment.
 * Units that do not start (masked, a drop-in, refused settings) have none, and a name both
 * container modules use is refused: both would register the same machine.
 */
import { describe, expect, it } from "vitest";
import { evaluate, mkForce, render, type Module } from "../../lib/index.ts";
import { unitSettings } from "../../lib/render/unit-settings.ts";
import { moduleError } from "../helpers/module-error.ts";

const S = "/nix/store/ym08rhp5380qd1clw7fq0cjc38zd78jy-systemd-208/bin/systemd-nspawn";
const container = { systemd: { containers: { a: { path: "/p" } } } };
const withUnit = (settings: Record<string, unknown>, ...more: Module[]) =>
  render(evaluate([container, { systemd: { services: { "container-a": settings } } }, ...more]))
    .nspawn.a;
const started = (execStart: unknown, environment: Record<string, unknown> = {}) =>
  withUnit({ environment, serviceConfig: { ExecStart: mkForce(execStart) } })?.argv;

describe("a seed container's command line", () => {
  it("is the module's command, and its parts", () => {
    const command = render(evaluate(container)).nspawn.a!;
    expect(command.argv.slice(0, 5)).toEqual([S, "-M", "a", "-D", "/var/lib/containers/a"]);
    expect(command.machine).toBe("a");
    expect(command.init).toBe("/p/init");
  });

  it("follows a host's list of commands after the last reset", () => {
    const argv = withUnit({ serviceConfig: { ExecStart: ["", "/bin/x --y"] } })?.argv;
    expect(argv).toEqual(["/bin/x", "--y"]);
    // No command, or two for a `simple` service: systemd refuses to start the unit.
    expect(started([])).toBeUndefined();
    expect(started(["/bin/x", "/bin/y"])).toBeUndefined();
    expect(started(`${S} -M a ; /bin/true`)).toBeUndefined();
  });

  it("reads quotes, escapes, blanks, specifiers and prefixes as systemd does", () => {
    expect(started(`${S} -M a -D "/srv/my root" /p/init`)).toEqual([
      S,
      "-M",
      "a",
      "-D",
      "/srv/my root",
      "/p/init",
    ]);
    expect(started(`${S}  -M a\\x41 '\\'' \\; x`)).toEqual([S, "-M", "aA", "'", ";", "x"]);
    // Escapes systemd does not know are kept as written; bytes make UTF-8 text.
    expect(started(`${S} a\\qb \\xc3\\xa9 \\303\\251 \\400 \\U00110000`)).toEqual([
      S,
      "a\\qb",
      "é",
      "é",
      "\\400",
      "\\U00110000",
    ]);
    expect(started(`-${S} -M %N -D %S/%j /p/init`)).toEqual([
      S,
      "-M",
      "container-a",
      "-D",
      "/var/lib/a",
      "/p/init",
    ]);
    expect(started(`@${S} nspawn -M a /p/init`)).toEqual(["nspawn", "-M", "a", "/p/init"]);
    expect(started(`${S} %c %r %R`)).toEqual([S, "/container-a.service", "", ""]);
    // An unknown specifier, an open quote, an empty or unsafe program fail the unit; `-` only
    // ignores its line.
    expect(started(`${S} -M %Z /p/init`)).toBeUndefined();
    expect(started(["/bin/e\\qcho", "/bin/true"])).toBeUndefined();
    expect(started(['""', "/bin/true"])).toBeUndefined();
    expect(started("@/bin/x")).toBeUndefined();
    expect(started(`/bin/${"x".repeat(256)}`)).toBeUndefined();
    // An argument that is no UTF-8 text cannot be shown.
    expect(started(`${S} \\xff`)).toBeUndefined();
    expect(started(`${S} "/p/init`)).toBeUndefined();
    expect(started(["", `-${S} "/p/init`])).toBeUndefined();
  });

  it("substitutes the unit's environment at start, unless the command says not to", () => {
    const environment = { NAME: "nm", ROOT: "/r", WORDS: "w1  'w 2' w3" };
    expect(started(`${S} -M $NAME -D \${ROOT}/x $WORDS $UNSET '$$' /p/init`, environment)).toEqual([
      S,
      "-M",
      "nm",
      "-D",
      "/r/x",
      "w1",
      "w 2",
      "w3",
      "$",
      "/p/init",
    ]);
    expect(started(`:${S} -M $NAME /p/init`, environment)).toEqual([S, "-M", "$NAME", "/p/init"]);
    // `${NAME:…}' is no form systemd substitutes; what it sets at start only the host knows.
    expect(started(`${S} \${NAME:-x} \${INVOCATION_ID} $INVOCATION_ID`, environment)).toEqual([
      S,
      "${NAME:-x}",
      "${INVOCATION_ID}",
      "$INVOCATION_ID",
    ]);
    // systemd drops an assignment whose name is no variable name.
    expect(started(`${S} -M \${A-B} $1X /p/init`, { "A-B": "zz", "1X": "--bind=/q" })).toEqual([
      S,
      "-M",
      "",
      "/p/init",
    ]);
  });

  it("reads a value ending in an escaped backslash, which continues no line", () => {
    expect(started(`${S} -M a /p/init\\\\`)).toEqual([S, "-M", "a", "/p/init\\"]);
  });

  it("says what nspawn reads from its arguments", () => {
    const command = withUnit({
      serviceConfig: {
        ExecStart: mkForce(
          `${S} --machine=m -D/r --bind=/a:/b:norbind --capability=A,B /p/init --flag`,
        ),
      },
    })!;
    expect(command.machine).toBe("m");
    expect(command.directory).toBe("/r");
    expect(command.bindMounts).toEqual([
      { source: "/a", target: "/b", readOnly: false, options: "norbind" },
    ]);
    expect(command.capabilities).toEqual(["A", "B"]);
    expect(command.init).toBe("/p/init");
    const netns = withUnit({
      serviceConfig: {
        ExecStart: mkForce(
          `@/nix/store/x-run-in-netns/bin/run-in-netns run-in-netns ns ${S} -Ma /p/init`,
        ),
      },
    })!;
    expect(netns.argv[0]).toBe("run-in-netns");
    expect(netns.networkNamespace).toBe("ns");
    expect(netns.machine).toBe("a");
  });

  it("is absent when the unit does not start", () => {
    expect(withUnit({ enable: false })).toBeUndefined();
    // A drop-in with no unit of that name under it: systemd finds no unit.
    expect(withUnit({ overrideStrategy: "asDropin" })).toBeUndefined();
  });

  it("may not share its name with a container of today's module", () => {
    const error = moduleError(() =>
      render(evaluate([container, { containers: { a: { path: "/q" } } }])),
    );
    expect(error.message).toContain(
      "`systemd.containers.a' and `containers.a' both run systemd-nspawn as machine \"a\"",
    );
    expect(error.loc).toEqual(["containers", "a"]);
    // With the seed's unit masked only today's runs.
    const masked = render(
      evaluate([
        container,
        { containers: { a: { path: "/q" } } },
        { systemd: { services: { "container-a": { enable: false } } } },
      ]),
    );
    expect(masked.nspawn.a!.argv).toContain("--keep-unit");
  });
});

describe("a unit file's settings, as systemd's config_parse reads them", () => {
  it("joins lines ending in an unpaired backslash, skipping comment lines, and strips only its blanks", () => {
    const text = [
      "[Unit]",
      "ExecStart=/bin/unit",
      "[Service]",
      "ExecStartPre=/bin/pre",
      "ExecStart = /bin/a \\",
      "# a comment inside the continued line",
      "  b\\\\",
      "ExecStart=/bin/c\u00a0",
      "ExecStart=/bin/d \\",
    ].join("\n");
    expect(unitSettings(text, "Service", "ExecStart")).toEqual([
      "/bin/a    b\\\\",
      "/bin/c\u00a0",
      "/bin/d",
    ]);
  });
});
