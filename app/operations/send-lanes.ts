// How a sender works a claimed batch: lane by lane, a lane being one far side (a shop's SMTP server, one outgoing
// webhook endpoint, one shop's Admin API). A batch is claimed oldest first across every shop, so when its items
// went in claim order, one far side that hangs (an SMTP server that never greets: 20 s a message) held back every
// other shop's items behind its own, and one that is down was tried again for each of its items
// (docs/decisions/071-senders-work-lane-by-lane.md).
//
// Items start in turn across the lanes, at most `atOnce` in flight in all and `perLane` in one lane: a merchant's
// SMTP server takes a connection per message and providers limit their rate, so emails go one at a time per shop.
// A lane whose far side is down starts nothing more: what it had not started comes back untried, for the sender to
// return to its queue as it was (or, past the time it would have been given up, to fail for good with the lane's
// failure) and to leave that lane out of its claims for the rest of the run. Once `mayStart` says no (the claim's
// lease is half gone: job-share.server.ts), no lane starts anything more, and what they had not started comes back
// too, for the sender to return to its queue as it was.

/** How one item went: it left the queue (sent or skipped), it failed alone, or its far side is down (and why). */
export type LaneResult = "went" | "failed" | { farSideDown: string };

export interface LaneLimits {
  /** Items in flight at once, across all lanes. */
  atOnce: number;
  /** Items of one lane in flight at once. */
  perLane: number;
}

export interface LanesRun<T> {
  /** Items that left the queue. */
  went: number;
  /** Lanes whose far side is down, with the items they did not start and the failure that stopped them. */
  stopped: { lane: string; untried: T[]; error: string }[];
  /** Items of lanes not down that had not started when `mayStart` said no. */
  unstarted: T[];
}

/** Groups `items` by lane, keeping their order within each lane. */
export function lanesOf<T>(items: readonly T[], laneOf: (item: T) => string): Map<string, T[]> {
  const lanes = new Map<string, T[]>();
  for (const item of items) {
    const lane = laneOf(item);
    const queue = lanes.get(lane);
    if (queue) queue.push(item);
    else lanes.set(lane, [item]);
  }
  return lanes;
}

interface Lane<T> {
  name: string;
  queue: T[];
  /** How many of `queue` have started. */
  started: number;
  inFlight: number;
  /** The far side's failure, once one came back. */
  down: string | null;
}

export function sendInLanes<T>(
  items: readonly T[],
  laneOf: (item: T) => string,
  send: (item: T) => Promise<LaneResult>,
  limits: LaneLimits,
  mayStart: () => boolean = () => true,
): Promise<LanesRun<T>> {
  const lanes: Lane<T>[] = [...lanesOf(items, laneOf)].map(([name, queue]) => ({ name, queue, started: 0, inFlight: 0, down: null }));
  let went = 0;
  let inFlight = 0;
  let turn = 0;
  return new Promise((resolve, reject) => {
    let failed = false;
    /** The next lane, in turn, that may start an item. */
    const nextLane = (): Lane<T> | null => {
      for (let i = 0; i < lanes.length; i++) {
        const lane = lanes[(turn + i) % lanes.length] as Lane<T>;
        if (lane.down === null && lane.started < lane.queue.length && lane.inFlight < limits.perLane) {
          turn = (turn + i + 1) % lanes.length;
          return lane;
        }
      }
      return null;
    };
    const fill = () => {
      if (failed) return;
      const open = () => inFlight < limits.atOnce && mayStart();
      for (let lane = open() ? nextLane() : null; lane; lane = open() ? nextLane() : null) start(lane);
      if (inFlight > 0) return;
      const stopped = lanes.flatMap((lane) => (lane.down === null ? [] : [{ lane: lane.name, untried: lane.queue.slice(lane.started), error: lane.down }]));
      const unstarted = lanes.flatMap((lane) => (lane.down === null ? lane.queue.slice(lane.started) : []));
      resolve({ went, stopped, unstarted });
    };
    const start = (lane: Lane<T>) => {
      const item = lane.queue[lane.started] as T;
      const first = lane.started === 0;
      lane.started += 1;
      lane.inFlight += 1;
      inFlight += 1;
      // Jobs share the settlement thread, where the intake's batches arrive as messages: on SQLite every statement
      // resolves at once, so without a turn of the loop between one lane's items a batch holds them back.
      const begun = first ? Promise.resolve() : new Promise((ready) => setImmediate(ready));
      begun
        .then(() => send(item))
        .then((result) => {
          lane.inFlight -= 1;
          inFlight -= 1;
          if (result === "went") went += 1;
          else if (typeof result === "object" && lane.down === null) lane.down = result.farSideDown;
          fill();
        })
        .catch((error: unknown) => {
          failed = true;
          reject(error);
        });
    };
    fill();
  });
}
