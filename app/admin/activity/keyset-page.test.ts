import { describe, expect, it } from "vitest";
import type { Cursor } from "./activity-filters";
import { keysetPage } from "./keyset-page";

const row = (n: number) => ({ id: `t${n}`, createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)) });
// Rows 9 (newest) down to 0.
const newestFirst = (from: number, to: number) => Array.from({ length: from - to + 1 }, (_, i) => row(from - i));

describe("keysetPage", () => {
  it("shows the first page with a way to older rows only", () => {
    const page = keysetPage(newestFirst(9, 6), 3, undefined);
    expect(page.rows.map((r) => r.id)).toEqual(["t9", "t8", "t7"]);
    expect(page.newer).toBeNull();
    expect(page.older).toEqual({ direction: "older", ...row(7) });
  });

  it("has no older page when the extra row is missing", () => {
    const page = keysetPage(newestFirst(2, 0), 3, { direction: "older", ...row(3) } as Cursor);
    expect(page.rows.map((r) => r.id)).toEqual(["t2", "t1", "t0"]);
    expect(page.older).toBeNull();
    expect(page.newer).toEqual({ direction: "newer", ...row(2) });
  });

  it("going newer drops the newest extra row and keeps a way back to older rows", () => {
    const page = keysetPage(newestFirst(9, 6), 3, { direction: "newer", ...row(5) } as Cursor);
    expect(page.rows.map((r) => r.id)).toEqual(["t8", "t7", "t6"]);
    expect(page.newer).toEqual({ direction: "newer", ...row(8) });
    expect(page.older).toEqual({ direction: "older", ...row(6) });
    const top = keysetPage(newestFirst(9, 7), 3, { direction: "newer", ...row(6) } as Cursor);
    expect(top.newer).toBeNull();
  });
});
