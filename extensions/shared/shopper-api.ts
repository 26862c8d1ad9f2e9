// The extensions' client for Tally's /api/shopper endpoints (docs/shopper-api.md). Every call carries a fresh
// session token as Bearer: the backend reads the customer from its `sub`, never from what we send. Answers are
// checked before use; what goes wrong comes back as a typed failure the surfaces turn into localized text,
// so neither the backend's nor Shopify's wording ever reaches the shopper.
import type { z } from "zod/mini";
import type { birthdayRequest, estimateRequest, redeemRequest, referralCheckRequest, socialFollowRequest } from "../../contract/shopper-api";
import type { RedeemPlace } from "../../app/loyalty/redemption/redeem-places";
import { appUrl } from "./app-url";
import {
  parseBirthdayAnswer,
  parseEarning,
  parseOrderPoints,
  parseOrderStatus,
  parseEstimate,
  parseRedemption,
  parseRedeemAt,
  parseReferralCheck,
  parseSocialFollow,
  parseSummary,
  type Earning,
  type MemberBirthday,
  type OrderPoints,
  type OrderStatus,
  type Redemption,
  type ReferralCheck,
  type SocialFollow,
  type Summary,
} from "./shopper-responses";

export type ShopperApiFailure =
  /**
   * The backend's error code (insufficient_points, unknown_reward…), "unauthorized" for a 401 without one, or
   * "unavailable" when there was no usable answer: offline, a 5xx, or a body we could not read.
   */
  { ok: false; reason: string };

export type ShopperApiResult<T> = { ok: true; value: T } | ShopperApiFailure;

export interface Money {
  amount: number;
  currencyCode: string;
}

/**
 * A summary with what an order earns at the shopper's tier (order-estimate.ts), null when it cannot be told, and
 * where the shop's shoppers can redeem besides the storefront widget (`program.redeemAt`).
 */
export type SummaryRead = Summary & { earning: Earning | null; redeemAt: RedeemPlace[] };

export interface ShopperApi {
  summary(): Promise<ShopperApiResult<SummaryRead>>;
  redeem(rewardId: string, requestId: string): Promise<ShopperApiResult<Redemption>>;
  checkReferralCode(code: string): Promise<ShopperApiResult<ReferralCheck>>;
  orderPoints(orderId: string): Promise<ShopperApiResult<OrderPoints>>;
  orderStatus(orderId: string): Promise<ShopperApiResult<OrderStatus>>;
  estimate(subtotal: Money): Promise<ShopperApiResult<{ points: number | null }>>;
  giveBirthday(month: number, day: number): Promise<ShopperApiResult<MemberBirthday>>;
  /** Credits a "Follow us" click, once per network (POST /api/shopper/social). */
  followSocial(network: string): Promise<ShopperApiResult<SocialFollow>>;
}

interface SessionTokenSource {
  get(): Promise<string>;
}

/**
 * `locale` (the extension's language, e.g. "fr" or "fr-CA") makes the backend word what it sends — reward titles,
 * history titles — in the language the extension speaks.
 */
export function shopperApi(sessionToken: SessionTokenSource, locale: string): ShopperApi {
  async function call<T>(path: string, init: { method: "GET" | "POST"; body?: unknown }, parse: (json: unknown) => T | null): Promise<ShopperApiResult<T>> {
    let response: Response;
    try {
      const token = await sessionToken.get();
      response = await fetch(`${appUrl(path)}${path.includes("?") ? "&" : "?"}locale=${encodeURIComponent(locale)}`, {
        method: init.method,
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: "application/json",
          ...(init.body === undefined ? {} : { "Content-Type": "application/json" }),
        },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      });
    } catch {
      return { ok: false, reason: "unavailable" };
    }
    let json: unknown = null;
    try {
      json = await response.json();
    } catch {
      // An empty or non-JSON body: the status alone decides below.
    }
    if (!response.ok) return { ok: false, reason: errorCode(json, response.status) };
    const value = parse(json);
    return value === null ? { ok: false, reason: "unavailable" } : { ok: true, value };
  }

  return {
    summary: () =>
      call("/api/shopper/summary", { method: "GET" }, (json) => {
        const summary = parseSummary(json);
        return summary && { ...summary, earning: parseEarning(json), redeemAt: parseRedeemAt(json) };
      }),
    redeem: (rewardId, requestId) => call("/api/shopper/redeem", { method: "POST", body: { rewardId, requestId } satisfies z.input<typeof redeemRequest> }, parseRedemption),
    giveBirthday: (month, day) => call("/api/shopper/birthday", { method: "POST", body: { month, day } satisfies z.input<typeof birthdayRequest> }, parseBirthdayAnswer),
    checkReferralCode: (code) => call("/api/shopper/referral-check", { method: "POST", body: { code } satisfies z.input<typeof referralCheckRequest> }, parseReferralCheck),
    orderPoints: (orderId) => call(`/api/shopper/order?orderId=${encodeURIComponent(orderId)}`, { method: "GET" }, parseOrderPoints),
    orderStatus: (orderId) => call(`/api/shopper/order-status?orderId=${encodeURIComponent(orderId)}`, { method: "GET" }, parseOrderStatus),
    estimate: (subtotal) =>
      call(
        "/api/shopper/estimate",
        { method: "POST", body: { subtotal: { amount: decimalAmount(subtotal), currencyCode: subtotal.currencyCode } } satisfies z.input<typeof estimateRequest> },
        parseEstimate,
      ),
    followSocial: (network) => call("/api/shopper/social", { method: "POST", body: { network } satisfies z.input<typeof socialFollowRequest> }, parseSocialFollow),
  };
}

/**
 * The contract carries money as a decimal string with the currency's own number of decimals ("123.45", "1234" for
 * JPY): the backend refuses more, and a float's String() can carry some (0.1 + 0.2).
 */
export function decimalAmount({ amount, currencyCode }: Money): string {
  let digits = 2;
  try {
    digits = new Intl.NumberFormat("en", { style: "currency", currency: currencyCode }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    // An unknown currency code: two decimals, as most currencies have.
  }
  return amount.toFixed(digits);
}

function errorCode(json: unknown, status: number): string {
  // `{ error: { code } }` from most endpoints; a refused referral code may come as `{ valid: false, reason }`.
  const body = json as { error?: { code?: unknown }; reason?: unknown } | null;
  const code = body?.error?.code ?? body?.reason;
  if (typeof code === "string" && code !== "") return code;
  return status === 401 ? "unauthorized" : "unavailable";
}

/**
 * One id per redemption the shopper asked for: a retry after a lost answer sends the same id, so the backend
 * returns the code it already made instead of spending the points twice.
 */
export function newRequestId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * Whether a failed redemption should be retried with the same request id: yes when the answer was lost or the
 * code is still being made; no once the backend has answered for good (a refusal, or Shopify failing to create
 * the code, which gives the points back and pins that id to the failure).
 */
export function keepsRequestId(reason: string): boolean {
  return reason === "unavailable" || reason === "redemption_in_progress";
}
