// GET /app/program/tier-preview?thresholds=0,50000,150000 → how many of the shop's members each of those tiers
// would hold: the Program page asks while the merchant edits tier thresholds.
import { type LoaderFunctionArgs } from "@remix-run/node";
import { previewTierCounts, tierPreviewQuerySchema } from "~/admin/program/tier-preview.server";
import { requireStaff } from "~/admin/staff-auth.server";
import { db } from "~/db/db.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireStaff(request);
  const query = tierPreviewQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) {
    return Response.json({ error: query.error.issues.map((issue) => issue.message).join("; ") }, { status: 400 });
  }
  const preview = await previewTierCounts(db().read, shop, query.data.thresholds);
  return Response.json({ thresholds: query.data.thresholds, ...preview });
}
