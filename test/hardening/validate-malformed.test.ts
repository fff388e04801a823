/**
 * validate() of malformed JSON and YAML config text: a clear syntax error with a line (and
 * column) number, returned as data, never a thrown error or a stack trace, and fast even for
 * hostile input (deep nesting, alias bombs, huge lines).
 */
import fc from "fast-check";
import { assertValidConfig, ConfigValidationError, formatValidationErrors, validate } from "nixmod";
import { describe, expect, it } from "vitest";
import { expectPrototypeUntouched, fuzzParams, prototypeSnapshot } from "./fuzz.ts";

type Format = "json" | "yaml";

/** Validates text; checks the result is data, and that every error is clean. */
function check(text: string, format: Format) {
  const started = Date.now();
  let result: ReturnType<typeof validate>;
  try {
    result = validate(text, { format, file: `config.${format}` });
  } catch (error) {
    return expect.fail(
      `validate threw for ${JSON.stringify(text.slice(0, 80))}: ${error instanceof Error ? error.stack : String(error)}`,
    );
  }
  expect(Date.now() - started).toBeLessThan(5000);
  const lines = text.split(/\r\n|\n|\r/).length;
  for (const e of result.errors) {
    expect(typeof e.message).toBe("string");
    expect(e.message.length).toBeGreaterThan(0);
    // No stack trace, no source file of nixmod or its dependencies.
    expect(e.message).not.toMatch(/\n\s+at |node_modules|\.ts:\d+|\.js:\d+/);
    if (e.code === "syntax") {
      expect(Number.isInteger(e.line), e.message).toBe(true);
      expect(e.line!).toBeGreaterThanOrEqual(1);
      expect(e.line!).toBeLessThanOrEqual(lines + 1);
      expect(e.column!).toBeGreaterThanOrEqual(1);
      expect(result.valid).toBe(false);
      expect(formatValidationErrors([e])).toContain(`config.${format}:${e.line}:${e.column}: `);
    }
  }
  return result;
}

const sampleConfig = {
  systemd: {
    containers: {
      web: { path: "/nix/store/0123456789abcdfghijklmnpqrsvwxyz-web", localAddress: "10.0.0.2" },
      db: { root: "/var/lib/db", privateNetwork: true, hostAddress: "10.0.0.1" },
    },
    services: {
      hello: {
        description: "Hello",
        script: "echo hi\necho there",
        wantedBy: ["multi-user.target"],
      },
    },
  },
  networking: { hostName: "host", extraHosts: "10.1.1.1 x\n" },
};

const jsonText = JSON.stringify(sampleConfig, null, 2);
const yamlText = [
  "systemd:",
  "  containers:",
  "    web:",
  "      path: /nix/store/0123456789abcdfghijklmnpqrsvwxyz-web",
  "      localAddress: 10.0.0.2",
  "    db:",
  "      root: /var/lib/db",
  "      privateNetwork: true",
  "      hostAddress: 10.0.0.1",
  "  services:",
  "    hello:",
  "      description: Hello",
  "      script: |",
  "        echo hi",
  "        echo there",
  "      wantedBy: [multi-user.target]",
  "networking:",
  "  hostName: host",
  '  extraHosts: "10.1.1.1 x\\n"',
  "",
].join("\n");

const noise = fc.constantFrom(
  "{",
  "}",
  "[",
  "]",
  ",",
  ":",
  '"',
  "'",
  "\n",
  "\t",
  " ",
  "-",
  "#",
  "&a",
  "*a",
  "!",
  "|",
  ">",
  "%",
  "@",
  "`",
  "\\",
  "\0",
  "\ud800",
  "\ufeff",
  "\r",
  "---",
  "...",
  "? ",
  "<<: *a",
  "!!binary",
  "1e999",
);

/** Random damage to a text: insertions, deletions, replacements and truncation. */
function damaged(text: string): fc.Arbitrary<string> {
  const edit = fc.record({
    at: fc.nat({ max: text.length }),
    cut: fc.nat({ max: 4 }),
    insert: fc.oneof(noise, fc.string({ maxLength: 3 })),
  });
  return fc
    .tuple(
      fc.array(edit, { minLength: 1, maxLength: 4 }),
      fc.option(fc.nat({ max: text.length }), { nil: undefined }),
    )
    .map(([edits, truncate]) => {
      let out = text;
      for (const e of edits) {
        const at = Math.min(e.at, out.length);
        out = out.slice(0, at) + e.insert + out.slice(at + e.cut);
      }
      return truncate === undefined ? out : out.slice(0, truncate);
    });
}

describe("validate() of damaged config text", () => {
  const snapshot = prototypeSnapshot();

  it("never throws and reports syntax errors with a line and column (JSON and YAML)", () => {
    let syntax = 0;
    let tried = 0;
    fc.assert(
      fc.property(fc.constantFrom<Format>("json", "yaml"), fc.nat(), (format, seed) => {
        const [text] = fc.sample(damaged(format === "json" ? jsonText : yamlText), {
          numRuns: 1,
          seed,
        });
        tried++;
        const result = check(text!, format);
        if (result.errors.some((e) => e.code === "syntax")) syntax++;
      }),
      fuzzParams(600, 8000),
    );
    console.log(`validate: ${tried} damaged JSON/YAML texts, ${syntax} with a syntax error`);
    expect(syntax).toBeGreaterThan(0);
    expectPrototypeUntouched(snapshot);
  });

  it("points at the line that was broken (JSON)", () => {
    const lines = jsonText.split("\n");
    fc.assert(
      fc.property(fc.integer({ min: 1, max: lines.length - 1 }), (k) => {
        const broken = [...lines.slice(0, k), "  @@@", ...lines.slice(k + 1)].join("\n");
        const [error] = check(broken, "json").errors;
        expect(error?.code).toBe("syntax");
        expect(error?.line).toBe(k + 1);
        expect(error?.column).toBe(3);
      }),
      fuzzParams(100, 4000),
    );
  });

  it("points at the line that was broken (YAML: a tab, a stray quote, a bad indent)", () => {
    const lines = yamlText.split("\n");
    for (const [k, bad] of [
      [2, "\tweb:"],
      [11, '      description: "Hello'],
      [17, "    hostName: host"],
    ] as const) {
      const text = [...lines.slice(0, k), bad, ...lines.slice(k + 1)].join("\n");
      const [error] = check(text, "yaml").errors;
      expect(error?.code, text).toBe("syntax");
      expect(error?.line).toBeGreaterThanOrEqual(k + 1);
      expect(error?.line).toBeLessThanOrEqual(k + 2);
    }
  });
});

describe("validate() of hostile config text", () => {
  const deep = 100000;
  for (const [label, text, format] of [
    ["empty JSON", "", "json"],
    ["whitespace only", " \n\t\n", "yaml"],
    ["a BOM and nothing else", "\ufeff", "json"],
    ["a NUL byte", '{"a":\0}', "json"],
    ["a lone surrogate in a key", '{"\ud800": 1}', "json"],
    ["CRLF line endings with an error on line 3", '{\r\n"a": 1,\r\n@\r\n}', "json"],
    ["trailing comma", '{"systemd": {},}', "json"],
    ["comments", '{"systemd": {} // c\n}', "json"],
    ["unterminated string", '{"a": "b', "json"],
    ["1e999 and -0", '{"networking": {"hostName": 1e999, "domain": -0}}', "json"],
    [`${deep} unclosed [`, "[".repeat(deep), "json"],
    [`${deep} nested, closed arrays`, "[".repeat(deep) + "]".repeat(deep), "json"],
    [`${deep} nested objects, unclosed`, '{"a":'.repeat(deep), "json"],
    ["20000 nested flow sequences", "[".repeat(20000) + "]".repeat(20000), "yaml"],
    [
      "deep block nesting",
      Array.from({ length: 2000 }, (_, i) => " ".repeat(i) + "a:").join("\n"),
      "yaml",
    ],
    [
      "a billion laughs",
      [
        "a: &a [x,x,x,x,x,x,x,x,x]",
        "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]",
        "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]",
        "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]",
        "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]",
        "f: [*e,*e,*e,*e,*e,*e,*e,*e,*e]",
      ].join("\n"),
      "yaml",
    ],
    ["an alias cycle", "a: &a\n  b: *a\n", "yaml"],
    ["duplicate keys", "systemd: {}\nsystemd: {}\n", "yaml"],
    ["several documents", "systemd: {}\n---\nnetworking: {}\n", "yaml"],
    ["custom tags", "systemd: !!js/function 'function(){}'\nnetworking: !foo bar\n", "yaml"],
    ["a 1 MB line", `{"networking": {"extraHosts": "${"x".repeat(1 << 20)}"}}`, "json"],
    ["__proto__ keys", '{"__proto__": {"systemd": 1}}', "json"],
  ] as const) {
    it(label, () => {
      const result = check(text, format);
      if (label.startsWith("CRLF")) expect(result.errors[0]?.line).toBe(3);
      expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    });
  }

  it("deeply nested values given as objects, not text", () => {
    let d: Record<string, unknown> = {};
    for (let i = 0; i < deep; i++) d = { a: d };
    for (const input of [{ systemd: { services: d } }, { networking: d }, d, [d]]) {
      const result = validate(input);
      expect(result.valid).toBe(false);
      for (const e of result.errors) expect(e.message).not.toMatch(/\n\s+at /);
    }
  });

  it("assertValidConfig throws a ConfigValidationError, with file:line:column in its message", () => {
    try {
      assertValidConfig('{\n  "systemd": @\n}', { file: "host.json" });
      expect.fail("expected a ConfigValidationError");
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigValidationError);
      expect((error as Error).message).toContain("host.json:2:");
      expect((error as Error).message).not.toMatch(/\n\s+at /);
    }
  });
});

describe("validate() of values no JSON or YAML file holds (configs given as objects)", () => {
  const errorsOf = (input: unknown) =>
    validate(input).errors.map((e) => [e.code, e.option, e.message]);

  it("refuses undefined, a Map, a Date and a cycle at the option that holds them, as evaluation does", () => {
    expect(errorsOf({ networking: { hostName: undefined } })).toEqual([
      [
        "not-of-type",
        "networking.hostName",
        expect.stringMatching(
          /is not of type `string matching .*'\. Definition value: <undefined>$/,
        ),
      ],
    ]);
    expect(errorsOf({ networking: new Map() })).toEqual([
      [
        "not-of-type",
        "networking",
        "A definition for option `networking' is a JavaScript Map rather than an attribute set: it holds options. Definition value: <a JavaScript Map>",
      ],
    ]);
    expect(errorsOf({ containers: { a: { config: new Date(0) } } })[0]?.[0]).toBe("not-of-type");
    const cycle: Record<string, unknown> = {};
    cycle.self = { back: cycle };
    expect(errorsOf({ containers: { x: { config: cycle } } })).toEqual([
      [
        "not-of-type",
        "containers.x.config.self.back",
        "A definition for option `containers.x.config.self.back' is a value that contains itself, which is no JSON or YAML value (evaluation refuses it too).",
      ],
    ]);
    const odd = errorsOf({ networking: { hostName: 10n, extraHosts: Symbol("s") } });
    expect(odd.map((e) => e[1]).sort()).toEqual(["networking.extraHosts", "networking.hostName"]);
    expect(odd.map((e) => e[2]!.replace(/.*Definition value: /, "")).sort()).toEqual([
      "<a JavaScript bigint>",
      "<a JavaScript symbol>",
    ]);
    const inf = validate("systemd:\n  services:\n    x:\n      serviceConfig:\n        X: .inf\n", {
      format: "yaml",
    });
    expect(inf.errors.map((e) => e.message.replace(/.*Definition value: /, ""))).toEqual([
      "Infinity",
    ]);
    // Shared (not cyclic) values are plain data.
    const shared = { hostName: "a" };
    expect(validate([{ networking: shared }, { networking: shared }]).valid).toBe(true);
  });

  it("reports a throwing getter, proxy trap or revoked proxy as unreadable, never throwing", () => {
    const getter = {};
    Object.defineProperty(getter, "hostName", {
      enumerable: true,
      get() {
        throw new Error("boom");
      },
    });
    expect(errorsOf({ networking: getter })).toEqual([
      [
        "unreadable",
        "networking.hostName",
        "The value of `networking.hostName' cannot be read: boom",
      ],
    ]);
    const trap = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error("trap");
        },
      },
    );
    expect(errorsOf({ networking: trap })).toEqual([
      ["unreadable", "networking", "The value of `networking' cannot be read: trap"],
    ]);
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    for (const input of [revoked.proxy, [revoked.proxy], { networking: revoked.proxy }]) {
      const result = validate(input);
      expect(result.valid).toBe(false);
      expect(result.errors.map((e) => e.code)).toEqual(["unreadable"]);
    }
    expect(validate(revoked.proxy).config).toBeUndefined();
  });

  it("reads a getter once, and checks what it gives", () => {
    let reads = 0;
    const networking = {
      get hostName() {
        reads++;
        return 42;
      },
    };
    const result = validate({ networking });
    expect(reads).toBe(1);
    expect(result.errors.map((e) => e.option)).toEqual(["networking.hostName"]);
    expect(result.errors[0]!.message).toContain("Definition value: 42");
  });
});
