import { describe, expect, it } from "vitest";
import { apiKeyId, hashApiKey, keyMatches, newApiKey, scopeAllows } from "./api-key";

describe("API keys", () => {
  it("are tally_<16 hex>_<43 base64url>, found by their id, matched by their hash", () => {
    const { id, key, secretHash } = newApiKey();
    expect(key).toMatch(/^tally_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(apiKeyId(key)).toBe(id);
    expect(secretHash).toBe(hashApiKey(key));
    expect(secretHash).not.toContain(key.slice(23));
    expect(keyMatches(key, secretHash)).toBe(true);
    expect(keyMatches(`${key.slice(0, -1)}${key.endsWith("A") ? "B" : "A"}`, secretHash)).toBe(false);
  });

  it("refuses anything not shaped like a key", () => {
    for (const bad of ["", "tally_", "Bearer x", `tally_${"g".repeat(16)}_${"a".repeat(43)}`, `tally_${"a".repeat(16)}_${"a".repeat(42)}`]) {
      expect(apiKeyId(bad)).toBeNull();
    }
  });

  it("lets a read key read and only a read_write key write", () => {
    expect(scopeAllows("read", "read")).toBe(true);
    expect(scopeAllows("read", "read_write")).toBe(false);
    expect(scopeAllows("read_write", "read_write")).toBe(true);
  });
});
