// What a merchant reads about the shop's history on the Import and export page (docs/shop-history.md).

const plural = (count: string, one: string, many: string) => `${count} ${count === "1" ? one : many}`;

export const shopHistoryStrings = {
  heading: "Your shop's history",
  body: "When Tally is installed it reads your customers and the last 12 months of orders from Shopify: every customer becomes a member, at the tier their past spend earns, and counts as an existing customer for referrals. Past orders earn no points unless you award them below.",
  never: "Tally has not read your shop's history yet.",
  status: {
    queued: "Waiting to start",
    customers: "Reading customers from Shopify",
    orders: "Reading orders from Shopify",
    done: "Finished",
    failed: "Stopped",
  } as Record<string, string>,
  statusLabel: "Status",
  started: (when: string) => `Started ${when}`,
  finished: (when: string) => `Finished ${when}`,
  objectsRead: (count: string) => `Shopify has read ${plural(count, "record", "records")} so far.`,
  counts: (customers: string, members: string, orders: string, recorded: string) =>
    `${plural(customers, "customer", "customers")} read (${plural(members, "new member", "new members")}), ${plural(orders, "order", "orders")} read (${recorded} recorded).`,
  failed: (reason: string) => `Tally could not read the shop's history: ${reason} Read it again to retry.`,
  readAgain: "Read the shop's history again",
  readAgainHelp: "Reads customers and the last 12 months of orders again. Anything already recorded stays as it is.",
  award: {
    heading: "Points for past orders",
    dryRun: (points: string, members: string, orders: string) =>
      `Dry run: awarding points for past orders would give ${plural(points, "point", "points")} to ${plural(members, "member", "members")}, for ${plural(orders, "order", "orders")}, at your current earning rules and the tier each member held when they ordered. Nothing has been given yet.`,
    nothing: "No past order is waiting for points.",
    button: (points: string, members: string) => `Award ${plural(points, "point", "points")} to ${plural(members, "member", "members")}`,
    awarded: (points: string, members: string, when: string) => `Awarded ${plural(points, "point", "points")} to ${plural(members, "member", "members")} on ${when}.`,
    notFound: "There is no finished read of the shop's history to award points from.",
    nothingToAward: "There are no past orders left to award points for.",
  },
  runInProgress: "The shop's history is already being read.",
} as const;
