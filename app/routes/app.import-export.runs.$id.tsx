// An import's progress as JSON, polled by the Import and export page while the import runs.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { importProgress } from "~/admin/imports/import-view.server";
import { requireStaff } from "~/admin/staff-auth.server";
import { importStrings } from "~/admin/strings/imports";
import { db } from "~/db/db.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shop } = await requireStaff(request);
  const id = z.uuid().safeParse(params.id);
  const progress = id.success ? await importProgress(db().read, shop, id.data) : null;
  if (!progress) throw new Response(importStrings.run.notFound, { status: 404 });
  return Response.json(progress, { headers: { "Cache-Control": "no-store" } });
}
