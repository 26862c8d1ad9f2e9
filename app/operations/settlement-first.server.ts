// The queue goes first on the thread that settles it. The background jobs run on the settlement thread
// (docs/decisions/053-background-jobs-beside-the-intake.md), and the minute's job run costs that thread about a
// second of work (the feed's turns and its consumers'); run in one go, nothing settled in that second and the
// queue jumped by as many deliveries as arrived. A job's turn therefore waits while settlement is running, a
// while at most, so that its work fills the gaps between settlement's batches
// (docs/decisions/057-the-job-run-goes-after-the-queue.md).

/** The longest a background turn waits for settlement: under a load that never lets up, the jobs still move, a turn a second. */
export const LONGEST_WAIT_MS = 1_000;

let settling = false;
const waiting = new Set<() => void>();

/** The delivery worker's drain started (or ended) on this thread. */
export function settlementRuns(runs: boolean): void {
  settling = runs;
  if (runs) return;
  for (const resume of [...waiting]) resume();
}

/** Before a background unit of work: resolves once this thread's settlement is not running, or after `longestMs`. */
export function afterSettlement(longestMs = LONGEST_WAIT_MS): Promise<void> {
  if (!settling) return Promise.resolve();
  return new Promise((resolve) => {
    const resume = () => {
      clearTimeout(timer);
      waiting.delete(resume);
      resolve();
    };
    const timer = setTimeout(resume, longestMs);
    waiting.add(resume);
  });
}
