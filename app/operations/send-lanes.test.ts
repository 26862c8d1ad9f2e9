import { describe, expect, it } from "vitest";
import { lanesOf, sendInLanes, type LaneResult } from "./send-lanes";

interface Item {
  id: string;
  lane: string;
}

const item = (id: string, lane: string): Item => ({ id, lane });

describe("lanesOf", () => {
  it("groups items by lane in the order lanes first appear, keeping each lane's order", () => {
    const lanes = lanesOf([item("1", "a"), item("2", "b"), item("3", "a"), item("4", "c"), item("5", "b")], (each) => each.lane);
    expect([...lanes].map(([lane, items]) => [lane, items.map((each) => each.id)])).toEqual([
      ["a", ["1", "3"]],
      ["b", ["2", "5"]],
      ["c", ["4"]],
    ]);
  });
});

describe("sendInLanes", () => {
  it("sends a lane's items one after another, in order", async () => {
    const started: string[] = [];
    let inLaneA = 0;
    let mostInLaneA = 0;
    const run = await sendInLanes(
      [item("1", "a"), item("2", "a"), item("3", "a")],
      (each) => each.lane,
      async (each): Promise<LaneResult> => {
        started.push(each.id);
        inLaneA += 1;
        mostInLaneA = Math.max(mostInLaneA, inLaneA);
        await new Promise((resolve) => setImmediate(resolve));
        inLaneA -= 1;
        return "went";
      },
      { atOnce: 4, perLane: 1 },
    );
    expect(started).toEqual(["1", "2", "3"]);
    expect(mostInLaneA).toBe(1);
    expect(run).toEqual({ went: 3, stopped: [], unstarted: [] });
  });

  it("works other lanes while one waits on its far side", async () => {
    let release: () => void = () => undefined;
    const hanging = new Promise<void>((resolve) => (release = resolve));
    const sent: string[] = [];
    const running = sendInLanes(
      [item("1", "slow"), item("2", "slow"), item("3", "fast"), item("4", "fast")],
      (each) => each.lane,
      async (each): Promise<LaneResult> => {
        if (each.lane === "slow") await hanging;
        sent.push(each.id);
        return "went";
      },
      { atOnce: 2, perLane: 1 },
    );
    // The fast lane finishes while the slow one has not had its first answer.
    for (let turn = 0; turn < 10 && sent.length < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(sent).toEqual(["3", "4"]);
    release();
    expect((await running).went).toBe(4);
    expect(sent).toEqual(["3", "4", "1", "2"]);
  });

  /** The most items in flight at once, in all and in the lane "a", sending `items` under `limits`. */
  async function mostInFlight(items: Item[], limits: { atOnce: number; perLane: number }) {
    let all = 0;
    let inA = 0;
    const most = { all: 0, inA: 0 };
    const run = await sendInLanes(
      items,
      (each) => each.lane,
      async (each): Promise<LaneResult> => {
        all += 1;
        if (each.lane === "a") inA += 1;
        most.all = Math.max(most.all, all);
        most.inA = Math.max(most.inA, inA);
        for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
        all -= 1;
        if (each.lane === "a") inA -= 1;
        return "went";
      },
      limits,
    );
    return { ...most, went: run.went };
  }

  it("keeps no more items in flight than it is allowed, in all and in one lane", async () => {
    expect(await mostInFlight(["a", "b", "c", "d", "e"].map((lane) => item(lane, lane)), { atOnce: 2, perLane: 1 })).toEqual({ all: 2, inA: 1, went: 5 });
    const many = Array.from({ length: 6 }, (_, i) => item(String(i), "a"));
    expect(await mostInFlight(many, { atOnce: 8, perLane: 3 })).toEqual({ all: 3, inA: 3, went: 6 });
    // Lanes take turns: a second lane starts before the first has all its slots.
    expect(await mostInFlight([...many, item("b1", "b")], { atOnce: 2, perLane: 2 })).toEqual({ all: 2, inA: 2, went: 7 });
  });

  it("stops a lane at its far side's failure and hands back what it did not try; an item's own failure does not stop it", async () => {
    const tried: string[] = [];
    const run = await sendInLanes(
      [item("1", "down"), item("2", "up"), item("3", "down"), item("4", "up"), item("5", "down"), item("6", "up")],
      (each) => each.lane,
      async (each): Promise<LaneResult> => {
        tried.push(each.id);
        if (each.id === "1") return { farSideDown: "Could not connect" };
        if (each.id === "4") return "failed";
        return "went";
      },
      { atOnce: 2, perLane: 1 },
    );
    expect(tried.sort()).toEqual(["1", "2", "4", "6"]);
    expect(run.went).toBe(2);
    expect(run.stopped).toEqual([{ lane: "down", untried: [item("3", "down"), item("5", "down")], error: "Could not connect" }]);
  });

  it("lets a lane's items already in flight finish when its far side goes down, and starts none after", async () => {
    const tried: string[] = [];
    const run = await sendInLanes(
      ["1", "2", "3", "4"].map((id) => item(id, "a")),
      (each) => each.lane,
      async (each): Promise<LaneResult> => {
        tried.push(each.id);
        if (each.id === "1") return { farSideDown: "503" };
        await new Promise((resolve) => setImmediate(resolve));
        return "went";
      },
      { atOnce: 8, perLane: 2 },
    );
    expect(tried).toEqual(["1", "2"]);
    expect(run).toEqual({ went: 1, stopped: [{ lane: "a", untried: [item("3", "a"), item("4", "a")], error: "503" }], unstarted: [] });
  });

  it("starts nothing once it may not, lets what is in flight finish, and hands back every lane's unstarted items", async () => {
    const tried: string[] = [];
    let open = true;
    const run = await sendInLanes(
      [item("1", "a"), item("2", "b"), item("3", "a"), item("4", "b"), item("5", "down"), item("6", "down")],
      (each) => each.lane,
      async (each): Promise<LaneResult> => {
        tried.push(each.id);
        if (each.id === "5") return { farSideDown: "Could not connect" };
        // The lease runs out while the first items are in flight.
        await new Promise((resolve) => setImmediate(resolve));
        open = false;
        return "went";
      },
      { atOnce: 8, perLane: 1 },
      () => open,
    );
    expect(tried.sort()).toEqual(["1", "2", "5"]);
    expect(run).toEqual({
      went: 2,
      stopped: [{ lane: "down", untried: [item("6", "down")], error: "Could not connect" }],
      unstarted: [item("3", "a"), item("4", "b")],
    });
  });

  it("starts nothing when it may not from the first", async () => {
    const run = await sendInLanes([item("1", "a"), item("2", "b")], (each) => each.lane, async (): Promise<LaneResult> => "went", { atOnce: 8, perLane: 1 }, () => false);
    expect(run).toEqual({ went: 0, stopped: [], unstarted: [item("1", "a"), item("2", "b")] });
  });

  it("sends nothing for no items", async () => {
    expect(await sendInLanes([], () => "a", async (): Promise<LaneResult> => "went", { atOnce: 8, perLane: 1 })).toEqual({ went: 0, stopped: [], unstarted: [] });
  });

  it("fails when sending throws, as the caller's error", async () => {
    await expect(sendInLanes([item("1", "a")], (each) => each.lane, async (): Promise<LaneResult> => Promise.reject(new Error("database gone")), { atOnce: 1, perLane: 1 })).rejects.toThrow("database gone");
  });
});
