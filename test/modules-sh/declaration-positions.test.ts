// modules.sh:729-743, `declaration-positions.nix`: where each declaration of an option is
// written (`options.<path>.declarationPositions`). The fixture is a real file, as positions are
// read from the declaring module's file; the checks look for `.ts` where Nix's look for `.nix`.
import { fileURLToPath } from "node:url";
import { describe, it } from "vitest";
import { setDefaultModuleLocation } from "nixmod";
import declarationPositions from "./fixtures/declaration-positions.ts";
import { checkConfigOutput } from "./helpers.ts";

describe("declaration positions", () => {
  const file = fileURLToPath(new URL("./fixtures/declaration-positions.ts", import.meta.url));
  const modules = [setDefaultModuleLocation(file, declarationPositions)];
  const fileEnd = '/declaration-positions.ts"$';

  it("modules.sh:729 a direct option has its line", () => {
    checkConfigOutput("^14$", "options.imported.line14.declarationPositions.0.line", modules);
  });
  it("modules.sh:730 and its file", () => {
    checkConfigOutput(fileEnd, "options.imported.line14.declarationPositions.0.file", modules);
  });
  it("modules.sh:733 a generated option has the file", () => {
    checkConfigOutput(fileEnd, "options.generated.line22.declarationPositions.0.file", modules);
  });
  it("modules.sh:734 but no line", () => {
    checkConfigOutput("^null$", "options.generated.line22.declarationPositions.0.line", modules);
  });
  it("modules.sh:736 a submodule's declaration has its line", () => {
    checkConfigOutput("^45$", "config.submoduleLine38.submodDeclLine45.0.line", modules);
  });
  it("modules.sh:737 and its file", () => {
    checkConfigOutput(fileEnd, "config.submoduleLine38.submodDeclLine45.0.file", modules);
  });
  it("modules.sh:740 options declared under a submodule option join its declarations", () => {
    checkConfigOutput("^38|27$", "options.submoduleLine38.declarationPositions.0.line", modules);
  });
  it("modules.sh:741 both of them", () => {
    checkConfigOutput("^38|27$", "options.submoduleLine38.declarationPositions.1.line", modules);
  });
  it("modules.sh:743 a nested option has its line", () => {
    checkConfigOutput("^34$", "options.nested.nestedLine34.declarationPositions.0.line", modules);
  });
});
