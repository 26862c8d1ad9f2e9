import { describe, expect, it } from "vitest";
import { afterWrites, metafieldWrites, nextAttemptAt, NOTHING_WRITTEN, packCalls, programMark, tierTag, tierTagChange } from "./customer-metafields";

describe("metafieldWrites", () => {
  it("writes every value the first time, and the referral code only once there is one", () => {
    expect(metafieldWrites({ points: 120, tier: "Gold", referralCode: "PAT-7K2Q" }, NOTHING_WRITTEN)).toEqual([
      { key: "points", type: "number_integer", value: "120" },
      { key: "tier", type: "single_line_text_field", value: "Gold" },
      { key: "referral_code", type: "single_line_text_field", value: "PAT-7K2Q" },
    ]);
    expect(metafieldWrites({ points: 0, tier: "Member", referralCode: null }, NOTHING_WRITTEN).map((write) => write.key)).toEqual(["points", "tier"]);
  });

  it("writes only what changed, and nothing when Shopify is in step", () => {
    const written = { points: 120, tier: "Gold", referralCode: "PAT-7K2Q" };
    expect(metafieldWrites({ ...written, points: 80 }, written)).toEqual([{ key: "points", type: "number_integer", value: "80" }]);
    expect(metafieldWrites(written, written)).toEqual([]);
  });

  it("keeps what was not written when recording what Shopify holds", () => {
    const written = { points: 120, tier: "Gold", referralCode: "PAT-7K2Q" };
    const current = { points: 80, tier: "Silver", referralCode: "PAT-7K2Q" };
    expect(afterWrites(written, current, [{ key: "points", type: "number_integer", value: "80" }])).toEqual({ ...written, points: 80 });
  });
});

describe("packCalls", () => {
  const member = (id: number, writes: number) => ({ id, writes: Array.from({ length: writes }, () => "w") });

  it("fills calls up to 25 metafields without splitting a member", () => {
    const calls = packCalls(Array.from({ length: 20 }, (_, i) => member(i, 3)));
    expect(calls.map((call) => call.reduce((sum, m) => sum + m.writes.length, 0))).toEqual([24, 24, 12]);
    expect(calls.flat().map((m) => m.id)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it("packs 25 one-metafield members into one call and leaves out members with nothing to write", () => {
    expect(packCalls([...Array.from({ length: 25 }, (_, i) => member(i, 1)), member(99, 0)])).toHaveLength(1);
    expect(packCalls([member(1, 0)])).toEqual([]);
  });
});

describe("tier tags", () => {
  const keys = ["member", "silver", "gold"];

  it("puts on the tier's tag and takes off every other tier's", () => {
    expect(tierTagChange("gold", keys, null)).toEqual({ add: tierTag("gold"), remove: ["tally-tier-member", "tally-tier-silver"] });
  });

  it("does nothing when the right tag was written, and removes a written tag whose tier is gone", () => {
    expect(tierTagChange("gold", keys, "tally-tier-gold")).toBeNull();
    expect(tierTagChange("gold", keys, "tally-tier-platinum")?.remove).toEqual(["tally-tier-member", "tally-tier-platinum", "tally-tier-silver"]);
  });
});

describe("nextAttemptAt", () => {
  const now = new Date("2026-12-04T12:00:00Z");
  it("waits a minute, then doubles, up to an hour, and never gives up", () => {
    const waits = [1, 2, 3, 7, 8, 50].map((attempts) => (nextAttemptAt(attempts, now).getTime() - now.getTime()) / 60_000);
    expect(waits).toEqual([1, 2, 4, 60, 60, 60]);
  });
});

describe("programMark", () => {
  it("changes with a tier's name and with the tags switch, not with anything else", () => {
    const tiers = [{ key: "gold", name: "Gold" }];
    expect(programMark(tiers, false)).toBe(programMark([{ key: "gold", name: "Gold" }], false));
    expect(programMark(tiers, false)).not.toBe(programMark([{ key: "gold", name: "VIP" }], false));
    expect(programMark(tiers, false)).not.toBe(programMark(tiers, true));
  });
});
