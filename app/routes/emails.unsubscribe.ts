// /emails/unsubscribe?token=… — the link at the foot of every member email, and the List-Unsubscribe target.
// GET shows one button (link scanners that open every URL in a mail unsubscribe nobody); POST unsubscribes: the
// button, or the mail client's one-click POST (RFC 8058, body "List-Unsubscribe=One-Click"). No login: the token is
// signed (app/loyalty/emails/unsubscribe-token.ts).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { db } from "~/db/db.server";
import { env } from "~/env.server";
import { unsubscribe } from "~/loyalty/emails/email-commands.server";
import { readUnsubscribeToken } from "~/loyalty/emails/unsubscribe-token";
import { unsubscribePage } from "~/shopper/member-email-messages";
import { shopperLocale } from "~/shopper/shopper-locale";

const token = z.string().min(1).max(1000);

function page(request: Request, html: (locale: ReturnType<typeof shopperLocale>) => string, status: number): Response {
  const locale = shopperLocale(null, request.headers.get("Accept-Language"));
  return new Response(html(locale), { status, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" } });
}

function tokenOf(request: Request): string | null {
  const parsed = token.safeParse(new URL(request.url).searchParams.get("token"));
  return parsed.success ? parsed.data : null;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const given = tokenOf(request);
  const target = given ? readUnsubscribeToken(env().shopifyApiSecret, given) : null;
  if (!given || !target) return page(request, (locale) => unsubscribePage(locale, { step: "invalid" }), 400);
  const url = new URL(request.url);
  return page(request, (locale) => unsubscribePage(locale, { step: "ask", kind: target.kind, action: `${url.pathname}${url.search}` }), 200);
}

export async function action({ request }: ActionFunctionArgs) {
  const given = tokenOf(request);
  const outcome = given ? await unsubscribe(db(), { token: given, appSecret: env().shopifyApiSecret, now: new Date() }) : { ok: false as const };
  if (!outcome.ok) return page(request, (locale) => unsubscribePage(locale, { step: "invalid" }), 400);
  return page(request, (locale) => unsubscribePage(locale, { step: "done", kind: outcome.kind }), 200);
}
