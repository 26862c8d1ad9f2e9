// The words of every email Tally sends members and their friends, in each language Tally speaks (docs/emails.md),
// and the HTML around them in the shop's name and colour. Counts and money go through shopperStrings, so "1 point"
// and "5,00 €" come out right. The job runner and the Emails page pass `renderMemberEmail` to app/loyalty/emails/.
import type { EmailToRender, RenderedEmail } from "~/loyalty/emails/email-rendering";
import type { EmailLocale, MemberEmailKind, OutboxKind } from "~/loyalty/emails/email-kinds";
import type { Reward } from "~/loyalty/redemption/rewards";
import { shopperStrings, type ShopperStrings } from "./shopper-strings";

interface Message {
  subject: string;
  lines: string[];
}

type Words = (values: Values) => Message;

interface Values {
  shop: string;
  name: string | null;
  points: string;
  balance: string;
  reward: string;
  short: string;
  tier: string;
  multiplier: string;
  date: string;
  code: string;
  link: string;
}

interface LanguageWords {
  greeting: (name: string | null) => string;
  kinds: Record<OutboxKind, Words>;
  visit: string;
  unsubscribe: string;
  why: (shop: string) => string;
}

const WORDS: Record<EmailLocale, LanguageWords> = {
  en: {
    greeting: (name) => (name ? `Hi ${name},` : "Hello,"),
    kinds: {
      points_earned: (v) => ({ subject: `You earned ${v.points} at ${v.shop}`, lines: [`Thank you for your order: ${v.points} are now yours.`, `Your balance: ${v.balance}.`] }),
      within_reach: (v) => ({ subject: `A reward is within reach at ${v.shop}`, lines: [`You are ${v.short} away from ${v.reward}.`, `Your balance: ${v.balance}.`] }),
      points_expiring: (v) => ({ subject: `Your ${v.points} at ${v.shop} expire soon`, lines: [`${v.points} expire on ${v.date}.`, "Shop before then to keep them."] }),
      tier_reached: (v) => ({ subject: `Welcome to ${v.tier} at ${v.shop}`, lines: [`You have reached ${v.tier}.`, `From now on every order earns ${v.multiplier} the points.`] }),
      referral_rewarded: (v) => ({ subject: `Your friend's order earned you ${v.points}`, lines: [`A friend ordered at ${v.shop} with your referral code: ${v.points} are yours.`] }),
      friend_invite: (v) => ({ subject: `${v.name ?? "A friend"} invites you to ${v.shop}`, lines: [`${v.name ?? "A friend of yours"} thinks you would like ${v.shop}.`, `Use the code ${v.code} on your first order: ${v.link}`] }),
      test: (v) => ({ subject: `Test email from ${v.shop}`, lines: ["Your SMTP settings work: this is how members' emails will look."] }),
    },
    visit: "Visit the shop",
    unsubscribe: "Unsubscribe from these emails",
    why: (shop) => `You receive this email because you are a member of ${shop}'s loyalty program.`,
  },
  fr: {
    greeting: (name) => (name ? `Bonjour ${name},` : "Bonjour,"),
    kinds: {
      points_earned: (v) => ({ subject: `Vous avez gagné ${v.points} chez ${v.shop}`, lines: [`Merci pour votre commande : ${v.points} vous sont acquis.`, `Votre solde : ${v.balance}.`] }),
      within_reach: (v) => ({ subject: `Une récompense est à portée de main chez ${v.shop}`, lines: [`Il ne vous manque que ${v.short} pour obtenir ${v.reward}.`, `Votre solde : ${v.balance}.`] }),
      points_expiring: (v) => ({ subject: `Vos ${v.points} chez ${v.shop} expirent bientôt`, lines: [`${v.points} expirent le ${v.date}.`, "Faites un achat d'ici là pour les conserver."] }),
      tier_reached: (v) => ({ subject: `Bienvenue au niveau ${v.tier} chez ${v.shop}`, lines: [`Vous avez atteint le niveau ${v.tier}.`, `Désormais, chaque commande vous rapporte ${v.multiplier} les points.`] }),
      referral_rewarded: (v) => ({ subject: `La commande de votre ami vous rapporte ${v.points}`, lines: [`Un ami a commandé chez ${v.shop} avec votre code de parrainage : ${v.points} sont pour vous.`] }),
      friend_invite: (v) => ({ subject: `${v.name ?? "Un ami"} vous invite chez ${v.shop}`, lines: [`${v.name ?? "Un de vos amis"} pense que ${v.shop} vous plaira.`, `Utilisez le code ${v.code} lors de votre première commande : ${v.link}`] }),
      test: (v) => ({ subject: `E-mail de test de ${v.shop}`, lines: ["Vos réglages SMTP fonctionnent : voici à quoi ressembleront les e-mails des membres."] }),
    },
    visit: "Visiter la boutique",
    unsubscribe: "Se désabonner de ces e-mails",
    why: (shop) => `Vous recevez cet e-mail car vous êtes membre du programme de fidélité de ${shop}.`,
  },
  de: {
    greeting: (name) => (name ? `Hallo ${name},` : "Hallo,"),
    kinds: {
      points_earned: (v) => ({ subject: `Sie haben ${v.points} bei ${v.shop} gesammelt`, lines: [`Danke für Ihre Bestellung: ${v.points} gehören jetzt Ihnen.`, `Ihr Kontostand: ${v.balance}.`] }),
      within_reach: (v) => ({ subject: `Eine Prämie ist in Reichweite bei ${v.shop}`, lines: [`Ihnen fehlen nur noch ${v.short} für ${v.reward}.`, `Ihr Kontostand: ${v.balance}.`] }),
      points_expiring: (v) => ({ subject: `Ihre ${v.points} bei ${v.shop} verfallen bald`, lines: [`${v.points} verfallen am ${v.date}.`, "Kaufen Sie vorher ein, um sie zu behalten."] }),
      tier_reached: (v) => ({ subject: `Willkommen im Status ${v.tier} bei ${v.shop}`, lines: [`Sie haben den Status ${v.tier} erreicht.`, `Ab jetzt bringt jede Bestellung ${v.multiplier} Punkte.`] }),
      referral_rewarded: (v) => ({ subject: `Die Bestellung Ihres Freundes bringt Ihnen ${v.points}`, lines: [`Ein Freund hat bei ${v.shop} mit Ihrem Empfehlungscode bestellt: ${v.points} gehören Ihnen.`] }),
      friend_invite: (v) => ({ subject: `${v.name ?? "Ein Freund"} lädt Sie zu ${v.shop} ein`, lines: [`${v.name ?? "Ein Freund von Ihnen"} meint, dass Ihnen ${v.shop} gefällt.`, `Nutzen Sie den Code ${v.code} bei Ihrer ersten Bestellung: ${v.link}`] }),
      test: (v) => ({ subject: `Test-E-Mail von ${v.shop}`, lines: ["Ihre SMTP-Einstellungen funktionieren: So sehen die E-Mails an Mitglieder aus."] }),
    },
    visit: "Zum Shop",
    unsubscribe: "Diese E-Mails abbestellen",
    why: (shop) => `Sie erhalten diese E-Mail, weil Sie Mitglied im Treueprogramm von ${shop} sind.`,
  },
  es: {
    greeting: (name) => (name ? `Hola, ${name}:` : "Hola:"),
    kinds: {
      points_earned: (v) => ({ subject: `Has ganado ${v.points} en ${v.shop}`, lines: [`Gracias por tu pedido: ya tienes ${v.points} más.`, `Tu saldo: ${v.balance}.`] }),
      within_reach: (v) => ({ subject: `Tienes una recompensa al alcance en ${v.shop}`, lines: [`Solo te faltan ${v.short} para ${v.reward}.`, `Tu saldo: ${v.balance}.`] }),
      points_expiring: (v) => ({ subject: `Tus ${v.points} en ${v.shop} caducan pronto`, lines: [`${v.points} caducan el ${v.date}.`, "Compra antes de esa fecha para conservarlos."] }),
      tier_reached: (v) => ({ subject: `Bienvenido al nivel ${v.tier} en ${v.shop}`, lines: [`Has alcanzado el nivel ${v.tier}.`, `A partir de ahora cada pedido te da ${v.multiplier} los puntos.`] }),
      referral_rewarded: (v) => ({ subject: `El pedido de tu amigo te ha dado ${v.points}`, lines: [`Un amigo ha comprado en ${v.shop} con tu código de recomendación: ${v.points} son tuyos.`] }),
      friend_invite: (v) => ({ subject: `${v.name ?? "Un amigo"} te invita a ${v.shop}`, lines: [`${v.name ?? "Un amigo tuyo"} cree que ${v.shop} te va a gustar.`, `Usa el código ${v.code} en tu primer pedido: ${v.link}`] }),
      test: (v) => ({ subject: `Correo de prueba de ${v.shop}`, lines: ["Tu configuración SMTP funciona: así se verán los correos de los miembros."] }),
    },
    visit: "Visitar la tienda",
    unsubscribe: "Darse de baja de estos correos",
    why: (shop) => `Recibes este correo porque eres miembro del programa de fidelidad de ${shop}.`,
  },
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const num = (value: unknown): number => (typeof value === "number" && Number.isFinite(value) ? value : 0);
const str = (value: unknown): string => (typeof value === "string" ? value : "");

function values(email: EmailToRender, strings: ShopperStrings): Values {
  const { data, locale } = email;
  const reward = data.reward && typeof data.reward === "object" ? (data.reward as Reward) : null;
  const tier = data.tier && typeof data.tier === "object" ? (data.tier as { name?: unknown }) : null;
  const expiresAt = str(data.expiresAt);
  const code = str(data.referralCode);
  return {
    shop: email.shop.name,
    name: email.firstName,
    points: strings.points(num(data.points)),
    balance: strings.points(num(data.balance)),
    reward: reward ? strings.rewardTitle(reward) : "",
    short: strings.points(num(data.short)),
    tier: str(tier?.name),
    multiplier: `×${new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(num(data.multiplierPercent) / 100)}`,
    date: expiresAt ? new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(new Date(expiresAt)) : "",
    code,
    link: code ? `https://${email.shop.domain}/apps/tally/r/${encodeURIComponent(code)}` : `https://${email.shop.domain}`,
  };
}

/** The subject, plain text and HTML of one email. */
export function renderMemberEmail(email: EmailToRender): RenderedEmail {
  const words = WORDS[email.locale];
  const message = words.kinds[email.kind](values(email, shopperStrings(email.locale, email.shop.currencyCode)));
  const shopUrl = `https://${email.shop.domain}`;
  const greeting = words.greeting(email.kind === "friend_invite" ? null : email.firstName);
  const footer = email.unsubscribeUrl ? [words.why(email.shop.name), `${words.unsubscribe}: ${email.unsubscribeUrl}`] : [];
  const text = [greeting, "", ...message.lines, "", `${words.visit}: ${shopUrl}`, ...(footer.length > 0 ? ["", "--", ...footer] : [])].join("\n");
  const colour = email.brandColor;
  const html = `<!doctype html><html lang="${email.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(message.subject)}</title></head>
<body style="margin:0;background:#f4f4f5;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#1f2328">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:24px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px;overflow:hidden">
<tr><td style="background:${colour};color:#ffffff;padding:20px 24px;font-size:20px;font-weight:600">${escapeHtml(email.shop.name)}</td></tr>
<tr><td style="padding:24px;font-size:16px;line-height:1.5">
<p style="margin:0 0 12px">${escapeHtml(greeting)}</p>
${message.lines.map((line) => `<p style="margin:0 0 12px">${escapeHtml(line)}</p>`).join("\n")}
<p style="margin:24px 0 0"><a href="${escapeHtml(shopUrl)}" style="display:inline-block;background:${colour};color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:6px;font-weight:600">${escapeHtml(words.visit)}</a></p>
</td></tr>
${footer.length > 0 ? `<tr><td style="padding:16px 24px;font-size:12px;color:#6b7280;border-top:1px solid #e5e7eb">${escapeHtml(footer[0] ?? "")}<br><a href="${escapeHtml(email.unsubscribeUrl ?? "")}" style="color:#6b7280">${escapeHtml(words.unsubscribe)}</a></td></tr>` : ""}
</table></td></tr></table></body></html>`;
  return { subject: message.subject, text, html };
}

const KIND_NAMES: Record<EmailLocale, Record<MemberEmailKind, string>> = {
  en: { points_earned: "points earned", within_reach: "rewards within reach", points_expiring: "points expiring", tier_reached: "tier reached", referral_rewarded: "referral rewards" },
  fr: { points_earned: "points gagnés", within_reach: "récompenses à portée", points_expiring: "points qui expirent", tier_reached: "niveau atteint", referral_rewarded: "récompenses de parrainage" },
  de: { points_earned: "gesammelte Punkte", within_reach: "Prämien in Reichweite", points_expiring: "verfallende Punkte", tier_reached: "erreichter Status", referral_rewarded: "Empfehlungsprämien" },
  es: { points_earned: "puntos ganados", within_reach: "recompensas al alcance", points_expiring: "puntos que caducan", tier_reached: "nivel alcanzado", referral_rewarded: "recompensas por recomendación" },
};

const PAGE_WORDS: Record<EmailLocale, { title: string; ask: (kind: string) => string; button: string; done: (kind: string) => string; invalid: string }> = {
  en: { title: "Unsubscribe", ask: (kind) => `Stop the "${kind}" emails?`, button: "Unsubscribe", done: (kind) => `You will no longer receive "${kind}" emails.`, invalid: "This unsubscribe link is not valid. Use the link from the latest email." },
  fr: { title: "Désabonnement", ask: (kind) => `Ne plus recevoir les e-mails « ${kind} » ?`, button: "Se désabonner", done: (kind) => `Vous ne recevrez plus les e-mails « ${kind} ».`, invalid: "Ce lien de désabonnement n'est pas valide. Utilisez celui du dernier e-mail." },
  de: { title: "Abbestellen", ask: (kind) => `E-Mails zu „${kind}“ abbestellen?`, button: "Abbestellen", done: (kind) => `Sie erhalten keine E-Mails zu „${kind}“ mehr.`, invalid: "Dieser Abmeldelink ist ungültig. Nutzen Sie den Link aus der letzten E-Mail." },
  es: { title: "Darse de baja", ask: (kind) => `¿Dejar de recibir los correos de «${kind}»?`, button: "Darse de baja", done: (kind) => `Ya no recibirás correos de «${kind}».`, invalid: "Este enlace para darse de baja no es válido. Usa el del último correo." },
};

/** The unsubscribe page (app/routes/emails.unsubscribe.ts): the question with its one button, the answer, or a bad link. */
export function unsubscribePage(locale: EmailLocale, state: { step: "ask"; kind: MemberEmailKind; action: string } | { step: "done"; kind: MemberEmailKind } | { step: "invalid" }): string {
  const words = PAGE_WORDS[locale];
  const body =
    state.step === "invalid"
      ? `<p>${escapeHtml(words.invalid)}</p>`
      : state.step === "done"
        ? `<p>${escapeHtml(words.done(KIND_NAMES[locale][state.kind]))}</p>`
        : `<form method="post" action="${escapeHtml(state.action)}"><p>${escapeHtml(words.ask(KIND_NAMES[locale][state.kind]))}</p><button type="submit">${escapeHtml(words.button)}</button></form>`;
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><meta name="robots" content="noindex"><title>${escapeHtml(words.title)}</title></head><body style="font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5"><h1>${escapeHtml(words.title)}</h1>${body}</body></html>`;
}
