// Members' referral codes: short, readable aloud, unambiguous to type (no 0/O, 1/I/L), e.g. "MAYA-7K3Q".
import { randomInt } from "node:crypto";

export const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

export function newReferralCode(firstName: string | null | undefined, random: (max: number) => number = randomInt): string {
  const name = (firstName ?? "")
    .normalize("NFD")
    .replace(/[^A-Za-z]/g, "")
    .toUpperCase()
    .slice(0, 8);
  let suffix = "";
  for (let i = 0; i < 4; i++) suffix += CODE_ALPHABET[random(CODE_ALPHABET.length)];
  return `${name || "FRIEND"}-${suffix}`;
}

/** How codes are compared: shoppers type them in any case, with stray spaces. */
export function canonicalReferralCode(code: string): string {
  return code.trim().toUpperCase();
}
