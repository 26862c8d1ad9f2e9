// GET /healthz — for load balancers and operators: the app answers and its database too, with the webhook queue's
// depth, its failed deliveries and the age of its oldest waiting one. No authentication, so counts only.
import { db } from "~/db/db.server";
import { queueHealth } from "~/webhooks/queue-health.server";

export async function loader() {
  const queue = await queueHealth(db(), new Date());
  return Response.json({ ok: true, queue }, { headers: { "Cache-Control": "no-store" } });
}
