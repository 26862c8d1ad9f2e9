import { describe, expect, it } from "vitest";
import { CHECKPOINT_EVERY_MS, CHECKPOINT_NEAR_RESTART_MS, WAL_RESTART_PAGES, nextCheckpointMs } from "./wal-checkpoint-cadence";

describe("the checkpoint thread's cadence", () => {
  it("copies once a second while the WAL is far from starting over", () => {
    expect(nextCheckpointMs(0)).toBe(CHECKPOINT_EVERY_MS);
    expect(nextCheckpointMs(WAL_RESTART_PAGES * 0.8 - 1)).toBe(CHECKPOINT_EVERY_MS);
  });

  it("copies every 50 ms once the WAL nears the size at which the writer copies it and it starts over", () => {
    expect(CHECKPOINT_NEAR_RESTART_MS).toBeLessThan(CHECKPOINT_EVERY_MS);
    expect(nextCheckpointMs(WAL_RESTART_PAGES * 0.8)).toBe(CHECKPOINT_NEAR_RESTART_MS);
    expect(nextCheckpointMs(WAL_RESTART_PAGES)).toBe(CHECKPOINT_NEAR_RESTART_MS);
    expect(nextCheckpointMs(WAL_RESTART_PAGES * 2)).toBe(CHECKPOINT_NEAR_RESTART_MS);
  });

  it("goes back to once a second when the WAL has started over", () => {
    expect(nextCheckpointMs(1_200)).toBe(CHECKPOINT_EVERY_MS);
  });
});
