import type { TallyDatabase } from "~/db/database.server";
import { upsertMember } from "~/loyalty/members/member-store.server";
import { upsertShop } from "~/loyalty/program/shop-store.server";

export const SHOP = "tally-test.myshopify.com";

/** A shop with the default program and `count` members (customer ids 1…count); returns the member ids. */
export async function seedMembers(db: TallyDatabase, count: number, shop = SHOP): Promise<string[]> {
  await upsertShop(db.prisma, { domain: shop, name: "Test shop", currencyCode: "USD" });
  const ids: string[] = [];
  for (let n = 1; n <= count; n++) {
    const member = await upsertMember(
      db.prisma,
      { shop, customerId: String(n), email: `shopper${n}@example.com`, firstName: "Shopper", lastName: String(n), accountState: "enabled" },
      "member",
    );
    ids.push(member.id);
  }
  return ids;
}
