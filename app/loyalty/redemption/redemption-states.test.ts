import { describe, expect, it } from "vitest";
import { nextStatus, REDEMPTION_STATUSES, type RedemptionEvent } from "./redemption-states";

describe("a reward code's states", () => {
  const table: Record<RedemptionEvent, Record<string, string | null>> = {
    issue: { issuing: "issued", issued: null, used: null, released: null, failed: null, returned: null, credited: null },
    fail: { issuing: "failed", issued: null, used: null, released: null, failed: null, returned: null, credited: null },
    release: { issuing: "released", issued: "released", used: null, released: null, failed: null, returned: null, credited: null },
    use: { issuing: "used", issued: "used", used: null, released: "used", failed: "used", returned: null, credited: null },
    return: { issuing: null, issued: null, used: "returned", released: null, failed: null, returned: null, credited: null },
    credit: { issuing: "credited", issued: null, used: null, released: null, failed: null, returned: null, credited: null },
  };

  it.each(Object.keys(table) as RedemptionEvent[])("%s happens only from the statuses that allow it", (event) => {
    for (const status of REDEMPTION_STATUSES) expect(nextStatus(status, event), `${event} from ${status}`).toBe(table[event][status]);
  });

  it("ends at used unless its order gives the points back: nothing else happens to a used code", () => {
    for (const event of Object.keys(table) as RedemptionEvent[]) expect(nextStatus("used", event)).toBe(event === "return" ? "returned" : null);
  });

  it("ends at returned: nothing happens to a code whose points came back from its order", () => {
    for (const event of Object.keys(table) as RedemptionEvent[]) expect(nextStatus("returned", event)).toBeNull();
  });

  it("ends at credited: a store credit Shopify confirmed is spent for good", () => {
    for (const event of Object.keys(table) as RedemptionEvent[]) expect(nextStatus("credited", event)).toBeNull();
  });
});
