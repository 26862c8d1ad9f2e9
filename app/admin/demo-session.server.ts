// The demo sign-in: a signed cookie naming the demo shop and a pretend staff member, so the admin opens in a
// plain browser with no Shopify account. Every function refuses to work unless TALLY_DEMO is on, and
// env.server.ts refuses TALLY_DEMO in production, so none of this is reachable on a real install.
import { createCookieSessionStorage, type SessionStorage } from "@remix-run/node";
import { z } from "zod";
import { env } from "~/env.server";

export const DEMO_STAFF_NAME = "Demo staff";

const demoStaffSchema = z.object({ shop: z.string().min(1), staff: z.string().min(1) });
export type DemoStaff = z.infer<typeof demoStaffSchema>;

let storage: SessionStorage | undefined;

function demoStorage(): SessionStorage {
  const config = env();
  if (!config.demo) throw new Response("Not Found", { status: 404 });
  storage ??= createCookieSessionStorage({
    cookie: {
      name: "tally_demo",
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      // Usually the documented demo secret: the signature grants nothing the open sign-in does not.
      secrets: [config.shopifyApiSecret],
      // The demo is served over plain http on localhost; a Secure cookie would never come back.
      secure: false,
      maxAge: 60 * 60 * 24 * 7,
    },
  });
  return storage;
}

/** The signed-in demo staff member, or null when the request carries no valid demo cookie. */
export async function readDemoStaff(request: Request): Promise<DemoStaff | null> {
  const session = await demoStorage().getSession(request.headers.get("Cookie"));
  const parsed = demoStaffSchema.safeParse({ shop: session.get("shop"), staff: session.get("staff") });
  // A cookie for another demo shop (TALLY_DEMO_SHOP changed) is as good as none.
  if (!parsed.success || parsed.data.shop !== env().demoShop) return null;
  return parsed.data;
}

/** The Set-Cookie header that signs the demo staff member in to the demo shop. */
export async function signInDemoStaff(request: Request): Promise<string> {
  const store = demoStorage();
  const session = await store.getSession(request.headers.get("Cookie"));
  session.set("shop", env().demoShop);
  session.set("staff", DEMO_STAFF_NAME);
  return store.commitSession(session);
}

/** The Set-Cookie header that clears the demo sign-in. */
export async function signOutDemoStaff(request: Request): Promise<string> {
  const store = demoStorage();
  return store.destroySession(await store.getSession(request.headers.get("Cookie")));
}
