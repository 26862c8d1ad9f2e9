// Reads the app proxy's `GET /apps/tally/customer` answer (docs/shopper-api.md) into what the panel shows.
// The storefront script cannot carry zod: zod/mini alone bundles to about 28 KB, and the whole script must stay
// under the 10,000 bytes theme check allows an app block (scripts/build-widget.mjs). So this checks by hand, but
// only fields the contract has (contract/shopper-api.ts): each object is read as `Fields<the contract's type>`,
// and a field name the contract does not know fails to typecheck. What it cannot read it leaves out rather than
// showing a wrong number: a way to earn without points or words, a reward without points, a bad link.
// The widget words the first ways to earn itself, from `kind` and the numbers, in the storefront's language; every
// other way (a tier's entry reward, and each one the program gains) is shown in the app's `text`, which the panel
// asks for in the widget strings' own language (widget.ts), so new ways need no change here.

export type WayToEarn =
  | { kind: "purchase"; points: number; perAmountMinor: number; currencyCode: string }
  | { kind: "signup" | "birthday" | "referral" | "newsletter"; points: number }
  /** Following the shop on `network`: its https page to open, and what POST /apps/tally/social credits. */
  | { kind: "social"; points: number; network: string; url: string }
  /** Every other way (a tier's entry reward, a custom event the merchant described, a campaign): the app's `text`. */
  | { kind: "other"; points: number; text: string };

export interface Reward {
  id: string;
  title: string;
  points: number;
  /** Only for a signed-in shopper: whether the available balance covers it. */
  affordable?: boolean;
}

/** Where the shop's shoppers can redeem besides this panel (the explainer's `redeemAt`). */
export type RedeemPlace = "checkout" | "account";

export interface Program {
  waysToEarn: WayToEarn[];
  redeemAt: RedeemPlace[];
  rewards: Reward[];
  /** The friend's discount in percent; null when referred friends get none. */
  friendDiscountPercent: number | null;
}

/** A code the member redeemed and has not used yet (the summary's `codes`): the panel offers to apply it. */
export interface OpenCode {
  code: string;
  expiresAt: string;
  title: string | null;
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
      /** While the program's grace period keeps the tier: until when, in the app's words in the storefront's language. */
      tierKept?: string;
      /** The birthday the shopper gave; null until they give one (the program's bonus is among `waysToEarn`). */
      birthday: { month: number; day: number; changeableFrom: string } | null;
      referralUrl: string | null;
      rewards: Reward[];
      codes: OpenCode[];
      /** The networks the shopper was already credited for following. */
      followed: string[];
      program: Program;
    }
  | { signedIn: false; program: Program };

import type { BirthdayResponse, InviteResponse, ProgramExplainer, RedeemResponse, ShopperErrorResponse, SignedInSummary, SocialFollowResponse } from "../../contract/shopper-api";

/** POST /apps/tally/invite's answer as the widget reads it: the invitation sent or refused, worded by the server, or an error. */
export type InviteAnswer = Partial<Pick<InviteResponse, "sent" | "message">> & Partial<ShopperErrorResponse>;

/** POST /apps/tally/birthday's answer: the birthday saved, worded by the server, or an error. */
export type BirthdayAnswer = Partial<Pick<BirthdayResponse, "message">> & Partial<ShopperErrorResponse>;
/** POST /apps/tally/social's answer as the widget reads it: the points credited, worded by the server, or an error. */
export type FollowAnswer = Partial<Pick<SocialFollowResponse, "message">> & Partial<ShopperErrorResponse>;

/** One object of the contract with its values not checked yet: only the contract's field names can be read. */
type Fields<Shape> = { [Name in keyof Shape]?: unknown };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const fields = <Shape>(value: unknown): Fields<Shape> => (isObject(value) ? value : {});
const count = (value: unknown): number | null =>
  typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : null;
const text = (value: unknown): string | null => (typeof value === "string" && value.trim() !== "" ? value : null);

function readTierKept(tier: unknown): { tierKept?: string } {
  const kept = isObject(tier) ? text(fields<SignedInSummary["tier"]>(tier).keptText) : null;
  return kept === null ? {} : { tierKept: kept };
}
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** `earn` and `currencyCode` are the program's, beside `waysToEarn`: a purchase is worded from them. */
function readWayToEarn(way: unknown, earn: Fields<ProgramExplainer["earn"]>, currencyCode: string | null): WayToEarn | null {
  if (!isObject(way)) return null;
  const value = fields<ProgramExplainer["waysToEarn"][number]>(way);
  const points = count(value.points);
  if (!points) return null;
  if (value.kind === "signup" || value.kind === "birthday" || value.kind === "referral" || value.kind === "newsletter") return { kind: value.kind, points };
  if (value.kind === "social") {
    const network = text(value.network);
    const url = readUrl(value.url);
    return network && url?.startsWith("https:") ? { kind: "social", points, network, url } : null;
  }
  if (value.kind !== "purchase") {
    const words = text(value.text);
    return words === null ? null : { kind: "other", points, text: words };
  }
  const perAmountMinor = count(earn.perAmountMinor);
  if (!perAmountMinor || currencyCode === null) return null;
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
    redeemAt: list(program.redeemAt).filter((place): place is RedeemPlace => place === "checkout" || place === "account"),
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

function readBirthday(value: unknown): { month: number; day: number; changeableFrom: string } | null {
  const birthday = fields<NonNullable<SignedInSummary["birthday"]>>(value);
  const month = count(birthday.month);
  const day = count(birthday.day);
  const changeableFrom = text(birthday.changeableFrom);
  return month && day && changeableFrom ? { month, day, changeableFrom } : null;
}

function readExpiry(value: unknown): { expiry?: { points: number; expiresAt: string } } {
  const expiry = fields<NonNullable<SignedInSummary["expiry"]>>(value);
  const points = count(expiry.points);
  const expiresAt = text(expiry.expiresAt);
  return points && expiresAt ? { expiry: { points, expiresAt } } : {};
}

/** Only what a discount code can be: it goes into a /discount/<code> link and is shown as text. */
const readCode = (value: unknown): string | null => {
  const code = text(value);
  return code && /^[\w-]{1,64}$/.test(code) ? code : null;
};

function readOpenCode(value: unknown): OpenCode | null {
  const open = fields<SignedInSummary["codes"][number]>(value);
  const code = readCode(open.code);
  const expiresAt = text(open.expiresAt);
  return code && expiresAt ? { code, expiresAt, title: text(open.title) } : null;
}

/** POST /apps/tally/redeem's answer as the panel reads it: a code to apply, a store credit, or the server's words for why not. */
export type RedeemAnswer = { code: string; credited: boolean; title: string | null } | { message: string | null };

export function readRedeemAnswer(answer: unknown): RedeemAnswer {
  const json = fields<RedeemResponse>(answer);
  const code = readCode(json.code);
  if (code && (json.status === "issued" || json.status === "credited")) {
    return { code, credited: json.status === "credited", title: text(fields<RedeemResponse["reward"]>(json.reward).title) };
  }
  return { message: text(fields<ShopperErrorResponse["error"]>(fields<ShopperErrorResponse>(answer).error).message) };
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
    ...readTierKept(json.tier),
    birthday: readBirthday(json.birthday),
    referralUrl: isObject(json.referral) ? readUrl(fields<SignedInSummary["referral"]>(json.referral).url) : null,
    rewards: readRewards(json.rewards),
    codes: list(json.codes).map(readOpenCode).filter((code): code is OpenCode => code !== null),
    followed: list(json.followed).filter((network): network is string => typeof network === "string"),
    program,
  };
}
