// One "app instance" for the concurrency tests: a separate OS process with its own database handle. better-sqlite3
// is synchronous, so only separate processes really race for SQLite's write lock; for PostgreSQL they race for the
// member's row lock from separate connection pools.
//
// Run with cwd = the repo root: `tsx test/support/reserve-worker.ts '<job json>'`, DATABASE_URL in the environment
// (for PostgreSQL with the test's `?schema=`). It opens the database, prints "ready", waits
// for a "go" line on stdin, sends all its reservations at once and prints one JSON line of outcomes.
import { createInterface } from "node:readline";
import { openDatabase } from "~/db/database.server";
import { availablePoints } from "~/loyalty/ledger/balances";

export interface ReserveJob {
  shop: string;
  memberId: string;
  points: number;
  /** One reservation per key; a key may repeat, within a worker and across workers. */
  keys: string[];
}

export interface ReserveResult {
  key: string;
  ok: boolean;
  error?: string;
  transferId?: string;
  replayed?: boolean;
  /** The member's available balance the writer returned with a success. */
  available?: number;
}

function readJob(): ReserveJob {
  const raw = process.argv[2];
  if (!raw) throw new Error("reserve-worker: pass the job as JSON in the first argument");
  return JSON.parse(raw) as ReserveJob;
}

// Enough connections for the requests to overlap; five workers stay well inside PostgreSQL's default 100
// connections while other test files run beside them.
const POOL_SIZE = 4;

async function main() {
  const job = readJob();
  const db = openDatabase(process.env.DATABASE_URL ?? "", { poolSize: POOL_SIZE });
  try {
    // Open the connections before "ready", so after "go" the requests meet at the database, not at connect.
    await Promise.all(job.keys.map(() => db.prisma.balance.findUnique({ where: { memberId: job.memberId } })));

    const lines = createInterface({ input: process.stdin });
    const go = new Promise<void>((resolve, reject) => {
      lines.on("line", (line) => {
        if (line.trim() === "go") resolve();
      });
      lines.on("close", () => reject(new Error("reserve-worker: stdin closed before go")));
    });
    process.stdout.write("ready\n");
    await go;
    lines.close();

    const results = await Promise.all(
      job.keys.map(async (key): Promise<ReserveResult> => {
        const outcome = await db.ledger.reservePointsForReward({ shop: job.shop, memberId: job.memberId, points: job.points, idempotencyKey: key });
        return outcome.ok
          ? { key, ok: true, transferId: outcome.transfer.id, replayed: outcome.replayed, available: availablePoints(outcome.balances) }
          : { key, ok: false, error: outcome.error };
      }),
    );
    process.stdout.write(`${JSON.stringify(results)}\n`);
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
