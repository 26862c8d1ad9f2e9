// What an API key is: `tally_<id>_<secret>`, where the id (16 hex digits) names the key's row and the secret is 32
// random bytes (base64url). Only the SHA-256 of the whole key is stored; a presented key is found by its id and
// its hash compared in constant time, so a lookup never depends on the secret (docs/decisions/034-public-api.md).
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export const API_SCOPES = ["read", "read_write"] as const;
export type ApiScope = (typeof API_SCOPES)[number];

const KEY_PATTERN = /^tally_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface NewApiKey {
  id: string;
  /** The whole key, shown to staff once and never stored. */
  key: string;
  secretHash: string;
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export function newApiKey(random: (bytes: number) => Buffer = randomBytes): NewApiKey {
  const id = random(8).toString("hex");
  const key = `tally_${id}_${random(32).toString("base64url")}`;
  return { id, key, secretHash: hashApiKey(key) };
}

/** The key's id when `key` is shaped like a Tally key, else null. */
export function apiKeyId(key: string): string | null {
  return KEY_PATTERN.exec(key)?.[1] ?? null;
}

/** Whether `key` hashes to `secretHash`, compared in constant time. */
export function keyMatches(key: string, secretHash: string): boolean {
  const presented = Buffer.from(hashApiKey(key), "hex");
  const stored = Buffer.from(secretHash, "hex");
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

/** What staff see of a key after it was shown: its public part, enough to tell it apart in a list. */
export function keyPrefix(id: string): string {
  return `tally_${id}_…`;
}

/** A read key may only read; a read_write key may also adjust points, record events and redeem rewards. */
export function scopeAllows(scope: ApiScope, needed: ApiScope): boolean {
  return needed === "read" || scope === "read_write";
}
