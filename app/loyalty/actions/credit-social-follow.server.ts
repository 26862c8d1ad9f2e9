// Points for following or sharing the shop on a social network: one click from the account page or the widget,
// on the shopper's word (as the anchors of other loyalty programs are), once per member and network. The ledger
// key names the member and the network, so a second click, or two at the same moment, earn once
// (docs/decisions/044-actions-that-earn.md). A member out of the program (excluded, or the program paused) earns
// nothing for a click: the click is refused, and can be made again once they are back in
// (docs/decisions/051-a-paused-program-loses-nothing.md).
import type { TallyDatabase } from "~/db/database.server";
import { memberStanding } from "~/loyalty/exclusion/member-standing";
import { upsertMember } from "~/loyalty/members/member-store.server";
import { isRedactedCustomer } from "~/loyalty/privacy/redacted-customers.server";
import type { ProgramRules } from "~/loyalty/program/program-rules";
import { tierFor } from "~/loyalty/tiers/tiers";
import { socialKey } from "./action-keys";
import { isSocialNetwork, offeredSocialLinks, type SocialLink } from "./action-rules";

export interface SocialFollowRequest {
  shop: string;
  rules: ProgramRules;
  /** The signed-in shopper: the session token's or the proxy's customer, never the body's. */
  customerId: string;
  network: string;
  now: Date;
}

export type SocialFollowResult =
  | { ok: true; link: SocialLink; points: number; alreadyCredited: boolean }
  | { ok: false; error: "unknown_network" | "not_member" | "not_in_program" | "program_paused" };

export async function creditSocialFollow(db: TallyDatabase, request: SocialFollowRequest): Promise<SocialFollowResult> {
  const link = isSocialNetwork(request.network) ? offeredSocialLinks(request.rules.actions).find((offered) => offered.network === request.network) : undefined;
  if (!link) return { ok: false, error: "unknown_network" };
  // An erased customer's late click would make a member with their id again.
  if (await isRedactedCustomer(db.prisma, request.shop, request.customerId)) return { ok: false, error: "not_member" };
  // A shopper whose customers/create is still on its way gets their member now, as the account page does.
  const member = await upsertMember(db, { shop: request.shop, customerId: request.customerId }, tierFor(0, request.rules.tiers).key);
  const standing = memberStanding(member, request.rules, request.now);
  if (standing !== "in") return { ok: false, error: standing === "paused" ? "program_paused" : "not_in_program" };
  const outcome = await db.ledger.recordTransfer({
    shop: request.shop,
    memberId: member.id,
    code: "SOCIAL_FOLLOW",
    points: request.rules.actions.social.points,
    status: "posted",
    idempotencyKey: socialKey(member.id, link.network),
    memo: link.network,
  });
  if (outcome.ok) return { ok: true, link, points: outcome.transfer.points, alreadyCredited: outcome.replayed };
  // Credited before under another amount: once per network is once.
  if (outcome.error === "idempotency_conflict") return { ok: true, link, points: 0, alreadyCredited: true };
  if (outcome.error === "member_not_found") return { ok: false, error: "not_member" };
  throw new Error(`social follow: ${outcome.error}: ${outcome.message}`);
}

/** The networks a member has been credited for, from their SOCIAL_FOLLOW transfers' keys. */
export function creditedNetworks(memberId: string, keys: readonly string[]): string[] {
  const prefix = `member:${memberId}:social:`;
  return keys.filter((key) => key.startsWith(prefix)).map((key) => key.slice(prefix.length));
}
