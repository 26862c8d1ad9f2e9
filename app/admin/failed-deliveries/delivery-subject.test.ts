import { describe, expect, it } from "vitest";
import { deliverySubject } from "./delivery-subject";

describe("what a delivery is about", () => {
  it("names the order, refund or customer by Shopify's ids, to the digit", () => {
    expect(deliverySubject("orders/paid", '{"id":820982911946154508,"name":"#9999","email":"jon@example.com"}')).toEqual({ kind: "order", orderId: "820982911946154508", orderName: "#9999" });
    expect(deliverySubject("orders/cancelled", '{"id":"820982911946154508"}')).toEqual({ kind: "order", orderId: "820982911946154508", orderName: null });
    expect(deliverySubject("refunds/create", '{"id":929361462,"order_id":820982911946154508}')).toEqual({ kind: "refund", refundId: "929361462", orderId: "820982911946154508" });
    expect(deliverySubject("customers/update", '{"id":706405506930370084,"email":"bob@example.com","first_name":"Bob"}')).toEqual({ kind: "customer", customerId: "706405506930370084" });
  });

  it("says nothing it cannot read", () => {
    expect(deliverySubject("orders/paid", "not json")).toEqual({ kind: "unknown" });
    expect(deliverySubject("orders/paid", '{"id":-1}')).toEqual({ kind: "unknown" });
    expect(deliverySubject("orders/paid", "{}")).toEqual({ kind: "unknown" });
    expect(deliverySubject("orders/paid", '{"id":1,"name":"<script>"}')).toEqual({ kind: "order", orderId: "1", orderName: null });
  });
});
