// The runs of the shop-history import: the one writer of shop_history_imports (app/db/table-owners.mjs). Each
// change of state is conditional on the state it leaves, so two job runners (two instances, a timer and cron)
// moving one run at once cannot both move it.
import { randomUUID } from "node:crypto";
import { prismaOf, type Writer } from "~/db/database.server";
import { ACTIVE_HISTORY_STATUSES, historyWindow, type HistoryRunStatus } from "./history-window";

/**
 * Queues a run for the shop unless one is already under way (then returns that one). `createdBy` is the staff
 * member's name, or "install".
 */
export async function queueHistoryRun(db: Writer, shop: string, trigger: "install" | "staff", createdBy: string, now: Date): Promise<{ id: string; queued: boolean }> {
  const prisma = prismaOf(db);
  const active = await prisma.shopHistoryImport.findFirst({ where: { shop, status: { in: [...ACTIVE_HISTORY_STATUSES] } }, select: { id: true } });
  if (active) return { id: active.id, queued: false };
  const { since, until } = historyWindow(now);
  const id = randomUUID();
  await prisma.shopHistoryImport.create({ data: { id, shop, trigger, status: "queued", since, until, createdBy, createdAt: now, updatedAt: now } });
  return { id, queued: true };
}

/** The run now waits on Shopify's bulk operation `operationId` for `status`. */
export async function markBulkStarted(db: Writer, id: string, from: HistoryRunStatus, status: "customers" | "orders", operationId: string, now: Date): Promise<boolean> {
  const { count } = await prismaOf(db).shopHistoryImport.updateMany({
    where: { id, status: from },
    data: { status, bulkOperationId: operationId, objectCount: 0, updatedAt: now },
  });
  return count === 1;
}

/** Shopify's running count of objects read, shown as progress. */
export async function markBulkProgress(db: Writer, id: string, objectCount: number, now: Date): Promise<void> {
  await prismaOf(db).shopHistoryImport.updateMany({ where: { id, status: { in: ["customers", "orders"] } }, data: { objectCount, updatedAt: now } });
}

export async function markCustomersRead(db: Writer, id: string, counts: { customersRead: number; membersCreated: number }, now: Date): Promise<void> {
  await prismaOf(db).shopHistoryImport.update({ where: { id }, data: { ...counts, updatedAt: now } });
}

export async function markDone(db: Writer, id: string, counts: { ordersRead: number; ordersRecorded: number; membersCreated: number }, now: Date): Promise<boolean> {
  const { count } = await prismaOf(db).shopHistoryImport.updateMany({
    where: { id, status: "orders" },
    data: { ...counts, status: "done", bulkOperationId: null, updatedAt: now, finishedAt: now },
  });
  return count === 1;
}

/** The run stops with a reason a person can read; running it again is a new run. */
export async function markFailed(db: Writer, id: string, reason: string, now: Date): Promise<void> {
  await prismaOf(db).shopHistoryImport.updateMany({
    where: { id, status: { in: [...ACTIVE_HISTORY_STATUSES] } },
    data: { status: "failed", error: reason.slice(0, 1000), updatedAt: now, finishedAt: now },
  });
}

/** The merchant's award of points for past orders, recorded on the run it was made from. */
export async function markAwarded(db: Writer, id: string, award: { members: number; points: number }, now: Date): Promise<void> {
  await prismaOf(db).shopHistoryImport.update({ where: { id }, data: { awardedMembers: award.members, awardedPoints: award.points, awardedAt: now, updatedAt: now } });
}

/** shop/redact: the shop's runs go with it. */
export async function eraseShopHistoryRuns(db: Writer, shop: string): Promise<number> {
  return (await prismaOf(db).shopHistoryImport.deleteMany({ where: { shop } })).count;
}
