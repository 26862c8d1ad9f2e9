// docs/shopper-api.md's field tables say what contract/shopper-api.ts says: each table marked
// `<!-- contract: <name> -->` lists exactly the schema's fields, with their types in the doc's words.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { contractFields, documentedFields, DOCUMENTED_SCHEMAS } from "../support/contract-fields";

const doc = readFileSync(path.resolve(import.meta.dirname, "../../docs/shopper-api.md"), "utf8");
const sorted = (rows: { field: string; type: string }[]) => [...rows].sort((a, b) => a.field.localeCompare(b.field));

describe("docs/shopper-api.md", () => {
  it.each(Object.keys(DOCUMENTED_SCHEMAS))("documents the %s fields the contract has, no more, no fewer, with their types", (name) => {
    const documented = documentedFields(doc, name);
    expect(documented, `no table after <!-- contract: ${name} -->`).not.toBeNull();
    expect(sorted(documented ?? [])).toEqual(sorted(contractFields(DOCUMENTED_SCHEMAS[name] as never)));
  });

  it("marks no table the contract does not have", () => {
    const markers = [...doc.matchAll(/<!-- contract: ([\w-]+) -->/g)].map((match) => match[1]);
    expect(markers.filter((name) => !(name as string in DOCUMENTED_SCHEMAS))).toEqual([]);
  });
});
