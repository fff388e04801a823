import { describe, expect, it } from "vitest";
import { evalModules, explain, formatExplanation, mkOption, types } from "nixmod";
import { parseAttrPath } from "../../lib/util/attr-path.ts";
import { moduleError } from "../helpers/module-error.ts";

// What `nix-instantiate -A PATH` selects from `{ a.b = 1; a."x.y" = 2; }` (Nix 2.8).
describe("attribute paths as Nix's -A reads them", () => {
  it.each([
    ['a."x.y"', ["a", "x.y"]],
    ['a.""', ["a"]],
    ["a..b", ["a", "", "b"]],
    ["", []],
    ["a.b.", ["a", "b"]],
    ['a"x.y"', ["ax.y"]],
    ['systemd.services."container@web".enable', ["systemd", "services", "container@web", "enable"]],
  ])("%j", (text, names) => {
    expect(parseAttrPath(text)).toEqual(names);
  });

  it("refuses an unclosed quote in Nix's words", () => {
    expect(moduleError(() => parseAttrPath('a."x')).message).toBe(
      `missing closing quote in selection path 'a."x'`,
    );
  });

  it("lets explain take a quoted name, and prints the path so that it can be given back", () => {
    const ev = evalModules({
      modules: [
        { options: { units: mkOption({ type: types.attrsOf(types.int) }) } },
        { units: { "a.b@c": 1 } },
      ],
    });
    const e = explain(ev, 'units."a.b@c"');
    expect(e.value).toBe(1);
    expect(formatExplanation(e).split("\n")[0]).toBe('units."a.b@c"');
  });
});
