// Which of a customer's store credits, if any, is the one Tally asked for when Shopify's answer was lost. Shopify's
// credit carries no reference of the caller's (StoreCreditAccountCreditInput takes an amount, an expiry and whether
// to notify, nothing else), so a credit is recognised by what it is: the same amount in the same currency, made
// after Tally asked, and not already known as another redemption's or tier reward's credit. Pure.
import { toMinorUnits } from "~/money/money";

export interface CreditSeen {
  id: string;
  createdAt: Date;
  amount: string;
  currencyCode: string;
}

export interface CreditAsked {
  amountMinor: number;
  currencyCode: string;
  /** When Tally first asked Shopify for the credit. */
  askedAt: Date;
  /** Credits already matched to a redemption or a tier reward of this member. */
  claimed: ReadonlySet<string>;
}

/**
 * How far Shopify's clock may be behind this server's: a credit stamped up to this long before Tally asked is still
 * taken for the one it asked for.
 */
export const CLOCK_SKEW_MS = 2 * 60_000;

/** A credit whose amount Tally cannot read as money is not one Tally asked for. */
function minorUnitsOf(credit: CreditSeen): number | null {
  try {
    return toMinorUnits(credit.amount, credit.currencyCode);
  } catch {
    return null;
  }
}

/** The earliest credit that answers the request; null when Shopify made none. */
export function lostCreditAmong(credits: readonly CreditSeen[], asked: CreditAsked): CreditSeen | null {
  const from = asked.askedAt.getTime() - CLOCK_SKEW_MS;
  const candidates = credits.filter(
    (credit) =>
      credit.currencyCode === asked.currencyCode &&
      credit.createdAt.getTime() >= from &&
      !asked.claimed.has(credit.id) &&
      minorUnitsOf(credit) === asked.amountMinor,
  );
  return candidates.reduce<CreditSeen | null>((earliest, credit) => (!earliest || credit.createdAt < earliest.createdAt ? credit : earliest), null);
}
