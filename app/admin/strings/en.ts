// Every string a merchant reads in the admin, in one place, so wording changes (and later translations) do not
// mean hunting through components.
export const en = {
  appName: "Tally",
  landing: {
    title: "Tally",
    tagline: "Loyalty points and referrals for Shopify",
    summary:
      "Shoppers earn points on every order, climb tiers and redeem points for discount codes; friends they refer get a discount and they get points. Every point is an entry in an append-only ledger, so balances can always be explained.",
    loginHeading: "Open Tally for your shop",
    shopLabel: "Shop domain",
    shopHelp: "example.myshopify.com",
    loginButton: "Log in",
    demoHeading: "Try it without a Shopify account",
    demoLink: "Open the demo admin",
  },
  login: {
    heading: "Log in",
    missingShop: "Enter your shop domain to log in.",
    invalidShop: "Enter a valid shop domain, such as example.myshopify.com.",
  },
  errors: {
    notFound: "Page not found",
    badRequest: (status: number) => `The request could not be handled (${status})`,
    unexpected: "Something went wrong",
    hint: "Check the address, or go back and try again.",
  },
  nav: {
    dashboard: "Dashboard",
    program: "Program",
    members: "Members",
    referrals: "Referrals",
    activity: "Activity",
    importExport: "Import and export",
    dataRequests: "Data requests",
    failedDeliveries: "Failed deliveries",
    apiKeys: "API keys",
  },
  dataRequests: {
    title: "Customer data requests",
    intro:
      "When a customer asks your store for their data, Shopify tells Tally, and Tally keeps a complete export of what it holds on them here. Download it and send it to the customer.",
    empty: "No customer has asked for their data yet.",
    columns: { requestedAt: "Requested", customer: "Customer", export: "Export" },
    download: "Download JSON",
    downloadLabel: (customerId: string) => `Download the export for customer ${customerId} as JSON`,
    downloadFailed: "The export could not be downloaded. Reload the page and try again.",
    resourceName: { singular: "data request", plural: "data requests" },
  },
  demo: {
    title: "Tally demo",
    banner: "Demo shop — no Shopify account",
    bannerBody: (shop: string) =>
      `You are signed in as demo staff of ${shop}. The data is generated; nothing here reaches Shopify.`,
    intro: (shop: string) =>
      `This admin runs against ${shop}, a demo shop in the local database, with no Shopify store behind it. Sign in as its staff to look around.`,
    notSeeded:
      "The demo shop has not been seeded yet, so the admin will be empty. Start the demo with `npm run demo`, which seeds it, or run `npx tsx scripts/demo-seed.ts` and reload.",
    members: (count: string) => `${count} members with points histories are waiting.`,
    signIn: "Sign in as demo staff",
    signOut: "Sign out",
    staffRole: "Demo staff",
  },
  members: {
    title: "Members",
    searchLabel: "Search members",
    searchPlaceholder: "Name or email",
    searchButton: "Search",
    clearSearch: "Clear",
    resourceName: { singular: "member", plural: "members" },
    columns: {
      name: "Name",
      email: "Email",
      tier: "Tier",
      available: "Available",
      pending: "Pending",
      lifetimeEarned: "Lifetime earned",
      progress: "Next tier",
    },
    invalidPage: "The page number must be a whole number from 1.",
    searchTooLong: "A search can be at most 100 characters long.",
    noName: "(no name)",
    noEmail: "—",
    topTier: "Top tier",
    toNextTier: (amount: string, tier: string) => `${amount} to ${tier}`,
    progressLabel: (percent: number, tier: string) => `${percent}% of the way to ${tier}`,
    pageLabel: (page: string, pages: string, total: number, totalText: string) =>
      `Page ${page} of ${pages} · ${totalText} ${total === 1 ? "member" : "members"}`,
    emptyHeading: "No members yet",
    emptyBody: "Customers become members when they create an account or place an order, and appear here with their points.",
    noMatchesHeading: "No members found",
    noMatchesBody: (query: string) => `No member's name or email contains “${query}”.`,
  },
} as const;
