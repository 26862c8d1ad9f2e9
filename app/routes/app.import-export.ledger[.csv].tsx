// Download: the shop's whole points ledger, oldest first, as CSV, streamed.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvDownload, ledgerExportLines } from "~/admin/imports/csv-exports.server";
import { requireStaff } from "~/admin/staff-auth.server";
import { db } from "~/db/db.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireStaff(request);
  const date = new Date().toISOString().slice(0, 10);
  return csvDownload(ledgerExportLines(db().read, shop), `tally-ledger-${shop.replace(/\.myshopify\.com$/, "")}-${date}.csv`);
}
