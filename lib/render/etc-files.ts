/**
 * `environment.etc` as NixOS's etc.nix builds it: each enabled entry becomes `/etc/<target>`,
 * a link into `/etc/static` (the store directory holding a link per target), or a copy with
 * its own mode. Targets are checked here, before anything is written: NixOS's builder would
 * let `..` escape its output and fails on two different files for one target.
 */
import { ModuleError, quoteOption } from "../errors.ts";
import { isPackage } from "../package.ts";
import { setOwn } from "../util/attrs.ts";
import { compareBytes } from "./byte-order.ts";
import { toFilePath } from "./store-path.ts";

/** One file of /etc: where it comes from and how it is installed. */
export interface EtcFile {
  /** The store path `/etc/static/<target>` links to. */
  source: string;
  /** `symlink` (a link to `/etc/static/<target>`), `direct-symlink` (a link to the source) or an octal mode of a copy. */
  mode: string;
  /** Owner and group of a copy, as NixOS's `user`/`group` (`+<id>` for a numeric id). */
  user: string;
  group: string;
}

/** What `renderEtc` reads of one `environment.etc` entry. */
interface EtcEntryValue {
  enable: boolean;
  target: string;
  source: unknown;
  mode: string;
  user: string;
  group: string;
}

/** The rendered /etc: files by target, and the texts of the store files nixmod made for them. */
export interface RenderedEtc {
  etc: Record<string, EtcFile>;
  files: Record<string, string>;
}

const entryLoc = (name: string, option: string) => ["environment", "etc", name, option];

/** Why `parts` (a target split at `/`) cannot be a file NixOS installs, if it cannot. */
function targetProblem(parts: readonly string[], target: string): string | undefined {
  if (parts.length === 0) return "names no file below /etc";
  if (parts.some((part) => part === "." || part === "..")) {
    return "has a `.' or `..' part, which would leave /etc";
  }
  if (/[\x00-\x1f\x7f]/.test(target)) return "holds a control character";
  if (parts.length === 1 && parts[0] === "hosts") {
    return "is /etc/hosts, which NixOS makes from `networking' (set networking.extraHosts instead)";
  }
  if (parts[0] === "static")
    return "is below /etc/static, where NixOS keeps the links of every file";
  if (parts[0] === "systemd" && parts[1] === "system") {
    return "is below /etc/systemd/system, which holds the units NixOS generates";
  }
  return undefined;
}

/** `target` as the path below /etc it names (`a//b` and `/a/b` are `a/b`, as the shell joins them). */
function normalTarget(name: string, target: string): string {
  const parts = target.split("/").filter((part) => part !== "");
  const problem = targetProblem(parts, target);
  if (problem !== undefined) {
    throw new ModuleError(
      `The target ${JSON.stringify(target)} of ${quoteOption(["environment", "etc", name])} ${problem}.`,
      { code: "invalid", loc: entryLoc(name, "target") },
    );
  }
  return parts.join("/");
}

/** The text of `source` when it is a store file whose text nixmod knows (`pkgs.writeText`, an entry's `text`). */
function knownText(source: unknown): string | undefined {
  if (!isPackage(source)) return undefined;
  const { text, name } = source as { text?: unknown; name?: unknown };
  if (typeof text !== "string" || typeof name !== "string") return undefined;
  // Only a file whose path is the content address of that text: anything else may differ.
  return toFilePath(name, text) === source.outPath ? text : undefined;
}

/** Renders the enabled entries of `environment.etc` (attribute set of entry values). */
export function renderEtc(entries: Readonly<Record<string, EtcEntryValue>>): RenderedEtc {
  const etc: Record<string, EtcFile> = {};
  const files: Record<string, string> = {};
  const owners = new Map<string, string>();
  // NixOS builds the entries in attribute order; the first of two for one target stays.
  for (const name of Object.keys(entries).sort(compareBytes)) {
    const entry = entries[name]!;
    if (!entry.enable) continue;
    const target = normalTarget(name, entry.target);
    const source = String(entry.source);
    if (source.includes("*")) {
      throw new ModuleError(
        `The source ${JSON.stringify(source)} of ${quoteOption(["environment", "etc", name])} is a glob, which NixOS expands in the store when it builds /etc; nixmod cannot read the store: name each file.`,
        { code: "invalid", loc: entryLoc(name, "source") },
      );
    }
    const mode = entry.mode;
    if (mode !== "symlink" && mode !== "direct-symlink" && !/^[0-7]{3,4}$/.test(mode)) {
      throw new ModuleError(
        `The mode ${JSON.stringify(mode)} of ${quoteOption(["environment", "etc", name])} is neither \`symlink', \`direct-symlink' nor an octal file mode such as "0440".`,
        { code: "invalid", loc: entryLoc(name, "mode") },
      );
    }
    const other = owners.get(target);
    if (other !== undefined) {
      const first = etc[target]!.source;
      if (first === source) continue;
      throw new ModuleError(
        `mismatched duplicate entry ${first} <-> ${source}: ${quoteOption(["environment", "etc", other])} and ${quoteOption(["environment", "etc", name])} are both /etc/${target}.`,
        { code: "conflict", loc: entryLoc(name, "target") },
      );
    }
    owners.set(target, name);
    setOwn(etc, target, { source, mode, user: entry.user, group: entry.group });
    const text = knownText(entry.source);
    if (text !== undefined) files[source] = text;
  }
  // A target that is another's directory cannot be a file as well (NixOS's mkdir -p fails).
  const targets = Object.keys(etc).sort(compareBytes);
  for (const target of targets) {
    for (let slash = target.indexOf("/"); slash !== -1; slash = target.indexOf("/", slash + 1)) {
      const parent = owners.get(target.slice(0, slash));
      if (parent === undefined) continue;
      throw new ModuleError(
        `/etc/${target.slice(0, slash)} (${quoteOption(["environment", "etc", parent])}) is a file, so it cannot hold /etc/${target} (${quoteOption(["environment", "etc", owners.get(target)!])}).`,
        { code: "conflict", loc: entryLoc(owners.get(target)!, "target") },
      );
    }
  }
  const sorted: Record<string, EtcFile> = {};
  for (const target of targets) setOwn(sorted, target, etc[target]);
  return { etc: sorted, files };
}
