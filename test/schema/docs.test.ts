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
