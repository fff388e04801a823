/**
 * What a systemd-nspawn command line says about its container, read as nspawn reads its
 * arguments (systemd-nspawn(1); `getopt_long` with nspawn 252's options, stopping at the first
 * word that is no option: the program it starts).
 */

/** A bind mount of an nspawn command line. */
export interface BindMount {
  source: string;
  target: string;
  readOnly: boolean;
  /** Mount options after the target (`idmap` with today's user namespacing), when given. */
  options?: string;
}

/** The container nspawn's arguments describe. */
export interface NspawnParts {
  machine: string;
  directory: string;
  bindMounts: BindMount[];
  capabilities: string[];
  /** The program nspawn starts in the container (its first word that is no option); "" for none. */
  init: string;
}

/** nspawn's short options that take a value (`-M a` or `-Ma`). */
const shortWithValue = new Set("DuLMSZipE");

/** nspawn's long options that take a value (`--machine=a` or `--machine a`). */
const longWithValue = new Set([
  "directory",
  "template",
  "user",
  "machine",
  "hostname",
  "uuid",
  "slice",
  "setenv",
  "selinux-context",
  "selinux-apifs-context",
  "capability",
  "ambient-capability",
  "drop-capability",
  "no-new-privileges",
  "link-journal",
  "bind",
  "bind-ro",
  "tmpfs",
  "overlay",
  "overlay-ro",
  "inaccessible",
  "network-interface",
  "network-macvlan",
  "network-ipvlan",
  "network-veth-extra",
  "network-bridge",
  "network-zone",
  "network-namespace-path",
  "personality",
  "image",
  "oci-bundle",
  "port",
  "property",
  "private-users-ownership",
  "kill-signal",
  "settings",
  "chdir",
  "pivot-root",
  "notify-ready",
  "root-hash",
  "root-hash-sig",
  "verity-data",
  "system-call-filter",
  "rlimit",
  "oom-score-adjust",
  "cpu-affinity",
  "resolv-conf",
  "timezone",
  "console",
  "set-credential",
  "load-credential",
  "bind-user",
  "suppress-sync",
  "register",
]);

/** `--bind=`/`--bind-ro=`'s value as a bind mount: `source[:target[:options]]`. */
export function bindMount(value: string, readOnly: boolean): BindMount {
  const [source = "", target = source, ...options] = value.split(":");
  return {
    source,
    target,
    readOnly,
    ...(options.length > 0 ? { options: options.join(":") } : {}),
  };
}

/** The container `args` (nspawn's arguments, after its program) describe. */
export function nspawnParts(args: readonly string[]): NspawnParts {
  const parts: NspawnParts = {
    machine: "",
    directory: "",
    bindMounts: [],
    capabilities: [],
    init: "",
  };
  const option = (name: string, value: string) => {
    if (name === "M" || name === "machine") parts.machine = value;
    else if (name === "D" || name === "directory") parts.directory = value;
    else if (name === "capability") parts.capabilities.push(...value.split(","));
    else if (name === "bind" || name === "bind-ro")
      parts.bindMounts.push(bindMount(value, name === "bind-ro"));
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") {
      parts.init = args[i + 1] ?? "";
      break;
    }
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = arg.slice(2, eq === -1 ? undefined : eq);
      if (eq !== -1) option(name, arg.slice(eq + 1));
      else if (longWithValue.has(name)) option(name, args[++i] ?? "");
      continue;
    }
    if (arg.startsWith("-") && arg.length > 1) {
      for (let k = 1; k < arg.length; k++) {
        if (!shortWithValue.has(arg[k]!)) continue;
        option(arg[k]!, k + 1 < arg.length ? arg.slice(k + 1) : (args[++i] ?? ""));
        break;
      }
      continue;
    }
    parts.init = arg;
    break;
  }
  return parts;
}
