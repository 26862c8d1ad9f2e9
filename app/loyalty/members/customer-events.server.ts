// customers/create and customers/update: keep the member in step with the Shopify customer, and grant the
// sign-up bonus once, when the customer has an account (state "enabled").
import type { TallyDatabase } from "~/db/database.server";
import type { ProgramRules } from "~/loyalty/program/program-rules";
import { tierForSpend } from "~/loyalty/tiers/tiers";
import { addressKey, type AddressLike } from "~/loyalty/referrals/referral-identity";
import { upsertMember } from "./member-store.server";
import { isRedactedCustomer } from "./redacted-customers.server";

export interface CustomerEvent {
  customerId: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  state: "disabled" | "invited" | "enabled" | "declined";
  defaultAddress: AddressLike | null;
}

/** The sign-up bonus's ledger key: once per member. It names the member, not the Shopify customer. */
export function signupBonusKey(memberId: string): string {
  return `member:${memberId}:signup`;
}

export async function applyCustomerEvent(db: TallyDatabase, shop: string, rules: ProgramRules, event: CustomerEvent, now: Date): Promise<void> {
  // A late event about an erased customer would make a member with their name and email again: it changes nothing.
  if (await isRedactedCustomer(db.prisma, shop, event.customerId)) return;
  const member = await upsertMember(
    db.prisma,
    {
      shop,
      customerId: event.customerId,
      email: event.email,
      firstName: event.firstName,
      lastName: event.lastName,
      accountState: event.state,
      addressKey: addressKey(event.defaultAddress),
    },
    tierForSpend(0, rules.tiers).key,
  );
  if (event.state !== "enabled" || member.signupBonusAt !== null || rules.signupBonus <= 0) return;
  const outcome = await db.ledger.recordTransfer({
    shop,
    memberId: member.id,
    code: "SIGNUP_BONUS",
    points: rules.signupBonus,
    status: "posted",
    idempotencyKey: signupBonusKey(member.id),
  });
  // A conflict means the bonus was granted before, under an earlier amount: once is once.
  if (!outcome.ok && outcome.error !== "idempotency_conflict") throw new Error(`sign-up bonus: ${outcome.message}`);
  await db.prisma.member.update({ where: { id: member.id }, data: { signupBonusAt: now } });
}
