// Shopify's sessions (the Session table): the one module of Tally's that writes them (app/db/table-owners.mjs).
// Shopify's library writes them too — on install, token exchange and refresh — through the PrismaSessionStorage
// made here; the lint rule cannot see inside the library, so that is its one writer outside Tally's code.
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { prismaOf, type TallyDatabase, type Writer } from "~/db/database.server";

/** The session storage Shopify's library reads and writes. */
export function shopifySessionStorage(db: TallyDatabase) {
  return new PrismaSessionStorage(db.prisma);
}

/** app/uninstalled and shop/redact: the shop's sessions go. Returns how many. */
export async function dropShopSessions(db: Writer, shop: string): Promise<number> {
  return (await prismaOf(db).session.deleteMany({ where: { shop } })).count;
}

/** app/scopes_update: the session now holds these scopes. */
export async function setSessionScope(db: Writer, sessionId: string, scopes: readonly string[]): Promise<void> {
  await prismaOf(db).session.updateMany({ where: { id: sessionId }, data: { scope: scopes.join(",") } });
}

/** An offline session as Shopify's install leaves one, created when missing (the demo's). */
export async function ensureOfflineSession(db: Writer, session: { id: string; shop: string; state: string; scope: string; accessToken: string }): Promise<void> {
  await prismaOf(db).session.upsert({ where: { id: session.id }, create: { ...session, isOnline: false }, update: {} });
}
