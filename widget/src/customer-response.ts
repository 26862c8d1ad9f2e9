// Reads the app proxy's `GET /apps/tally/customer` answer (docs/shopper-api.md) into what the panel shows.
// The storefront script cannot carry zod: zod/mini alone bundles to about 28 KB, and the whole script must stay
// under the 10,000 bytes theme check allows an app block (scripts/build-widget.mjs). So this checks by hand, but
// only fields the contract has (contract/shopper-api.ts): each object is read as `Fields<the contract's type>`,
// and a field name the contract does not know fails to typecheck. What it cannot read it leaves out rather than
// showing a wrong number: an unknown way to earn, a reward without points, a bad link.
// The widget words ways to earn itself, from `kind` and the numbers, in the storefront's language (the app's
// `text` is in the app's languages, which a storefront's may not be).

export type WayToEarn =
  | { kind: "purchase"; points: number; perAmountMinor: number; currencyCode: string }
  | { kind: "signup"; points: number }
  | { kind: "referral"; points: number };

export interface Reward {
  id: string;
  title: string;
  points: number;
  /** Only for a signed-in shopper: whether the available balance covers it. */
  affordable?: boolean;
}

export interface Program {
  waysToEarn: WayToEarn[];
  rewards: Reward[];
  /** The friend's discount in percent; null when referred friends get none. */
  friendDiscountPercent: number | null;
}

export type CustomerView =
  | {
      signedIn: true;
      available: number;
      pending: number;
      /** Points owed after a refund took back points already spent (ADR 021; `available` is then 0); absent when none. */
      owed?: number;
      /** Present while the shopper cannot earn or redeem: the merchant excluded them, or paused the program. */
      standing?: "excluded" | "paused";
      /** When the available points expire if the shopper stays quiet; absent when they will not. */
      expiry?: { points: number; expiresAt: string };
      tierName: string | null;
      referralUrl: string | null;
      rewards: Reward[];
      program: Program;
    }
  | { signedIn: false; program: Program };

import type { InviteResponse, ProgramExplainer, ShopperErrorResponse, SignedInSummary } from "../../contract/shopper-api";

/** POST /apps/tally/invite's answer as the widget reads it: the invitation sent or refused, worded by the server, or an error. */
export type InviteAnswer = Partial<Pick<InviteResponse, "sent" | "message">> & Partial<ShopperErrorResponse>;

/** One object of the contract with its values not checked yet: only the contract's field names can be read. */
type Fields<Shape> = { [Name in keyof Shape]?: unknown };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const fields = <Shape>(value: unknown): Fields<Shape> => (isObject(value) ? value : {});
const count = (value: unknown): number | null =>
  typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : null;
const text = (value: unknown): string | null => (typeof value === "string" && value.trim() !== "" ? value : null);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** `earn` and `currencyCode` are the program's, beside `waysToEarn`: a purchase is worded from them. */
function readWayToEarn(way: unknown, earn: Fields<ProgramExplainer["earn"]>, currencyCode: string | null): WayToEarn | null {
  if (!isObject(way)) return null;
  const value = fields<ProgramExplainer["waysToEarn"][number]>(way);
  const points = count(value.points);
  if (!points) return null;
  if (value.kind === "signup" || value.kind === "referral") return { kind: value.kind, points };
  const perAmountMinor = count(earn.perAmountMinor);
  if (value.kind !== "purchase" || !perAmountMinor || currencyCode === null) return null;
  return { kind: "purchase", points, perAmountMinor, currencyCode };
}

function readReward(reward: unknown): Reward | null {
  if (!isObject(reward)) return null;
  const value = fields<SignedInSummary["rewards"][number]>(reward);
  const id = text(value.id);
  const title = text(value.title);
  const points = count(value.points);
  if (id === null || title === null || points === null) return null;
  return typeof value.affordable === "boolean" ? { id, title, points, affordable: value.affordable } : { id, title, points };
}

const readRewards = (value: unknown): Reward[] => list(value).map(readReward).filter((reward): reward is Reward => reward !== null);

function readProgram(value: unknown): Program {
  const program = fields<ProgramExplainer>(value);
  const earn = fields<ProgramExplainer["earn"]>(program.earn);
  const currencyCode = text(program.currencyCode);
  return {
    waysToEarn: list(program.waysToEarn)
      .map((way) => readWayToEarn(way, earn, currencyCode))
      .filter((way): way is WayToEarn => way !== null),
    rewards: readRewards(program.rewards),
    friendDiscountPercent: count(fields<ProgramExplainer["referral"]>(program.referral).friendDiscountPercent) || null,
  };
}

/** Only links to web pages: a referral "URL" is put in an input and on the clipboard, never trusted blindly. */
function readUrl(value: unknown): string | null {
  const raw = text(value);
  if (raw === null) return null;
  try {
    const url = new URL(raw);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}

function readExpiry(value: unknown): { expiry?: { points: number; expiresAt: string } } {
  const expiry = fields<NonNullable<SignedInSummary["expiry"]>>(value);
  const points = count(expiry.points);
  const expiresAt = text(expiry.expiresAt);
  return points && expiresAt ? { expiry: { points, expiresAt } } : {};
}

/** Null when the answer is not the customer endpoint's JSON at all (the panel then offers a retry). */
export function readCustomerResponse(answer: unknown): CustomerView | null {
  const json = fields<SignedInSummary>(answer);
  if (!isObject(answer) || typeof json.signedIn !== "boolean") return null;
  const program = readProgram(json.program);
  if (!json.signedIn) return { signedIn: false, program };
  const balance = fields<SignedInSummary["balance"]>(json.balance);
  const available = count(balance.available);
  if (available === null) return null;
  const { standing } = json;
  return {
    signedIn: true,
    available,
    pending: count(balance.pending) ?? 0,
    ...((count(balance.owed) ?? 0) > 0 ? { owed: count(balance.owed) ?? 0 } : {}),
    ...(standing === "excluded" || standing === "paused" ? { standing } : {}),
    ...readExpiry(json.expiry),
    tierName: isObject(json.tier) ? text(fields<SignedInSummary["tier"]>(json.tier).name) : null,
    referralUrl: isObject(json.referral) ? readUrl(fields<SignedInSummary["referral"]>(json.referral).url) : null,
    rewards: readRewards(json.rewards),
    program,
  };
}
