// The Import and export page's view of the shop's history: the latest run, and the dry run of points for past orders.
import type { ReadOnlyPrisma, TallyDatabase } from "~/db/database.server";
import { previewHistoryAward } from "~/loyalty/shop-history/award-history-points.server";

export async function latestHistoryRun(prisma: ReadOnlyPrisma, shop: string) {
  return prisma.shopHistoryImport.findFirst({
    where: { shop },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      status: true,
      objectCount: true,
      customersRead: true,
      ordersRead: true,
      membersCreated: true,
      ordersRecorded: true,
      error: true,
      awardedMembers: true,
      awardedPoints: true,
      awardedAt: true,
      createdAt: true,
      finishedAt: true,
    },
  });
}

export type HistoryRunView = NonNullable<Awaited<ReturnType<typeof latestHistoryRun>>>;

export async function historyView(db: TallyDatabase, shop: string) {
  const run = await latestHistoryRun(db.read, shop);
  return { run, award: await previewHistoryAward(db, shop) };
}
