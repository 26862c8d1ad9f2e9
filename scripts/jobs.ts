// npm run jobs — runs every due job once (the webhook queue, pending points whose window ended, referral rewards,
// lapsed reward codes, expiry) and exits. For cron, with TALLY_BACKGROUND_JOBS=0 on the app.
import { parseArgs } from "node:util";
import { db } from "../app/db/db.server";
import { env } from "../app/env.server";
import { shopifyJobDependencies } from "../app/jobs/shopify-job-dependencies.server";
import { runDueJobs } from "../app/jobs/job-runner.server";
import { queueHealth } from "../app/webhooks/queue-health.server";

const { values } = parseArgs({ options: { now: { type: "string" }, help: { type: "boolean", short: "h" } }, strict: true });
if (values.help) {
  console.log(`Usage: npm run jobs [-- --now <ISO time>]

Runs every due job once against DATABASE_URL and prints what it did. --now runs as if at that time (to replay
a missed window; defaults to the current time). A job that fails for one shop or item says so on stderr and
goes on. Exit status 0 when every job ran without a failure, 1 otherwise.`);
  process.exit(0);
}
const now = values.now ? new Date(values.now) : new Date();
if (Number.isNaN(now.getTime())) {
  console.error(`jobs: --now "${values.now}" is not a date`);
  process.exit(2);
}
env();
try {
  const run = await runDueJobs(db(), now, shopifyJobDependencies);
  const queue = await queueHealth(db(), now);
  console.log(
    `jobs at ${now.toISOString()}: ${run.deliveries.processed} webhook deliveries processed (${run.deliveries.failed} failed, will retry), ` +
      `${run.ordersSettled} orders settled, ${run.redemptionsReleased} reward codes released, ${run.membersExpired} members' points expired, ${run.membersRetiered} members moved tier, ${run.birthdayBonuses} birthday bonuses paid, ` +
      `${run.flow.sent} Flow triggers sent (${run.flow.failed} not, will retry), ` +
      `${run.emails.sent} member emails sent (${run.emails.failed} failed, will retry), ` +
      `${run.metafields.written} members' customer metafields written (${run.metafields.failed} failed, will retry), ` +
      `${run.collectionsRefreshed} collections' products read again, ` +
      `${run.failures} other failures; queue: ${queue.queued} waiting, ${queue.failed} failed for good`,
  );
  await db().close();
  process.exit(run.deliveries.failed > 0 || run.failures > 0 ? 1 : 0);
} catch (error) {
  console.error(`jobs: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
