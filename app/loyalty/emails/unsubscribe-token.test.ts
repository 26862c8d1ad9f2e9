import { describe, expect, it } from "vitest";
import { readUnsubscribeToken, unsubscribeToken } from "./unsubscribe-token";

const target = { shop: "maya.myshopify.com", memberId: "2b1c6a8e-1f0e-4c55-9d1e-3c8b9e0a7f21", kind: "points_earned" as const };

describe("unsubscribe tokens", () => {
  it("name the shop, member and kind they were signed for", () => {
    expect(readUnsubscribeToken("secret", unsubscribeToken("secret", target))).toEqual(target);
  });

  it("are refused when signed with another secret, altered, or for a kind that is not a member email", () => {
    const token = unsubscribeToken("secret", target);
    expect(readUnsubscribeToken("other", token)).toBeNull();
    const [payload, signature] = token.split(".");
    const other = Buffer.from(`${target.shop} someone-else points_earned`).toString("base64url");
    expect(readUnsubscribeToken("secret", `${other}.${signature}`)).toBeNull();
    expect(readUnsubscribeToken("secret", `${payload}.${signature}.x`)).toBeNull();
    expect(readUnsubscribeToken("secret", "nonsense")).toBeNull();
    expect(readUnsubscribeToken("secret", unsubscribeToken("secret", { ...target, kind: "friend_invite" as never }))).toBeNull();
  });
});
