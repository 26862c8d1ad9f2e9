// Points for a newsletter sign-up: a NEWSLETTER_SIGNUP transfer through the ledger, keyed by member, so that it is
// paid once per member ever whatever the order or number of customers/* deliveries, and unsubscribing then
// subscribing again earns nothing more (docs/decisions/044-actions-that-earn.md).
import type { TallyDatabase } from "~/db/database.server";
import type { ProgramRules } from "~/loyalty/program/program-rules";
import { newsletterKey } from "./action-keys";
import { newsletterPoints } from "./action-rules";
import { isNewsletterSignup } from "./newsletter-consent";

export async function grantNewsletterPoints(db: TallyDatabase, shop: string, rules: ProgramRules, member: { id: string; emailMarketingState: string | null }): Promise<void> {
  const points = newsletterPoints(rules.actions);
  if (points === 0 || !isNewsletterSignup(member.emailMarketingState)) return;
  const outcome = await db.ledger.recordTransfer({
    shop,
    memberId: member.id,
    code: "NEWSLETTER_SIGNUP",
    points,
    status: "posted",
    idempotencyKey: newsletterKey(member.id),
  });
  // A conflict means it was paid before, under an earlier amount: once is once.
  if (!outcome.ok && outcome.error !== "idempotency_conflict") throw new Error(`newsletter points: ${outcome.message}`);
}
