// Normalizations behind the referral fraud checks (docs/program.md, "Referrals"): friend and advocate must not share a customer,
// a normalized email, or a shipping address.

const GMAIL_STYLE = new Set(["gmail.com", "googlemail.com"]);

/** Case-folded; for gmail-style domains also without dots and +tags in the local part, which reach one inbox. */
export function normalizeEmail(email: string | null | undefined): string | null {
  const trimmed = email?.trim().toLowerCase();
  if (!trimmed || !trimmed.includes("@")) return null;
  const at = trimmed.lastIndexOf("@");
  let local = trimmed.slice(0, at);
  let domain = trimmed.slice(at + 1);
  if (GMAIL_STYLE.has(domain)) {
    local = local.split("+")[0]?.replaceAll(".", "") ?? local;
    domain = "gmail.com";
  }
  return `${local}@${domain}`;
}

export interface AddressLike {
  address1?: string | null;
  address2?: string | null;
  zip?: string | null;
  country_code?: string | null;
}

/** Street, unit, postcode and country, case- and punctuation-insensitive; null without a street and postcode. */
export function addressKey(address: AddressLike | null | undefined): string | null {
  if (!address?.address1 || !address.zip) return null;
  const squash = (value: string | null | undefined) => (value ?? "").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
  return [squash(address.address1), squash(address.address2), squash(address.zip), squash(address.country_code)].join("|");
}
