// Reads the app proxy's `GET /apps/tally/customer` answer (docs/shopper-api.md) into what the panel shows.
// The storefront script has no zod (it would triple its size), so this checks by hand, and what it cannot read it
// leaves out rather than showing a wrong number: an unknown way to earn, a reward without points, a bad link.
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
      tierName: string | null;
      referralUrl: string | null;
      rewards: Reward[];
      program: Program;
    }
  | { signedIn: false; program: Program };

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const count = (value: unknown): number | null =>
  typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : null;
const text = (value: unknown): string | null => (typeof value === "string" && value.trim() !== "" ? value : null);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** `earn` and `currencyCode` are the program's, beside `waysToEarn`: a purchase is worded from them. */
function readWayToEarn(value: unknown, earn: Json, currencyCode: string | null): WayToEarn | null {
  if (!isObject(value)) return null;
  const points = count(value.points);
  if (!points) return null;
  if (value.kind === "signup" || value.kind === "referral") return { kind: value.kind, points };
  const perAmountMinor = count(earn.perAmountMinor);
  if (value.kind !== "purchase" || !perAmountMinor || currencyCode === null) return null;
  return { kind: "purchase", points, perAmountMinor, currencyCode };
}

function readReward(value: unknown): Reward | null {
  if (!isObject(value)) return null;
  const id = text(value.id);
  const title = text(value.title);
  const points = count(value.points);
  if (id === null || title === null || points === null) return null;
  return typeof value.affordable === "boolean" ? { id, title, points, affordable: value.affordable } : { id, title, points };
}

const readRewards = (value: unknown): Reward[] => list(value).map(readReward).filter((reward): reward is Reward => reward !== null);

function readProgram(value: unknown): Program {
  const program = isObject(value) ? value : {};
  const earn = isObject(program.earn) ? program.earn : {};
  const currencyCode = text(program.currencyCode);
  return {
    waysToEarn: list(program.waysToEarn)
      .map((way) => readWayToEarn(way, earn, currencyCode))
      .filter((way): way is WayToEarn => way !== null),
    rewards: readRewards(program.rewards),
    friendDiscountPercent: (isObject(program.referral) && count(program.referral.friendDiscountPercent)) || null,
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

/** Null when the answer is not the customer endpoint's JSON at all (the panel then offers a retry). */
export function readCustomerResponse(json: unknown): CustomerView | null {
  if (!isObject(json) || typeof json.signedIn !== "boolean") return null;
  const program = readProgram(json.program);
  if (!json.signedIn) return { signedIn: false, program };
  const balance = isObject(json.balance) ? json.balance : {};
  const available = count(balance.available);
  if (available === null) return null;
  return {
    signedIn: true,
    available,
    pending: count(balance.pending) ?? 0,
    ...((count(balance.owed) ?? 0) > 0 ? { owed: count(balance.owed) ?? 0 } : {}),
    tierName: isObject(json.tier) ? text(json.tier.name) : null,
    referralUrl: isObject(json.referral) ? readUrl(json.referral.url) : null,
    rewards: readRewards(json.rewards),
    program,
  };
}
