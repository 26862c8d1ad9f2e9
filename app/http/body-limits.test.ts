import { describe, expect, it } from "vitest";
import { bodyLimitFor, bodyTooLargeMessage } from "./body-limits";

describe("body limits by path", () => {
  it("gives each family of paths its own limit", () => {
    expect(bodyLimitFor("/webhooks/compliance")).toEqual({ family: "webhooks", bytes: 5 * 1024 * 1024 });
    expect(bodyLimitFor("/webhooks/orders/paid").family).toBe("webhooks");
    expect(bodyLimitFor("/api/shopper/redeem")).toEqual({ family: "shopper", bytes: 64 * 1024 });
    expect(bodyLimitFor("/apps/tally/customer").family).toBe("shopper");
    expect(bodyLimitFor("/app/import-export")).toEqual({ family: "import", bytes: 24 * 1024 * 1024 });
    expect(bodyLimitFor("/app/import-export/members.csv").family).toBe("admin");
    expect(bodyLimitFor("/app/program")).toEqual({ family: "admin", bytes: 256 * 1024 });
    expect(bodyLimitFor("/app").family).toBe("admin");
    expect(bodyLimitFor("/application").family).toBe("other");
    expect(bodyLimitFor("/demo")).toEqual({ family: "other", bytes: 64 * 1024 });
    expect(bodyLimitFor("/api/v1/members/m1/events")).toEqual({ family: "public-api", bytes: 64 * 1024 });
  });

  it("names the limit in words", () => {
    expect(bodyTooLargeMessage(bodyLimitFor("/api/shopper/redeem"))).toContain("larger than 64 KB");
    expect(bodyTooLargeMessage(bodyLimitFor("/webhooks/compliance"))).toContain("larger than 5 MB");
  });
});
