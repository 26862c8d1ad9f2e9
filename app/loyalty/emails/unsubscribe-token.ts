// The one-click unsubscribe link: a token naming the shop, the member and the kind of email, signed with a key
// derived from the app's secret, so it needs no login and cannot be made for anyone else (docs/emails.md).
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { isMemberEmailKind, type MemberEmailKind } from "./email-kinds";

export interface Unsubscribe {
  shop: string;
  memberId: string;
  kind: MemberEmailKind;
}

function signature(appSecret: string, payload: string): Buffer {
  const key = Buffer.from(hkdfSync("sha256", appSecret, "tally", "tally-email-unsubscribe", 32));
  return createHmac("sha256", key).update(payload).digest().subarray(0, 18);
}

export function unsubscribeToken(appSecret: string, target: Unsubscribe): string {
  const payload = Buffer.from(`${target.shop} ${target.memberId} ${target.kind}`).toString("base64url");
  return `${payload}.${signature(appSecret, payload).toString("base64url")}`;
}

/** The target of a token Tally signed; null for anything else. */
export function readUnsubscribeToken(appSecret: string, token: string): Unsubscribe | null {
  const [payload, signed, ...rest] = token.split(".");
  if (!payload || !signed || rest.length > 0) return null;
  const given = Buffer.from(signed, "base64url");
  const expected = signature(appSecret, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const [shop, memberId, kind, ...more] = Buffer.from(payload, "base64url").toString("utf8").split(" ");
  if (!shop || !memberId || !kind || more.length > 0 || !isMemberEmailKind(kind)) return null;
  return { shop, memberId, kind };
}
