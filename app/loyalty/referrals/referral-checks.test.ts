import { describe, expect, it } from "vitest";
import { referralRejection } from "./referral-checks";
import { newReferralCode } from "./referral-codes";
import { addressKey, normalizeEmail } from "./referral-identity";

describe("normalizeEmail", () => {
  it("folds case everywhere and dots and +tags for gmail-style domains only", () => {
    expect(normalizeEmail(" Jane.Doe+promo@GMail.com ")).toBe("janedoe@gmail.com");
    expect(normalizeEmail("jane.doe@googlemail.com")).toBe("janedoe@gmail.com");
    expect(normalizeEmail("Jane.Doe+x@example.com")).toBe("jane.doe+x@example.com");
    expect(normalizeEmail("")).toBeNull();
  });
});

describe("addressKey", () => {
  it("matches the same address written differently", () => {
    const a = addressKey({ address1: "12 Rue de la Paix", zip: "75002", country_code: "FR" });
    expect(addressKey({ address1: "12, rue de la paix", zip: "75 002", country_code: "fr" })).toBe(a);
    expect(addressKey({ address1: "14 Rue de la Paix", zip: "75002", country_code: "FR" })).not.toBe(a);
    expect(addressKey({ address1: null, zip: "75002" })).toBeNull();
  });
});

describe("referralRejection", () => {
  const advocate = { customerId: "1", emailKey: "ann@gmail.com", addressKey: "1 main st||10001|us" };
  const friend = { customerId: "2", emailKey: "bob@example.com", addressKey: "9 oak st||10001|us", hadEarlierPaidOrder: false };

  const allChecks = { rejectSameEmail: true, rejectSameAddress: true };

  it("accepts a new friend with their own email and address", () => {
    expect(referralRejection(advocate, friend, allChecks)).toBeNull();
  });

  it("names each fraud signal", () => {
    expect(referralRejection(advocate, { ...friend, customerId: "1" }, allChecks)).toBe("self_referral");
    expect(referralRejection(advocate, { ...friend, emailKey: "ann@gmail.com" }, allChecks)).toBe("same_email");
    expect(referralRejection(advocate, { ...friend, addressKey: advocate.addressKey }, allChecks)).toBe("same_address");
    expect(referralRejection(advocate, { ...friend, hadEarlierPaidOrder: true }, allChecks)).toBe("not_first_order");
  });

  it("lets a shared email or address through when the merchant switched that check off, never a self-referral", () => {
    const none = { rejectSameEmail: false, rejectSameAddress: false };
    expect(referralRejection(advocate, { ...friend, emailKey: "ann@gmail.com" }, none)).toBeNull();
    expect(referralRejection(advocate, { ...friend, addressKey: advocate.addressKey }, { ...allChecks, rejectSameAddress: false })).toBeNull();
    expect(referralRejection(advocate, { ...friend, addressKey: advocate.addressKey }, { ...allChecks, rejectSameEmail: false })).toBe("same_address");
    expect(referralRejection(advocate, { ...friend, customerId: "1" }, none)).toBe("self_referral");
    expect(referralRejection(advocate, { ...friend, hadEarlierPaidOrder: true }, none)).toBe("not_first_order");
  });
});

describe("newReferralCode", () => {
  it("is the member's name and four unambiguous characters", () => {
    expect(newReferralCode("Zoë", () => 0)).toBe("ZOE-2222");
    expect(newReferralCode(null, () => 30)).toBe("FRIEND-ZZZZ");
    expect(newReferralCode("María José", () => 5)).toMatch(/^MARIAJOS-[2-9A-Z]{4}$/);
  });
});
