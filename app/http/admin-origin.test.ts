import { describe, expect, it } from "vitest";
import { crossOriginRefusal, type OriginCheckRequest } from "./admin-origin";

const base: OriginCheckRequest = {
  method: "POST",
  path: "/app/program",
  origin: "https://tally.example.com",
  secFetchSite: "same-origin",
  hosts: ["tally.example.com", undefined],
  appUrl: "https://tally.example.com",
};

describe("the admin's origin check", () => {
  it("lets the app's own pages change things", () => {
    expect(crossOriginRefusal(base)).toBeNull();
    // Behind a proxy that rewrites Host, the configured app URL still names the app's origin.
    expect(crossOriginRefusal({ ...base, hosts: ["127.0.0.1:3000", undefined] })).toBeNull();
    // A local demo has no app URL of its own: the host it was reached at is its origin.
    expect(crossOriginRefusal({ ...base, origin: "http://127.0.0.1:4000", hosts: ["127.0.0.1:4000", undefined], appUrl: "http://localhost:3000" })).toBeNull();
    // Tools and old browsers send neither header.
    expect(crossOriginRefusal({ ...base, origin: undefined, secFetchSite: undefined })).toBeNull();
  });

  it("refuses changes sent from another site, named by Origin or by Sec-Fetch-Site", () => {
    expect(crossOriginRefusal({ ...base, origin: "https://evil.example" })).toContain("sent from another site (https://evil.example)");
    expect(crossOriginRefusal({ ...base, origin: "null" })).toContain("another site");
    expect(crossOriginRefusal({ ...base, origin: "https://tally.example.com.evil.example" })).not.toBeNull();
    expect(crossOriginRefusal({ ...base, origin: undefined, secFetchSite: "cross-site" })).toContain("another site");
    expect(crossOriginRefusal({ ...base, path: "/demo", origin: "https://evil.example" })).not.toBeNull();
    expect(crossOriginRefusal({ ...base, path: "/app", method: "DELETE", origin: "https://evil.example" })).not.toBeNull();
  });

  it("leaves reads and the other paths to their own checks", () => {
    expect(crossOriginRefusal({ ...base, method: "GET", origin: "https://evil.example" })).toBeNull();
    expect(crossOriginRefusal({ ...base, path: "/api/shopper/redeem", origin: "https://extensions.shopifycdn.com" })).toBeNull();
    expect(crossOriginRefusal({ ...base, path: "/webhooks/compliance", origin: "https://evil.example" })).toBeNull();
    expect(crossOriginRefusal({ ...base, path: "/application", origin: "https://evil.example" })).toBeNull();
  });
});
