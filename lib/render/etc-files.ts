/**
 * `environment.etc` as NixOS's etc.nix builds it: each enabled entry becomes `/etc/<target>`,
 * a link into `/etc/static` (the store directory holding a link per target), or a copy with
 * its own mode. Targets are checked here, before anything is written: NixOS's builder would let
 * `..` escape its output, and fails (or its activation does) on the others refused here.
 */
import { ModuleError, quoteOption } from "../errors.ts";
import { isPackage } from "../package.ts";
import { setOwn } from "../util/attrs.ts";
import { compareBytes } from "./byte-order.ts";
import { nixToString } from "./nix-to-string.ts";
import { toFilePath } from "./store-path.ts";

/** One file of /etc: where it comes from and how it is installed. */
export interface EtcFile {
  /** The store path `/etc/static/<target>` links to. */
  source: string;
  /** `symlink` (a link to `/etc/static/<target>`), `direct-symlink` (a link to the source) or an octal mode of a copy. */
  mode: string;
  /** Owner and group, as NixOS's `user`/`group` (`+<id>` for a numeric id); read for a copy only. */
  user: string;
  group: string;
}

/** What `renderEtc` reads of one `environment.etc` entry. */
export interface EtcEntryValue {
  enable: boolean;
  target: string;
  source: unknown;
  mode: string;
  user: string;
  group: string;
}

/** The rendered /etc: files by target, the texts of the store files nixmod made for them, and the builder's complaints. */
export interface RenderedEtc {
  etc: Record<string, EtcFile>;
  files: Record<string, string>;
  /** NixOS's `mismatched duplicate entry` lines: a target two entries give different sources. */
  warnings: string[];
}

const entryLoc = (name: string, option: string) => ["environment", "etc", name, option];

/** What bash's `echo "$user"` takes as its options instead of printing. */
const echoOption = /^-[neE]+$/;

/** What no line of the builder, and no path it makes, may hold. */
const controlCharacter = /[\x00-\x1f\x7f]/;

/**
 * Why NixOS could not install `target` below /etc, if it could not: it leaves /etc, names
 * nothing, or is a file NixOS makes itself (its hosts, units, `static` links, activation files).
 */
export function etcTargetProblem(target: string): string | undefined {
  const parts = target.split("/").filter((part) => part !== "");
  if (parts.length === 0) return "names no file below /etc";
  if (parts.some((part) => part === "." || part === "..")) {
    return "has a `.' or `..' part, which would leave /etc";
  }
  if (controlCharacter.test(target)) return "holds a control character";
  if (target.endsWith("/")) return "ends in `/', which NixOS's builder cannot link";
  if (target.startsWith("-") && target.includes("/"))
    return "starts with `-' and names a directory, which the `dirname' of NixOS's builder reads as an option (its build fails)";
  const [first, second] = parts;
  if (first === "hosts") {
    return "is /etc/hosts or below it, which NixOS makes from `networking' (set networking.extraHosts instead)";
  }
  if (first === "static") return "is below /etc/static, where NixOS keeps the links of every file";
  if (first === "systemd" && (parts.length === 1 || second === "system")) {
    return parts.length === 1
      ? "is /etc/systemd, which holds the units NixOS generates"
      : "is in /etc/systemd/system, which NixOS fills with the units it generates (declare a unit in systemd.services instead)";
  }
  if (parts.length === 1 && (first === ".clean" || first === "NIXOS")) {
    return "is a file NixOS's activation writes itself";
  }
  return undefined;
}

/** Why `mode` is no mode NixOS installs a file with, if it is not. */
export function etcModeProblem(mode: string): string | undefined {
  return mode === "symlink" || mode === "direct-symlink" || /^0*[0-7]{1,4}$/.test(mode)
    ? undefined
    : "is neither `symlink', `direct-symlink' nor an octal file mode such as \"0440\"";
}

function entryError(name: string, option: string, what: string, problem: string): ModuleError {
  return new ModuleError(
    `The ${option} ${what} of ${quoteOption(["environment", "etc", name])} ${problem}.`,
    { code: "invalid", loc: entryLoc(name, option) },
  );
}

/** The text of `source` when it is a store file whose text nixmod knows (`pkgs.writeText`, an entry's `text`). */
function knownText(source: unknown): string | undefined {
  if (!isPackage(source)) return undefined;
  const { text, name } = source as { text?: unknown; name?: unknown };
  if (typeof text !== "string" || typeof name !== "string") return undefined;
  // Only a file whose path is the content address of that text: anything else may differ.
  try {
    return toFilePath(name, text) === source.outPath ? text : undefined;
  } catch {
    // A name no store path can have: not a file nixmod made.
    return undefined;
  }
}

/** One entry as the builder sees it: its target below /etc and what it installs. */
interface Installed {
  name: string;
  target: string;
  file: EtcFile;
}

function installed(name: string, entry: EtcEntryValue): Installed {
  const targetProblem = etcTargetProblem(entry.target);
  if (targetProblem !== undefined) {
    throw entryError(name, "target", JSON.stringify(entry.target), targetProblem);
  }
  const source = nixToString(entry.source, entryLoc(name, "source"));
  if (controlCharacter.test(source)) {
    throw entryError(name, "source", JSON.stringify(source), "holds a control character");
  }
  if (source.includes("*")) {
    throw entryError(
      name,
      "source",
      JSON.stringify(source),
      "is a glob, which NixOS expands in the store when it builds /etc; nixmod cannot read the store: name each file",
    );
  }
  const modeProblem = etcModeProblem(entry.mode);
  if (modeProblem !== undefined) {
    throw entryError(name, "mode", JSON.stringify(entry.mode), modeProblem);
  }
  if (entry.mode !== "symlink") {
    for (const option of ["user", "group"] as const) {
      if (echoOption.test(entry[option]))
        throw entryError(
          name,
          option,
          JSON.stringify(entry[option]),
          "is an option of the `echo' NixOS's builder writes the owner with, so the owner file is left empty",
        );
    }
  }
  const target = entry.target
    .split("/")
    .filter((part) => part !== "")
    .join("/");
  return { name, target, file: { source, mode: entry.mode, user: entry.user, group: entry.group } };
}

/**
 * Renders the enabled entries of `environment.etc` as NixOS's builder installs them, in
 * attribute order: the first entry for a target gives its link; each entry that is not a
 * `symlink` gives the mode and owner of the copy (so the last such one wins). An entry whose
 * target is a directory an earlier entry's target made is skipped, with the builder's
 * complaint; one whose target lies inside an earlier entry's fails, as the builder's
 * `mkdir -p` does on that entry's link.
 */
export function renderEtc(entries: Readonly<Record<string, EtcEntryValue>>): RenderedEtc {
  const byTarget = new Map<string, Installed>();
  // The directories the builder has made, each with the entry that made it first.
  const directories = new Map<string, Installed>();
  const files: Record<string, string> = {};
  const warnings: string[] = [];
  for (const name of Object.keys(entries).sort(compareBytes)) {
    const entry = entries[name]!;
    if (!entry.enable) continue;
    const next = installed(name, entry);
    const { target } = next;
    const parents: string[] = [];
    for (let slash = target.indexOf("/"); slash !== -1; slash = target.indexOf("/", slash + 1))
      parents.push(target.slice(0, slash));
    for (const parent of parents) {
      const outer = byTarget.get(parent);
      if (outer === undefined) continue;
      throw new ModuleError(
        `/etc/${outer.target} is itself an entry (${quoteOption(["environment", "etc", outer.name])}), so it cannot hold /etc/${next.target} (${quoteOption(["environment", "etc", name])}).`,
        { code: "conflict", loc: entryLoc(name, "target") },
      );
    }
    const holder = directories.get(next.target);
    if (holder !== undefined) {
      // The builder still writes the skipped entry's mode files beside the directory, and
      // NixOS's activation then tries to copy the directory as that file: say so.
      const sideFiles =
        next.file.mode === "symlink"
          ? ""
          : ` (its /etc/static/${next.target}.mode, .uid and .gid are still written, and activation fails to copy the directory as a file of mode ${next.file.mode})`;
      warnings.push(
        `mismatched duplicate entry  <-> ${next.file.source}: /etc/${next.target} is a directory holding /etc/${holder.target} (${quoteOption(["environment", "etc", holder.name])}), so NixOS skips ${quoteOption(["environment", "etc", name])}${sideFiles}`,
      );
      continue;
    }
    const first = byTarget.get(next.target);
    if (first === undefined) {
      byTarget.set(next.target, next);
      for (const parent of parents) if (!directories.has(parent)) directories.set(parent, next);
      const text = knownText(entry.source);
      if (text !== undefined) files[next.file.source] = text;
      continue;
    }
    if (!first.file.source.startsWith("/nix/store/")) {
      // The builder's `[ -e ]` follows the first link, which dangles in its sandbox, so it
      // links again and `ln -s` fails.
      throw new ModuleError(
        `${quoteOption(["environment", "etc", first.name])} and ${quoteOption(["environment", "etc", name])} are both /etc/${target}, and the first's source ${first.file.source} is outside the store: NixOS's builder, for which that link dangles, links the path again and fails (File exists).`,
        { code: "conflict", loc: entryLoc(name, "target") },
      );
    }
    if (first.file.source !== next.file.source) {
      warnings.push(
        `mismatched duplicate entry ${first.file.source} <-> ${next.file.source}: ${quoteOption(["environment", "etc", first.name])} and ${quoteOption(["environment", "etc", name])} are both /etc/${next.target}; NixOS links the first`,
      );
    }
    if (next.file.mode !== "symlink") {
      const { mode, user, group } = next.file;
      first.file = { ...first.file, mode, user, group };
    }
  }
  const targets = [...byTarget.keys()].sort(compareBytes);
  const etc: Record<string, EtcFile> = {};
  for (const target of targets) setOwn(etc, target, byTarget.get(target)!.file);
  return { etc, files, warnings };
}
