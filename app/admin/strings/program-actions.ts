// The Program page's "Actions that earn" section: labels, help and the messages next to its fields
// (docs/decisions/044-actions-that-earn.md).
export const programActionStrings = {
  section: {
    title: "Actions that earn",
    description:
      "Points for things members do besides buying: subscribing to your newsletter, following your shop on social networks, and events other apps report through Tally's API. Each is off until you switch it on, and shoppers see it in the ways to earn.",
  },
  fields: {
    "actions.newsletter.enabled": { label: "Newsletter sign-up earns points", help: "Once per customer, when their email marketing consent in Shopify becomes subscribed. Unsubscribing and subscribing again earns nothing more." },
    "actions.newsletter.points": { label: "Newsletter points", help: "" },
    "actions.social.enabled": { label: "Following the shop earns points", help: "A button per network opens your page there and credits the points, once per customer and network. Shoppers are taken at their word." },
    "actions.social.points": { label: "Points per network", help: "" },
  },
  socialLinks: "Your pages (leave a network empty to leave it out)",
  socialLinkHelp: "The https link of your shop's page on this network.",
  events: {
    heading: "Custom events",
    help: "Events your apps send through Tally's API (a review posted, a quiz finished). An event with a rule earns the rule's points, within its limit; an event without one earns what the app sends.",
    event: "Event name",
    eventHelp: "As the app sends it, such as review_posted.",
    points: "Points",
    limit: "How often",
    times: "Times",
    label: "Shown to shoppers as",
    labelHelp: "Optional, in your shop's language, such as “Review a product you bought”. Left empty, the event earns but is not listed.",
    limits: { once: "Once per customer", day: "A day", week: "A week", month: "A month", year: "A year" },
    add: "Add event rule",
    remove: (name: string) => `Remove the rule for ${name || "a new event"}`,
    removeLabel: "Remove",
  },
  errors: {
    link: "Enter the https link of your page on this network, such as https://www.instagram.com/yourshop.",
    eventName: "Enter the event's name: lower-case letters, digits, _, . or -, such as review_posted.",
    sameEvent: "Each event name can have one rule.",
    limit: "Choose how often the event earns.",
    tooManyEvents: (max: number) => `A program can have at most ${max} event rules.`,
  },
  /** The audit log's names for the lists (a link per network, a rule per event). */
  audit: { link: "Page on", event: "Event rule" },
} as const;
