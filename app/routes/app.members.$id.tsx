// One member: balances, tier, points history, referrals, rewards, the manual adjustment form, their place in the program (staff
// exclude them or bring them back, with a reason: intent exclude / include) and their metafields in Shopify.
import { randomUUID } from "node:crypto";
import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { BlockStack, Layout, Page } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AdjustmentCard } from "~/admin/members/adjustment-card";
import { ExclusionCard } from "~/admin/members/exclusion-card";
import { exclusionFormSchema } from "~/admin/members/exclusion-form";
import { setMemberExclusion } from "~/loyalty/exclusion/member-exclusion.server";
import { adjustmentErrors, adjustmentFormSchema, type AdjustmentErrors } from "~/admin/members/adjustment-form";
import { adjustMemberPoints } from "~/loyalty/adjustments/member-adjustment.server";
import { loadMemberDetail, memberDetailSearchSchema, memberIdSchema } from "~/admin/members/member-detail.server";
import { MemberHistory } from "~/admin/members/member-history";
import { loadMemberMetafields } from "~/admin/members/member-metafields.server";
import { MemberReferrals } from "~/admin/members/member-referrals";
import { loadMemberRewards } from "~/admin/members/member-rewards.server";
import { MemberRewards } from "~/admin/members/member-rewards";
import { MemberShopifyCard } from "~/admin/members/member-shopify-card";
import { MemberSummary } from "~/admin/members/member-summary";
import { formatPoints } from "~/admin/format";
import { formatSignedPoints } from "~/admin/format-dates";
import { requireStaff } from "~/admin/staff-auth.server";
import { en } from "~/admin/strings/en";
import { memberDetail as t } from "~/admin/strings/members";
import { db } from "~/db/db.server";

function notFound(): Response {
  return new Response(t.notFound, { status: 404 });
}

function displayName(member: { firstName: string | null; lastName: string | null }): string {
  return [member.firstName, member.lastName].filter(Boolean).join(" ") || en.members.noName;
}

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: `${loaded ? displayName(loaded.detail.member) : en.members.title} · ${en.appName}` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shop } = await requireStaff(request);
  const memberId = memberIdSchema.safeParse(params.id);
  if (!memberId.success) throw notFound();
  const search = memberDetailSearchSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!search.success) throw new Response(search.error.issues.map((issue) => issue.message).join("; "), { status: 400 });
  const detail = await loadMemberDetail(db().read, shop, memberId.data, search.data);
  if (!detail) throw notFound();
  const metafields = await loadMemberMetafields(db().read, shop, memberId.data);
  const rewards = await loadMemberRewards(db().read, shop, memberId.data);
  // A new key per rendering of the form: the adjustment it submits is recorded once, however often it is sent.
  return { detail, metafields, rewards, formKey: randomUUID() };
}

type ActionResult =
  | { ok: true; message: string; exclusion?: true }
  | { ok: false; errors: AdjustmentErrors; submitted: { points: string; reason: string } }
  | { ok: false; exclusionError: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const { shop, staff } = await requireStaff(request);
  const memberId = memberIdSchema.safeParse(params.id);
  if (!memberId.success) throw notFound();
  const form = Object.fromEntries(await request.formData());
  if (form.intent !== undefined) {
    const exclusion = exclusionFormSchema.safeParse(form);
    if (!exclusion.success) return data<ActionResult>({ ok: false, exclusionError: exclusion.error.issues[0]?.message ?? t.exclusionReasonRequired }, { status: 400 });
    const excluded = exclusion.data.intent === "exclude";
    const outcome = await setMemberExclusion(db(), { shop, memberId: memberId.data, staff, reason: exclusion.data.reason, excluded, now: new Date() });
    if (!outcome.ok) throw notFound();
    if (!outcome.changed) return data<ActionResult>({ ok: false, exclusionError: t.exclusionUnchanged }, { status: 409 });
    return data<ActionResult>({ ok: true, exclusion: true, message: excluded ? t.excludedDone : t.includedDone });
  }
  const submitted = { points: typeof form.points === "string" ? form.points : "", reason: typeof form.reason === "string" ? form.reason : "" };
  const parsed = adjustmentFormSchema.safeParse(form);
  if (!parsed.success) return data<ActionResult>({ ok: false, errors: adjustmentErrors(parsed.error), submitted }, { status: 400 });
  const { points, reason, idempotencyKey } = parsed.data;
  const result = await adjustMemberPoints(db(), { shop, memberId: memberId.data, staff, points, reason, formKey: idempotencyKey });
  if (result.ok) return data<ActionResult>({ ok: true, message: t.adjusted(formatSignedPoints(result.points)) });
  switch (result.error) {
    case "member_not_found":
      throw notFound();
    case "insufficient_points":
      return data<ActionResult>(
        { ok: false, errors: { points: t.insufficientPoints(formatPoints(-points), formatPoints(result.available)) }, submitted },
        { status: 409 },
      );
    case "idempotency_conflict":
      return data<ActionResult>({ ok: false, errors: { form: t.staleForm }, submitted }, { status: 409 });
  }
}

export default function MemberPage() {
  const { detail, metafields, rewards, formKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <Page title={displayName(detail.member)} backAction={{ content: t.backToMembers, url: "/app/members" }}>
      <Layout>
        <Layout.Section>
          <MemberSummary detail={detail} />
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <ExclusionCard
              key={detail.participation.excludedAt ?? "in"}
              participation={detail.participation}
              done={result?.ok && result.exclusion ? result.message : undefined}
              error={result && !result.ok && "exclusionError" in result ? result.exclusionError : undefined}
            />
            <AdjustmentCard
              key={formKey}
              formKey={formKey}
              done={result?.ok && !result.exclusion ? result.message : undefined}
              errors={result && !result.ok && "errors" in result ? result.errors : undefined}
              submitted={result && !result.ok && "submitted" in result ? result.submitted : undefined}
            />
            <MemberShopifyCard metafields={metafields} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section>
          <BlockStack gap="400">
            <MemberHistory history={detail.history} />
            <MemberRewards rewards={rewards} />
            <MemberReferrals made={detail.referralsMade} referredBy={detail.referredBy} />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
