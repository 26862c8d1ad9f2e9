// Every word the shopper API sends to shoppers, in each language Tally speaks. Counts of points go through
// Intl.PluralRules, money through Intl.NumberFormat, so "1 point" / "2 points" and "5,00 €" come out right.
import type { TransferCode } from "~/loyalty/ledger/transfer-codes";
import type { Reward } from "~/loyalty/redemption/rewards";
import type { TierMeasure } from "~/loyalty/program/program-rules";
import type { Campaign } from "~/loyalty/campaigns/campaign-rules";
import type { ShopperLocale } from "./shopper-locale";
import type { InviteRefusal, ReferralRefusal, ShopperErrorCode } from "../../contract/shopper-api";
// What each transfer is called, once per language: the account page shows the same files (npm run build:locales).
import de from "../../extensions/shared/strings/de.json";
import en from "../../extensions/shared/strings/en.default.json";
import es from "../../extensions/shared/strings/es.json";
import fr from "../../extensions/shared/strings/fr.json";

export type { ReferralRefusal, ShopperErrorCode };

const TRANSFER_LABELS: Record<ShopperLocale, Record<TransferCode, string>> = {
  en: en.transfers,
  fr: fr.transfers,
  de: de.transfers,
  es: es.transfers,
};

interface Strings {
  /** One form per plural category the language uses (Intl.PluralRules); French and Spanish say "de" before a million. */
  points: Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
  /** A count of orders, for tiers that follow orders. */
  orders: Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
  errors: Record<ShopperErrorCode, string>;
  referral: Record<ReferralRefusal, string> & { valid: string };
  reward: {
    amountOff: string;
    percentageOff: string;
    freeShipping: string;
    freeProduct: string;
    storeCredit: string;
    minimumOrder: string;
    /** A code restricted to some collections. */
    someItems: string;
    /** A tier-only reward (app/loyalty/redemption/reward-catalogue.ts), with its tiers' names. */
    tierOnly: string;
  };
  history: Record<TransferCode, string>;
  ways: { purchase: string; signup: string; birthday: string; referral: string; tier: string; newsletter: string; social: string };
  /** A tier's catalogue entry reward (`{reward}`, its title), alone or beside its points. */
  tierReward: { alone: string; withPoints: string };
  /** The answer to a birthday given on the account page or in the widget. */
  birthdaySaved: string;
  /** A custom event's way to earn: the merchant's description of it, then its points and limit. */
  event: { once: string; perPeriod: string; periods: Record<"day" | "week" | "month" | "year", string> };
  /** The answer to a "Follow us" click. */
  social: { credited: string; already: string };
  /** A bonus campaign while it runs: `{until}` is its end in its own time zone; "some" when limited to collections. */
  campaign: { multiply: string; multiplySome: string; add: string; addSome: string };
  /** A balance below zero (docs/decisions/021-points-debt.md), said without a minus sign. */
  owed: string;
  /** A tier kept by the grace period after the member's total fell below it (app/loyalty/tiers/tier-grace.ts). */
  tierKept: string;
  /** The answer to a friend's invitation from the widget's refer box (POST /apps/tally/invite). */
  invite: Record<InviteRefusal, string> & { sent: string };
}

const STRINGS: Record<ShopperLocale, Strings> = {
  en: {
    points: { one: "{n} point", other: "{n} points" },
    orders: { one: "{n} order", other: "{n} orders" },
    errors: {
      invalid_request: "Something in the request is missing or malformed: {detail}",
      invalid_session: "Your session has expired. Reload the page and try again.",
      signed_out: "Sign in to use your points.",
      unknown_reward: "This reward is no longer available. Pick another one.",
      reward_unavailable: "This reward's product is no longer sold, so no points were used. Pick another reward.",
      tier_only: "This reward is for {tiers} members. No points were used.",
      insufficient_points: "You need {needed} for this reward and have {available}.",
      request_conflict: "This request was already used for a different reward. Try again.",
      redemption_in_progress: "Your reward is still being prepared, and your points are held for it. Check again in a few minutes.",
      redemption_failed: "We could not create your code, so your points were not used. Try again in a few minutes.",
      discount_unavailable: "We could not prepare this discount right now. Try again in a few minutes.",
      unknown_shop: "This store does not run a Tally rewards program.",
      unknown_order: "We couldn't find this order in your account.",
      invalid_birthday: "That date does not exist. Choose a month and a day again.",
      birthday_locked: "You can change your birthday once a year: next on {date}. It stays {birthday} until then.",
      unknown_network: "This shop does not offer points for that network. Reload the page to see the ways to earn.",
      not_in_program: "Your account isn't part of this store's rewards program, so points can't be used or earned. Your points are kept. Questions? Contact the store.",
      program_paused: "The rewards program is paused for now. Your points are safe and you can use them when it's back.",
    },
    referral: {
      valid: "Code accepted: {percent}% off your first order.",
      not_found: "We don't recognise this referral code. Check the spelling and try again.",
      own_code: "This is your own referral code. Share it with friends instead.",
      not_new_customer: "Referral codes are for a first order, and you have ordered here before.",
    },
    reward: {
      amountOff: "{amount} off",
      percentageOff: "{percent}% off your order",
      freeShipping: "Free shipping",
      freeProduct: "Free {product}",
      storeCredit: "{amount} store credit",
      minimumOrder: "on orders of {amount} or more",
      someItems: "on selected items",
      tierOnly: "for {tiers} members",
    },
    history: TRANSFER_LABELS.en,
    ways: { purchase: "Earn {points} for every {amount} you spend", signup: "Get {points} when you create an account", birthday: "Get {points} on your birthday", referral: "Give friends {percent}% off their first order and get {points} when they buy", tier: "Get {points} on reaching {tier}", newsletter: "Get {points} for subscribing to our newsletter", social: "Get {points} for following us on {network}" },
    event: { once: "{label}: {points}, once", perPeriod: "{label}: {points}, up to {times} times a {period}", periods: { day: "day", week: "week", month: "month", year: "year" } },
    social: { credited: "Thanks for following us on {network}: {points} added.", already: "You already got your points for {network}." },
    campaign: {
      multiply: "{name}: {factor}× points on every order until {until}",
      multiplySome: "{name}: {factor}× points on selected products until {until}",
      add: "{name}: {points} extra on every order until {until}",
      addSome: "{name}: {points} extra on orders with selected products until {until}",
    },
    tierReward: { alone: "Get {reward} on reaching {tier}", withPoints: "Get {points} and {reward} on reaching {tier}" },
    tierKept: "You keep {tier} until {date}. Reach it again before then to stay.",
    owed: "Your balance is 0: you owe {points} after a refund or a reward used late. Points from your next orders pay this back first.",
    birthdaySaved: "Birthday saved: {birthday}. You can change it once a year.",
    invite: { sent: "Invitation sent to {email}.", too_many: "You have sent the most invitations for today. Try again tomorrow.", own_email: "That is your own address: enter a friend's.", switched_off: "Invitations are not available in this shop." },
  },
  fr: {
    points: { one: "{n} point", many: "{n} de points", other: "{n} points" },
    orders: { one: "{n} commande", many: "{n} de commandes", other: "{n} commandes" },
    errors: {
      invalid_request: "Il manque une information dans la demande, ou elle est mal formée : {detail}",
      invalid_session: "Votre session a expiré. Rechargez la page et réessayez.",
      signed_out: "Connectez-vous pour utiliser vos points.",
      unknown_reward: "Cette récompense n'est plus disponible. Choisissez-en une autre.",
      reward_unavailable: "Le produit de cette récompense n'est plus vendu ; aucun point n'a été utilisé. Choisissez une autre récompense.",
      tier_only: "Cette récompense est réservée aux membres {tiers}. Aucun point n'a été utilisé.",
      insufficient_points: "Il vous faut {needed} pour cette récompense et vous en avez {available}.",
      request_conflict: "Cette demande a déjà servi pour une autre récompense. Réessayez.",
      redemption_in_progress: "Votre récompense est en cours de préparation et vos points sont réservés pour elle. Revenez dans quelques minutes.",
      redemption_failed: "Nous n'avons pas pu créer votre code ; vos points n'ont pas été utilisés. Réessayez dans quelques minutes.",
      discount_unavailable: "Nous ne pouvons pas préparer cette réduction pour le moment. Réessayez dans quelques minutes.",
      unknown_shop: "Cette boutique n'a pas de programme de fidélité Tally.",
      unknown_order: "Nous ne trouvons pas cette commande dans votre compte.",
      invalid_birthday: "Cette date n'existe pas. Choisissez de nouveau un mois et un jour.",
      birthday_locked: "Vous pouvez modifier votre anniversaire une fois par an : prochaine fois le {date}. Il reste le {birthday} d'ici là.",
      unknown_network: "Cette boutique n'offre pas de points pour ce réseau. Rechargez la page pour voir comment gagner des points.",
      not_in_program: "Votre compte ne fait pas partie du programme de fidélité de cette boutique : vous ne pouvez ni gagner ni utiliser de points. Vos points sont conservés. Une question ? Contactez la boutique.",
      program_paused: "Le programme de fidélité est en pause pour le moment. Vos points sont conservés et vous pourrez les utiliser à sa reprise.",
    },
    referral: {
      valid: "Code accepté : {percent}\u00a0% de réduction sur votre première commande.",
      not_found: "Nous ne reconnaissons pas ce code de parrainage. Vérifiez l'orthographe et réessayez.",
      own_code: "C'est votre propre code de parrainage. Partagez-le plutôt avec vos amis.",
      not_new_customer: "Les codes de parrainage sont réservés à une première commande, et vous avez déjà commandé ici.",
    },
    reward: {
      amountOff: "{amount} de réduction",
      percentageOff: "{percent}\u00a0% de réduction sur votre commande",
      freeShipping: "Livraison gratuite",
      freeProduct: "{product} offert",
      storeCredit: "{amount} de crédit en boutique",
      minimumOrder: "dès {amount} d'achat",
      someItems: "sur une sélection d'articles",
      tierOnly: "réservé aux membres {tiers}",
    },
    history: TRANSFER_LABELS.fr,
    ways: { purchase: "Gagnez {points} pour chaque {amount} dépensé", signup: "Recevez {points} en créant un compte", birthday: "Recevez {points} le jour de votre anniversaire", referral: "Offrez {percent}\u00a0% à vos amis sur leur première commande et recevez {points} quand ils achètent", tier: "Recevez {points} en atteignant le palier {tier}", newsletter: "Recevez {points} en vous abonnant à notre newsletter", social: "Recevez {points} en nous suivant sur {network}" },
    event: { once: "{label} : {points}, une fois", perPeriod: "{label} : {points}, jusqu'à {times} fois par {period}", periods: { day: "jour", week: "semaine", month: "mois", year: "an" } },
    social: { credited: "Merci de nous suivre sur {network} : {points} ajoutés.", already: "Vous avez déjà reçu vos points pour {network}." },
    campaign: {
      multiply: "{name}\u00a0: points ×{factor} sur chaque commande jusqu’au {until}",
      multiplySome: "{name}\u00a0: points ×{factor} sur une sélection de produits jusqu’au {until}",
      add: "{name}\u00a0: {points} de plus sur chaque commande jusqu’au {until}",
      addSome: "{name}\u00a0: {points} de plus sur les commandes avec des produits sélectionnés jusqu’au {until}",
    },
    tierReward: { alone: "Recevez {reward} en atteignant le palier {tier}", withPoints: "Recevez {points} et {reward} en atteignant le palier {tier}" },
    tierKept: "Vous gardez le palier {tier} jusqu'au {date}. Atteignez-le de nouveau d'ici là pour le conserver.",
    owed: "Votre solde est de 0 : vous devez {points} après un remboursement ou une récompense utilisée en retard. Les points de vos prochaines commandes servent d'abord à les rembourser.",
    birthdaySaved: "Anniversaire enregistré : le {birthday}. Vous pourrez le modifier une fois par an.",
    invite: { sent: "Invitation envoyée à {email}.", too_many: "Vous avez envoyé le maximum d'invitations pour aujourd'hui. Réessayez demain.", own_email: "C'est votre propre adresse : saisissez celle d'un ami.", switched_off: "Les invitations ne sont pas disponibles dans cette boutique." },
  },
  de: {
    points: { one: "{n} Punkt", other: "{n} Punkte" },
    orders: { one: "{n} Bestellung", other: "{n} Bestellungen" },
    errors: {
      invalid_request: "In der Anfrage fehlt etwas oder sie ist fehlerhaft: {detail}",
      invalid_session: "Ihre Sitzung ist abgelaufen. Laden Sie die Seite neu und versuchen Sie es erneut.",
      signed_out: "Melden Sie sich an, um Ihre Punkte einzulösen.",
      unknown_reward: "Diese Prämie gibt es nicht mehr. Wählen Sie eine andere.",
      reward_unavailable: "Das Produkt dieser Prämie wird nicht mehr verkauft; es wurden keine Punkte verwendet. Wählen Sie eine andere Prämie.",
      tier_only: "Diese Prämie gibt es nur für Mitglieder der Stufe {tiers}. Es wurden keine Punkte verwendet.",
      insufficient_points: "Für diese Prämie brauchen Sie {needed}, Sie haben {available}.",
      request_conflict: "Diese Anfrage wurde schon für eine andere Prämie verwendet. Versuchen Sie es erneut.",
      redemption_in_progress: "Ihre Prämie wird noch vorbereitet, und Ihre Punkte sind dafür reserviert. Schauen Sie in ein paar Minuten wieder vorbei.",
      redemption_failed: "Wir konnten Ihren Code nicht erstellen; Ihre Punkte wurden nicht verwendet. Versuchen Sie es in ein paar Minuten erneut.",
      discount_unavailable: "Dieser Rabatt kann gerade nicht vorbereitet werden. Versuchen Sie es in ein paar Minuten erneut.",
      unknown_shop: "Dieser Shop hat kein Tally-Prämienprogramm.",
      unknown_order: "Wir finden diese Bestellung nicht in Ihrem Konto.",
      invalid_birthday: "Dieses Datum gibt es nicht. Wählen Sie Monat und Tag noch einmal.",
      birthday_locked: "Sie können Ihren Geburtstag einmal im Jahr ändern, das nächste Mal am {date}. Bis dahin bleibt er am {birthday}.",
      unknown_network: "Dieser Shop vergibt für dieses Netzwerk keine Punkte. Laden Sie die Seite neu, um zu sehen, wie Sie Punkte sammeln.",
      not_in_program: "Ihr Konto nimmt nicht am Prämienprogramm dieses Shops teil, daher können Sie keine Punkte sammeln oder einlösen. Ihre Punkte bleiben erhalten. Fragen? Wenden Sie sich an den Shop.",
      program_paused: "Das Prämienprogramm ist derzeit pausiert. Ihre Punkte bleiben erhalten und Sie können sie einlösen, sobald es weitergeht.",
    },
    referral: {
      valid: "Code angenommen: {percent}\u00a0% Rabatt auf Ihre erste Bestellung.",
      not_found: "Diesen Empfehlungscode kennen wir nicht. Prüfen Sie die Schreibweise und versuchen Sie es erneut.",
      own_code: "Das ist Ihr eigener Empfehlungscode. Teilen Sie ihn mit Freunden.",
      not_new_customer: "Empfehlungscodes gelten für die erste Bestellung, und Sie haben hier schon bestellt.",
    },
    reward: {
      amountOff: "{amount} Rabatt",
      percentageOff: "{percent}\u00a0% Rabatt auf Ihre Bestellung",
      freeShipping: "Kostenloser Versand",
      freeProduct: "{product} gratis",
      storeCredit: "{amount} Guthaben im Shop",
      minimumOrder: "ab {amount} Bestellwert",
      someItems: "auf ausgewählte Artikel",
      tierOnly: "nur für die Stufe {tiers}",
    },
    history: TRANSFER_LABELS.de,
    ways: { purchase: "{points} für jeden ausgegebenen Betrag von {amount}", signup: "{points} für die Eröffnung eines Kundenkontos", birthday: "{points} an Ihrem Geburtstag", referral: "Freunde erhalten {percent}\u00a0% auf ihre erste Bestellung, Sie {points}, wenn sie kaufen", tier: "{points} beim Erreichen der Stufe {tier}", newsletter: "{points} für die Anmeldung zu unserem Newsletter", social: "{points}, wenn Sie uns auf {network} folgen" },
    event: { once: "{label}: {points}, einmalig", perPeriod: "{label}: {points}, bis zu {times}-mal pro {period}", periods: { day: "Tag", week: "Woche", month: "Monat", year: "Jahr" } },
    social: { credited: "Danke, dass Sie uns auf {network} folgen: {points} gutgeschrieben.", already: "Ihre Punkte für {network} haben Sie schon erhalten." },
    campaign: {
      multiply: "{name}: {factor}-fache Punkte auf jede Bestellung bis {until}",
      multiplySome: "{name}: {factor}-fache Punkte auf ausgewählte Produkte bis {until}",
      add: "{name}: {points} extra auf jede Bestellung bis {until}",
      addSome: "{name}: {points} extra auf Bestellungen mit ausgewählten Produkten bis {until}",
    },
    tierReward: { alone: "{reward} beim Erreichen der Stufe {tier}", withPoints: "{points} und {reward} beim Erreichen der Stufe {tier}" },
    tierKept: "Sie behalten die Stufe {tier} bis zum {date}. Erreichen Sie sie bis dahin erneut, um sie zu behalten.",
    owed: "Ihr Punktestand ist 0: Sie schulden {points} nach einer Erstattung oder einer spät eingelösten Prämie. Punkte aus Ihren nächsten Bestellungen gleichen das zuerst aus.",
    birthdaySaved: "Geburtstag gespeichert: {birthday}. Sie können ihn einmal im Jahr ändern.",
    invite: { sent: "Einladung an {email} gesendet.", too_many: "Sie haben heute schon die meisten Einladungen gesendet. Versuchen Sie es morgen wieder.", own_email: "Das ist Ihre eigene Adresse: Geben Sie die eines Freundes ein.", switched_off: "Einladungen sind in diesem Shop nicht verfügbar." },
  },
  es: {
    points: { one: "{n} punto", many: "{n} de puntos", other: "{n} puntos" },
    orders: { one: "{n} pedido", many: "{n} de pedidos", other: "{n} pedidos" },
    errors: {
      invalid_request: "Falta algo en la solicitud o no tiene el formato correcto: {detail}",
      invalid_session: "Tu sesión ha caducado. Recarga la página e inténtalo de nuevo.",
      signed_out: "Inicia sesión para usar tus puntos.",
      unknown_reward: "Esta recompensa ya no está disponible. Elige otra.",
      reward_unavailable: "El producto de esta recompensa ya no se vende, así que no se usaron puntos. Elige otra recompensa.",
      tier_only: "Esta recompensa es solo para miembros {tiers}. No se usaron puntos.",
      insufficient_points: "Necesitas {needed} para esta recompensa y tienes {available}.",
      request_conflict: "Esta solicitud ya se usó para otra recompensa. Inténtalo de nuevo.",
      redemption_in_progress: "Tu recompensa aún se está preparando y tus puntos están reservados para ella. Vuelve a comprobarlo en unos minutos.",
      redemption_failed: "No pudimos crear tu código, así que tus puntos no se usaron. Inténtalo de nuevo en unos minutos.",
      discount_unavailable: "No pudimos preparar este descuento ahora. Inténtalo de nuevo en unos minutos.",
      unknown_shop: "Esta tienda no tiene un programa de recompensas Tally.",
      unknown_order: "No encontramos este pedido en tu cuenta.",
      invalid_birthday: "Esa fecha no existe. Elige de nuevo un mes y un día.",
      birthday_locked: "Puedes cambiar tu cumpleaños una vez al año: la próxima vez el {date}. Hasta entonces sigue siendo el {birthday}.",
      unknown_network: "Esta tienda no da puntos por esa red. Recarga la página para ver cómo ganar puntos.",
      not_in_program: "Tu cuenta no forma parte del programa de recompensas de esta tienda, así que no puedes ganar ni usar puntos. Tus puntos se conservan. ¿Dudas? Contacta con la tienda.",
      program_paused: "El programa de recompensas está en pausa por ahora. Tus puntos están a salvo y podrás usarlos cuando vuelva.",
    },
    referral: {
      valid: "Código aceptado: {percent}\u00a0% de descuento en tu primer pedido.",
      not_found: "No reconocemos este código de recomendación. Revisa cómo está escrito e inténtalo de nuevo.",
      own_code: "Este es tu propio código de recomendación. Compártelo con tus amigos.",
      not_new_customer: "Los códigos de recomendación son para un primer pedido, y ya has comprado aquí antes.",
    },
    reward: {
      amountOff: "{amount} de descuento",
      percentageOff: "{percent}\u00a0% de descuento en tu pedido",
      freeShipping: "Envío gratis",
      freeProduct: "{product} gratis",
      storeCredit: "{amount} de crédito en la tienda",
      minimumOrder: "en pedidos desde {amount}",
      someItems: "en artículos seleccionados",
      tierOnly: "solo para miembros {tiers}",
    },
    history: TRANSFER_LABELS.es,
    ways: { purchase: "Gana {points} por cada {amount} que gastes", signup: "Recibe {points} al crear una cuenta", birthday: "Recibe {points} el día de tu cumpleaños", referral: "Regala a tus amigos un {percent}\u00a0% en su primer pedido y recibe {points} cuando compren", tier: "Recibe {points} al alcanzar el nivel {tier}", newsletter: "Recibe {points} al suscribirte a nuestro boletín", social: "Recibe {points} por seguirnos en {network}" },
    event: { once: "{label}: {points}, una vez", perPeriod: "{label}: {points}, hasta {times} veces por {period}", periods: { day: "día", week: "semana", month: "mes", year: "año" } },
    social: { credited: "Gracias por seguirnos en {network}: {points} añadidos.", already: "Ya recibiste tus puntos por {network}." },
    campaign: {
      multiply: "{name}: puntos x{factor} en cada pedido hasta el {until}",
      multiplySome: "{name}: puntos x{factor} en productos seleccionados hasta el {until}",
      add: "{name}: {points} extra en cada pedido hasta el {until}",
      addSome: "{name}: {points} extra en pedidos con productos seleccionados hasta el {until}",
    },
    tierReward: { alone: "Recibe {reward} al alcanzar el nivel {tier}", withPoints: "Recibe {points} y {reward} al alcanzar el nivel {tier}" },
    tierKept: "Conservas el nivel {tier} hasta el {date}. Vuelve a alcanzarlo antes para mantenerlo.",
    owed: "Tu saldo es 0: debes {points} por un reembolso o una recompensa usada tarde. Los puntos de tus próximos pedidos lo compensan primero.",
    birthdaySaved: "Cumpleaños guardado: {birthday}. Puedes cambiarlo una vez al año.",
    invite: { sent: "Invitación enviada a {email}.", too_many: "Ya has enviado el máximo de invitaciones por hoy. Inténtalo de nuevo mañana.", own_email: "Esa es tu propia dirección: escribe la de un amigo.", switched_off: "Las invitaciones no están disponibles en esta tienda." },
  },
};

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}

/** The shopper-facing texts of one language, with counts and money formatted for it. */
export function shopperStrings(locale: ShopperLocale, currencyCode: string) {
  const strings = STRINGS[locale];
  const plural = new Intl.PluralRules(locale);
  const number = new Intl.NumberFormat(locale);
  const currency = new Intl.NumberFormat(locale, { style: "currency", currency: currencyCode });
  const digits = currency.resolvedOptions().maximumFractionDigits ?? 2;
  const points = (n: number) => fill(strings.points[plural.select(n)] ?? strings.points.other, { n: number.format(n) });
  const money = (minor: number) => currency.format(minor / 10 ** digits);
  const orders = (n: number) => fill(strings.orders[plural.select(n)] ?? strings.orders.other, { n: number.format(n) });
  const dayOfYear = new Intl.DateTimeFormat(locale, { month: "long", day: "numeric", timeZone: "UTC" });
  const fullDate = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" });
  // "Silver or Gold": a tier-only reward is open to a member of any one of its tiers.
  const eitherOf = new Intl.ListFormat(locale, { type: "disjunction" });
  return {
    points,
    money,
    /** An amount of what the program's tiers follow: money, points or orders. */
    tierAmount: (amount: number, measure: TierMeasure) => (measure === "spend" ? money(amount) : measure === "points" ? points(amount) : orders(amount)),
    error(code: ShopperErrorCode, values: Record<string, string | number> = {}) {
      return fill(strings.errors[code], values);
    },
    insufficient(needed: number, available: number) {
      return fill(strings.errors.insufficient_points, { needed: points(needed), available: points(available) });
    },
    referralValid: (percent: number) => fill(strings.referral.valid, { percent: number.format(percent) }),
    referralRefused: (reason: ReferralRefusal) => strings.referral[reason],
    /** A tier-only reward's refusal, naming the tiers that may buy it. */
    tierOnly: (tierNames: readonly string[]) => fill(strings.errors.tier_only, { tiers: eitherOf.format(tierNames) }),
    /** What the reward gives, with its terms; `tierNames`, for a tier-only reward, the tiers that may buy it. */
    rewardTitle(reward: Reward, tierNames: readonly string[] = []): string {
      let title: string;
      switch (reward.kind) {
        case "amount_off":
          title = fill(strings.reward.amountOff, { amount: money(reward.amountMinor) });
          break;
        case "percentage_off":
          title = fill(strings.reward.percentageOff, { percent: number.format(reward.percent) });
          break;
        case "free_shipping":
          title = strings.reward.freeShipping;
          break;
        case "free_product":
          title = fill(strings.reward.freeProduct, { product: reward.productTitle });
          break;
        case "store_credit":
          title = fill(strings.reward.storeCredit, { amount: money(reward.amountMinor) });
          break;
      }
      const restricted = reward.collectionIds && reward.collectionIds.length > 0 ? ` ${strings.reward.someItems}` : "";
      const minimum = reward.minimumOrderMinor > 0 ? ` ${fill(strings.reward.minimumOrder, { amount: money(reward.minimumOrderMinor) })}` : "";
      const forTiers = tierNames.length > 0 ? ` (${fill(strings.reward.tierOnly, { tiers: eitherOf.format(tierNames) })})` : "";
      return `${title}${restricted}${minimum}${forTiers}`;
    },
    historyTitle: (code: TransferCode) => strings.history[code],
    owed: (owedPoints: number) => fill(strings.owed, { points: points(owedPoints) }),
    /** A tier's entry reward when it gives a catalogue reward (`rewardTitle`), with its points if it gives some. */
    tierRewardWay: (tierName: string, rewardTitle: string, entryPoints: number) =>
      fill(entryPoints > 0 ? strings.tierReward.withPoints : strings.tierReward.alone, { tier: tierName, reward: rewardTitle, points: points(entryPoints) }),
    /** "You keep Gold until March 5, 2027…": the day in UTC, as the points' expiry date is told. */
    tierKept: (tierName: string, until: Date) => fill(strings.tierKept, { tier: tierName, date: fullDate.format(until) }),
    /** A birthday without a year, as the language says it: "March 9", "9 mars", "9. März", "9 de marzo". */
    birthday: (birthday: { month: number; day: number }) => dayOfYear.format(new Date(Date.UTC(2000, birthday.month - 1, birthday.day))),
    birthdaySaved(birthday: { month: number; day: number }) {
      return fill(strings.birthdaySaved, { birthday: dayOfYear.format(new Date(Date.UTC(2000, birthday.month - 1, birthday.day))) });
    },
    birthdayLocked(birthday: { month: number; day: number }, changeableFrom: Date) {
      return fill(strings.errors.birthday_locked, { birthday: dayOfYear.format(new Date(Date.UTC(2000, birthday.month - 1, birthday.day))), date: fullDate.format(changeableFrom) });
    },
    inviteSent: (email: string) => fill(strings.invite.sent, { email }),
    inviteRefused: (reason: InviteRefusal) => strings.invite[reason],
    campaign(campaign: Pick<Campaign, "name" | "kind" | "multiplierPercent" | "points" | "endsAt" | "timeZone" | "collectionIds">): string {
      const some = campaign.collectionIds.length > 0;
      const template = campaign.kind === "multiply" ? (some ? strings.campaign.multiplySome : strings.campaign.multiply) : some ? strings.campaign.addSome : strings.campaign.add;
      const until = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: campaign.timeZone }).format(new Date(campaign.endsAt));
      return fill(template, { name: campaign.name, factor: number.format(campaign.multiplierPercent / 100), points: points(campaign.points), until });
    },
    wayToEarn(kind: keyof Strings["ways"], values: { points: number; amountMinor?: number; percent?: number; tier?: string; network?: string }) {
      return fill(strings.ways[kind], { points: points(values.points), amount: money(values.amountMinor ?? 0), percent: number.format(values.percent ?? 0), tier: values.tier ?? "", network: values.network ?? "" });
    },
    /** A custom event's way to earn, described by the merchant (`label`), with its points and limit. */
    eventWay(label: string, eventPoints: number, limit: { kind: "once" } | { kind: "per_period"; period: keyof Strings["event"]["periods"]; times: number }) {
      if (limit.kind === "once") return fill(strings.event.once, { label, points: points(eventPoints) });
      return fill(strings.event.perPeriod, { label, points: points(eventPoints), times: number.format(limit.times), period: strings.event.periods[limit.period] });
    },
    socialCredited: (network: string, earned: number) => fill(strings.social.credited, { network, points: points(earned) }),
    socialAlready: (network: string) => fill(strings.social.already, { network }),
  };
}

export type ShopperStrings = ReturnType<typeof shopperStrings>;
