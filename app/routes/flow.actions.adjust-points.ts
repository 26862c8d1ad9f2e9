// POST /flow/actions/adjust-points — Shopify Flow's "Adjust points" action (the runtime_url of
// extensions/tally-flow-adjust-points): verifies Flow's signature, parses the body, finds the member by the
// customer in the signed body's shop, and adjusts their points through the admin's own command, once per action
// run: Flow's retries carry the same action_run_id, which is the adjustment's ledger key (docs/flow.md).
// Flow retries a 5xx and a 429 and gives up on any other 4xx, so a request that cannot succeed gets a 4xx.
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { db } from "~/db/db.server";
import { adjustMemberPoints } from "~/loyalty/adjustments/member-adjustment.server";
import type { StaffMember } from "~/loyalty/audit/staff-member";
import { findShop } from "~/loyalty/program/shop-store.server";
import { adjustPointsActionPayload } from "~/shopify-input/flow-action-payload";
import { parseShopifyJson } from "~/shopify-input/shopify-json";
import { verifyFlowRequest } from "~/shopify.server";

/** Who the transfer and the audit log name: the workflow, not a staff member. */
const FLOW: StaffMember = { id: "shopify-flow", name: "Shopify Flow" };

function refuse(status: number, error: string): Response {
  return Response.json({ error }, { status });
}

export const loader = () => refuse(405, "Shopify Flow sends its action as a POST.");

export const action = async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return refuse(405, "Shopify Flow sends its action as a POST.");
  const rawBody = await request.text();
  if (!(await verifyFlowRequest(rawBody, request))) {
    return refuse(401, "The request is not signed by Shopify Flow: X-Shopify-Hmac-Sha256 must be the HMAC-SHA256 of the body with the app's secret. Nothing was changed.");
  }
  let body: unknown;
  try {
    body = parseShopifyJson(rawBody);
  } catch {
    return refuse(400, "The body is not JSON. Nothing was changed.");
  }
  const parsed = adjustPointsActionPayload.safeParse(body);
  if (!parsed.success) return refuse(400, `${z.prettifyError(parsed.error)}\nNothing was changed.`);
  const { shopify_domain: shop, action_run_id: runId, properties } = parsed.data;

  const database = db();
  if (!(await findShop(database.read, shop))) return refuse(404, `${shop} has not installed Tally. Nothing was changed.`);
  const member = await database.read.member.findUnique({ where: { shop_customerId: { shop, customerId: properties.customer_id } }, select: { id: true } });
  if (!member) return refuse(404, `Customer ${properties.customer_id} is not a member of ${shop}'s loyalty program yet. Nothing was changed.`);

  const result = await adjustMemberPoints(database, { shop, memberId: member.id, staff: FLOW, points: properties.points, reason: properties.reason, formKey: `flow:${runId}` });
  if (result.ok) return Response.json({ transferId: result.transferId, points: result.points, available: result.available, replayed: result.replayed });
  switch (result.error) {
    case "member_not_found":
      return refuse(404, `Customer ${properties.customer_id} is not a member of ${shop}'s loyalty program yet. Nothing was changed.`);
    case "insufficient_points":
      return refuse(422, `Taking away ${-properties.points} points would leave less than zero: the member has ${result.available} available. Nothing was changed.`);
    case "idempotency_conflict":
      return refuse(409, `Action run ${runId} already adjusted this member's points differently. Nothing was changed.`);
  }
};
