// The stand-in's bulk queries, as Shopify runs them: the inner query checked against the schema and the bulk rules
// (refused with a userError), every connection read to its end, RUNNING on the first look and COMPLETED after, and
// a JSONL result at the operation's URL: one line per node, nested nodes after their parent with `__parentId`.
import { beforeEach, describe, expect, it } from "vitest";
import { BULK_OPERATION_QUERY, BULK_OPERATION_RUN_QUERY } from "~/shopify-admin/bulk-operation-documents";
import { responseProblems } from "../../tools/admin-api-standin/check-response";
import { adminApi } from "../support/admin-api-standin";

const SHOP = "standin-bulk.myshopify.com";

async function send(query: string, variables: Record<string, unknown>) {
  const response = await fetch(`https://${SHOP}/admin/api/2026-04/graphql.json`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": "shpat_test" },
    body: JSON.stringify({ query, variables }),
  });
  const json = (await response.json()) as { data: Record<string, Record<string, unknown> | null>; errors?: unknown };
  expect(json.errors).toBeUndefined();
  expect(responseProblems(query, json.data)).toEqual([]);
  return json.data;
}

const money = (amount: string) => ({ shopMoney: { amount, currencyCode: "USD" } });

describe("the stand-in's bulk operations", () => {
  beforeEach(() => adminApi.store.reset());

  it("runs a bulk query over the scenario and serves its JSONL once it has completed", async () => {
    adminApi.store.shop(SHOP).query.orders = [
      {
        id: "gid://shopify/Order/1",
        name: "#1",
        lineItems: [{ id: "gid://shopify/LineItem/11", quantity: 2 }, { id: "gid://shopify/LineItem/12", quantity: 1 }],
        refunds: [{ id: "gid://shopify/Refund/19", refundLineItems: [{ id: "gid://shopify/RefundLineItem/191", quantity: 1, subtotalSet: money("5.00") }] }],
      },
      { id: "gid://shopify/Order/2", name: "#2", lineItems: [], refunds: [] },
    ];
    const query = `query { orders { edges { node { id name lineItems { edges { node { id quantity } } } refunds { id refundLineItems { edges { node { id subtotalSet { shopMoney { amount } } } } } } } } } }`;
    const started = await send(BULK_OPERATION_RUN_QUERY, { query });
    const operation = started.bulkOperationRunQuery?.bulkOperation as { id: string; status: string };
    expect(started.bulkOperationRunQuery?.userErrors).toEqual([]);
    expect(operation.status).toBe("CREATED");

    const first = (await send(BULK_OPERATION_QUERY, { id: operation.id })).bulkOperation;
    expect(first).toMatchObject({ id: operation.id, status: "RUNNING", url: null });
    const done = (await send(BULK_OPERATION_QUERY, { id: operation.id })).bulkOperation;
    expect(done).toMatchObject({ status: "COMPLETED", objectCount: "5", errorCode: null });

    const lines = (await (await fetch(String(done?.url))).text()).trim().split("\n").map((line) => JSON.parse(line) as unknown);
    expect(lines).toEqual([
      { id: "gid://shopify/Order/1", name: "#1", refunds: [{ id: "gid://shopify/Refund/19" }] },
      { id: "gid://shopify/LineItem/11", quantity: 2, __parentId: "gid://shopify/Order/1" },
      { id: "gid://shopify/LineItem/12", quantity: 1, __parentId: "gid://shopify/Order/1" },
      { id: "gid://shopify/RefundLineItem/191", subtotalSet: { shopMoney: { amount: "5.00" } }, __parentId: "gid://shopify/Refund/19" },
      { id: "gid://shopify/Order/2", name: "#2", refunds: [] },
    ]);
  });

  it("refuses a query Shopify would refuse with a userError, and runs nothing", async () => {
    const refused = await send(BULK_OPERATION_RUN_QUERY, { query: "query { shop { name } }" });
    expect(refused.bulkOperationRunQuery).toEqual({
      bulkOperation: null,
      userErrors: [{ field: ["query"], message: "Bulk queries must contain at least one connection.", code: "INVALID" }],
    });
    expect(adminApi.store.bulkOperations.byShop.get(SHOP) ?? []).toEqual([]);
  });

  it("gives no URL for an operation that found nothing", async () => {
    const started = await send(BULK_OPERATION_RUN_QUERY, { query: "query { customers { edges { node { id } } } }" });
    const id = (started.bulkOperationRunQuery?.bulkOperation as { id: string }).id;
    await send(BULK_OPERATION_QUERY, { id });
    expect((await send(BULK_OPERATION_QUERY, { id })).bulkOperation).toMatchObject({ status: "COMPLETED", objectCount: "0", url: null });
  });
});
