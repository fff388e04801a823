/**
 * Injection: hostile strings (quotes, `$()`, backticks, newlines, CR, NUL, `%`, backslashes,
 * unicode, lone surrogates, unit-file syntax) in every string option that reaches a generated
 * shell script, unit file, /etc/hosts line or nspawn command line. Each is either rejected at
 * its option with a ModuleError, or rendered so that `bash -n` passes on the generated scripts
 * and reading the files back (as systemd, bash and the hosts parser read them) gives exactly
 * the intended value. `%` is a systemd specifier by design (RENDERING.md) and passes through;
 * systemd strips whitespace around unit values, as it does for NixOS's units.
 */
import fc from "fast-check";
import { escapeShellArg, evaluate, ModuleError, parseEtcHosts, render, treeEntries } from "nixmod";
import { afterAll, describe, expect, it } from "vitest";
import { renderService, type ServiceValue } from "../../lib/render/index.ts";
import {
  expectModuleError,
  expectPrototypeUntouched,
  fuzzParams,
  prototypeSnapshot,
} from "./fuzz.ts";
import {
  bashPath,
  bashSyntaxOk,
  bashWords,
  literalBashWords,
  readUnit,
  systemdTrim,
  throughFile,
  unitEnvironment,
  unitValues,
  type UnitEntry,
} from "./shell-and-unit-readers.ts";

const fragments = [
  "'",
  '"',
  "`",
  "`id`",
  "$(id)",
  "$(echo pwned)",
  "${HOME}",
  "$x",
  "\\",
  "\\\\",
  "\n",
  "\r",
  "\r\n",
  "\0",
  "%",
  "%i",
  "%%",
  "%n",
  ";",
  "&&",
  "|",
  ">",
  "<",
  "#",
  " ",
  "\t",
  "=",
  "[",
  "]",
  "*",
  "?",
  "{a,b}",
  "~",
  "!",
  "é",
  "\u2028",
  "😀",
  "\u202e",
  "\u00a0",
  "\ufeff",
  "\x1b[31m",
  "\ud800",
  "--",
  "-",
  "/",
  ":",
  "@",
  ",",
  "..",
  "<<EOF",
  "[Service]",
  "\nExecStartPre=/evil",
  "ExecStart=/bin/sh",
  "\\\n",
];

/** A hostile string: fragments that mean something to a shell, systemd or a hosts parser, and noise. */
const hostile: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      { arbitrary: fc.constantFrom(...fragments), weight: 4 },
      { arbitrary: fc.string({ maxLength: 4 }), weight: 2 },
      { arbitrary: fc.string({ unit: "grapheme", maxLength: 2 }), weight: 1 },
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map((parts) => parts.join(""));

/** A hostile absolute path (the path options take absolute paths only). */
const hostilePath: fc.Arbitrary<string> = fc.oneof(
  hostile.map((s) => `/${s}`),
  hostile.map((s) => `/var/lib/${s}`),
  hostile,
);

const counts = { containers: 0, services: 0, networking: 0, scripts: 0, rejected: 0, rendered: 0 };
const snapshot = prototypeSnapshot();

afterAll(() => {
  expectPrototypeUntouched(snapshot);
  const total = counts.containers + counts.services + counts.networking;
  console.log(
    `injection: ${total} hostile values tried (${counts.containers} seed container options, ` +
      `${counts.services} service options, ${counts.networking} networking options); ` +
      `${counts.rejected} rejected at their option, ${counts.rendered} rendered and read back; ` +
      `${counts.scripts} generated scripts checked with bash -n`,
  );
});

/** Every unit reads back cleanly: no continued lines, no stray lines, only the three sections. */
function expectCleanUnit(text: string): UnitEntry[] {
  const { entries, problems } = readUnit(text);
  expect(problems).toEqual([]);
  for (const e of entries) expect(["Unit", "Service", "Install"]).toContain(e.section);
  return entries;
}

/** Fails unless `error` is a ModuleError located at `loc` (or below it). */
function expectRejectedAt(error: unknown, loc: readonly string[]): void {
  expectModuleError(error);
  expect(error.loc, error.message).toBeDefined();
  expect(error.loc!.slice(0, loc.length), error.message).toEqual([...loc]);
}

// ---------------------------------------------------------------------------
// The seed's containers

const storeSystem = "/nix/store/0123456789abcdfghijklmnpqrsvwxyz-nixos-system";
type ContainerField = "name" | "root" | "path" | "hostAddress" | "localAddress";

const containerCase = fc.oneof(
  fc.record({ field: fc.constant<ContainerField>("name"), value: hostile }),
  fc.record({ field: fc.constantFrom<ContainerField>("root", "path"), value: hostilePath }),
  fc.record({
    field: fc.constantFrom<ContainerField>("hostAddress", "localAddress"),
    value: fc.oneof(
      hostile,
      hostile.map((s) => `10.0.0.${s}`),
    ),
  }),
);

describe("seed container options with hostile strings", () => {
  it.skipIf(bashPath === undefined)(
    "are rejected at their option, or rendered so that scripts, unit, nspawn argv and /etc/hosts read back exactly",
    () => {
      const cases: { field: ContainerField; value: string; privateNetwork: boolean }[] = [];
      fc.assert(
        fc.property(containerCase, fc.boolean(), ({ field, value }, privateNetwork) => {
          cases.push({ field, value, privateNetwork });
        }),
        fuzzParams(250, 3000),
      );
      const accepted: {
        c: (typeof cases)[number];
        name: string;
        root: string;
        path: string;
        rendered: ReturnType<typeof render>;
      }[] = [];
      for (const c of cases) {
        counts.containers++;
        const name = c.field === "name" ? c.value : "web";
        const options: Record<string, unknown> = {
          path: storeSystem,
          privateNetwork: c.privateNetwork,
        };
        if (c.field !== "name") options[c.field] = c.value;
        if (c.field !== "hostAddress") options.hostAddress = "10.0.0.1";
        if (c.field !== "localAddress") options.localAddress = "10.0.0.2";
        const containers: Record<string, unknown> = {};
        Object.defineProperty(containers, name, { value: options, enumerable: true });
        let rendered: ReturnType<typeof render>;
        try {
          rendered = render(evaluate({ systemd: { containers } }));
        } catch (error) {
          counts.rejected++;
          expectRejectedAt(
            error,
            c.field === "name"
              ? ["systemd", "containers", name]
              : ["systemd", "containers", name, c.field],
          );
          continue;
        }
        counts.rendered++;
        const root = c.field === "root" ? c.value : `/var/lib/containers/${name}`;
        const path = c.field === "path" ? c.value : storeSystem;
        accepted.push({ c, name, root, path, rendered });
      }
      // Read everything back.
      const scripts = accepted.flatMap((a) => Object.values(a.rendered.scripts));
      counts.scripts += scripts.length;
      expect(bashSyntaxOk(scripts).every((ok) => ok)).toBe(true);
      // An address is written only where it is used: hostAddress with a private network,
      // localAddress always (its /etc/hosts line).
      const used = (a: (typeof accepted)[number]) =>
        a.c.field === "localAddress" || (a.c.field === "hostAddress" && a.c.privateNetwork);
      const words = accepted.flatMap((a) => [a.name, a.root, a.path, used(a) ? a.c.value : "x"]);
      const literal = literalBashWords(words);
      accepted.forEach((a, i) => {
        // Every value the seed interpolates into its scripts is one literal shell word.
        expect(literal.slice(i * 4, i * 4 + 4), JSON.stringify(a.c)).toEqual([
          true,
          true,
          true,
          true,
        ]);
        const unit = a.rendered.units[`container-${a.name}.service`]!;
        const entries = expectCleanUnit(unit);
        expect(unitValues(entries, "Unit", "Description")).toEqual([`Container '${a.name}'`]);
        expect(unitValues(entries, "Unit", "RequiresMountsFor")).toEqual([a.root]);
        // nspawn's argv: ExecStart's words as systemd splits them (no quotes, escapes or `$` in them).
        const execStart = unitValues(entries, "Service", "ExecStart")[0]!;
        const argv = a.rendered.nspawn[a.name]!.argv;
        expect(argv.join(" ")).toBe(execStart);
        for (const word of argv) expect(word).toMatch(/^[^\s"'\\$]+$/);
        expect(argv[argv.indexOf("-M") + 1]).toBe(a.name);
        expect(argv[argv.indexOf("-D") + 1]).toBe(a.root);
        expect(argv[argv.length - 1]).toBe(`${a.path}/init`);
        expect(a.rendered.nspawn[a.name]!.directory).toBe(a.root);
        // /etc/hosts: the container's line holds exactly its address and name.
        const localAddress = a.c.field === "localAddress" ? a.c.value : "10.0.0.2";
        expect(parseEtcHosts(throughFile(a.rendered.etcHosts))[localAddress]).toEqual([
          `${a.name}.containers`,
        ]);
      });
    },
  );
});

// ---------------------------------------------------------------------------
// Services

type ServiceField =
  | "description"
  | "envName"
  | "envValue"
  | "serviceKey"
  | "serviceValue"
  | "serviceList"
  | "unitKey"
  | "unitValue"
  | "script"
  | "preStart"
  | "postStart"
  | "reload"
  | "preStop"
  | "postStop"
  | "quotedArg"
  | "serviceName";

const serviceFields: ServiceField[] = [
  "description",
  "envName",
  "envValue",
  "serviceKey",
  "serviceValue",
  "serviceList",
  "unitKey",
  "unitValue",
  "script",
  "preStart",
  "postStart",
  "reload",
  "preStop",
  "postStop",
  "quotedArg",
  "serviceName",
];

const phaseKeys: Partial<Record<ServiceField, string>> = {
  script: "ExecStart",
  preStart: "ExecStartPre",
  postStart: "ExecStartPost",
  reload: "ExecReload",
  preStop: "ExecStop",
  postStop: "ExecStopPost",
  quotedArg: "ExecStart",
};

interface ServiceCase {
  field: ServiceField;
  value: string;
  name: string;
  definition: Record<string, unknown>;
  /** The option the value sits in, where a rejection must be located. */
  loc: string[];
}

function own(key: string, value: unknown): Record<string, unknown> {
  return Object.defineProperty({}, key, { value, enumerable: true });
}

const phases = ["script", "preStart", "postStart", "reload", "preStop", "postStop"] as const;

function serviceCase(field: ServiceField, value: string, index: number): ServiceCase {
  const name = field === "serviceName" ? value : `svc${index}`;
  const at = (...rest: string[]) => ["systemd", "services", name, ...rest];
  switch (field) {
    case "description":
      return {
        field,
        value,
        name,
        definition: { description: value, script: "true" },
        loc: at("description"),
      };
    case "envName":
      return {
        field,
        value,
        name,
        definition: { environment: own(value, "v"), script: "true" },
        loc: at("environment"),
      };
    case "envValue":
      return {
        field,
        value,
        name,
        definition: { environment: { VAR: value }, script: "true" },
        loc: at("environment", "VAR"),
      };
    case "serviceKey":
      return {
        field,
        value,
        name,
        definition: { serviceConfig: own(value, "x") },
        loc: at("serviceConfig"),
      };
    case "serviceValue":
      return {
        field,
        value,
        name,
        definition: { serviceConfig: { User: value } },
        loc: at("serviceConfig", "User"),
      };
    case "serviceList":
      return {
        field,
        value,
        name,
        definition: {
          serviceConfig: { ExecStartPost: ["/run/current-system/sw/bin/true", value] },
        },
        loc: at("serviceConfig", "ExecStartPost"),
      };
    case "unitKey":
      return {
        field,
        value,
        name,
        definition: { unitConfig: own(value, "x") },
        loc: at("unitConfig"),
      };
    case "unitValue":
      return {
        field,
        value,
        name,
        definition: { unitConfig: { "X-Note": value } },
        loc: at("unitConfig", "X-Note"),
      };
    case "quotedArg":
      return {
        field,
        value,
        name,
        definition: { script: `printf '%s' ${escapeShellArg(value)}` },
        loc: at("script"),
      };
    case "serviceName":
      return {
        field,
        value,
        name,
        definition: { script: "true" },
        loc: ["systemd", "services", name],
      };
    default:
      return { field, value, name, definition: { [field]: value }, loc: at(field) };
  }
}

/** The script file a unit runs for `key` (`<store path>/bin/<name>`), from the rendered scripts. */
function scriptFor(
  entries: readonly UnitEntry[],
  key: string,
  scripts: Record<string, string>,
): string {
  const exe = unitValues(entries, "Service", key)[0]!.split(" ")[0]!;
  return scripts[exe.slice(0, exe.indexOf("/bin/"))]!;
}

describe("service options with hostile strings", () => {
  it.skipIf(bashPath === undefined)(
    "are rejected at their option, or give units and scripts that read back exactly",
    () => {
      const cases: ServiceCase[] = [];
      fc.assert(
        fc.property(
          // The six script options are one field: each case picks one of them.
          fc.constantFrom(
            ...serviceFields.filter((f) => !(phases as readonly string[]).includes(f)),
            "script",
          ),
          fc.constantFrom(...phases),
          hostile,
          (field, phase, value) => {
            cases.push(
              serviceCase(
                field === "script" ? phase : (field as ServiceField),
                value,
                cases.length,
              ),
            );
          },
        ),
        fuzzParams(1200, 3000),
      );
      // Many services per evaluation; each is rendered on its own, so a rejection is located.
      const batch = 40;
      const checks: { c: ServiceCase; unit: string; scripts: Record<string, string> }[] = [];
      for (let start = 0; start < cases.length; start += batch) {
        const group = cases
          .slice(start, start + batch)
          .filter((c, i, all) => all.findIndex((o) => o.name === c.name) === i);
        const services: Record<string, unknown> = {};
        for (const c of group)
          Object.defineProperty(services, c.name, { value: c.definition, enumerable: true });
        const ev = evaluate({ systemd: { services } });
        const context = {
          pkgs: ev.pkgs as never,
          globalEnvironment: ev.config.systemd.globalEnvironment,
        };
        for (const c of group) {
          counts.services++;
          let result: ReturnType<typeof renderService>;
          try {
            const service = (ev.config.systemd.services as Record<string, ServiceValue>)[c.name]!;
            result = renderService(c.name, service, context);
            // The tree writer keeps every path inside the output tree (or refuses).
            treeEntries({
              units: { [result.unitName]: result.text! },
              scripts: result.scripts,
              scriptNames: result.scriptNames,
              files: {},
              links: result.links,
              masked: [],
              timers: {},
              dropIns: [],
              etcHosts: "",
              nspawn: {},
            });
          } catch (error) {
            counts.rejected++;
            expectRejectedAt(error, c.loc);
            continue;
          }
          counts.rendered++;
          expect(result.unitName).toBe(`${c.name}.service`);
          checks.push({ c, unit: result.text!, scripts: result.scripts });
        }
      }
      // Scripts: the file holds the option's text exactly, and bash accepts the file exactly
      // when it accepts the text alone (the wrapper adds nothing that changes its syntax).
      const bodyOf = (k: (typeof checks)[number]) =>
        (k.c.field === "quotedArg" ? k.c.definition.script : k.c.definition[k.c.field]) as string;
      // An empty script option makes no script and no Exec key.
      for (const k of checks.filter((k) => phaseKeys[k.c.field] !== undefined && bodyOf(k) === ""))
        expect(unitValues(readUnit(k.unit).entries, "Service", phaseKeys[k.c.field]!)).toEqual([]);
      const scriptChecks = checks.filter(
        (k) => phaseKeys[k.c.field] !== undefined && bodyOf(k) !== "",
      );
      const files = scriptChecks.map((k) =>
        scriptFor(readUnit(k.unit).entries, phaseKeys[k.c.field]!, k.scripts),
      );
      const bodies = scriptChecks.map(bodyOf);
      const fileOk = bashSyntaxOk(files);
      // A script bash refuses must be one whose text bash refuses alone (checked only for those:
      // each bash -n is a process, and the file is the text between a fixed header and footer).
      const refused = files.map((_, i) => i).filter((i) => !fileOk[i]);
      const refusedAlone = bashSyntaxOk(refused.map((i) => bodies[i]!));
      const bodyOk = fileOk.map((ok, i) => (ok ? true : refusedAlone[refused.indexOf(i)]!));
      counts.scripts += files.length;
      scriptChecks.forEach((k, i) => {
        const file = files[i]!;
        expect(throughFile(file)).toBe(file);
        const start = file.indexOf("\nset -e\n\n") + "\nset -e\n\n".length;
        expect(file.slice(start, file.length - 2)).toBe(bodies[i]);
        expect(fileOk[i] || !bodyOk[i], JSON.stringify(bodies[i])).toBe(true);
        // A value quoted with escapeShellArg: the script is valid and bash reads the value back.
        if (k.c.field === "quotedArg") expect(fileOk[i]).toBe(true);
      });
      const quoted = scriptChecks.filter((k) => k.c.field === "quotedArg");
      const words = bashWords(quoted.map((k) => escapeShellArg(k.c.value)));
      quoted.forEach((k, i) => expect(words[i]).toEqual([k.c.value]));
      // Units: the value is read back exactly where it was put, and nothing else appears.
      for (const { c, unit } of checks) {
        const entries = expectCleanUnit(unit);
        const keys = new Set(entries.map((e) => `${e.section}.${e.key}`));
        switch (c.field) {
          case "description":
            if (c.value !== "")
              expect(unitValues(entries, "Unit", "Description")).toEqual([
                systemdTrim(c.value.replace(/\n$/, "")),
              ]);
            break;
          case "envName":
          case "envValue": {
            const env = unitEnvironment(entries);
            if (c.field === "envName") expect(env.get(c.value)).toBe("v");
            else expect(env.get("VAR")).toBe(c.value);
            expect(env.size).toBe(2); // the variable and PATH
            break;
          }
          case "serviceKey":
          case "unitKey":
            expect(
              unitValues(entries, c.field === "serviceKey" ? "Service" : "Unit", c.value),
            ).toEqual(["x"]);
            break;
          case "serviceValue":
            expect(unitValues(entries, "Service", "User")).toEqual([systemdTrim(c.value)]);
            break;
          case "serviceList":
            expect(unitValues(entries, "Service", "ExecStartPost")).toEqual([
              "/run/current-system/sw/bin/true",
              systemdTrim(c.value),
            ]);
            break;
          case "unitValue":
            expect(unitValues(entries, "Unit", "X-Note")).toEqual([systemdTrim(c.value)]);
            break;
          default:
            break;
        }
        // No key appears that neither NixOS generates nor the case defined.
        const generated =
          /^(Unit\.(Description)|Service\.(Environment|ExecStart|ExecStartPre|ExecStartPost|ExecReload|ExecStop|ExecStopPost)|Install\.WantedBy)$/;
        for (const k of keys) {
          const own =
            c.field === "serviceKey"
              ? `Service.${c.value}`
              : c.field === "unitKey"
                ? `Unit.${c.value}`
                : "";
          const defined =
            c.field === "serviceValue"
              ? "Service.User"
              : c.field === "unitValue"
                ? "Unit.X-Note"
                : "";
          if (k !== own && k !== defined) expect(k, JSON.stringify(c)).toMatch(generated);
        }
      }
    },
  );
});

// ---------------------------------------------------------------------------
// Networking

describe("networking options with hostile strings", () => {
  it("are rejected at their option, or give /etc/hosts lines that read back exactly", () => {
    fc.assert(
      fc.property(fc.constantFrom("hostName", "domain", "extraHosts"), hostile, (field, value) => {
        counts.networking++;
        const networking: Record<string, unknown> = { [field]: value };
        let etcHosts: string;
        let merged: string;
        try {
          const ev = evaluate({ networking });
          etcHosts = render(ev).etcHosts;
          merged = ev.config.networking.extraHosts as string;
        } catch (error) {
          counts.rejected++;
          expectRejectedAt(error, ["networking", field]);
          return;
        }
        counts.rendered++;
        const read = throughFile(etcHosts);
        expect(read).toBe(etcHosts);
        if (field === "extraHosts") {
          // Lines added verbatim: the file ends with exactly the option's value (the user's
          // lines merged with the seed module's own definition), and what comes before is unchanged.
          expect(merged.split("\n")).toContain(value.split("\n")[0]);
          expect(merged.includes(value)).toBe(true);
          expect(read.endsWith(merged)).toBe(true);
          expect(parseEtcHosts(read.slice(0, read.length - merged.length))["127.0.0.2"]).toEqual([
            "nixos",
          ]);
        } else {
          const host = field === "hostName" ? value : "nixos";
          const names = parseEtcHosts(read)["127.0.0.2"] ?? [];
          expect(names).toEqual(
            host === "" ? [] : field === "domain" ? [`nixos.${value}`, "nixos"] : [host],
          );
        }
      }),
      fuzzParams(300, 8000),
    );
  });
});

describe("the readers themselves", () => {
  it("see an injected key, a continued line and a section header", () => {
    expect(readUnit("[Service]\nUser=a\\\nGroup=b\n").problems).toHaveLength(1);
    expect(
      readUnit("[Service]\nDescription=a\n[Install]\nWantedBy=x\n").entries.map((e) => e.section),
    ).toEqual(["Service", "Install"]);
    expect(unitEnvironment(readUnit('[Service]\nEnvironment="A=b=c"\n').entries).get("A")).toBe(
      "b=c",
    );
    expect(() => {
      throw new ModuleError("x", { code: "invalid", loc: ["a"] });
    }).toThrow(ModuleError);
  });

  it.skipIf(bashPath === undefined)(
    "tell literal words, quoted words and broken scripts apart",
    () => {
      expect(literalBashWords(["/var/lib/x", "a b", "$(id)", "a*", "", "é"])).toEqual([
        true,
        false,
        false,
        false,
        false,
        true,
      ]);
      expect(bashSyntaxOk(["echo 'a'\n", "echo 'a\n"])).toEqual([true, false]);
      expect(bashWords(["'a b'", "a b", '"$(printf x)"'])).toEqual([["a b"], ["a", "b"], ["x"]]);
    },
  );
});
