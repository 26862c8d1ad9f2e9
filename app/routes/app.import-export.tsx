// Import and export: CSV downloads of members and of the ledger; CSV imports of balances, checked (dry run) before
// anything is written, then run in the background with their progress shown.
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link as RemixLink, useActionData, useFetcher, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, IndexTable, InlineStack, Layout, Page, ProgressBar, Text } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { useEffect } from "react";
import { z } from "zod";
import { formatDateTime } from "~/admin/format-dates";
import { formatCount } from "~/admin/format";
import { DownloadButton } from "~/admin/download-button";
import { checkImportFile } from "~/admin/imports/import-check.server";
import { resumeImport, startImport } from "~/admin/imports/import-run.server";
import { importDetail, recentImports, type ImportProgress } from "~/admin/imports/import-view.server";
import { requireStaff } from "~/admin/staff-auth.server";
import { en } from "~/admin/strings/en";
import { importStrings } from "~/admin/strings/imports";
import { db } from "~/db/db.server";

const t = importStrings;
/** 20 MB holds a 100,000-row export from either app with room to spare. */
const MAX_FILE_BYTES = 20 * 1024 * 1024;
const MAX_FILE_MB = MAX_FILE_BYTES / 1024 / 1024;
const POLL_MS = 1000;

export const meta: MetaFunction = () => [{ title: `${t.title} · ${en.appName}` }];

const pageSearchSchema = z.object({ run: z.uuid({ error: t.run.notFound }).optional() });

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireStaff(request);
  const search = pageSearchSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!search.success) throw new Response(search.error.issues.map((issue) => issue.message).join(" "), { status: 400 });
  const prisma = db().prisma;
  const run = search.data.run ? await importDetail(prisma, shop, search.data.run) : null;
  if (search.data.run && !run) throw new Response(t.run.notFound, { status: 404 });
  return { run, recent: await recentImports(prisma, shop) };
}

const runActionSchema = z.object({ intent: z.enum(["import", "resume"]), runId: z.uuid({ error: t.run.notFound }) });

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
  const outcome = await checkImportFile(db().prisma, { shop, staff, fileName, bytes: new Uint8Array(await file.arrayBuffer()) });
  if (!outcome.ok) return data({ error: outcome.message }, { status: 400 });
  return redirect(`/app/import-export?run=${outcome.runId}`);
}

export async function action({ request }: ActionFunctionArgs) {
  const { shop, staff } = await requireStaff(request);
  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) return checkUpload(request, shop, staff);
  const parsed = runActionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: parsed.error.issues.map((issue) => issue.message).join(" ") }, { status: 400 });
  const { intent, runId } = parsed.data;
  const outcome = intent === "import" ? await startImport(db(), shop, runId, staff) : await resumeImport(db(), shop, runId, staff);
  if (!outcome.ok) {
    return data({ error: outcome.error === "not_found" ? t.run.notFound : t.run.notReady }, { status: outcome.error === "not_found" ? 404 : 409 });
  }
  return redirect(`/app/import-export?run=${runId}`);
}

type Run = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["run"]>;

function ExportCard() {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t.export.heading}
        </Text>
        <Text as="p">{t.export.body}</Text>
        <InlineStack gap="300">
          <DownloadButton url="/app/import-export/members.csv" label={t.export.members} fallbackName="tally-members.csv" failedMessage={t.export.failed} />
          <DownloadButton url="/app/import-export/ledger.csv" label={t.export.ledger} fallbackName="tally-ledger.csv" failedMessage={t.export.failed} />
        </InlineStack>
        <Text as="p" tone="subdued" variant="bodySm">
          {t.export.formulaNote}
        </Text>
      </BlockStack>
    </Card>
  );
}

function UploadCard({ error }: { error: string | null }) {
  const navigation = useNavigation();
  const checking = navigation.state === "submitting" && navigation.formEncType === "multipart/form-data";
  return (
    <Card>
      <Form method="post" encType="multipart/form-data">
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {t.upload.heading}
          </Text>
          <Text as="p">{t.upload.body}</Text>
          <Text as="p" tone="subdued">
            {t.upload.formats}
          </Text>
          <BlockStack gap="100">
            <label htmlFor="import-file">
              <Text as="span" fontWeight="medium">
                {t.upload.fileLabel}
              </Text>
            </label>
            <input id="import-file" name="file" type="file" accept=".csv,text/csv" required aria-describedby={error ? "import-file-error" : undefined} />
          </BlockStack>
          {error ? (
            <div id="import-file-error" role="alert">
              <Banner tone="critical">{error}</Banner>
            </div>
          ) : null}
          <InlineStack>
            <Button submit variant="primary" loading={checking}>
              {t.upload.check}
            </Button>
          </InlineStack>
        </BlockStack>
      </Form>
    </Card>
  );
}

function RowErrors({ run }: { run: Run }) {
  if (run.errorCount === 0) return null;
  const c = t.check.columns;
  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingSm">
        {t.check.errorsHeading}
      </Text>
      <Text as="p" tone="subdued">
        {t.check.errorsNote}
      </Text>
      <IndexTable resourceName={t.check.errorsResource} itemCount={run.errors.length} selectable={false} headings={[{ title: c.row }, { title: c.column }, { title: c.message }]}>
        {run.errors.map((error, index) => (
          <IndexTable.Row id={`${error.row}-${index}`} key={`${error.row}-${index}`} position={index}>
            <IndexTable.Cell>{error.row}</IndexTable.Cell>
            <IndexTable.Cell>{error.column}</IndexTable.Cell>
            <IndexTable.Cell>{error.message}</IndexTable.Cell>
          </IndexTable.Row>
        ))}
      </IndexTable>
      {run.errorCount > run.errors.length ? <Text as="p">{t.check.errorsMore(formatCount(run.errorCount - run.errors.length))}</Text> : null}
    </BlockStack>
  );
}

function CheckedRun({ run }: { run: Run }) {
  const navigation = useNavigation();
  return (
    <BlockStack gap="300">
      <Text as="p">{t.check.summary(formatCount(run.totalRows), formatCount(run.errorRows))}</Text>
      {run.newMembers > 0 ? <Text as="p">{t.check.newMembers(formatCount(run.newMembers))}</Text> : null}
      {run.alreadyImportedAt ? <Banner tone="info">{t.check.alreadyImported(formatDateTime(run.alreadyImportedAt))}</Banner> : null}
      <RowErrors run={run} />
      {run.totalRows > 0 ? (
        <Form method="post">
          <input type="hidden" name="intent" value="import" />
          <input type="hidden" name="runId" value={run.id} />
          <Button submit variant="primary" loading={navigation.state === "submitting" && navigation.formData?.get("intent") === "import"}>
            {t.check.importButton(formatCount(run.totalRows))}
          </Button>
        </Form>
      ) : (
        <Banner tone="warning">{t.check.nothingToImport}</Banner>
      )}
    </BlockStack>
  );
}

function RunProgress({ run }: { run: Run }) {
  const { load, state, data: polled } = useFetcher<ImportProgress>();
  const revalidator = useRevalidator();
  const live = polled ?? run;
  const polling = live.status === "running" && !live.interrupted;
  // One poll after another: the next is scheduled once the last answer (a new `polled` object) is in.
  useEffect(() => {
    if (!polling || state !== "idle") return;
    const timer = setTimeout(() => load(`/app/import-export/runs/${run.id}`), POLL_MS);
    return () => clearTimeout(timer);
  }, [load, polled, polling, state, run.id]);
  useEffect(() => {
    if (live.status !== run.status && revalidator.state === "idle") revalidator.revalidate();
  }, [live.status, run.status, revalidator]);
  const percent = live.totalRows === 0 ? 100 : Math.round((live.processedRows / live.totalRows) * 100);
  return (
    <BlockStack gap="300">
      <ProgressBar progress={percent} ariaLabelledBy="import-progress-label" tone={live.interrupted ? "critical" : "highlight"} />
      <Text as="p" id="import-progress-label">
        {t.run.progressLabel}: {t.run.progress(formatCount(live.processedRows), formatCount(live.totalRows))}
      </Text>
      {live.interrupted ? (
        <Form method="post">
          <BlockStack gap="200">
            <Banner tone="warning">{t.run.interrupted}</Banner>
            <input type="hidden" name="intent" value="resume" />
            <input type="hidden" name="runId" value={run.id} />
            <InlineStack>
              <Button submit>{t.run.resume}</Button>
            </InlineStack>
          </BlockStack>
        </Form>
      ) : null}
    </BlockStack>
  );
}

function RunCard({ run }: { run: Run }) {
  const heading =
    run.status === "checked" ? t.check.heading(run.fileName) : run.status === "done" ? t.run.done(run.fileName) : run.status === "failed" ? t.run.failed(run.fileName) : t.run.running(run.fileName);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {heading}
        </Text>
        <Text as="p" tone="subdued">
          {t.check.format(t.formats[run.format] ?? run.format)}
        </Text>
        {run.status === "checked" ? <CheckedRun run={run} /> : null}
        {run.status === "running" || run.status === "failed" ? <RunProgress key={run.status} run={run} /> : null}
        {run.status === "done" ? (
          <BlockStack gap="300">
            <ProgressBar progress={100} tone="success" ariaLabelledBy="import-done-label" />
            <Text as="p" id="import-done-label">
              {t.run.doneSummary(formatCount(run.importedRows), formatCount(run.skippedRows))}
            </Text>
            <RowErrors run={run} />
          </BlockStack>
        ) : null}
      </BlockStack>
    </Card>
  );
}

function History({ recent }: { recent: ReturnType<typeof useLoaderData<typeof loader>>["recent"] }) {
  const c = t.history.columns;
  return (
    <Card padding="0">
      <BlockStack>
        <div style={{ padding: "var(--p-space-400)" }}>
          <Text as="h2" variant="headingMd">
            {t.history.heading}
          </Text>
        </div>
        {recent.length === 0 ? (
          <div style={{ padding: "0 var(--p-space-400) var(--p-space-400)" }}>
            <Text as="p" tone="subdued">
              {t.history.empty}
            </Text>
          </div>
        ) : (
          <IndexTable
            resourceName={t.history.resource}
            itemCount={recent.length}
            selectable={false}
            headings={[{ title: c.date }, { title: c.file }, { title: c.format }, { title: c.status }, { title: c.rows, alignment: "end" }, { title: c.staff }]}
          >
            {recent.map((run, index) => (
              <IndexTable.Row id={run.id} key={run.id} position={index}>
                <IndexTable.Cell>{formatDateTime(run.createdAt)}</IndexTable.Cell>
                <IndexTable.Cell>
                  <RemixLink to={`/app/import-export?run=${run.id}`}>{run.fileName}</RemixLink>
                </IndexTable.Cell>
                <IndexTable.Cell>{t.formats[run.format] ?? run.format}</IndexTable.Cell>
                <IndexTable.Cell>{t.history.status[run.status] ?? run.status}</IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric>
                    {formatCount(run.totalRows)}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>{run.createdBy}</IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        )}
      </BlockStack>
    </Card>
  );
}

export default function ImportExport() {
  const { run, recent } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const error = actionData && "error" in actionData ? actionData.error : null;
  return (
    <Page title={t.title}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {run ? <RunCard run={run} /> : null}
            <UploadCard error={error} />
            <ExportCard />
            <History recent={recent} />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
