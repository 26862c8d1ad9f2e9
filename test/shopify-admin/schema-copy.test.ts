// The repository carries a copy of Shopify's Admin schema so a fresh clone can validate and run offline; it must
// be the very file the team keeps in ../shared/shopify/ (present on our machines and in CI).
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ADMIN_SCHEMA_FILE, SHARED_SCHEMA_FILE } from "../../tools/admin-api-standin/admin-schema";

describe("the committed Admin schema", () => {
  it.runIf(existsSync(SHARED_SCHEMA_FILE))("is byte for byte the shared one", () => {
    expect(readFileSync(ADMIN_SCHEMA_FILE).equals(readFileSync(SHARED_SCHEMA_FILE))).toBe(true);
  });
});
