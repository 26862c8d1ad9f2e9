// app/uninstalled and app/scopes_update, as Shopify's app template handles them: sessions go or change; the
// shop's loyalty data stays until shop/redact, so a merchant who reinstalls finds their program intact.
import { z } from "zod";
import type { TallyDatabase } from "~/db/database.server";
import { markShopUninstalled } from "~/loyalty/program/shop-store.server";
import { dropShopSessions, setSessionScope } from "~/shopify-sessions.server";

export const scopesUpdatePayload = z.object({
  current: z.array(z.string()),
  previous: z.array(z.string()).default([]),
});

export const anyPayload = z.unknown();

export async function handleAppUninstalled(db: TallyDatabase, shop: string, now: Date): Promise<void> {
  await dropShopSessions(db, shop);
  await markShopUninstalled(db, shop, now);
}

export async function handleScopesUpdate(db: TallyDatabase, sessionId: string | null, current: string[]): Promise<void> {
  if (!sessionId) return;
  await setSessionScope(db, sessionId, current);
}
