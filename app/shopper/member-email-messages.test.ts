import { describe, expect, it } from "vitest";
import { EMAIL_LOCALES, type OutboxKind } from "~/loyalty/emails/email-kinds";
import { renderMemberEmail, unsubscribePage } from "./member-email-messages";

const KINDS: OutboxKind[] = ["points_earned", "within_reach", "points_expiring", "tier_reached", "referral_rewarded", "friend_invite", "test"];
const data = {
  points: 1200,
  balance: 1500,
  reward: { id: "amount-off-2000", kind: "amount_off", points: 2000, amountMinor: 2000, minimumOrderMinor: 0 },
  short: 500,
  tier: { key: "gold", name: "Gold" },
  multiplierPercent: 150,
  expiresAt: "2027-01-15T00:00:00.000Z",
  referralCode: "MAYA-7K3Q",
};

const render = (kind: OutboxKind, locale: (typeof EMAIL_LOCALES)[number], unsubscribeUrl: string | null = "https://tally.example/emails/unsubscribe?token=abc") =>
  renderMemberEmail({
    kind,
    locale,
    data,
    shop: { domain: "maya.myshopify.com", name: "Maya's <Shop> & Co", currencyCode: "EUR" },
    brandColor: "#aa3300",
    firstName: "Ann",
    unsubscribeUrl,
  });

describe("member emails' words", () => {
  it.each(EMAIL_LOCALES)("word every kind in %s, with no placeholder left and the shop's name escaped in the HTML", (locale) => {
    for (const kind of KINDS) {
      const email = render(kind, locale);
      expect(email.subject.length, kind).toBeGreaterThan(5);
      expect(`${email.subject} ${email.text}`, kind).not.toMatch(/\{\w+\}|undefined|NaN/);
      expect(email.html, kind).toContain("Maya&#39;s &#60;Shop&#62; &#38; Co");
      expect(email.html, kind).not.toContain("<Shop>");
      expect(email.html, kind).toContain("#aa3300");
      expect(email.html, kind).toContain(`lang="${locale}"`);
    }
  });

  it("counts, prices and dates in the member's language", () => {
    expect(render("points_earned", "en").subject).toBe("You earned 1,200 points at Maya's <Shop> & Co");
    expect(render("within_reach", "fr").text).toMatch(/Il ne vous manque que 500 points pour obtenir 20,00\s€ de réduction\./);
    expect(render("points_expiring", "de").text).toContain("1.200 Punkte verfallen am 15. Januar 2027.");
    expect(render("tier_reached", "es").text).toContain("A partir de ahora cada pedido te da ×1,5 los puntos.");
    expect(render("friend_invite", "en").text).toContain("Use the code MAYA-7K3Q on your first order: https://maya.myshopify.com/apps/tally/r/MAYA-7K3Q");
  });

  it("puts the unsubscribe link in member emails only", () => {
    expect(render("points_earned", "en").text).toContain("Unsubscribe from these emails: https://tally.example/emails/unsubscribe?token=abc");
    expect(render("friend_invite", "en", null).text).not.toContain("Unsubscribe");
    expect(render("friend_invite", "en", null).html).not.toContain("unsubscribe");
  });

  it("words the unsubscribe page, escaping what goes into the form", () => {
    expect(unsubscribePage("de", { step: "ask", kind: "tier_reached", action: '/emails/unsubscribe?token=a"b' })).toContain('action="/emails/unsubscribe?token=a&#34;b"');
    expect(unsubscribePage("fr", { step: "done", kind: "points_earned" })).toContain("Vous ne recevrez plus les e-mails « points gagnés ».");
    expect(unsubscribePage("es", { step: "invalid" })).toContain("no es válido");
  });
});
