// Actions that earn (issue 14 point 2): a newsletter sign-up, a follow or share on a social network, and the
// merchant's rules for custom events. Each is off by default; their settings live in the program's `actions`
// (app/loyalty/program/program-rules.ts) and are edited on the Program page (docs/decisions/044-actions-that-earn.md).
import { z } from "zod";
import { EVENT_NAME_PATTERN, MAX_EVENT_POINTS } from "../custom-events/custom-event";

/** The most points one action may earn: like a custom event, a small reward rather than a balance import. */
export const MAX_ACTION_POINTS = MAX_EVENT_POINTS;
/** How many custom-event rules a program keeps: one per event name another app sends. */
export const MAX_EVENT_RULES = 50;
export const MAX_EVENT_TIMES_PER_PERIOD = 100;

/**
 * The networks a shop can be followed or shared on, and the hosts their links live on: a profile link is checked
 * against its network so that "Instagram" cannot open another site.
 */
export const SOCIAL_NETWORK_HOSTS = {
  instagram: ["instagram.com"],
  facebook: ["facebook.com", "fb.com"],
  tiktok: ["tiktok.com"],
  x: ["x.com", "twitter.com"],
  youtube: ["youtube.com", "youtu.be"],
  pinterest: ["pinterest.com"],
  linkedin: ["linkedin.com"],
} as const satisfies Record<string, readonly string[]>;

export type SocialNetwork = keyof typeof SOCIAL_NETWORK_HOSTS;

/** How each network writes its own name, the same in every language. */
export const SOCIAL_NETWORK_NAMES: Record<SocialNetwork, string> = {
  instagram: "Instagram",
  facebook: "Facebook",
  tiktok: "TikTok",
  x: "X",
  youtube: "YouTube",
  pinterest: "Pinterest",
  linkedin: "LinkedIn",
};
export const SOCIAL_NETWORKS = Object.keys(SOCIAL_NETWORK_HOSTS) as SocialNetwork[];

export function isSocialNetwork(value: string): value is SocialNetwork {
  return Object.hasOwn(SOCIAL_NETWORK_HOSTS, value);
}

/** Periods a custom event's limit counts in, in UTC (a shop's own time zone is not stored yet). */
export const ACTION_PERIODS = ["day", "week", "month", "year"] as const;
export type ActionPeriod = (typeof ACTION_PERIODS)[number];

/** Whether `url` is an https link on one of the network's hosts (or a subdomain: www., m.). */
export function isNetworkLink(network: SocialNetwork, url: string): boolean {
  if (!URL.canParse(url)) return false;
  const parsed = new URL(url);
  if (parsed.protocol !== "https:" || parsed.username || parsed.password) return false;
  const host = parsed.hostname.toLowerCase();
  return SOCIAL_NETWORK_HOSTS[network].some((domain) => host === domain || host.endsWith(`.${domain}`));
}

const points = z.number().int().min(1).max(MAX_ACTION_POINTS);

const socialLinkSchema = z
  .object({
    network: z.enum(SOCIAL_NETWORKS as [SocialNetwork, ...SocialNetwork[]]),
    url: z.string().trim().max(500),
  })
  .refine((link) => isNetworkLink(link.network, link.url), {
    path: ["url"],
    message: "enter the https link of the shop's page on this network (for example https://www.instagram.com/yourshop)",
  });

export const eventLimitSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("once") }),
  z.object({ kind: z.literal("per_period"), period: z.enum(ACTION_PERIODS), times: z.number().int().min(1).max(MAX_EVENT_TIMES_PER_PERIOD) }),
]);

export type EventLimit = z.infer<typeof eventLimitSchema>;

const eventRuleSchema = z.object({
  event: z.string().trim().regex(EVENT_NAME_PATTERN, "an event name is lower-case letters, digits, _, . or -, such as review_posted"),
  points,
  limit: eventLimitSchema,
  /**
   * What shoppers read in the ways to earn ("Review a product you bought"), in the shop's language; without one
   * the event earns but is not listed (an event another app sends that shoppers cannot choose to do).
   */
  label: z.string().trim().max(120).optional(),
});

export const actionsSchema = z
  .object({
    /** Points once per member ever when their email marketing consent is subscribed (customers/create or update). */
    newsletter: z.object({ enabled: z.boolean().default(false), points: points.default(100) }).prefault({}),
    /** Points once per member and network for following or sharing the shop, on the shopper's word. */
    social: z
      .object({
        enabled: z.boolean().default(false),
        points: points.default(50),
        links: z
          .array(socialLinkSchema)
          .max(SOCIAL_NETWORKS.length)
          .default([])
          .refine((links) => new Set(links.map((link) => link.network)).size === links.length, "each network can be listed once"),
      })
      .prefault({}),
    /** The merchant's rules for custom events by name; a name without a rule earns what the caller sends. */
    customEvents: z
      .array(eventRuleSchema)
      .max(MAX_EVENT_RULES)
      .default([])
      .refine((rules) => new Set(rules.map((rule) => rule.event)).size === rules.length, "each event name can have one rule"),
  })
  .prefault({});

export type ActionRules = z.infer<typeof actionsSchema>;
export type SocialLink = ActionRules["social"]["links"][number];
export type EventRule = ActionRules["customEvents"][number];

/** The newsletter's points for a member now: none when the rule is off. */
export function newsletterPoints(actions: ActionRules): number {
  return actions.newsletter.enabled ? actions.newsletter.points : 0;
}

/** The links shoppers are offered: none while the rule is off. */
export function offeredSocialLinks(actions: ActionRules): SocialLink[] {
  return actions.social.enabled ? actions.social.links : [];
}
