/**
 * The built-in package set (`pkgs`): deterministic stand-ins for the nixpkgs
 * packages the built-in modules use, plus the few trivial builders they call.
 *
 * Nothing here is ever built. A package is a name and a store path (see
 * `lib/package.ts`); the default paths are the ones the reference runs used (the
 * vectors in the project's test data), and `makePackageSet(overrides)` replaces
 * any entry by attribute name, a string being taken as a store path. Files that
 * the modules write (`writeText`, `writeScript`, `writeScriptBin`) get the path
 * Nix's `builtins.toFile name text` would give them, so they are content
 * addresses: same text, same path.
 */

import { ModuleError, nixValueKind, showValue } from "../lib/errors.ts";
import { lib } from "../lib/nixlib.ts";
import { literalExpression, mkOption, type OptionDecl, type OptionSpec } from "../lib/options.ts";
import { isPackage, mkPackage, storePathName, type Package } from "../lib/package.ts";
import { toFilePath } from "../lib/render/store-path.ts";
import { sanitizeDerivationName } from "../lib/util/derivation-name.ts";
import { nixSuggestions } from "../lib/util/suggest.ts";
import { runInNetnsSource } from "./virtualisation/run-in-netns.ts";

/** Store paths of the default stand-ins, by attribute name. */
export const defaultStorePaths: Readonly<Record<string, string>> = Object.freeze({
  bash: "/nix/store/k5jd53yyqvy66hjmhhwgg7zyfzgj0h1c-bash-4.2-p45",
  coreutils: "/nix/store/nk1xyc4wj6cpyxpww7sg92il7vg0qpyf-coreutils-9.5",
  findutils: "/nix/store/alw9vqabfblwbcb94shspc05nncnsfm5-findutils-4.10.0",
  gnugrep: "/nix/store/9n80x1rz3md475344mjar19xjp2vn2nc-gnugrep-3.11",
  gnused: "/nix/store/ql4d28sljchpqbailvd9bgqh0sh28xby-gnused-4.9",
  // The 2013 seed module's name for iproute2; the two are separate entries, as in
  // the vectors, so each can be overridden on its own.
  iproute: "/nix/store/sjffh6v1s7ycrgy9r4yrpyx85128hc68-iproute-3.11.0",
  iproute2: "/nix/store/pz36a4xlyw289f9nfhl5idiv2981njyx-iproute2-6.15.0",
  linux: "/nix/store/bqj8v9z5n1yv2myrm5alj37r5ag4sdrx-linux-6.12.41",
  nix: "/nix/store/gspw5132dgypwiipwpj1mqlgay93g9db-nix-2.28.4",
  "nixos-container": "/nix/store/w8i6lb47qyrjr1ppa4jxiqlk9rawd6y2-nixos-container",
  socat: "/nix/store/w6my4mdja16g8rphgk3w7233smir7qvs-socat-1.7.2.2",
  systemd: "/nix/store/ym08rhp5380qd1clw7fq0cjc38zd78jy-systemd-208",
  // On the PATH of the file-system units systemd.nix amends (no reference run used it).
  "util-linux": "/nix/store/5x2xa5z4g0siqx2ml9j37bl73fb833cj-util-linux-2.41.2",
});

/** The platform the package set is for (`pkgs.system`, `pkgs.stdenv.hostPlatform.system`). */
export const defaultSystem = "x86_64-linux";

/** A package made by a trivial builder: its store path is the content address of `text`. */
export interface TextPackage extends Package {
  /** The file's text. */
  readonly text: string;
}

/** The `pkgs` module argument: packages, plus the non-package attributes modules read. */
export interface PackageSet {
  readonly bash: Package;
  readonly coreutils: Package;
  readonly findutils: Package;
  readonly gnugrep: Package;
  readonly gnused: Package;
  readonly iproute: Package;
  readonly iproute2: Package;
  readonly linux: Package;
  readonly nix: Package;
  readonly "nixos-container": Package;
  readonly socat: Package;
  readonly systemd: Package;
  readonly "util-linux": Package;
  /** The seed's `run-in-netns` helper (a stand-in for its gcc build of `run-in-netns.c`). */
  readonly "run-in-netns": Package;
  /** The seed's `nixos-container-shell` script (`writeScriptBin`), made from the set's bash and socat. */
  readonly "nixos-container-shell": Package;
  /** `<bash>/bin/bash`. */
  readonly runtimeShell: string;
  /** `pkgs.linuxPackages.kernel` is `pkgs.linux`. */
  readonly linuxPackages: { readonly kernel: Package };
  /** The platform, e.g. `x86_64-linux`. */
  readonly system: string;
  readonly stdenv: {
    readonly hostPlatform: { readonly system: string; readonly [flag: string]: unknown };
    readonly system: string;
  };
  /** The module-system library, as `pkgs.lib` (the seed says `with pkgs.lib`). */
  readonly lib: typeof lib;
  /** `builtins.toFile name text` as a package. */
  readonly writeText: (name: string, text: string) => TextPackage;
  /** Like `writeText`, for an executable file. */
  readonly writeScript: (name: string, text: string) => TextPackage;
  /** Like `writeScript`, for `<out>/bin/<name>`; the stand-in's path is the content address of the text. */
  readonly writeScriptBin: (name: string, text: string) => TextPackage;
  /** Entries given in the overrides that the set does not know. */
  readonly [attr: string]: unknown;
}

/** Nix's `builtins.parseDrvName`: the name ends at the first `-` not followed by a letter. */
export function parseDrvName(name: string): { name: string; version: string } {
  const match = /-(?![A-Za-z])/.exec(name);
  return match === null
    ? { name, version: "" }
    : { name: name.slice(0, match.index), version: name.slice(match.index + 1) };
}

/** Extra attributes NixOS modules read from some packages (attribute name → attributes). */
const knownAttributes: Readonly<Record<string, (self: () => Package) => Record<string, unknown>>> =
  {
    // nixos-containers.nix uses `lib.getExe` and `.override { … }` on it.
    "nixos-container": (self) => ({
      meta: { mainProgram: "nixos-container" },
      override: () => self(),
    }),
  };

/** A stand-in package for `attr` at `outPath`: name from the path, `pname`/`version` as Nix parses them. */
export function standInPackage(
  attr: string,
  outPath: string,
  name?: string,
  extra: Record<string, unknown> = {},
): Package {
  let pkg: Package | undefined;
  const self = () => pkg!;
  const pkgName = name ?? storePathName(outPath);
  const parsed = parseDrvName(pkgName);
  pkg = mkPackage(outPath, pkgName, {
    pname: parsed.name,
    // The kernel's version is compared by NixOS modules: it is parseDrvName's, empty or not.
    ...(parsed.version === "" && attr !== "linux" ? {} : { version: parsed.version }),
    // Own names only: an override called `__proto__' or `toString' is just a name.
    ...(Object.prototype.hasOwnProperty.call(knownAttributes, attr)
      ? knownAttributes[attr]!(self)
      : undefined),
    ...extra,
  });
  return pkg;
}

/**
 * `pkgs.stdenv.hostPlatform` for a system double (`x86_64-linux`): its `system` and the flags
 * NixOS modules test most (nixpkgs' lib/systems), which would otherwise read as `undefined` (so
 * `mkIf hostPlatform.isLinux` would be false).
 */
export function platform(system: string): Readonly<Record<string, unknown>> {
  const [cpu = "", kernel = ""] = system.split("-");
  const isx86_64 = cpu === "x86_64";
  const isi686 = /^i[3-6]86$/.test(cpu);
  return Object.freeze({
    system,
    isLinux: kernel === "linux",
    isDarwin: kernel === "darwin",
    isx86_64,
    isi686,
    isx86: isx86_64 || isi686,
    isAarch64: cpu === "aarch64",
    is64bit: ["x86_64", "aarch64", "riscv64", "powerpc64", "powerpc64le", "mips64el"].includes(cpu),
  });
}

/** A text file package (`builtins.toFile`): the stand-in for nixpkgs' trivial builders. */
export function textPackage(
  name: string,
  text: string,
  extra: Record<string, unknown> = {},
): TextPackage {
  return mkPackage(toFilePath(name, text), name, { ...extra, text }) as TextPackage;
}

// The trivial builders below end in `stdenv.mkDerivation`, which passes every name through
// `sanitizeDerivationName`: `writeText "etc-Home WiFi"` builds `…-etc-Home-WiFi`.

/** `pkgs.writeText name text`. */
export function writeText(name: string, text: string): TextPackage {
  return textPackage(sanitizeDerivationName(name), text);
}

/** `pkgs.writeScript name text`. */
export function writeScript(name: string, text: string): TextPackage {
  return textPackage(sanitizeDerivationName(name), text, { executable: true });
}

/** `pkgs.writeScriptBin name text`: a stand-in whose path is the content address of the script. */
export function writeScriptBin(name: string, text: string): TextPackage {
  return textPackage(sanitizeDerivationName(name), text, {
    executable: true,
    meta: { mainProgram: name },
  });
}

/**
 * The seed's `runInNetns` derivation (`gcc run-in-netns.c -o $out/bin/run-in-netns`):
 * a stand-in whose path is the content address of the C source it compiles.
 */
export function runInNetnsPackage(): Package {
  return mkPackage(toFilePath("run-in-netns", runInNetnsSource), "run-in-netns", {
    source: runInNetnsSource,
    buildPhase: "mkdir -p $out/bin\ngcc run-in-netns.c -o $out/bin/run-in-netns\n",
  });
}

/** The seed's `nixos-container-shell` script text, for the given bash and socat. */
export function nixosContainerShellText(bash: Package | string, socat: Package | string): string {
  return `#! ${String(bash)}/bin/sh -e
usage() {
  echo "Usage: $0 <container-name>" >&2
  echo " $0 (-r|--root-shell) <container-name>" >&2
}
args="\`getopt --options 'r' -l help -- "$@"\`"
eval "set -- $args"
rootShell=
while [ $# -gt 0 ]; do
  case "$1" in
    (--help) usage; exit 0;;
    (-r|--root-shell) rootShell=1;;
    (--) shift; break;;
    (*) break;;
  esac
  shift
done
container="$1"
if [ -z "$container" ]; then
  usage
  exit 1
fi
shift
root="/var/lib/containers/$container"
if ! [ -d "$root" ]; then
  echo "$0: container $container does not exist" >&2
  exit 1
fi
if [ -n "$rootShell" ]; then
  socket="$root/var/lib/root-shell.socket"
else
  socket="$root/var/lib/login.socket"
fi
if ! [ -S "$socket" ]; then
  echo "$0: socket $socket does not exist" >&2
  exit 1
fi
if [ -n "$rootShell" ]; then
  exec ${String(socat)}/bin/socat "unix:$socket" -
else
  exec ${String(socat)}/bin/socat "unix:$socket" -,echo=0,raw
fi
`;
}

/**
 * Refuses a package path that scripts and units could not carry as one word: the path is
 * written unquoted (`#!${bash}/bin/bash`, `ExecStart=${systemd}/…`), so a space or a line
 * break would end it and let the rest run as code. No store path has either.
 */
function checkPackagePath(attr: string, path: string): void {
  if (!/[\s\0-\x1f\x7f]/.test(path)) return;
  throw new ModuleError(
    `the package override \`${attr}' has the path ${showValue(path)}, which contains a space or a control character: a package path is written unquoted into scripts and units, and no store path has one`,
    { code: "invalid" },
  );
}

/** An override value as the set holds it: store paths and package-shaped data become packages. */
function toEntry(attr: string, value: unknown): unknown {
  if (typeof value === "string") {
    if (!value.startsWith("/")) {
      // A package attribute written into scripts as `${bash}/bin/bash' needs a path.
      if (Object.prototype.hasOwnProperty.call(defaultStorePaths, attr)) {
        throw new ModuleError(
          `the package override \`${attr}' is ${showValue(value)}, which is not a store path: a package attribute takes a package or an absolute store path`,
          { code: "invalid" },
        );
      }
      return value;
    }
    checkPackagePath(attr, value);
    return standInPackage(attr, value);
  }
  if (isPackage(value)) {
    checkPackagePath(attr, value.outPath);
    if (Object.getOwnPropertyDescriptor(value, "toJSON") !== undefined) return value;
    // Package-shaped plain data (e.g. from JSON): give it Nix's string coercion.
    const { type: _type, name, outPath, ...extra } = value;
    return standInPackage(attr, outPath, name, extra);
  }
  if (Object.prototype.hasOwnProperty.call(defaultStorePaths, attr)) {
    throw new ModuleError(
      `the package override \`${attr}' is ${nixValueKind(value)} while a package or a store path was expected`,
      { code: "type" },
    );
  }
  return value;
}

/**
 * The package set with `overrides` applied by attribute name. A string that is an
 * absolute path becomes a package at that store path (named after it); other
 * strings (such as `system`) stay strings; packages and other values are taken as
 * they are. Entries derived from others (`runtimeShell`, `linuxPackages`,
 * `nixos-container-shell`, `stdenv`) follow the overridden entries unless they are
 * overridden themselves.
 */
export function makePackageSet(overrides: Readonly<Record<string, unknown>> = {}): PackageSet {
  const set: Record<string, unknown> = {};
  const has = (attr: string) => Object.prototype.hasOwnProperty.call(overrides, attr);
  const pick = (attr: string, fallback: () => unknown) =>
    has(attr) ? toEntry(attr, overrides[attr]) : fallback();
  for (const [attr, path] of Object.entries(defaultStorePaths)) {
    set[attr] = pick(attr, () => standInPackage(attr, path));
  }
  set.system = pick("system", () => defaultSystem);
  set["run-in-netns"] = pick("run-in-netns", runInNetnsPackage);
  set["nixos-container-shell"] = pick("nixos-container-shell", () =>
    writeScriptBin(
      "nixos-container-shell",
      nixosContainerShellText(set.bash as Package, set.socat as Package),
    ),
  );
  set.runtimeShell = pick("runtimeShell", () => `${String(set.bash)}/bin/bash`);
  set.linuxPackages = pick("linuxPackages", () => ({ kernel: set.linux }));
  set.stdenv = pick("stdenv", () => ({
    hostPlatform: platform(String(set.system)),
    system: set.system,
  }));
  set.lib = pick("lib", () => lib);
  set.writeText = pick("writeText", () => writeText);
  set.writeScript = pick("writeScript", () => writeScript);
  set.writeScriptBin = pick("writeScriptBin", () => writeScriptBin);
  for (const attr of Object.keys(overrides)) {
    // defineProperty: an attribute named "__proto__" stays an attribute.
    if (!Object.prototype.hasOwnProperty.call(set, attr)) {
      Object.defineProperty(set, attr, {
        value: toEntry(attr, overrides[attr]),
        enumerable: true,
      });
    }
  }
  const fingerprint = overridesText(overrides);
  if (fingerprint !== undefined) Object.defineProperty(set, fingerprintKey, { value: fingerprint });
  return guardMissing(Object.freeze(set)) as PackageSet;
}

/** Names read of any object to learn what it is (by JavaScript, node and test tools), never packages. */
const probeNames = new Set<string>([
  // JSON, promises, CommonJS interop
  "toJSON",
  "then",
  "__esModule",
  // what nixmod and Nix read to tell packages, module-system values and functors
  "type",
  "outPath",
  "_type",
  "__toString",
  "__functor",
  // vitest's equality and printing (its snapshot printer's plugins test every object)
  "asymmetricMatch",
  "$$typeof",
  "nodeType",
  "tagName",
  "hasAttribute",
  "_isMockFunction",
  "@@__IMMUTABLE_ITERABLE__@@",
  "@@__IMMUTABLE_RECORD__@@",
]);

/**
 * The set, refusing a name it does not have: Nix fails with `attribute … missing' where a
 * plain object would give `undefined` and `${pkgs.hello}/bin/hello` a script running
 * `undefined/bin/hello`. The failure is thrown as user code's are, so the evaluation reports
 * it with the option or module that read the name.
 */
function guardMissing(set: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  return new Proxy(set, {
    get(target, key, receiver) {
      if (typeof key === "symbol" || key in target || probeNames.has(key)) {
        return Reflect.get(target, key, receiver);
      }
      const suggestion = nixSuggestions(key, Object.keys(target));
      throw new Error(
        `attribute '${key}' missing from the package set \`pkgs'${suggestion === "" ? "" : `. ${suggestion}`} ` +
          "(nixmod's has stand-ins for the packages its modules use; give others by name: " +
          `evaluate(config, { pkgs: { ${JSON.stringify(key)}: "/nix/store/…" } }), or the command's --pkgs file)`,
      );
    },
  });
}

const fingerprintKey = Symbol("nixmod.packageSetFingerprint");

/** Enough for the package sets a process uses; past it the least recently used is dropped. */
const maxSharedSets = 64;
const sharedSets = new Map<string, PackageSet>();

/**
 * `makePackageSet(overrides)`, the same frozen set for equal overrides made only of strings
 * (which make equal sets). The built-in modules declare their options once per package set,
 * so every `evaluate()` without packages among its overrides shares those declarations and
 * their grouping instead of making them again.
 */
export function sharedPackageSet(overrides: Readonly<Record<string, unknown>> = {}): PackageSet {
  const fingerprint = overridesText(overrides);
  if (fingerprint === undefined) return makePackageSet(overrides);
  let set = sharedSets.get(fingerprint);
  if (set !== undefined) {
    // Most recently used last, so the first entry is the one to drop.
    sharedSets.delete(fingerprint);
  } else {
    set = makePackageSet(overrides);
    if (sharedSets.size >= maxSharedSets) sharedSets.delete(sharedSets.keys().next().value!);
  }
  sharedSets.set(fingerprint, set);
  return set;
}

/** The overrides as text when they are all strings (so equal texts make equal sets). */
function overridesText(overrides: Readonly<Record<string, unknown>>): string | undefined {
  const entries = Object.entries(overrides).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.some(([, value]) => typeof value !== "string")) return undefined;
  return JSON.stringify(entries);
}

/**
 * A text that is equal for two package sets made by `makePackageSet` from equal
 * overrides; `undefined` for sets made otherwise or from packages (which may carry
 * anything), so they are never taken for each other.
 */
export function packageSetFingerprint(pkgs: PackageSet): string | undefined {
  const value = (pkgs as unknown as Record<symbol, unknown>)[fingerprintKey];
  return typeof value === "string" ? value : undefined;
}

/**
 * An option whose default is `pkgs.<path>` (read when the default is used), documented as
 * `pkgs.<path>`: NixOS's modules declare their package options this way.
 */
export function pkgsOption(
  pkgs: PackageSet,
  path: string,
  spec: Omit<OptionSpec, "default" | "defaultText">,
): OptionDecl {
  return mkOption({
    ...spec,
    get default() {
      return path
        .split(".")
        .reduce<unknown>((v, name) => (v as Record<string, unknown>)[name], pkgs);
    },
    defaultText: literalExpression(`pkgs.${path}`),
  });
}
