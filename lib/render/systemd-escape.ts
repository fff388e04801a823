/**
 * The escaping rules for systemd: NixOS's `escapeSystemdExecArg` for `Exec*=`
 * lines, NixOS's `escapeSystemdPath`, and systemd's own unit-name escaping
 * (`systemd-escape`, with and without `--path`).
 */

import { ModuleError, wrongArgument } from "../errors.ts";
import { isPackage } from "../package.ts";
import { nixJSONString } from "./nix-json.ts";
import { nixToString } from "./nix-to-string.ts";

/** NixOS's `utils.escapeSystemdExecArg`: a JSON string with `%` → `%%` and `$` → `$$`. */
export function escapeSystemdExecArg(arg: unknown): string {
  let text: string;
  if (typeof arg === "string") text = arg;
  else if (typeof arg === "number" || typeof arg === "bigint" || isPackage(arg)) {
    text = nixToString(arg);
  } else {
    throw new ModuleError(
      "escapeSystemdExecArg only allows strings, paths, numbers and derivations",
      { code: "thrown" },
    );
  }
  // JSON quoting is a subset of systemd's quoting; doubling % and $ switches
  // off specifier and environment expansion, so the word reaches argv as is.
  return nixJSONString(text).replace(/[%$]/g, (c) => c + c);
}

/** NixOS's `utils.escapeSystemdExecArgs`: every argument escaped, space-joined. */
export function escapeSystemdExecArgs(args: readonly unknown[]): string {
  return args.map(escapeSystemdExecArg).join(" ");
}

/** Lowercase `\xNN` for one byte, as both systemd and NixOS's escapeC write it. */
function hexEscape(byte: number): string {
  return "\\x" + byte.toString(16).padStart(2, "0");
}

// NixOS escapes exactly this ASCII punctuation; control characters and
// non-ASCII pass through unchanged there (unlike systemd-escape).
const nixosEscapedChars = new Set(" !\"#$%&'()*+,;<=>?@[\\]^`{|}~-");

/** NixOS's `utils.escapeSystemdPath`: simplify the path, then escape it like `systemd-escape --path`. */
export function escapeSystemdPath(path: string): string {
  if (typeof path !== "string")
    throw wrongArgument("the argument of escapeSystemdPath", path, "a string");
  const isAbsolute = path.startsWith("/");
  const components: string[] = [];
  let normalized = true;
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      // Only a leading ".." of an absolute path is redundant (the root's parent is the root).
      if (!(isAbsolute && components.length === 0)) normalized = false;
    } else components.push(part);
  }
  if (!normalized || (components.length === 0 && !isAbsolute && path !== "")) {
    throw new ModuleError(`escapeSystemdPath: ${path} is not a normalized path`, {
      code: "thrown",
    });
  }
  const simplified = components.length > 0 ? components.join("/") : "/";
  let escaped = "";
  for (const char of simplified) {
    escaped += nixosEscapedChars.has(char) ? hexEscape(char.charCodeAt(0)) : char;
  }
  if (escaped.startsWith(".")) escaped = "\\x2e" + escaped.slice(1);
  return escaped.replaceAll("/", "-");
}

/** Whether a byte is kept as is by systemd's unit-name escaping. */
function isUnitNameByte(byte: number): boolean {
  return (
    (byte >= 0x30 && byte <= 0x39) ||
    (byte >= 0x41 && byte <= 0x5a) ||
    (byte >= 0x61 && byte <= 0x7a) ||
    byte === 0x3a || // :
    byte === 0x5f || // _
    byte === 0x2e // .
  );
}

/** `systemd-escape`: `/` → `-`, every byte outside `[A-Za-z0-9:_.]` and a leading `.` as `\xNN`. */
export function systemdEscape(text: string): string {
  if (typeof text !== "string")
    throw wrongArgument("the argument of systemdEscape", text, "a string");
  const bytes = Buffer.from(text, "utf8");
  let out = "";
  bytes.forEach((byte, index) => {
    if (byte === 0x2f) out += "-";
    else if (!isUnitNameByte(byte) || (index === 0 && byte === 0x2e)) out += hexEscape(byte);
    else out += String.fromCharCode(byte);
  });
  return out;
}

/** `systemd-escape --path` (systemd 252): drop empty and `.` components, reject `..`, root → `-`. */
export function systemdEscapePath(path: string): string {
  const components = path.split("/").filter((part) => part !== "" && part !== ".");
  if (components.includes("..")) {
    throw new ModuleError(
      `Input '${path}' is not a normalized file system path, failed to escape.`,
      { code: "invalid" },
    );
  }
  return components.length === 0 ? "-" : systemdEscape(components.join("/"));
}
