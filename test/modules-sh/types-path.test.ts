// modules.sh: path types — types.pathInStore and types.externalPath (types.nix), and
// types.pathWith with every combination of `inStore` and `absolute` (pathWith.nix).
import { describe, expect, it } from "vitest";
import { mkOption, types } from "nixmod";
import { checkConfigError, checkConfigOutput, fixture, storeDir } from "./helpers.ts";

const drv = `${storeDir}/0lz9p8xhf89kb1c1kk6jxrzskaiygnlh-bash-5.2-p15.drv`;
const out = `${storeDir}/0fb3ykw9r5hpayd05sr0cizwadzq1d8q-bash-5.2-p15`;
const bin = `${out}/bin/bash`;

const pathInStoreDefs = {
  ok1: drv,
  ok2: out,
  ok3: bin,
  bad1: "",
  bad2: storeDir,
  bad3: `${storeDir}/`,
  bad4: `${storeDir}/.links`, // inside the store directory, but not a store path
  bad5: "/foo/bar",
};

const inStoreChecks = (file: string) => {
  const m = [file];
  return {
    ok: [
      ["ok1", '".*/store/0lz9p8xhf89kb1c1kk6jxrzskaiygnlh-bash-5.2-p15.drv"'],
      ["ok2", '".*/store/0fb3ykw9r5hpayd05sr0cizwadzq1d8q-bash-5.2-p15"'],
      ["ok3", '".*/store/0fb3ykw9r5hpayd05sr0cizwadzq1d8q-bash-5.2-p15/bin/bash"'],
    ],
    bad: [
      ["bad1", '""'],
      ["bad2", '".*/store"'],
      ["bad3", '".*/store/"'],
      ["bad4", '".*/store/.links"'],
      ["bad5", '"/foo/bar"'],
    ],
    m,
  };
};

describe("types.nix: pathInStore and externalPath", () => {
  const typesNix = fixture("types.nix", {
    options: {
      pathInStore: mkOption({ type: types.lazyAttrsOf(types.pathInStore) }),
      externalPath: mkOption({ type: types.lazyAttrsOf(types.externalPath) }),
    },
    config: {
      pathInStore: pathInStoreDefs,
      externalPath: {
        bad1: drv,
        bad2: out,
        bad3: bin,
        bad4: "",
        bad5: "./foo/bar",
        ok1: "/foo/bar",
        ok2: "/",
      },
    },
  });
  const { ok, bad } = inStoreChecks("types.nix");
  it.each(ok.map(([n, v], i) => [230 + i, n, v]))("modules.sh:%i pathInStore.%s", (_l, n, v) => {
    checkConfigOutput(v as string, `config.pathInStore.${n}`, [typesNix]);
  });
  it.each(bad.map(([n, v], i) => [233 + i, n, v]))("modules.sh:%i pathInStore.%s", (_l, n, v) => {
    checkConfigError(
      `A definition for option .* is not of type .path in the Nix store.. Definition values:\\n\\s*- In .*: ${v}`,
      `config.pathInStore.${n}`,
      [typesNix],
    );
  });
  it("modules.sh:240 externalPath.ok1", () => {
    checkConfigOutput('".*/foo/bar"', "config.externalPath.ok1", [typesNix]);
  });
  it("modules.sh:241 externalPath.ok2", () => {
    checkConfigOutput('".*/"', "config.externalPath.ok2", [typesNix]);
  });
  it.each([242, 243, 244, 245, 246])("modules.sh:%i externalPath.bad", (line) => {
    checkConfigError(
      "A definition for option .* is not of type .absolute path not in the Nix store.",
      `config.externalPath.bad${line - 241}`,
      [typesNix],
    );
  });
});

describe("types.pathWith", () => {
  const pathWithNix = fixture("pathWith.nix", {
    imports: [
      {
        options: {
          pathInStore: mkOption({ type: types.lazyAttrsOf(types.pathWith({ inStore: true })) }),
          pathNotInStore: mkOption({
            type: types.lazyAttrsOf(types.pathWith({ inStore: false })),
          }),
          anyPath: mkOption({ type: types.lazyAttrsOf(types.pathWith({})) }),
          absolutePathNotInStore: mkOption({
            type: types.lazyAttrsOf(types.pathWith({ inStore: false, absolute: true })),
          }),
          // declared again below with `absolute = false`
          conflictingPathOptionType: mkOption({ type: types.pathWith({ absolute: true }) }),
          // A store path is always absolute, so this combination is refused; the getter makes
          // the type (and the refusal) happen only when the option is used, as in Nix.
          impossiblePathOptionType: mkOption({
            get type() {
              return types.pathWith({ inStore: true, absolute: false });
            },
          }),
        },
      },
      {
        options: {
          // the same type as above: `absolute = null` is the default
          pathNotInStore: mkOption({
            type: types.lazyAttrsOf(types.pathWith({ inStore: false, absolute: null })),
          }),
          // clashes with the declaration above
          conflictingPathOptionType: mkOption({ type: types.pathWith({ absolute: false }) }),
        },
      },
    ],
    pathInStore: {
      ...pathInStoreDefs,
      ok4: "/1121rp0gvr1qya7hvy925g5kjwg66acz6sn1ra1hca09f1z5dsab", // CA derivation
      ok5: "/1121rp0gvr1qya7hvy925g5kjwg66acz6sn1ra1hca09f1z5dsab/bin/bash", // CA derivation
    },
    pathNotInStore: {
      ok1: "/foo/bar",
      ok2: storeDir, // not a store path, so accepted here
      ok3: `${storeDir}/`, // likewise
      ok4: "",
      ok5: `${storeDir}/.links`, // likewise
      bad1: drv,
      bad2: out,
      bad3: bin,
    },
    anyPath: { ok1: "/this/is/absolute", ok2: "./this/is/relative", bad1: 42 },
    absolutePathNotInStore: { ok1: "/this/is/absolute", bad1: "./this/is/relative", bad2: out },
    conflictingPathOptionType: "/foo/bar",
    impossiblePathOptionType: "/foo/bar",
  });
  const { ok, bad } = inStoreChecks("pathWith.nix");
  it.each(ok.map(([n, v], i) => [746 + i, n, v]))("modules.sh:%i pathInStore.%s", (_l, n, v) => {
    checkConfigOutput(v as string, `config.pathInStore.${n}`, [pathWithNix]);
  });
  it.each(bad.map(([n, v], i) => [749 + i, n, v]))("modules.sh:%i pathInStore.%s", (_l, n, v) => {
    checkConfigError(
      `A definition for option .* is not of type .path in the Nix store.. Definition values:\\n\\s*- In .*: ${v}`,
      `config.pathInStore.${n}`,
      [pathWithNix],
    );
  });
  it.each([
    [756, "ok1", '"/foo/bar"'],
    [757, "ok2", '".*/store"'],
    [758, "ok3", '".*/store/"'],
    [759, "ok4", '""'],
    [760, "ok5", '".*/store/.links"'],
  ])("modules.sh:%i pathNotInStore.%s", (_l, n, v) => {
    checkConfigOutput(v, `config.pathNotInStore.${n}`, [pathWithNix]);
  });
  it.each([
    [761, "bad1", '".*/0lz9p8xhf89kb1c1kk6jxrzskaiygnlh-bash-5.2-p15.drv"'],
    [762, "bad2", '".*/0fb3ykw9r5hpayd05sr0cizwadzq1d8q-bash-5.2-p15"'],
    [763, "bad3", '".*/0fb3ykw9r5hpayd05sr0cizwadzq1d8q-bash-5.2-p15/bin/bash"'],
  ])("modules.sh:%i pathNotInStore.%s", (_l, n, v) => {
    checkConfigError(
      `A definition for option .* is not of type .path not in the Nix store.. Definition values:\\n\\s*- In .*: ${v}`,
      `config.pathNotInStore.${n}`,
      [pathWithNix],
    );
  });
  // modules.sh:764 defines `pathNotInStore.bad4 = ./pathWith.nix;`, a path value, which
  // `inStore = false` refuses because it could be copied to the store. TypeScript has no path
  // values (a path is a string), so that check does not apply.

  it("modules.sh:767 anyPath.ok1", () => {
    checkConfigOutput('"/this/is/absolute"', "config.anyPath.ok1", [pathWithNix]);
  });
  it("modules.sh:768 anyPath.ok2", () => {
    checkConfigOutput('"./this/is/relative"', "config.anyPath.ok2", [pathWithNix]);
  });
  it("modules.sh:769 anyPath.bad1", () => {
    checkConfigError(
      "A definition for option .anyPath.bad1. is not of type .path.",
      "config.anyPath.bad1",
      [pathWithNix],
    );
  });
  it("modules.sh:772 absolutePathNotInStore.ok1", () => {
    checkConfigOutput('"/this/is/absolute"', "config.absolutePathNotInStore.ok1", [pathWithNix]);
  });
  it.each([
    [773, "bad1"],
    [774, "bad2"],
  ])("modules.sh:%i absolutePathNotInStore.%s", (_l, n) => {
    checkConfigError(
      `A definition for option .absolutePathNotInStore.${n}. is not of type .absolute path not in the Nix store.`,
      `config.absolutePathNotInStore.${n}`,
      [pathWithNix],
    );
  });
  it("modules.sh:777 pathWith types with different parameters do not merge", () => {
    checkConfigError(
      "The option .conflictingPathOptionType. in .*/pathWith.nix. is already declared in .*/pathWith.nix",
      "config.conflictingPathOptionType",
      [pathWithNix],
    );
  });
  it("modules.sh:780 inStore requires absolute", () => {
    checkConfigError(
      "In pathWith, inStore means the path must be absolute",
      "config.impossiblePathOptionType",
      [pathWithNix],
    );
  });
});

// Nix's `.{32}-.+` counts bytes: 16 two-byte characters are a hash. Expected values from Nix 2.8
// with nixpkgs' lib (`types.pathInStore.check`).
describe("a store path's hash counted in bytes", () => {
  const hash = "é".repeat(16);
  it.each([
    [`${storeDir}/${hash}-name`, true],
    [`${storeDir}/${hash}a-name`, false],
    [`${storeDir}/${hash}a`, false],
    [`${storeDir}/${"a".repeat(32)}-name`, true],
    [`${storeDir}/${"a".repeat(31)}é-name`, false],
  ])("%s is in the store: %s", (path, inStore) => {
    expect(types.pathInStore.check(path)).toBe(inStore);
  });
});
