/** The rendered host as a directory tree, like a `nixos-rebuild build` result, deterministic to the byte. */
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  type Stats,
} from "node:fs";
import { dirname, join, resolve } from "node:path";
import { isModuleError, ModuleError, thrownMessage, wrongArgument } from "../errors.ts";
import { compareBytes } from "./byte-order.ts";
import { etcModeProblem, etcTargetProblem, type EtcFile } from "./etc-files.ts";
import type { Rendered } from "./render.ts";

/** One entry of the tree: a file with its mode and text, or a symbolic link. */
export type TreeEntry =
  | { path: string; kind: "file"; mode: number; text: string }
  | { path: string; kind: "link"; target: string };

const unitDir = "etc/systemd/system";

function safeRelative(path: string): string {
  const parts = path.split("/");
  if (path.startsWith("/") || parts.some((p) => p === "" || p === "." || p === "..")) {
    throw new ModuleError(`refusing to write \`${path}' outside the output tree`, {
      code: "invalid",
    });
  }
  return path;
}

/** A script's name from its store path, for a rendering without `scriptNames` (right wherever stdenv left the name alone). */
function scriptNameOfPath(storePath: string): string {
  return storePath.slice(storePath.indexOf("-unit-script-") + "-unit-script-".length);
}

/** What the tree is made of: a rendering (its warnings are not files; one made before /etc was rendered has no `etc`). */
export type TreeInput = Omit<
  Rendered,
  "warnings" | "etc" | "executables" | "scriptNames" | "targets"
> & {
  etc?: Rendered["etc"];
  executables?: Rendered["executables"];
  scriptNames?: Rendered["scriptNames"];
  targets?: Rendered["targets"];
};

/**
 * Every file and link of the rendered host, sorted by path. Units are laid out first, then
 * links, as NixOS's generateUnits does: a link at a unit's path (an alias named like another
 * unit) replaces the unit; then /etc/hosts, the other files of /etc, and the store files.
 * A path that would be a file and a directory at once is a ModuleError.
 */
export function treeEntries(rendered: TreeInput): TreeEntry[] {
  checkTreeInput(rendered, "the rendering given to treeEntries");
  return layOut(rendered);
}

/** `treeEntries` of a rendering `checkTreeInput` has already accepted. */
export function layOut(rendered: TreeInput): TreeEntry[] {
  const byPath = new Map<string, TreeEntry>();
  const add = (entry: TreeEntry) => byPath.set(entry.path, entry);
  const dropIns = new Set(rendered.dropIns);
  // A drop-in amends the unit of that name instead of being it.
  const unitPath = (unit: string) =>
    safeRelative(`${unitDir}/${dropIns.has(unit) ? `${unit}.d/overrides.conf` : unit}`);
  for (const [unit, text] of Object.entries(rendered.units)) {
    add({ path: unitPath(unit), kind: "file", mode: 0o444, text });
  }
  for (const [target, text] of Object.entries(rendered.targets ?? {})) {
    add({ path: unitPath(target), kind: "file", mode: 0o444, text });
  }
  for (const [timer, text] of Object.entries(rendered.timers)) {
    add({ path: safeRelative(`${unitDir}/${timer}`), kind: "file", mode: 0o444, text });
  }
  for (const unit of rendered.masked)
    add({ path: unitPath(unit), kind: "link", target: "/dev/null" });
  for (const [link, target] of Object.entries(rendered.links)) {
    add({ path: safeRelative(`${unitDir}/${link}`), kind: "link", target });
  }
  add({ path: "etc/hosts", kind: "file", mode: 0o444, text: rendered.etcHosts });
  for (const [target, file] of Object.entries(rendered.etc ?? {})) {
    for (const entry of etcEntries(target, file, rendered.files)) add(entry);
  }
  for (const [storePath, text] of Object.entries(rendered.scripts)) {
    const rel = safeRelative(storePath.slice(1));
    const name = rendered.scriptNames?.[storePath] ?? scriptNameOfPath(storePath);
    add({ path: `${rel}/bin/${name}`, kind: "file", mode: 0o555, text });
  }
  const executables = new Set(rendered.executables ?? []);
  for (const [storePath, text] of Object.entries(rendered.files)) {
    const mode = executables.has(storePath) ? 0o555 : 0o444;
    add({ path: safeRelative(storePath.slice(1)), kind: "file", mode, text });
  }
  for (const path of byPath.keys()) {
    for (let slash = path.indexOf("/"); slash !== -1; slash = path.indexOf("/", slash + 1)) {
      const outer = path.slice(0, slash);
      if (byPath.has(outer)) {
        throw new ModuleError(
          `the tree would have \`${outer}' as a file and as the directory of \`${path}'`,
          { code: "conflict" },
        );
      }
    }
  }
  return [...byPath.values()].sort((a, b) => compareBytes(a.path, b.path));
}

/**
 * Checks that `x` has a rendering's shape (what `render` returns, or data read back from one),
 * so that laying it out cannot fail inside; `what` names it in the error.
 */
export function checkTreeInput(x: unknown, what: string): asserts x is TreeInput {
  if (typeof x !== "object" || x === null || Array.isArray(x)) {
    throw wrongArgument(what, x, "a set", "what render() returns");
  }
  const r = x as Record<string, unknown>;
  const field = (path: string) => `\`${path}' of ${what}`;
  const isSet = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v);
  for (const part of ["units", "links", "scripts", "files", "timers", "targets"]) {
    const texts = r[part];
    // A rendering made before targets were rendered has none.
    if (part === "targets" && texts === undefined) continue;
    if (!isSet(texts)) throw wrongArgument(field(part), texts, "a set");
    for (const [name, text] of Object.entries(texts as object)) {
      // A unit is a file of the units folder: a name, no path.
      if (
        (part === "units" || part === "timers" || part === "targets") &&
        !/^(?!\.\.?$)[^/]+$/.test(name)
      ) {
        throw new ModuleError(
          `${field(part)} names ${JSON.stringify(name)}, which is no unit name`,
          { code: "invalid" },
        );
      }
      if (typeof text !== "string") throw wrongArgument(field(`${part}.${name}`), text, "a string");
    }
  }
  if (r.scriptNames !== undefined) {
    if (!isSet(r.scriptNames)) throw wrongArgument(field("scriptNames"), r.scriptNames, "a set");
    for (const [path, name] of Object.entries(r.scriptNames as object)) {
      // The name of a file in the script's bin folder.
      if (typeof name !== "string" || !/^(?!\.\.?$)[^/]+$/.test(name)) {
        throw wrongArgument(field(`scriptNames.${path}`), name, "a file name");
      }
    }
  }
  for (const part of ["masked", "dropIns", "executables"]) {
    const list = r[part];
    // A rendering made before scripts were written into the tree has no `executables`.
    if (part === "executables" && list === undefined) continue;
    if (!Array.isArray(list)) throw wrongArgument(field(part), list, "a list");
    list.forEach((name: unknown, i) => {
      if (typeof name !== "string") throw wrongArgument(field(`${part}.${i}`), name, "a string");
    });
  }
  if (typeof r.etcHosts !== "string")
    throw wrongArgument(field("etcHosts"), r.etcHosts, "a string");
  if (r.etc === undefined) return;
  if (!isSet(r.etc)) throw wrongArgument(field("etc"), r.etc, "a set");
  for (const [target, file] of Object.entries(r.etc as object)) {
    for (const key of ["source", "mode", "user", "group"]) {
      const value = isSet(file) ? (file as Record<string, unknown>)[key] : undefined;
      if (typeof value !== "string") {
        throw wrongArgument(field(`etc.${target}.${key}`), value, "a string");
      }
    }
  }
}

/**
 * The entries of one file of /etc, as NixOS lays them out: its builder's `etc/static/<target>`
 * links to the source (with `<target>.mode`, `.uid` and `.gid` beside it for a copy), and its
 * activation's `etc/<target>` links to `/etc/static/<target>` (`symlink`), to the source
 * (`direct-symlink`), or is a copy with the entry's mode. A copy of a file nixmod did not make
 * (its text unknown) is shown as the link to `/etc/static/<target>` it would be copied from; a
 * copy's owner is in `.uid`/`.gid`, and its set-id and sticky bits are not set in the tree.
 */
function etcEntries(
  target: string,
  file: EtcFile,
  files: Readonly<Record<string, string>>,
): TreeEntry[] {
  // A rendering given directly has not been through renderEtc's checks.
  const targetProblem = etcTargetProblem(target);
  const modeProblem = etcModeProblem(file.mode);
  if (targetProblem !== undefined || modeProblem !== undefined) {
    const what =
      targetProblem !== undefined
        ? `the /etc entry ${JSON.stringify(target)} of the rendering ${targetProblem}`
        : `the mode ${JSON.stringify(file.mode)} of the /etc entry ${JSON.stringify(target)} of the rendering ${modeProblem}`;
    throw new ModuleError(what, { code: "invalid" });
  }
  const path = safeRelative(`etc/${target}`);
  const staticPath = safeRelative(`etc/static/${target}`);
  const entries: TreeEntry[] = [{ path: staticPath, kind: "link", target: file.source }];
  // NixOS's activation reads `.mode` to tell a copy or a direct link from a link through /etc/static.
  if (file.mode !== "symlink") {
    for (const [suffix, value] of [
      ["mode", file.mode],
      ["uid", file.user],
      ["gid", file.group],
    ] as const) {
      entries.push({
        path: `${staticPath}.${suffix}`,
        kind: "file",
        mode: 0o444,
        text: `${value}\n`,
      });
    }
  }
  if (file.mode === "direct-symlink") {
    entries.push({ path, kind: "link", target: file.source });
    return entries;
  }
  const text = Object.prototype.hasOwnProperty.call(files, file.source)
    ? files[file.source]
    : undefined;
  if (file.mode === "symlink" || text === undefined) {
    entries.push({ path, kind: "link", target: `/etc/static/${target}` });
  } else {
    entries.push({ path, kind: "file", mode: parseInt(file.mode, 8) & 0o777, text });
  }
  return entries;
}

/** The names a written tree has at its top and below `nix`: what `writeTree` may replace. */
const treeLayout: Readonly<Record<string, readonly string[]>> = {
  "": ["etc", "nix"],
  nix: ["store"],
};

/** Where `writeTree` stages a tree before it replaces the old one (one a crash left is ignored). */
const stagingPrefix = ".nixmod-new-";

/** Whether `path` exists, without following a link (a tree's links point into the store). */
function present(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** The first path below `dir` (relative, depth first, links not followed) that `visit` refuses. */
function refused(dir: string, visit: (rel: string, stat: Stats) => boolean): string | undefined {
  const pending = readdirSync(dir);
  while (pending.length > 0) {
    const rel = pending.pop()!;
    const stat = lstatSync(join(dir, rel));
    if (!visit(rel, stat)) return rel;
    if (stat.isDirectory()) {
      for (const name of readdirSync(join(dir, rel))) pending.push(`${rel}/${name}`);
    }
  }
  return undefined;
}

/**
 * The first thing in `etc` that a written tree's does not hold, relative to `etc`: a tree has
 * `hosts`, the units below `systemd`, links (and the `.mode`/`.uid`/`.gid` of copies) below
 * `static`, and for each other file a link or copy whose link is in `static`.
 */
function foreignInEtc(etc: string): string | undefined {
  const fileOrLink = (stat: Stats) => stat.isFile() || stat.isSymbolicLink();
  const below = (name: string, rel: string | undefined) =>
    rel === undefined ? undefined : `${name}/${rel}`;
  for (const name of readdirSync(etc)) {
    const stat = lstatSync(join(etc, name));
    let foreign: string | undefined;
    if (name === "hosts") {
      foreign = stat.isFile() ? undefined : name;
    } else if (name === "systemd" || name === "static") {
      foreign = !stat.isDirectory()
        ? name
        : below(
            name,
            refused(join(etc, name), (rel, inner) =>
              name === "systemd"
                ? inner.isDirectory() || fileOrLink(inner)
                : inner.isDirectory() ||
                  inner.isSymbolicLink() ||
                  (inner.isFile() && /\.(mode|uid|gid)$/.test(rel)),
            ),
          );
    } else if (stat.isDirectory()) {
      foreign = below(
        name,
        refused(join(etc, name), (rel, inner) =>
          inner.isDirectory() ? true : fileOrLink(inner) && staticLink(etc, `${name}/${rel}`),
        ),
      );
    } else if (!fileOrLink(stat) || !staticLink(etc, name)) foreign = name;
    if (foreign !== undefined) return foreign;
  }
  return undefined;
}

function staticLink(etc: string, rel: string): boolean {
  const path = join(etc, "static", rel);
  return present(path) && lstatSync(path).isSymbolicLink();
}

/**
 * Why `dir` may not be replaced, if it may not: it may when it does not exist, is an empty
 * directory, or has a written tree's layout (nothing but `etc` and `nix/store`, and in `etc` only
 * what `foreignInEtc` allows). Anything else (a file, a link, a device, a directory holding
 * other things) could be the user's: the answer names the first such thing.
 */
function notReplaceable(dir: string): string | undefined {
  let stat;
  try {
    stat = lstatSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  if (!stat.isDirectory()) return "it is not a directory";
  const theirs = (path: string) =>
    `it holds \`${path}', which is no part of a tree nixmod writes (only etc and nix/store, with etc's files linked in etc/static)`;
  for (const [sub, allowed] of Object.entries(treeLayout)) {
    const path = join(dir, sub);
    if (sub !== "" && !existsSync(path)) continue;
    if (sub !== "" && !lstatSync(path).isDirectory()) return theirs(sub);
    const names = readdirSync(path).filter((name) => sub !== "" || !name.startsWith(stagingPrefix));
    const other = names.find((name) => !allowed.includes(name));
    if (other !== undefined) return theirs(sub === "" ? other : `${sub}/${other}`);
  }
  const etc = join(dir, "etc");
  if (!present(etc)) return undefined;
  if (!lstatSync(etc).isDirectory()) return theirs("etc");
  const foreign = foreignInEtc(etc);
  return foreign === undefined ? undefined : theirs(`etc/${foreign}`);
}

/**
 * Creates `dir` and its missing parents one at a time. Node's recursive mkdir retries for ever
 * where a parent exists but refuses children with ENOENT (`/proc/self/x`); here that is an error.
 */
function makeDirectory(dir: string): void {
  const missing: string[] = [];
  for (let path = resolve(dir); !existsSync(path); path = dirname(path)) {
    missing.push(path);
    if (dirname(path) === path) break;
  }
  for (const path of missing.reverse()) mkdirSync(path);
}

/**
 * Replaces the tree's parts in `dir` (not `dir` itself: it may be the working directory) with the
 * ones written in `staging`, by renames: the old parts are moved into `staging` first, and moved
 * back if a new one cannot take their place. The old tree goes with `staging`.
 */
function swapIn(dir: string, staging: string): void {
  const parts = treeLayout[""]!;
  const old = join(staging, ".old");
  mkdirSync(old);
  const moved: string[] = [];
  try {
    for (const part of parts) {
      if (!present(join(dir, part))) continue;
      renameSync(join(dir, part), join(old, part));
      moved.push(part);
    }
    for (const part of parts) {
      if (present(join(staging, part))) renameSync(join(staging, part), join(dir, part));
    }
  } catch (error) {
    for (const part of parts) {
      if (!moved.includes(part)) continue;
      rmSync(join(dir, part), { recursive: true, force: true });
      renameSync(join(old, part), join(dir, part));
    }
    throw error;
  }
}

/**
 * Writes the rendered host under `dir`, returning the entries written. A tree written before
 * is replaced; anything else at `dir` is refused, never deleted.
 */
export function writeTree(rendered: TreeInput, dir: string): TreeEntry[] {
  const entries = treeEntries(rendered);
  // "" reads as no such file, yet writes land in the working directory.
  if (typeof dir !== "string" || dir === "") {
    throw new ModuleError("writeTree needs a directory name", { code: "invalid" });
  }
  try {
    const why = notReplaceable(dir);
    if (why !== undefined) {
      throw new ModuleError(
        `refusing to write the tree to \`${dir}': ${why}; remove it or choose another directory`,
        { code: "invalid" },
      );
    }
    makeDirectory(dir);
    // Written aside first, so that a tree that cannot be written leaves the old one as it was.
    const staging = mkdtempSync(join(dir, stagingPrefix));
    try {
      for (const entry of entries) {
        const target = join(staging, entry.path);
        mkdirSync(dirname(target), { recursive: true });
        if (entry.kind === "link") {
          symlinkSync(entry.target, target);
        } else {
          writeFileSync(target, entry.text);
          chmodSync(target, entry.mode);
        }
      }
      swapIn(dir, staging);
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  } catch (error) {
    if (isModuleError(error)) throw error;
    throw new ModuleError(`cannot write the tree to \`${dir}': ${thrownMessage(error)}`, {
      code: "invalid",
      cause: error,
    });
  }
  return entries;
}
