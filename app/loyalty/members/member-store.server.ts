// Member accounts in the database: one per (shop, Shopify customer). Balances are not written here; only the
// ledger writer changes them.
import { randomUUID } from "node:crypto";
import type { Prisma } from "~/db/database.server";

export interface MemberProfile {
  shop: string;
  customerId: string;
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  accountState?: "disabled" | "invited" | "enabled" | "declined";
}

/** The member for a customer, created on first sight; profile fields are refreshed from the latest data. */
export async function upsertMember(prisma: Prisma, profile: MemberProfile, entryTier: string): Promise<{ id: string }> {
  const { shop, customerId, ...fields } = profile;
  return prisma.member.upsert({
    where: { shop_customerId: { shop, customerId } },
    create: { id: randomUUID(), shop, customerId, tier: entryTier, ...fields },
    update: fields,
    select: { id: true },
  });
}

/** Records the tier a member now holds and the spend that put them there. */
export async function setMemberTier(prisma: Prisma, memberId: string, tier: string, tierSpend: number): Promise<void> {
  await prisma.member.update({ where: { id: memberId }, data: { tier, tierSpend } });
}
