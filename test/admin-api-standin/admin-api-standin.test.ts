// The Admin API stand-in as Tally's code meets it: over fetch at Shopify's URL, and through the SDK's own admin
// client. Valid documents get data that an independent check finds valid for the schema; invalid ones get
// Shopify's errors; anything that is not an Admin GraphQL request goes to the network untouched.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { registerShop } from "~/admin/shop-profile.server";
import { FLOW_TRIGGER_RECEIVE } from "~/shopify-admin/flow-trigger-receive-mutation";
import { RECENT_ORDERS_QUERY } from "~/shopify-admin/recent-orders-query";
import { AdminQueryError, runAdminQuery } from "~/shopify-admin/run-admin-query.server";
import { SHOP_PROFILE_QUERY, shopProfileData } from "~/shopify-admin/shop-profile-query";
import { responseProblems } from "../../tools/admin-api-standin/check-response";
import { adminOrder } from "../support/admin-orders";
import { adminApi } from "../support/admin-api-standin";
import { offlineAdmin } from "../support/offline-admin";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

const SHOP = "standin-test.myshopify.com";
const URL_2026_04 = `https://${SHOP}/admin/api/2026-04/graphql.json`;

async function post(body: unknown, options: { url?: string; token?: string | null } = {}) {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (options.token !== null) headers["X-Shopify-Access-Token"] = options.token ?? "shpat_test";
  const response = await fetch(options.url ?? URL_2026_04, { method: "POST", headers, body: JSON.stringify(body) });
  return { status: response.status, contentType: response.headers.get("content-type"), json: (await response.json()) as Record<string, unknown> };
}

const orders = () => [
  adminOrder({ id: 1, updatedAt: "2026-05-01T10:00:00Z", subtotal: "10.00", lines: [{ id: 11, unitPrice: "10.00" }] }),
  adminOrder({ id: 2, updatedAt: "2026-05-02T10:00:00Z", subtotal: "20.00", financialStatus: "REFUNDED", lines: [{ id: 21, unitPrice: "20.00" }] }),
  adminOrder({ id: 3, updatedAt: "2026-05-03T10:00:00Z", subtotal: "30.00", lines: [{ id: 31, unitPrice: "30.00" }] }),
  adminOrder({ id: 4, updatedAt: "2026-05-04T10:00:00Z", subtotal: "40.00", lines: [{ id: 41, unitPrice: "40.00" }] }),
];

beforeEach(() => {
  adminApi.store.reset();
  adminApi.store.setShop(SHOP, { query: { shop: { name: "Stand-in shop", currencyCode: "EUR" }, orders: orders() } });
});

describe("answering valid documents", () => {
  const document = `#graphql
    query Everything($id: ID!, $since: String!) {
      shop { name currencyCode ianaTimezone plan { partnerDevelopment } }
      recent: orders(first: 2, query: $since, sortKey: UPDATED_AT, reverse: true) {
        edges { cursor node { ...OrderBits } }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      }
      node(id: $id) { __typename id ... on Order { name lineItems(first: 5) { nodes { title isGiftCard } } } }
      missing: order(id: "gid://shopify/Order/404") { id }
    }
    fragment OrderBits on Order {
      legacyResourceId
      displayFinancialStatus
      updatedAt
      totalPriceSet { shopMoney { amount currencyCode } }
      customer { displayName defaultEmailAddress { emailAddress } }
    }
  `;

  it("answers with the scenario's data, defaults for the rest, and a response valid for the schema", async () => {
    const { status, contentType, json } = await post({ query: document, variables: { id: "gid://shopify/Order/2", since: "updated_at:>='2026-05-02T00:00:00Z'" } });

    expect(status).toBe(200);
    expect(contentType).toContain("application/json");
    expect(json.errors).toBeUndefined();
    expect(responseProblems(document, json.data)).toEqual([]);
    expect(json.data).toMatchObject({
      shop: { name: "Stand-in shop", currencyCode: "EUR", ianaTimezone: "Shop.ianaTimezone", plan: { partnerDevelopment: false } },
      recent: {
        edges: [{ node: { legacyResourceId: "4", updatedAt: "2026-05-04T10:00:00Z" } }, { node: { legacyResourceId: "3" } }],
        pageInfo: { hasNextPage: true, hasPreviousPage: false },
      },
      node: { __typename: "Order", id: "gid://shopify/Order/2", name: "#2", lineItems: { nodes: [{ title: "LineItem.title", isGiftCard: false }] } },
      missing: null,
    });
    expect(json.extensions).toMatchObject({ cost: { requestedQueryCost: expect.any(Number), throttleStatus: { maximumAvailable: 2000 } } });
  });

  it("pages with cursors: every order once, in order", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const { json } = await post({ query: RECENT_ORDERS_QUERY, variables: { query: "updated_at:>='2026-05-01T00:00:00Z'", after } });
      expect(responseProblems(RECENT_ORDERS_QUERY, json.data)).toEqual([]);
      const data = json.data as { orders: { nodes: { legacyResourceId: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
      seen.push(...data.orders.nodes.map((order) => order.legacyResourceId));
      if (!data.orders.pageInfo.hasNextPage) break;
      after = data.orders.pageInfo.endCursor;
    }
    expect(seen).toEqual(["1", "2", "3", "4"]);
  });

  it("reports a search field the nodes do not have, and ignores it, as Shopify does", async () => {
    const query = "query { orders(first: 5, query: \"financial_status:paid\") { nodes { id } } }";
    const { json } = await post({ query });
    expect((json.data as { orders: { nodes: unknown[] } }).orders.nodes).toHaveLength(4);
    expect(json.extensions).toMatchObject({ search: [{ path: ["orders"], query: "financial_status:paid", warnings: [{ field: "financial_status" }] }] });
  });

  it("answers mutations: scripted from the arguments, or an empty payload without userErrors", async () => {
    const created: unknown[] = [];
    adminApi.store.shop(SHOP).mutation.discountCodeBasicCreate = (args: Record<string, unknown>) => {
      created.push(args.basicCodeDiscount);
      return { codeDiscountNode: { id: "gid://shopify/DiscountCodeNode/77" }, userErrors: [] };
    };
    const create = `mutation Create($input: DiscountCodeBasicInput!) {
      discountCodeBasicCreate(basicCodeDiscount: $input) { codeDiscountNode { id } userErrors { field message } }
    }`;
    const input = {
      title: "Reward",
      code: "TALLY-ABC",
      startsAt: "2026-05-01T00:00:00Z",
      customerSelection: { all: true },
      customerGets: { value: { discountAmount: { amount: "5.00", appliesOnEachItem: false } }, items: { all: true } },
    };
    const { json } = await post({ query: create, variables: { input } });
    expect(json).toMatchObject({ data: { discountCodeBasicCreate: { codeDiscountNode: { id: "gid://shopify/DiscountCodeNode/77" }, userErrors: [] } } });
    expect(responseProblems(create, json.data)).toEqual([]);
    expect(created).toEqual([expect.objectContaining({ code: "TALLY-ABC" })]);

    const deactivate = `mutation { discountCodeDeactivate(id: "gid://shopify/DiscountCodeNode/77") { codeDiscountNode { id } userErrors { message } } }`;
    const unscripted = await post({ query: deactivate });
    expect(unscripted.json.data).toEqual({ discountCodeDeactivate: { codeDiscountNode: null, userErrors: [] } });
    expect(adminApi.store.requests.map((request) => request.operation)).toEqual(["mutation", "mutation"]);
  });

  it("refuses scenario data that the schema would not allow instead of passing it on", async () => {
    const query = "query { orders(first: 1) { nodes { updatedAt displayFinancialStatus } } }";
    const answerFor = async (order: Record<string, unknown>) => {
      adminApi.store.setShop(SHOP, { query: { orders: [order] } });
      const { json } = await post({ query });
      return { data: json.data, messages: (json.errors as { message: string }[]).map((error) => error.message) };
    };
    // A non-null field that cannot be answered takes its parents with it, up to `data`, as GraphQL requires.
    expect(await answerFor({ ...orders()[0], updatedAt: "yesterday" })).toEqual({ data: null, messages: ['DateTime cannot represent value: "yesterday"'] });
    expect(await answerFor({ ...orders()[0], displayFinancialStatus: "SETTLED" })).toEqual({
      data: { orders: { nodes: [{ updatedAt: "2026-05-01T10:00:00Z", displayFinancialStatus: null }] } },
      messages: ['Enum "OrderDisplayFinancialStatus" cannot represent value: "SETTLED"'],
    });
  });
});

describe("the response check itself", () => {
  it("finds what is wrong with a response that is not valid for the document", () => {
    const document = "query { shop { name currencyCode } orders(first: 1) { nodes { id updatedAt } } }";
    const problems = responseProblems(document, { shop: { name: null, currencyCode: "DOLLARS", extra: 1 }, orders: { nodes: [{ id: "gid://shopify/Order/1", updatedAt: 5 }] } });
    expect(problems).toEqual([
      "data.shop.extra: not selected",
      "data.shop.name: null for non-null String!",
      'data.shop.currencyCode: "DOLLARS" is not a value of CurrencyCode',
      "data.orders.nodes[0].updatedAt: DateTime cannot represent value: 5",
    ]);
  });
});

describe("answering invalid requests as Shopify does", () => {
  it("answers a document the schema rejects with HTTP 200 and errors, no data", async () => {
    const { status, json } = await post({ query: "query ShopProfile { shop { name currency } }" });
    expect(status).toBe(200);
    expect(json).toEqual({
      errors: [
        {
          message: "Field 'currency' doesn't exist on type 'Shop'",
          locations: [{ line: 1, column: 33 }],
          path: ["query ShopProfile", "shop", "currency"],
          extensions: { code: "undefinedField", typeName: "Shop", fieldName: "currency" },
        },
      ],
    });
  });

  it("answers a variable of the wrong type with INVALID_VARIABLE", async () => {
    const { status, json } = await post({ query: "query One($id: ID!) { order(id: $id) { id } }", variables: { id: null } });
    expect(status).toBe(200);
    expect(json).toEqual({
      errors: [
        {
          message: "Variable $id of type ID! was provided invalid value",
          locations: [{ line: 1, column: 11 }],
          extensions: { code: "INVALID_VARIABLE", value: null, problems: [{ path: [], explanation: 'Variable "$id" of non-null type "ID!" must not be null.' }] },
        },
      ],
    });
  });

  it("refuses a query over the cost limit before running it", async () => {
    const { json } = await post({ query: "query { orders(first: 250) { nodes { lineItems(first: 250) { nodes { id } } } } }" });
    expect(json).toMatchObject({ errors: [{ extensions: { code: "MAX_COST_EXCEEDED", cost: 2 + 250 * (1 + 2 + 250), maxCost: 1000 } }] });
    expect(json.data).toBeUndefined();
  });

  it("asks for a page size on connections", async () => {
    const { json } = await post({ query: "query { orders { nodes { id } } }" });
    expect(json).toMatchObject({ data: null, errors: [{ message: "you must provide one of first or last", path: ["orders"] }] });
  });

  it("answers 401 without an access token and 404 for another API version", async () => {
    expect(await post({ query: "{ shop { name } }" }, { token: null })).toMatchObject({ status: 401, json: { errors: expect.stringContaining("Invalid API key or access token") } });
    expect(await post({ query: "{ shop { name } }" }, { url: `https://${SHOP}/admin/api/2025-01/graphql.json` })).toMatchObject({ status: 404 });
  });
});

describe("Shopify Flow's flowTriggerReceive", () => {
  const trigger = (variables: Record<string, unknown>) => post({ query: FLOW_TRIGGER_RECEIVE, variables });
  const userErrors = (json: Record<string, unknown>) => (json.data as { flowTriggerReceive: { userErrors: { field: string[] | null; message: string }[] } }).flowTriggerReceive.userErrors;
  const good = { customer_id: 42, Points: 40, "Points balance": 140, Reason: "PURCHASE", "Order ID": "1001", "Event ID": "points.changed:1" };

  it("takes a payload that has exactly the fields the trigger's extension declares", async () => {
    const { json } = await trigger({ handle: "tally-points-earned", payload: good });
    expect(userErrors(json)).toEqual([]);
  });

  it("refuses a payload that disagrees with the declared fields, naming each problem", async () => {
    const { Reason: _reason, ...withoutReason } = good;
    const { status, json } = await trigger({ handle: "tally-points-earned", payload: { ...withoutReason, Points: "40", customer_id: "gid://shopify/Customer/42", Extra: true } });
    expect(status).toBe(200);
    expect(userErrors(json)).toEqual([
      { field: ["payload", "customer_id"], message: "customer_id must be the resource's numeric id" },
      { field: ["payload", "Points"], message: '"Points" is a number_decimal and must be a number; got "40"' },
      { field: ["payload", "Reason"], message: 'The payload is missing "Reason", which trigger tally-points-earned declares' },
      { field: ["payload", "Extra"], message: '"Extra" is not a field of trigger tally-points-earned' },
    ]);
  });

  it("refuses a handle no extension declares", async () => {
    const { json } = await trigger({ handle: "tally-points-vanished", payload: good });
    expect(userErrors(json)).toEqual([{ field: ["handle"], message: 'No Flow trigger with handle "tally-points-vanished" is deployed for this app' }]);
  });

  it("gives way to a scenario that scripts the mutation", async () => {
    adminApi.store.shop(SHOP).mutation.flowTriggerReceive = () => ({ userErrors: [{ field: null, message: "Flow is down" }] });
    const { json } = await trigger({ handle: "tally-points-earned", payload: good });
    expect(userErrors(json)).toEqual([{ field: null, message: "Flow is down" }]);
  });
});

describe("other requests", () => {
  let server: Server;
  let received: { method?: string; url?: string; body: string; token?: string | string[] }[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString()));
      request.on("end", () => {
        received.push({ method: request.method, url: request.url, body, token: request.headers["x-shopify-access-token"] });
        response.writeHead(201, { "Content-Type": "text/plain" }).end("from the real server");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("go to the network untouched, even on an Admin API path", async () => {
    received = [];
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/admin/api/2026-04/graphql.json`, {
      method: "POST",
      headers: { "X-Shopify-Access-Token": "shpat_x" },
      body: "{\"query\":\"{ shop { name } }\"}",
    });
    expect(response.status).toBe(201);
    expect(await response.text()).toBe("from the real server");
    expect(received).toEqual([{ method: "POST", url: "/admin/api/2026-04/graphql.json", body: '{"query":"{ shop { name } }"}', token: "shpat_x" }]);
    expect(adminApi.store.requests).toEqual([]);
  });
});

describe("through the SDK's admin client", () => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await createTestDatabase("sqlite");
  });
  afterAll(() => t.destroy());

  it("registers the shop on install from the shop profile the stand-in answers", async () => {
    const admin = await offlineAdmin(t.db, SHOP);
    await registerShop(t.db.prisma, admin, SHOP);
    expect(await t.db.prisma.shop.findUnique({ where: { domain: SHOP } })).toMatchObject({ name: "Stand-in shop", currencyCode: "EUR" });
    expect(adminApi.store.requests).toEqual([expect.objectContaining({ shop: SHOP, apiVersion: "2026-04", operationName: "ShopProfile", query: SHOP_PROFILE_QUERY })]);
  });

  it("records the shop's plan and customer accounts on install, and again when they change", async () => {
    const admin = await offlineAdmin(t.db, SHOP);
    adminApi.store.setShop(SHOP, { query: { shop: { name: "Stand-in shop", currencyCode: "EUR", plan: { shopifyPlus: false }, customerAccountsV2: { customerAccountsVersion: "CLASSIC" } } } });
    await registerShop(t.db.prisma, admin, SHOP);
    expect(await t.db.prisma.shop.findUnique({ where: { domain: SHOP } })).toMatchObject({ shopifyPlus: false, customerAccounts: "classic" });
    // The merchant moves to Plus and new customer accounts; the next install or scope update reads it again.
    adminApi.store.setShop(SHOP, { query: { shop: { name: "Stand-in shop", currencyCode: "EUR", plan: { shopifyPlus: true }, customerAccountsV2: { customerAccountsVersion: "NEW_CUSTOMER_ACCOUNTS" } } } });
    await registerShop(t.db.prisma, admin, SHOP);
    expect(await t.db.prisma.shop.findUnique({ where: { domain: SHOP } })).toMatchObject({ shopifyPlus: true, customerAccounts: "new" });
  });

  it("turns Shopify's errors into an AdminQueryError naming the operation", async () => {
    const admin = await offlineAdmin(t.db, SHOP);
    const wrong = "query ShopProfile { shop { name currencyCode billingAddress } }";
    const failure = runAdminQuery(admin, wrong, {}, shopProfileData);
    await expect(failure).rejects.toThrow(AdminQueryError);
    await expect(failure).rejects.toThrow("ShopProfile: Field must have selections (field 'billingAddress' returns ShopAddress but has no selections. Did you mean 'billingAddress { ... }'?)");
  });
});
