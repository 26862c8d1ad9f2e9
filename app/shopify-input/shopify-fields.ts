// Building blocks shared by the order, refund and customer payloads: Shopify's REST JSON as webhooks deliver it
// (https://shopify.dev/docs/api/webhooks?reference=toml). Ids are JSON numbers, which the Shopify JSON parser
// keeps exact (strings of digits above 2^53); money comes as "MoneyBag" objects with the shop's currency in
// shop_money and the shopper's in presentment_money.
//
// Every field the worker reads is checked here, at the door: a delivery that is stored always parses again in the
// worker (which uses these same schemas), so a bad value is a 400 naming the field, never a retry loop that leaves
// half an order behind.
import { z } from "zod";
import { MAX_AMOUNT_MINOR, minorDigits } from "~/money/money";

const ID_PROBLEM = "an id is a whole number of at most 20 digits";

export const shopifyId = z
  .union([z.number(), z.string()], { error: ID_PROBLEM })
  .refine((id) => (typeof id === "number" ? Number.isSafeInteger(id) && id >= 0 : /^\d{1,20}$/.test(id)), ID_PROBLEM)
  .transform(String);

const CURRENCY = /^[A-Z]{3}$/;

export const currencyCode = z.string().regex(CURRENCY, "a currency is an ISO 4217 code of three capital letters, e.g. USD");

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** A money amount as Shopify writes it: a non-negative decimal, as a string ("12.30") or a JSON number (12.3). */
const amount = z
  .union([z.string(), z.number().finite()])
  .transform(String)
  .refine((text) => DECIMAL.test(text), "a money amount is a non-negative decimal such as 12.30");

/**
 * Whether an amount is at most MAX_AMOUNT_MINOR minor units. They are counted as a Number: a whole
 * part of at most nine digits times 10^digits stays far below 2^53, so the count is exact, and a longer whole part
 * is over the limit whatever the currency's decimals (10^9 > MAX_AMOUNT_MINOR). Every order carries a dozen
 * amounts or more, and counting them as BigInt was most of the time its payload took to check.
 */
function minorUnitsWithin(whole: string, fraction: string, digits: number): boolean {
  const significant = whole.replace(/^0+/, "");
  if (significant.length > 9) return false;
  const minor = Number(significant || "0") * 10 ** digits + Number(fraction.padEnd(digits, "0").slice(0, digits) || "0");
  return minor <= MAX_AMOUNT_MINOR;
}

export const money = z
  .object({ amount, currency_code: currencyCode })
  .superRefine((value, context) => {
    const match = DECIMAL.exec(value.amount);
    // A malformed amount or currency has its own issue already.
    if (!match || !CURRENCY.test(value.currency_code)) return;
    const digits = minorDigits(value.currency_code);
    const [, whole = "0", fraction = ""] = match;
    if (fraction.length > digits && fraction.replace(/0+$/, "").length > digits) {
      context.addIssue({ code: "custom", path: ["amount"], message: `${value.currency_code} amounts have at most ${digits} decimals` });
      return;
    }
    // Compared as digits: "1e21" never gets here, and a 400-digit amount must not turn into Infinity first.
    if (!minorUnitsWithin(whole, fraction, digits)) {
      const limit = `${Math.floor(MAX_AMOUNT_MINOR / 10 ** digits)}${digits > 0 ? `.${"0".repeat(digits)}` : ""}`;
      context.addIssue({ code: "custom", path: ["amount"], message: `an amount above ${limit} ${value.currency_code} is more than Tally can count points for` });
    }
  });

export const moneyBag = z.object({
  shop_money: money,
  presentment_money: money.optional(),
});

/** How many of an item: a whole number, bounded so that price × quantity stays an exact integer. */
export const quantity = z.number().int().min(0).max(1_000_000);

// ISO 8601 as Shopify writes it ("2024-01-15T10:30:00-05:00"), with seconds and fraction optional.
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;

export const dateTime = z
  .string()
  .refine((text) => ISO_DATE_TIME.test(text) && !Number.isNaN(Date.parse(text)), "a date is ISO 8601 with a time and an offset, e.g. 2024-01-15T10:30:00-05:00");

/** A mailing address (shipping address, a customer's default address): the parts the referral checks compare. */
export const address = z
  .object({
    address1: z.string().nullish(),
    address2: z.string().nullish(),
    city: z.string().nullish(),
    zip: z.string().nullish(),
    province_code: z.string().nullish(),
    country_code: z.string().nullish(),
  })
  .nullish();
