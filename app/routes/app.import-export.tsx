// Import and export: CSV downloads of members and of the ledger; CSV imports of balances, checked (dry run) before
// anything is written, then run in the background with their progress shown; and the shop's history read from
// Shopify, with points for past orders shown as a dry run before they are awarded.
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { BlockStack, Layout, Page } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { z } from "zod";
import { ExportCard } from "~/admin/import-export/export-card";
import { HistoryCard } from "~/admin/import-export/history-card";
import { historyView } from "~/admin/imports/history-view.server";
import { shopHistoryStrings } from "~/admin/strings/shop-history";
import { awardHistoryPoints } from "~/loyalty/shop-history/award-history-points.server";
import { requestHistoryRun } from "~/loyalty/shop-history/request-history-run.server";
import { ImportHistory } from "~/admin/import-export/import-history";
import { RunCard } from "~/admin/import-export/run-card";
import { UploadCard } from "~/admin/import-export/upload-card";
import { checkImportFile } from "~/loyalty/imports/import-check.server";
import { resumeImport, startImport } from "~/loyalty/imports/import-run.server";
import { importDetail, recentImports } from "~/admin/imports/import-view.server";
import { requireStaff } from "~/admin/staff-auth.server";
import { en } from "~/admin/strings/en";
import { importStrings } from "~/admin/strings/imports";
import { db } from "~/db/db.server";

const t = importStrings;
/** 20 MB holds a 100,000-row export from either app with room to spare. */
const MAX_FILE_BYTES = 20 * 1024 * 1024;
const MAX_FILE_MB = MAX_FILE_BYTES / 1024 / 1024;

export const meta: MetaFunction = () => [{ title: `${t.title} · ${en.appName}` }];

const pageSearchSchema = z.object({ run: z.uuid({ error: t.run.notFound }).optional() });

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireStaff(request);
  const search = pageSearchSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!search.success) throw new Response(search.error.issues.map((issue) => issue.message).join(" "), { status: 400 });
  const prisma = db().read;
  const run = search.data.run ? await importDetail(prisma, shop, search.data.run) : null;
  if (search.data.run && !run) throw new Response(t.run.notFound, { status: 404 });
  return { run, recent: await recentImports(prisma, shop), history: await historyView(db(), shop) };
}

const runActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.enum(["import", "resume"]), runId: z.uuid({ error: t.run.notFound }) }),
  z.object({ intent: z.literal("history") }),
  z.object({ intent: z.literal("award"), historyRunId: z.uuid({ error: shopHistoryStrings.award.notFound }) }),
]);

/** The name a person gave the file, without the folders some browsers send with it (RFC 7578 §4.2). */
function baseName(name: string): string {
  return (name.split(/[/\\]/).pop() ?? "").slice(0, 200);
}

async function checkUpload(request: Request, shop: string, staff: { id: string; name: string }) {
  const length = Number(request.headers.get("Content-Length") ?? "0");
  if (length > MAX_FILE_BYTES + 64 * 1024) return data({ error: t.upload.tooLarge(MAX_FILE_MB) }, { status: 413 });
  // The platform's multipart parser, not Remix's: Remix's splits the Content-Disposition header on every ";" and
  // "=", so a file named "points;2024=final.csv" (quoted, as browsers send it) failed the whole request. The
  // server's body limit (app/http/body-limits.ts) bounds what this buffers.
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return data({ error: t.upload.unreadable }, { status: 400 });
  }
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) {
    return data({ error: file instanceof File && file.name ? t.file.empty : t.upload.missingFile }, { status: 400 });
  }
  if (file.size > MAX_FILE_BYTES) return data({ error: t.upload.tooLarge(MAX_FILE_MB) }, { status: 413 });
  const fileName = baseName(file.name) || "import.csv";
  const outcome = await checkImportFile(db(), { shop, staff, fileName, bytes: new Uint8Array(await file.arrayBuffer()) });
  if (!outcome.ok) return data({ error: outcome.message }, { status: 400 });
  return redirect(`/app/import-export?run=${outcome.runId}`);
}

export async function action({ request }: ActionFunctionArgs) {
  const { shop, staff } = await requireStaff(request);
  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) return checkUpload(request, shop, staff);
  const parsed = runActionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: parsed.error.issues.map((issue) => issue.message).join(" ") }, { status: 400 });
  const form = parsed.data;
  if (form.intent === "history") {
    await requestHistoryRun(db(), shop, staff, new Date());
    return redirect("/app/import-export");
  }
  if (form.intent === "award") {
    const awarded = await awardHistoryPoints(db(), shop, form.historyRunId, staff, new Date());
    if (!awarded.ok) {
      const notFound = awarded.error === "not_found";
      return data({ error: notFound ? shopHistoryStrings.award.notFound : shopHistoryStrings.award.nothingToAward }, { status: notFound ? 404 : 409 });
    }
    return redirect("/app/import-export");
  }
  const { intent, runId } = form;
  const outcome = intent === "import" ? await startImport(db(), shop, runId, staff) : await resumeImport(db(), shop, runId, staff);
  if (!outcome.ok) {
    return data({ error: outcome.error === "not_found" ? t.run.notFound : t.run.notReady }, { status: outcome.error === "not_found" ? 404 : 409 });
  }
  return redirect(`/app/import-export?run=${runId}`);
}

export default function ImportExport() {
  const { run, recent, history } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const error = actionData && "error" in actionData ? actionData.error : null;
  return (
    <Page title={t.title}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {run ? <RunCard run={run} /> : null}
            <HistoryCard run={history.run} award={history.award} />
            <UploadCard error={error} />
            <ExportCard />
            <ImportHistory recent={recent} />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
