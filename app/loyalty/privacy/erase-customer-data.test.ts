import { describe, expect, it } from "vitest";
import { withoutCustomer } from "./erase-customer-data";

const customer = { id: "42", emailKey: "ann@example.com" };
const order = { id: "7", email: "ann@example.com", customer: { id: "42", email: "ann@example.com" }, shipping_address: { address1: "1 Main St" }, discount_codes: [{ code: "X" }] };

describe("withoutCustomer", () => {
  it("turns an order of the customer into a guest order, keeping what is not personal", () => {
    expect(withoutCustomer("orders/paid", order, customer, [])).toEqual({ id: "7", discount_codes: [{ code: "X" }] });
  });

  it("erases an order Shopify names even when its customer is another id or none", () => {
    expect(withoutCustomer("orders/cancelled", { ...order, customer: null }, customer, ["7"])).toEqual({ id: "7", discount_codes: [{ code: "X" }] });
  });

  it("leaves other customers' orders and refunds alone", () => {
    expect(withoutCustomer("orders/paid", { ...order, customer: { id: "43" } }, customer, [])).toBe("unchanged");
    expect(withoutCustomer("refunds/create", { id: "1", order_id: "7" }, customer, ["7"])).toBe("unchanged");
  });

  it("leaves nothing to do for an event about the customer alone", () => {
    expect(withoutCustomer("customers/update", { id: 42, email: "ann@example.com" }, customer, [])).toBe("nothing_left");
    expect(withoutCustomer("customers/create", { id: "43" }, customer, [])).toBe("unchanged");
  });
});
