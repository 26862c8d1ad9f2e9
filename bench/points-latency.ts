// Delivery-to-points latency for `npm run bench:sustained`: when did each delivery's effect show on the balances?
// The mix's model says, customer by customer and in order, what each event changes; a reader polls the balances
// and, for each customer, finds the furthest expected state the balance now equals. Every event up to it has then
// shown, at that poll. Events that change no balance (a redelivery, a refund of an order not yet paid) are not timed.
import type { Effect } from "./sustained-mix";

interface CustomerTrack {
  /** Expected posted balance after each of the customer's effects, in the mix's order. */
  after: number[];
  events: number[];
  /** How many of them have shown so far. */
  shown: number;
  /** The balance row's last transfer at the previous reading: unchanged means nothing new has shown. */
  witness: string | null;
}

/** One customer's balance at a reading: posted points, and the transfer that last wrote the row. */
export interface BalanceReading {
  posted: number;
  witness: string | null;
}

export class PointsLatency {
  private readonly tracks = new Map<string, CustomerTrack>();
  private readonly waiting = new Set<string>();
  /** Per event: effects still to show, and when the last one showed. */
  private readonly pending = new Map<number, number>();
  readonly shownAt = new Map<number, number>();

  constructor(effects: readonly Effect[]) {
    for (const effect of effects) {
      let track = this.tracks.get(effect.customerId);
      if (!track) {
        track = { after: [], events: [], shown: 0, witness: null };
        this.tracks.set(effect.customerId, track);
      }
      track.after.push((track.after[track.after.length - 1] ?? 0) + effect.delta);
      track.events.push(effect.event);
      this.pending.set(effect.event, (this.pending.get(effect.event) ?? 0) + 1);
      this.waiting.add(effect.customerId);
    }
  }

  /** Takes one reading of the balances (absent = no points yet); returns the events that showed in it. */
  observe(balances: ReadonlyMap<string, BalanceReading>, at: number): number[] {
    const shown: number[] = [];
    for (const customerId of this.waiting) {
      const track = this.tracks.get(customerId);
      if (!track) continue;
      const reading = balances.get(customerId);
      // No new transfer on the row since the last reading: nothing more has shown, even if a later state has the
      // same balance (a refund taking back what an order gave).
      if (!reading || (reading.witness !== null && reading.witness === track.witness)) continue;
      track.witness = reading.witness;
      // The earliest state from here on that matches: an equal balance further on is reached by a later reading.
      const reached = track.after.indexOf(reading.posted, track.shown);
      if (reached < 0) continue;
      for (let i = track.shown; i <= reached; i++) {
        const event = track.events[i] as number;
        const left = (this.pending.get(event) ?? 1) - 1;
        this.pending.set(event, left);
        if (left === 0) {
          this.shownAt.set(event, at);
          shown.push(event);
        }
      }
      track.shown = reached + 1;
      if (track.shown === track.after.length) this.waiting.delete(customerId);
    }
    return shown;
  }

  /** Events whose effect has not shown (yet). */
  unseen(): number {
    let count = 0;
    for (const left of this.pending.values()) if (left > 0) count += 1;
    return count;
  }
}
