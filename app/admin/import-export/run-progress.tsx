// A running import's progress, polled once a second, and the way to resume one that was interrupted.
import { Form, useFetcher, useRevalidator } from "@remix-run/react";
import { Banner, BlockStack, Button, InlineStack, ProgressBar, Text } from "@shopify/polaris";
import { useEffect } from "react";
import { formatCount } from "~/admin/format";
import type { ImportDetail, ImportProgress } from "~/admin/imports/import-view.server";
import { importStrings as t } from "~/admin/strings/imports";

const POLL_MS = 1000;

export function RunProgress({ run }: { run: ImportDetail }) {
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
