// customers/create and customers/update: keep the member in step with the Shopify customer, and grant the
// sign-up bonus (app/loyalty/bonuses/) once they have an account, and the newsletter's points
// (app/loyalty/actions/) once they are subscribed to email marketing.
import type { TallyDatabase } from "~/db/database.server";
import { grantNewsletterPoints } from "~/loyalty/actions/grant-newsletter-points.server";
import { grantSignupBonus } from "~/loyalty/bonuses/grant-signup-bonus.server";
import type { AccountState } from "~/loyalty/bonuses/signup-bonus";
import type { ProgramRules } from "~/loyalty/program/program-rules";
import { tierFor } from "~/loyalty/tiers/tiers";
import { addressKey, type AddressLike } from "~/loyalty/referrals/referral-identity";
import { upsertMemberUnlessErased } from "./member-store.server";
import { memberStanding } from "~/loyalty/exclusion/member-standing";

export interface CustomerEvent {
  customerId: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  state: AccountState;
  /** The customer's language, when Shopify gives one; absent keeps the one known. */
  locale?: string | null;
  defaultAddress: AddressLike | null;
  /** email_marketing_consent.state: "subscribed" earns the newsletter's points; null without one. */
  emailMarketingState?: string | null;
  /** The customer's tags (exclusion/customer-tags.ts) and the customer's updated_at, which orders them. */
  tags?: string | null;
  updatedAt?: Date | null;
}

export async function applyCustomerEvent(db: TallyDatabase, shop: string, rules: ProgramRules, event: CustomerEvent, now: Date): Promise<void> {
  // On the driver: customer events are a sixth of what the queue settles (docs/decisions/033-settlement-on-the-driver.md).
  // A late event about an erased customer would make a member with their name and email again: it changes nothing.
  const member = await upsertMemberUnlessErased(
    db,
    {
      shop,
      customerId: event.customerId,
      email: event.email,
      firstName: event.firstName,
      lastName: event.lastName,
      accountState: event.state,
      addressKey: addressKey(event.defaultAddress),
      locale: event.locale ?? undefined,
      ...(event.updatedAt ? { tags: { value: event.tags ?? null, at: event.updatedAt } } : {}),
    },
    tierFor(0, rules.tiers).key,
  );
  if (!member) return;
  // A member out of the program, or a paused program, pays no bonus now; it is still owed (signupBonusAt stays
  // unset), and the next customer event after they are back in pays it.
  if (memberStanding(member, rules, now) !== "in") return;
  await grantSignupBonus(db, shop, rules, { id: member.id, accountState: event.state, signupBonusAt: member.signupBonusAt }, now);
  await grantNewsletterPoints(db, shop, rules, { id: member.id, emailMarketingState: event.emailMarketingState ?? null });
}
