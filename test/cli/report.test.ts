/** How the command reports errors: a ModuleError from another copy of nixmod is still a configuration error. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { reportError } from "../../bin/report.ts";

describe("reportError", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("takes a ModuleError of another copy of nixmod (a config's own import) for what it is", () => {
    const written: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((text) => {
      written.push(String(text));
      return true;
    });
    // What a second copy's ModuleError looks like to this one: same name and shape, another class.
    const foreign = Object.assign(new Error("The option `x' does not exist."), {
      name: "ModuleError",
      code: "undeclared",
    });
    expect(reportError(foreign)).toBe(1);
    expect(written.join("")).toContain("error: The option `x' does not exist.");
    const notOurs = Object.assign(new Error("boom"), { name: "ModuleError" });
    expect(reportError(notOurs)).toBe(70);
  });
});
