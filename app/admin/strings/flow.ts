// What a merchant reads about Shopify Flow in the admin (docs/flow.md is the whole story).
import type { FlowTrigger } from "~/loyalty/flow/flow-triggers";

export const flowStrings = {
  title: "Shopify Flow triggers not sent",
  intro:
    "Tally starts your Shopify Flow workflows when members earn or redeem points, change tier, are rewarded for a referral, get a reward code or have points about to expire. These are the triggers Shopify did not take: Tally tries each again for a day.",
  none: "Every trigger reached Shopify Flow.",
  triggers: {
    "tally-points-earned": "Loyalty points earned",
    "tally-points-redeemed": "Loyalty points redeemed",
    "tally-tier-changed": "Loyalty tier changed",
    "tally-referral-rewarded": "Loyalty referral rewarded",
    "tally-reward-code-issued": "Loyalty reward code issued",
    "tally-points-expiring": "Loyalty points expiring",
  } satisfies Record<FlowTrigger, string> as Record<string, string>,
  columns: { trigger: "Trigger", status: "Status", attempts: "Attempts", error: "Last error", next: "Next try" },
  status: { pending: "Retrying", failed: "Failed" } as Record<string, string>,
};
