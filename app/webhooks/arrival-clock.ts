// When a delivery arrived, twice: the order the worker takes it in, and when it is due.
//
// The order key is strictly increasing within the process: the worker takes deliveries oldest first, and two that
// arrive in the same millisecond keep their order instead of falling back to the order of their random ids. Above
// a thousand deliveries a second it runs ahead of the clock, a millisecond for every delivery beyond one a
// millisecond (at 1,200/s for a minute, up to twelve seconds), so it cannot also say when the delivery is due: the
// claim takes only deliveries due by now. When a burst ended, the worker's drain found nothing due, ended, and
// nothing settled until the job runner's next minute
// (docs/decisions/060-a-delivery-is-due-when-it-arrives.md).

export interface Arrival {
  /** The queue's order key (`received_at`): the clock's time, or a millisecond after the previous arrival's. */
  receivedAt: Date;
  /** When the worker may take it (`run_after`): the clock's time, never ahead of it. */
  dueAt: Date;
}

export function createArrivalClock(now: () => number = Date.now): () => Arrival {
  let last = 0;
  return () => {
    const at = now();
    last = Math.max(at, last + 1);
    return { receivedAt: new Date(last), dueAt: new Date(at) };
  };
}
