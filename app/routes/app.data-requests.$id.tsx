// Downloads one stored customer data export, as JSON. Only the shop it belongs to can read it.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/admin/staff-auth.server";
import { db } from "~/db/db.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shop } = await requireStaff(request);
  const found = await db().read.dataRequest.findFirst({ where: { id: params.id ?? "", shop } });
  if (!found) throw new Response("There is no such data request for this shop.", { status: 404 });
  return new Response(found.export, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="tally-customer-${found.customerId}-${found.requestedAt.toISOString().slice(0, 10)}.json"`,
    },
  });
}
