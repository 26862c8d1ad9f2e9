// The repository carries a copy of Shopify's Admin schema so a fresh clone can validate and run offline; it must
// be the very file the team keeps in ../shared/shopify/. Where that folder is not beside the checkout (a clone
// made elsewhere), the copy is held to the SHA-256 the shared file had when it was committed, so an edit to
// either side still fails here.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ADMIN_SCHEMA_FILE, SHARED_SCHEMA_FILE } from "../../tools/admin-api-standin/admin-schema";

/** sha256 of ../shared/shopify/admin-2026-04.introspection.json.gz when the copy was committed. */
const SHARED_SCHEMA_SHA256 = "860cd22ab667513c70d136371c2cdfe996c08af4c89df44bda9a0fea7fa2ec47";

const sha256 = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

describe("the committed Admin schema", () => {
  it("is byte for byte the shared one (or, without ../shared beside the checkout, the one it was copied from)", () => {
    expect(sha256(ADMIN_SCHEMA_FILE)).toBe(existsSync(SHARED_SCHEMA_FILE) ? sha256(SHARED_SCHEMA_FILE) : SHARED_SCHEMA_SHA256);
    expect(sha256(ADMIN_SCHEMA_FILE)).toBe(SHARED_SCHEMA_SHA256);
  });
});
