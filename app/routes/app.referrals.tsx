// Every referral with its status and reason, filterable by status; staff approve or reject by hand.
import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Box, Button, Card, EmptyState, InlineStack, Page, Select, Text } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { useState } from "react";
import { z } from "zod";
import { formatPoints } from "~/admin/format";
import { decideReferral } from "~/loyalty/referrals/referral-decisions.server";
import { queryReferrals, referralsSearchSchema } from "~/admin/referrals/referrals-query.server";
import { ReferralsTable } from "~/admin/referrals/referrals-table";
import { requireStaff } from "~/admin/staff-auth.server";
import { en } from "~/admin/strings/en";
import { REFERRAL_STATUSES, referralStatusLabels, referralsPage as t } from "~/admin/strings/referrals";
import { db } from "~/db/db.server";

export const meta: MetaFunction = () => [{ title: `${t.title} · ${en.appName}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireStaff(request);
  const search = referralsSearchSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!search.success) throw new Response(search.error.issues.map((issue) => issue.message).join("; "), { status: 400 });
  return queryReferrals(db().read, shop, search.data);
}

const decisionSchema = z.object({
  intent: z.enum(["approve", "reject"], { error: t.invalidDecision }),
  referralId: z.string({ error: t.notFound }).min(1, { error: t.notFound }).max(100, { error: t.notFound }),
});

type ActionResult = { ok: boolean; message: string };

export async function action({ request }: ActionFunctionArgs) {
  const { shop, staff } = await requireStaff(request);
  const parsed = decisionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data<ActionResult>({ ok: false, message: parsed.error.issues.map((issue) => issue.message).join("; ") }, { status: 400 });
  const result = await decideReferral(db(), { shop, referralId: parsed.data.referralId, decision: parsed.data.intent, staff });
  if (!result.ok) {
    if (result.error === "not_found") return data<ActionResult>({ ok: false, message: t.notFound }, { status: 404 });
    const status = referralStatusLabels[result.status] ?? result.status;
    const message = parsed.data.intent === "approve" ? t.cannotApprove(status) : t.cannotReject(status);
    return data<ActionResult>({ ok: false, message }, { status: 409 });
  }
  if (!result.changed) {
    const now = result.decision === "approve" ? referralStatusLabels.rewarded : referralStatusLabels.rejected;
    return data<ActionResult>({ ok: true, message: t.alreadyDecided(now ?? "") });
  }
  if (result.decision === "approve") {
    return data<ActionResult>({ ok: true, message: result.points > 0 ? t.approved(formatPoints(result.points)) : t.approvedNoPoints });
  }
  return data<ActionResult>({ ok: true, message: result.reversedPoints > 0 ? t.rejectedReversed(formatPoints(result.reversedPoints)) : t.rejected });
}

function StatusFilter({ status }: { status: string }) {
  const [value, setValue] = useState(status);
  return (
    <Form method="get">
      <InlineStack gap="300" blockAlign="end">
        <Select
          label={t.statusLabel}
          name="status"
          value={value}
          onChange={setValue}
          options={[{ label: t.allStatuses, value: "" }, ...REFERRAL_STATUSES.map((option) => ({ label: referralStatusLabels[option] ?? option, value: option }))]}
        />
        <Button submit>{t.apply}</Button>
      </InlineStack>
    </Form>
  );
}

export default function Referrals() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <Page title={t.title}>
      <BlockStack gap="400">
        <Text as="p">{t.intro}</Text>
        {result ? <Banner tone={result.ok ? "success" : "critical"} title={result.message} /> : null}
        <Card padding="0">
          {page.any ? (
            <BlockStack>
              <Box padding="300">
                <StatusFilter key={page.status} status={page.status} />
              </Box>
              <ReferralsTable data={page} />
            </BlockStack>
          ) : (
            <EmptyState heading={t.emptyHeading} image="">
              <p>{t.emptyBody}</p>
            </EmptyState>
          )}
        </Card>
      </BlockStack>
    </Page>
  );
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
