// Who is in the program at a moment, and whether an order earns (docs/decisions/041-the-program-fits-the-shop.md).
// A member is out while staff exclude them or while their Shopify tags carry one of the program's excluded tags;
// no one is in while the program is paused. Being out takes nothing away: points already earned stay, and count
// again the moment the member is back in.
import { pausedAt } from "../program/program-pause";
import type { ProgramRules } from "../program/program-rules";
import { excludedTagOf } from "./customer-tags";

/** "in", or why not: staff or a tag put the member out ("excluded"), or the shop paused the program ("paused"). */
export type Standing = "in" | "excluded" | "paused";

export interface MemberFacts {
  tags: string | null;
  excludedAt: Date | null;
}

export type StandingRules = Pick<ProgramRules, "exclusions" | "paused" | "pauses">;

export function memberExcluded(member: MemberFacts, rules: StandingRules): boolean {
  return member.excludedAt !== null || excludedTagOf(member.tags, rules.exclusions.customerTags) !== null;
}

/** The member's standing now: an exclusion says more to the shopper than a pause, which ends for everyone. */
export function memberStanding(member: MemberFacts | null, rules: StandingRules, now: Date): Standing {
  if (member && memberExcluded(member, rules)) return "excluded";
  return pausedAt(rules, now) ? "paused" : "in";
}

export interface OrderFacts {
  paidAt: Date;
  /** The tags the order's own payload carried. */
  customerTags: string | null;
  /** When staff excluded the order's member, if they are excluded now. */
  memberExcludedAt: Date | null;
}

/**
 * Whether a paid order earns purchase points. Each fact is one of the order's own moment, so the answer is the
 * same whatever order webhooks arrive in: the tags its payload carried, a pause around its payment, an exclusion
 * by staff made before it was paid.
 */
export function orderEarns(order: OrderFacts, rules: StandingRules): boolean {
  if (pausedAt(rules, order.paidAt)) return false;
  if (excludedTagOf(order.customerTags, rules.exclusions.customerTags) !== null) return false;
  return order.memberExcludedAt === null || order.memberExcludedAt.getTime() > order.paidAt.getTime();
}
