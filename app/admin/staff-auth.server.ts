// Who is using the admin, for every /app route: a Shopify staff member through App Bridge's session token, or,
// only when TALLY_DEMO is on, the demo staff member signed in at /demo.
import { redirect } from "@remix-run/node";
import type { AdminApiContext } from "@shopify/shopify-app-remix/server";
import { env } from "~/env.server";
import { authenticate } from "~/shopify.server";
import type { StaffMember } from "~/loyalty/audit/staff-member";
import { readDemoStaff } from "./demo-session.server";

export interface StaffContext {
  /** The shop's myshopify.com domain: every query the admin runs is scoped to it. */
  shop: string;
  /** Who is acting: recorded on manual transfers and in the audit log. */
  staff: StaffMember;
  /** The Admin API for this shop; null in the demo, which has no Shopify store behind it. */
  admin: AdminApiContext | null;
}

export async function requireStaff(request: Request): Promise<StaffContext> {
  if (env().demo) {
    const demo = await readDemoStaff(request);
    if (!demo) throw redirect("/demo");
    return { shop: demo.shop, staff: { id: "demo", name: demo.staff }, admin: null };
  }
  const { session, admin, sessionToken } = await authenticate.admin(request);
  // The session token's `sub` is the staff member's Shopify user id, on every request from the embedded admin.
  // Tally keeps offline sessions, which carry no name; an online session (if configured) does.
  const userId = String(sessionToken?.sub ?? session.onlineAccessInfo?.associated_user?.id ?? "unknown");
  const user = session.onlineAccessInfo?.associated_user;
  const name = [user?.first_name, user?.last_name].filter(Boolean).join(" ") || user?.email || `Staff member ${userId}`;
  return { shop: session.shop, staff: { id: userId, name }, admin };
}
