// Who is using the admin, for every /app route: a Shopify staff member through App Bridge's session token, or,
// only when TALLY_DEMO is on, the demo staff member signed in at /demo.
import { redirect } from "@remix-run/node";
import type { AdminApiContext } from "@shopify/shopify-app-remix/server";
import { env } from "~/env.server";
import { authenticate } from "~/shopify.server";
import { readDemoStaff } from "./demo-session.server";

export interface StaffContext {
  /** The shop's myshopify.com domain: every query the admin runs is scoped to it. */
  shop: string;
  /** A name to record as the actor of manual changes. */
  staff: string;
  /** The Admin API for this shop; null in the demo, which has no Shopify store behind it. */
  admin: AdminApiContext | null;
}

export async function requireStaff(request: Request): Promise<StaffContext> {
  if (env().demo) {
    const demo = await readDemoStaff(request);
    if (!demo) throw redirect("/demo");
    return { shop: demo.shop, staff: demo.staff, admin: null };
  }
  const { session, admin } = await authenticate.admin(request);
  // Only online sessions carry the staff member; Tally uses offline tokens, so this is usually "staff".
  const user = session.onlineAccessInfo?.associated_user;
  const name = [user?.first_name, user?.last_name].filter(Boolean).join(" ") || user?.email || "staff";
  return { shop: session.shop, staff: name, admin };
}
