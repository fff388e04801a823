/** Content-addressed store paths: what `builtins.toFile name text` returns, computed without Nix. */

import * as crypto from "node:crypto";
import { ModuleError, wrongArgument } from "../errors.ts";

/** Nix's own base-32 alphabet (no e, o, t, u). */
const alphabet = "0123456789abcdfghijklmnpqrsvwxyz";

/** The store directory every path here lives in. */
export const storeDir = "/nix/store";

/** Nix's base-32 encoding: the last character holds the lowest five bits. */
export function nixBase32(bytes: Uint8Array): string {
  const length = Math.ceil((bytes.length * 8) / 5);
  let out = "";
  for (let n = length - 1; n >= 0; n--) {
    const bit = n * 5;
    const i = Math.floor(bit / 8);
    const j = bit % 8;
    const low = bytes[i]! >> j;
    const high = i + 1 < bytes.length ? bytes[i + 1]! << (8 - j) : 0;
    out += alphabet[(low | high) & 0x1f];
  }
  return out;
}

/** Why a store path name is invalid (Nix's checkName), or null when it is valid. */
export function storeNameProblem(name: string): string | null {
  if (name === "") return "has an empty name";
  if (Buffer.byteLength(name, "utf8") > 211) return "has a name longer than 211 characters";
  const bad = /[^0-9A-Za-z+\-._?=]/.exec(name);
  if (bad) return `contains illegal character '${bad[0]}'`;
  return null;
}

/** One-shot hashing where Node has it (20.12 and later): several times faster than a Hash object for short texts. */
const oneShot = (
  crypto as {
    hash?: {
      (algorithm: string, data: string | Uint8Array, encoding: "hex"): string;
      (algorithm: string, data: string | Uint8Array, encoding: "buffer"): Buffer;
    };
  }
).hash;

/** The hex sha256 of a text's UTF-8 bytes. */
export function sha256Hex(text: string | Uint8Array): string {
  return oneShot !== undefined
    ? oneShot("sha256", text, "hex")
    : crypto.createHash("sha256").update(text).digest("hex");
}

/** The sha256 of a text's UTF-8 bytes, as bytes (no hex text to make and parse again). */
function sha256Bytes(text: string): Uint8Array {
  return oneShot !== undefined
    ? oneShot("sha256", text, "buffer")
    : crypto.createHash("sha256").update(text).digest();
}

/** Nix's refusal of a store path name, which it makes while evaluating (so nixmod does too). */
export function checkStoreName(name: string): void {
  const problem = storeNameProblem(name);
  if (problem !== null) {
    throw new ModuleError(`store path '${storeDir}/...-${name}' ${problem}`, { code: "invalid" });
  }
}

/** Nix's `makeTextPath`: the store path of a text (without references) whose sha256 is `textSha256Hex`. */
export function makeTextPath(name: string, textSha256Hex: string): string {
  checkStoreName(name);
  const fingerprint = `text:sha256:${textSha256Hex}:${storeDir}:${name}`;
  const digest = sha256Bytes(fingerprint);
  // Nix truncates by folding the 32-byte digest into 20 bytes with XOR.
  const folded = new Uint8Array(20);
  for (let i = 0; i < digest.length; i++) folded[i % 20]! ^= digest[i]!;
  return `${storeDir}/${nixBase32(folded)}-${name}`;
}

/** The store path of `builtins.toFile name text` for a text without store references. */
export function toFilePath(name: string, text: string): string {
  if (typeof name !== "string")
    throw wrongArgument("the name given to toFilePath", name, "a string");
  if (typeof text !== "string")
    throw wrongArgument("the text given to toFilePath", text, "a string");
  return makeTextPath(name, sha256Hex(text));
}
