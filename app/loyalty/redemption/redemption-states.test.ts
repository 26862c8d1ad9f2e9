import { describe, expect, it } from "vitest";
import { nextStatus, REDEMPTION_STATUSES, type RedemptionEvent } from "./redemption-states";

describe("a reward code's states", () => {
  const table: Record<RedemptionEvent, Record<string, string | null>> = {
    issue: { issuing: "issued", issued: null, used: null, released: null, failed: null, credited: null },
    fail: { issuing: "failed", issued: null, used: null, released: null, failed: null, credited: null },
    release: { issuing: "released", issued: "released", used: null, released: null, failed: null, credited: null },
    use: { issuing: "used", issued: "used", used: null, released: "used", failed: "used", credited: null },
    credit: { issuing: "credited", issued: null, used: null, released: null, failed: null, credited: null },
  };

  it.each(Object.keys(table) as RedemptionEvent[])("%s happens only from the statuses that allow it", (event) => {
    for (const status of REDEMPTION_STATUSES) expect(nextStatus(status, event), `${event} from ${status}`).toBe(table[event][status]);
  });

  it("ends at used: nothing happens to a used code", () => {
    for (const event of Object.keys(table) as RedemptionEvent[]) expect(nextStatus("used", event)).toBeNull();
  });

  it("ends at credited: a store credit Shopify confirmed is spent for good", () => {
    for (const event of Object.keys(table) as RedemptionEvent[]) expect(nextStatus("credited", event)).toBeNull();
  });
});
