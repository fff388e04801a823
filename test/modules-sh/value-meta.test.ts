// modules.sh:802-813, `types-valueMeta.nix` and `composed-types-valueMeta.nix`: some types expose
// what their merge knows beside the value (`options.<path>.valueMeta`), composed types nest it.
import { describe, it } from "vitest";
import { mkOption, types } from "nixmod";
import { checkConfigOutput, fixture } from "./helpers.ts";

describe("types expose valueMeta", () => {
  const typesValueMeta = fixture("types-valueMeta.nix", {
    imports: [
      ({ options }: any) => ({
        options: {
          str: mkOption({ type: types.str }),
          attrsOf: mkOption({
            type: types.attrsOf(types.str),
            default: { foo: "foo", bar: "bar" },
          }),
          attrsOfResult: mkOption({
            get default() {
              return Object.keys(options.attrsOf.valueMeta.attrs);
            },
          }),
          listOf: mkOption({ type: types.listOf(types.str), default: ["foo", "bar"] }),
          listOfResult: mkOption({
            get default() {
              return options.listOf.valueMeta.list.length;
            },
          }),
          submoduleOf: mkOption({
            type: types.submodule({ options: { str: mkOption({ type: types.str }) } }),
          }),
        },
      }),
    ],
  });
  it("modules.sh:802 options.str.valueMeta", () => {
    checkConfigOutput("\\{\\}", "options.str.valueMeta", [typesValueMeta]);
  });
  it("modules.sh:803 config.attrsOfResult", () => {
    checkConfigOutput('["foo", "bar"]', "config.attrsOfResult", [typesValueMeta]);
  });
  it("modules.sh:804 config.listOfResult", () => {
    checkConfigOutput("2", "config.listOfResult", [typesValueMeta]);
  });
});

describe("composed types expose valueMeta", () => {
  const withBar = () => types.submodule({ options: { bar: mkOption({ type: types.int }) } });
  const attrsOfModule = () => mkOption({ type: types.attrsOf(withBar()) });
  const listOfModule = () => mkOption({ type: types.listOf(withBar()) });
  const composed = fixture("composed-types-valueMeta.nix", {
    imports: [
      {
        options: {
          attrsOfModule: attrsOfModule(),
          mergedAttrsOfModule: attrsOfModule(),
          listOfModule: listOfModule(),
          mergedListOfModule: listOfModule(),
        },
      },
      { options: { mergedAttrsOfModule: attrsOfModule(), mergedListOfModule: listOfModule() } },
      { attrsOfModule: { foo: { bar: 42 } }, mergedAttrsOfModule: { foo: { bar: 42 } } },
      ({ options }: any) => ({
        config: { listOfModule: [{ bar: 42 }], mergedListOfModule: [{ bar: 42 }] },
        options: {
          listResult: mkOption({
            get default() {
              return options.listOfModule.valueMeta.list[0].configuration.options.bar.value;
            },
          }),
          mergedListResult: mkOption({
            get default() {
              return options.mergedListOfModule.valueMeta.list[0].configuration.options.bar.value;
            },
          }),
        },
      }),
    ],
  });
  it("modules.sh:808 attrsOf submodule", () => {
    checkConfigOutput(
      "42",
      "options.attrsOfModule.valueMeta.attrs.foo.configuration.options.bar.value",
      [composed],
    );
  });
  it("modules.sh:809 attrsOf submodule, declared twice", () => {
    checkConfigOutput(
      "42",
      "options.mergedAttrsOfModule.valueMeta.attrs.foo.configuration.options.bar.value",
      [composed],
    );
  });
  it("modules.sh:812 listOf submodule", () => {
    checkConfigOutput("42", "config.listResult", [composed]);
  });
  it("modules.sh:813 listOf submodule, declared twice", () => {
    checkConfigOutput("42", "config.mergedListResult", [composed]);
  });
});
