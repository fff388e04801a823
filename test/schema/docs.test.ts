/** The option reference (`optionsToMarkdown`), as the NixOS manual lists options. */
import { describe, expect, it } from "vitest";
import {
  evalModules,
  literalExpression,
  literalMD,
  mkOption,
  optionsDoc,
  optionsToMarkdown,
  types,
} from "nixmod";

const options = evalModules({
  modules: [
    {
      _file: "modules/web.ts",
      options: {
        web: {
          enable: mkOption({
            type: types.bool,
            default: false,
            example: true,
            description: "\n      Whether to run the web server.\n    ",
          }),
          user: mkOption({
            type: types.str,
            get default(): string {
              throw new Error("reads config");
            },
            defaultText: literalExpression("config.users.web.name"),
            description: "The user.",
          }),
          group: mkOption({
            type: types.str,
            get default(): string {
              return "web";
            },
          }),
          state: mkOption({ type: types.path, readOnly: true, default: "/var/lib/web" }),
          extraConfig: mkOption({
            type: types.lines,
            default: "",
            example: literalExpression("''\n  gzip on;\n  etag off;\n''"),
          }),
          vhosts: mkOption({
            type: types.attrsOf(
              types.submodule({
                _file: "modules/vhost.ts",
                options: {
                  root: mkOption({ type: types.path, description: "Document root." }),
                  aliases: mkOption({ type: types.listOf(types.str), default: [] }),
                },
              }),
            ),
            default: {},
            example: literalMD("See *vhosts*."),
            description: "Virtual hosts.",
          }),
          upstreams: mkOption({
            type: types.listOf(
              types.submodule({ options: { url: mkOption({ type: types.str }) } }),
            ),
            default: [],
            visible: "shallow",
          }),
          plugins: mkOption({
            type: types.attrsOf(
              types.submodule({ options: { enable: mkOption({ type: types.bool }) } }),
            ),
            visible: "transparent",
          }),
          secret: mkOption({ type: types.str, internal: true }),
          hidden: mkOption({ type: types.str, visible: false }),
        },
      },
    },
  ],
}).options;

describe("optionsDoc", () => {
  it("lists visible options and sub-options with placeholders, sorted", () => {
    expect(optionsDoc(options).map((d) => d.name)).toEqual([
      "_module.args",
      "web.enable",
      "web.extraConfig",
      "web.group",
      "web.plugins.<name>.enable",
      "web.state",
      "web.upstreams",
      "web.user",
      "web.vhosts",
      "web.vhosts.<name>.aliases",
      "web.vhosts.<name>.root",
    ]);
  });

  it("shows lazy defaults through defaultText, or as computed", () => {
    const byName = new Map(optionsDoc(options).map((d) => [d.name, d]));
    expect(byName.get("web.user")!.default).toEqual({
      kind: "expression",
      text: "config.users.web.name",
    });
    expect(byName.get("web.group")!.default).toEqual({ kind: "computed" });
    expect(byName.get("web.vhosts.<name>.root")!.declarations).toEqual(["modules/vhost.ts"]);
  });
});

// Expected values from real Nix: lib.optionAttrSetToDocList, filtered as the manual is (visible && !internal).
describe("optionsDoc as nixpkgs lib 26.11's optionAttrSetToDocList", () => {
  const docs = optionsDoc(
    evalModules({
      modules: [
        {
          options: {
            i: mkOption({
              internal: true,
              type: types.submodule({ options: { y: mkOption({ type: types.int, default: 1 }) } }),
            }),
            e: mkOption({ type: types.str, default: "x\ny" }),
            f: mkOption({ default: { b: 1, if: 4, a: [1, "x"] } }),
            g: mkOption({ type: types.int, defaultText: "plain" }),
            l: mkOption({ type: types.listOf(types.int) }),
            n: mkOption({ type: types.nullOr(types.int) }),
            s: mkOption({ type: types.attrsOf(types.int) }),
            sub: mkOption({ type: types.submodule({ options: {} }) }),
          },
        },
      ],
    }).options,
  );
  const byName = new Map(docs.map((d) => [d.name, d]));

  it("an internal option's sub-options are documented, the option itself is not", () => {
    expect(byName.has("i")).toBe(false);
    expect(byName.get("i.y")!.default).toEqual({ kind: "expression", text: "1" });
  });

  it("values are written by toPretty: multi-line, names sorted and escaped", () => {
    expect(byName.get("e")!.default).toEqual({ kind: "expression", text: "''\n  x\n  y''" });
    expect(byName.get("f")!.default).toEqual({
      kind: "expression",
      text: '{\n  a = [\n    1\n    "x"\n  ];\n  b = 1;\n  "if" = 4;\n}',
    });
  });

  it("a plain-string defaultText is a string", () => {
    expect(byName.get("g")!.default).toEqual({ kind: "expression", text: '"plain"' });
  });

  it("an option without a default shows its type's empty value (not a submodule's)", () => {
    expect(["l", "n", "s"].map((n) => byName.get(n)!.default)).toEqual([
      { kind: "expression", text: "[ ]" },
      { kind: "expression", text: "null" },
      { kind: "expression", text: "{ }" },
    ]);
    expect(byName.get("sub")!.default).toBeUndefined();
  });

  it("a module without a file is no declaration", () => {
    expect(byName.get("e")!.declarations).toEqual([]);
  });
});

describe("optionsToMarkdown", () => {
  it("renders like the NixOS manual's option list", () => {
    const md = optionsToMarkdown(options, {
      title: "Web options",
      declaration: (f) => f.replace(/^modules\//, "src/"),
    });
    expect(md).toMatchSnapshot();
    expect(md).not.toContain("web.secret");
    expect(md).not.toContain("web.hidden");
    expect(md).not.toContain("web.upstreams.*.url");
  });
});
