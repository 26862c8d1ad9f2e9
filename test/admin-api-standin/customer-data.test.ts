// The stand-in's customer data: Tally's metafield and tag documents answered schema-validly, with Shopify's rules
// (one definition per owner type, namespace and key; at most 25 metafields per metafieldsSet, all or none; values
// of their type; tags as a set), and kept per shop so tests can read what Shopify would hold.
import { beforeEach, describe, expect, it } from "vitest";
import { TAGS_ADD, TAGS_REMOVE } from "~/shopify-admin/customer-tags-mutations";
import { METAFIELD_DEFINITION_CREATE } from "~/shopify-admin/metafield-definition-create-mutation";
import { METAFIELDS_SET } from "~/shopify-admin/metafields-set-mutation";
import { responseProblems } from "../../tools/admin-api-standin/check-response";
import { metafieldValue, STANDIN_APP_ID } from "../../tools/admin-api-standin/customer-data";
import { adminApi } from "../support/admin-api-standin";

const SHOP = "standin-customers.myshopify.com";
const NAMESPACE = `app--${STANDIN_APP_ID}--tally`;

async function send(query: string, variables: Record<string, unknown>) {
  const response = await fetch(`https://${SHOP}/admin/api/2026-04/graphql.json`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": "shpat_test" },
    body: JSON.stringify({ query, variables }),
  });
  const json = (await response.json()) as { data: Record<string, Record<string, unknown>>; errors?: unknown };
  expect(json.errors).toBeUndefined();
  expect(responseProblems(query, json.data)).toEqual([]);
  return json.data;
}

const definition = { namespace: "$app:tally", key: "points", name: "Loyalty points", type: "number_integer", ownerType: "CUSTOMER", access: { storefront: "PUBLIC_READ" } };
const points = (customer: number, value: string) => ({ ownerId: `gid://shopify/Customer/${customer}`, namespace: "$app:tally", key: "points", type: "number_integer", value });

describe("the stand-in's customer metafields and tags", () => {
  beforeEach(() => adminApi.store.reset());

  it("creates a definition in the app's expanded namespace once, and answers TAKEN after", async () => {
    const first = await send(METAFIELD_DEFINITION_CREATE, { definition });
    expect(first.metafieldDefinitionCreate).toEqual({ createdDefinition: { id: "gid://shopify/MetafieldDefinition/1", namespace: NAMESPACE, key: "points" }, userErrors: [] });
    const again = await send(METAFIELD_DEFINITION_CREATE, { definition });
    expect(again.metafieldDefinitionCreate?.createdDefinition).toBeNull();
    expect(again.metafieldDefinitionCreate?.userErrors).toEqual([expect.objectContaining({ code: "TAKEN", field: ["definition", "key"] })]);
    expect(adminApi.store.customerData(SHOP).definitions).toHaveLength(1);
  });

  it("sets metafields all or none, checks values against the definition's type, and refuses more than 25", async () => {
    await send(METAFIELD_DEFINITION_CREATE, { definition });
    const saved = await send(METAFIELDS_SET, { metafields: [points(1, "120"), points(2, "5")] });
    expect(saved.metafieldsSet?.userErrors).toEqual([]);
    expect(metafieldValue(adminApi.store.customerData(SHOP), "gid://shopify/Customer/1", "$app:tally", "points")).toBe("120");

    const refused = await send(METAFIELDS_SET, { metafields: [points(1, "130"), points(2, "lots")] });
    expect(refused.metafieldsSet?.userErrors).toEqual([{ field: ["metafields", "1", "value"], message: "Value must be a valid number_integer.", code: "INVALID_VALUE", elementIndex: null }]);
    expect(metafieldValue(adminApi.store.customerData(SHOP), "gid://shopify/Customer/1", "$app:tally", "points")).toBe("120");

    const tooMany = await send(METAFIELDS_SET, { metafields: Array.from({ length: 26 }, (_, i) => points(i + 1, "1")) });
    expect(tooMany.metafieldsSet?.userErrors).toEqual([expect.objectContaining({ code: "LESS_THAN_OR_EQUAL_TO" })]);
    expect(metafieldValue(adminApi.store.customerData(SHOP), "gid://shopify/Customer/3", "$app:tally", "points")).toBeUndefined();
  });

  it("adds and removes a customer's tags as a set", async () => {
    const id = "gid://shopify/Customer/7";
    await send(TAGS_ADD, { id, tags: ["vip", "tally-tier-member"] });
    const removed = await send(TAGS_REMOVE, { id, tags: ["tally-tier-member", "tally-tier-silver"] });
    expect(removed.tagsRemove).toEqual({ node: { id }, userErrors: [] });
    await send(TAGS_ADD, { id, tags: ["tally-tier-gold"] });
    expect([...(adminApi.store.customerData(SHOP).tags.get(id) ?? [])].sort()).toEqual(["tally-tier-gold", "vip"]);
  });
});
