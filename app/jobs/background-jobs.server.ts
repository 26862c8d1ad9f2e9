// Runs the job runner inside the app: once shortly after start (to finish what a crash or restart left in the
// queue) and then every minute. With TALLY_BACKGROUND_JOBS=0 the app leaves this to `npm run jobs` under cron.
// The production server runs them on its settlement thread, beside the intake; the main thread's timer stands
// aside while that thread is up (docs/decisions/053-background-jobs-beside-the-intake.md). The same thread keeps
// PostgreSQL's planner statistics in step with the tables' growth (planner-statistics.server.ts).
import type { TallyDatabase } from "~/db/database.server";
import { runDueJobs, type JobDependencies } from "./job-runner.server";
import { keepPlannerStatistics } from "~/db/planner-statistics.server";
import { log } from "~/operations/logger.server";

const INTERVAL_MS = 60_000;
const FIRST_RUN_MS = 1_000;

declare global {
  var __tallyBackgroundJobs: NodeJS.Timeout | undefined;
}

/** `standAside`: while it says so, this timer's ticks do nothing (another thread runs the jobs). */
export function startBackgroundJobs(db: TallyDatabase, dependencies: JobDependencies, standAside: () => boolean = () => false): void {
  // Once per process: Vite's dev server re-evaluates modules on every edit.
  if (globalThis.__tallyBackgroundJobs) return;
  let running = false;
  const tick = async () => {
    if (running || standAside()) return;
    running = true;
    try {
      const run = await runDueJobs(db, new Date(), dependencies);
      // Counts only: what each job did, for an operator following the log (and which thread ran it).
      log().debug({ run }, "background jobs ran");
    } catch (error) {
      log().error({ err: error }, "a background job run failed; it runs again at the next tick");
    } finally {
      running = false;
    }
  };
  setTimeout(tick, FIRST_RUN_MS).unref();
  globalThis.__tallyBackgroundJobs = setInterval(tick, INTERVAL_MS).unref();
  keepPlannerStatistics(db, standAside);
}
