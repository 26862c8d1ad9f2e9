// How far behind the shop's points are: when its oldest delivery still waiting in the queue was received. Read
// live with the dashboard, so the warning goes away as soon as the queue has caught up.
import type { ReadOnlyPrisma } from "~/db/database.server";
import { minutesBehind } from "./points-behind";

export async function loadMinutesBehind(prisma: ReadOnlyPrisma, shop: string, now: Date): Promise<number | null> {
  const oldest = await prisma.webhookDelivery.aggregate({ where: { shop, status: "queued" }, _min: { receivedAt: true } });
  return minutesBehind(oldest._min.receivedAt, now);
}
